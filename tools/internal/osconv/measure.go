package osconv

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// A Measurement is what a test binary printed for one call the kernel
// must refuse (goruntime_tests/xaddref_conv_linux_test.go).
type Measurement struct {
	goarch string
	call   string // mmap(len=0), mincore(unmapped), sysAlloc(n=...,stat=...)
	errno  int    // the errno the kernel refuses it with
	got    string // what the wrapper returned, or how the child ended
}

var measureRE = regexp.MustCompile(`(?m)^XADDREF conv goarch=(\S+) call=(\S+) errno=(\d+) got=(.*)$`)

// A Run is what a test binary measured on one port, and how it ran.
type Run struct {
	GOOS, GOARCH string
	How          string // "linux/arm64 under qemu-aarch64"
	Measurements []Measurement
}

// ParseMeasurements reads a test binary's output.
func ParseMeasurements(out string) []Measurement {
	var ms []Measurement
	for _, m := range measureRE.FindAllStringSubmatch(out, -1) {
		n, _ := strconv.Atoi(m[3])
		ms = append(ms, Measurement{goarch: m[1], call: m[2], errno: n, got: strings.TrimSpace(m[4])})
	}
	return ms
}

// classify says what an address-sized result means for errno: the errno,
// its negation or all ones, on ptrBits-bit uintptrs.
func classify(got string, errno, ptrBits int) (string, error) {
	v, err := strconv.ParseUint(strings.TrimPrefix(got, "0x"), 16, 64)
	if err != nil {
		return "", fmt.Errorf("not an address: %q", got)
	}
	mask := ^uint64(0) >> (64 - uint(ptrBits))
	switch v {
	case uint64(errno):
		return Errno, nil
	case uint64(-errno) & mask:
		return NegErrno, nil
	case mask:
		return allOnes, nil
	}
	return "", fmt.Errorf("%s is none of errno %d, its negation, all ones", got, errno)
}

// The calls the conventions test makes, and the fact each measures.
const (
	callMmapLen0    = "mmap(len=0)"
	callMmapBadFD   = "mmap(fd=-1)"
	callMincore     = "mincore(unmapped)"
	callMunmap      = "munmap(unaligned)"
	callSysAllocPre = "sysAlloc("
)

// Measure folds the measurements of a port, run as run says (under which
// emulator), into the table: each measured failure fact replaces the
// derived one, which it keeps as Also. A measurement the derivation does
// not agree with, a missing one, or one that reads as nothing known, is
// an error: the table then holds the measurement and the errors say why
// it cannot be trusted alone.
func (t *Table) Measure(goos, goarch string, ptrBits int, run string, ms []Measurement) []error {
	p := t.Port(goos, goarch)
	if p == nil {
		return []error{fmt.Errorf("%s/%s is not a port of the tree", goos, goarch)}
	}
	var errs []error
	got := map[string]Measurement{}
	for _, m := range ms {
		if m.goarch != goarch {
			errs = append(errs, fmt.Errorf("a measurement for %s in %s/%s's run", m.goarch, goos, goarch))
			continue
		}
		got[m.call] = m
	}
	set := func(fact, value, where string) {
		f := Fact{Name: fact, Value: value, How: Measured, Where: run + ": " + where}
		if old := p.Fact(fact); old != nil {
			f.Also = old.How + ": " + old.Where
			if old.Value != value {
				errs = append(errs, fmt.Errorf("%s/%s %s: measured %s, derived %s (%s)", goos, goarch, fact, value, old.Value, old.Where))
			}
		}
		p.set(f)
	}
	// mmap: two errnos, one answer.
	var mmapVal, mmapWhere string
	for _, call := range []string{callMmapLen0, callMmapBadFD} {
		m, ok := got[call]
		if !ok {
			errs = append(errs, fmt.Errorf("%s/%s: no measurement of %s", goos, goarch, call))
			continue
		}
		v, err := classify(m.got, m.errno, ptrBits)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s/%s %s: %v", goos, goarch, call, err))
			continue
		}
		if mmapVal != "" && v != mmapVal {
			errs = append(errs, fmt.Errorf("%s/%s: mmap reports one errno as %s, another as %s", goos, goarch, mmapVal, v))
		}
		mmapVal = v
		mmapWhere += fmt.Sprintf("%s = %s for errno %d; ", call, m.got, m.errno)
	}
	if mmapVal != "" {
		set(MmapFailure, mmapVal, "the tree's "+strings.TrimSuffix(mmapWhere, "; "))
	}
	if m, ok := got[callMincore]; ok {
		n, err := strconv.ParseInt(m.got, 10, 32)
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("%s/%s %s: %q is not an int32", goos, goarch, callMincore, m.got))
		case n == int64(m.errno):
			set(MincoreFailure, Errno, fmt.Sprintf("the tree's %s = %d for errno %d", callMincore, n, m.errno))
		case n == -int64(m.errno):
			set(MincoreFailure, NegErrno, fmt.Sprintf("the tree's %s = %d for errno %d", callMincore, n, m.errno))
		default:
			errs = append(errs, fmt.Errorf("%s/%s %s: %d is neither errno %d nor its negation", goos, goarch, callMincore, n, m.errno))
		}
	} else if p.Fact(MincoreFailure) != nil {
		errs = append(errs, fmt.Errorf("%s/%s: no measurement of %s", goos, goarch, callMincore))
	}
	if m, ok := got[callMunmap]; ok {
		v := crash
		if strings.HasPrefix(m.got, "returned") {
			v = ignored
		}
		set(MunmapFailure, v, fmt.Sprintf("the tree's %s for errno %d, in a child: %s", callMunmap, m.errno, m.got))
	} else {
		errs = append(errs, fmt.Errorf("%s/%s: no measurement of %s", goos, goarch, callMunmap))
	}
	return errs
}

// SysAllocMeasurement is the measured sysAlloc of more than the address
// space holds: n, the stat before, what sysAlloc returned and the stat
// after.
type SysAllocMeasurement struct {
	N, Stat, Ret, StatAfter uint64
	Errno                   int
}

var sysAllocRE = regexp.MustCompile(`^sysAlloc\(n=(0x[0-9a-f]+),stat=(0x[0-9a-f]+)\)$`)
var sysAllocGotRE = regexp.MustCompile(`^ret=(0x[0-9a-f]+),stat=(0x[0-9a-f]+)$`)

// SysAlloc finds the sysAlloc measurement among ms.
func SysAlloc(ms []Measurement) (*SysAllocMeasurement, error) {
	for _, m := range ms {
		if !strings.HasPrefix(m.call, callSysAllocPre) {
			continue
		}
		c, g := sysAllocRE.FindStringSubmatch(m.call), sysAllocGotRE.FindStringSubmatch(m.got)
		if c == nil || g == nil {
			return nil, fmt.Errorf("malformed measurement %s = %s", m.call, m.got)
		}
		var s SysAllocMeasurement
		s.Errno = m.errno
		for i, p := range []*uint64{&s.N, &s.Stat, &s.Ret, &s.StatAfter} {
			src := c[1:]
			if i >= 2 {
				src = g[1:]
			}
			*p, _ = strconv.ParseUint(strings.TrimPrefix(src[i%2], "0x"), 16, 64)
		}
		return &s, nil
	}
	return nil, fmt.Errorf("no measurement of sysAlloc")
}
