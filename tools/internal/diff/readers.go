package diff

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"xaddref/tools/internal/callers"
	"xaddref/tools/internal/era"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/report"
	"xaddref/tools/internal/series"
	"xaddref/tools/internal/tree"
)

// The readers check (era.ReadersCheck): the test binary calls the
// runtime's own newosproc0 and reads MemStats before and after as a user
// program does (goruntime_tests/xaddref_readers_linux_test.go); the kit
// predicts what it reads from the tree (callers.Predict: the readers
// analysis, and the C model's run of newosproc0) and compares. The row is
// a finding where the runtime shows the gap the prediction says a broken
// sum leaves, a pass where the sum holds on both sides, a failure where
// they disagree.

const readersRow = "diff " + era.ReadersCheck

// qemuThreadFlags are the flags qemu-user requires of a clone that shares
// the address space: qemu 7.2, linux-user/syscall.c, do_fork(), "#define
// CLONE_THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
// CLONE_THREAD | CLONE_SYSVSEM)", and a clone lacking one returns
// -TARGET_EINVAL (qemu-aarch64 -strace: "clone(...) = -1 errno=22"); the
// runtime's newosproc0 then writes "runtime: failed to create new OS
// thread" and exits the test binary.
var qemuThreadFlags = []string{"_CLONE_VM", "_CLONE_FS", "_CLONE_FILES", "_CLONE_SIGHAND", "_CLONE_THREAD", "_CLONE_SYSVSEM"}

// readersPlan is the readers check of one architecture: the prediction,
// the stack the test is asked to start newosproc0's thread with, or why
// it is not asked.
type readersPlan struct {
	pred  *callers.Prediction
	stack uint64
	skip  string
}

// predictReaders predicts the readers check on each architecture, from
// the scratch copy as built (the tree before the commit beside it, where
// the kit applies the series).
func (pr *Prepared) predictReaders(o Options, arches []era.Arch) map[string]readersPlan {
	var ports []era.Port
	for _, a := range arches {
		ports = append(ports, era.Port{GOOS: "linux", GOARCH: a.GOARCH})
	}
	done := kit.Step("diff: predicting the readers check (callers' readers analysis, the C model's newosproc0)")
	preds, err := callers.Predict(pr.Dir, pr.Era, ports, callers.Options{Before: BeforeTree(o.Tree, o.NoApply), Model: o.Model})
	done()
	plans := map[string]readersPlan{}
	for i, a := range arches {
		p := &callers.Prediction{Port: ports[i]}
		if err != nil {
			p.Err = err.Error()
		} else {
			p = preds[i]
		}
		plans[a.GOARCH] = planReaders(a, p)
	}
	return plans
}

// planReaders asks for newosproc0 where its thread can start: natively,
// or under a qemu-user that accepts its clone's flags.
func planReaders(a era.Arch, p *callers.Prediction) readersPlan {
	rp := readersPlan{pred: p, stack: callers.ReaderStack}
	emu := a.Emulator()
	switch {
	case emu == "":
	case p.Clone.At == "":
		rp.stack, rp.skip = 0, fmt.Sprintf("under %s, and the kit found no constant flags in newosproc0's clone "+
			"to tell whether qemu-user starts its thread", emu)
	default:
		var lacks []string
		for _, f := range qemuThreadFlags {
			if !contains(p.Clone.Names, f) {
				lacks = append(lacks, f)
			}
		}
		if len(lacks) > 0 {
			rp.stack, rp.skip = 0, fmt.Sprintf("newosproc0 clones with %s (%s), without %s, and %s refuses a thread "+
				"clone without it (linux-user/syscall.c, do_fork: EINVAL, errno 22), so its thread cannot start here",
				strings.Join(p.Clone.Names, "|"), p.Clone.At, strings.Join(lacks, ", "), emu)
		}
	}
	return rp
}

// args are the test binary's flags for the check.
func (rp readersPlan) args() []string {
	return []string{"-xaddref.newosproc0", strconv.FormatUint(rp.stack, 10)}
}

var readersRE = regexp.MustCompile(`(?m)^XADDREF readers goarch=(\S+) (.*)$`)

// readersMeasure is one readers line of the test binary.
type readersMeasure struct {
	goarch   string
	asked    bool
	stack    uint64
	started  bool
	parts    []string
	sys, gap [2]int64 // before and after
}

func parseReaders(m []string) (readersMeasure, error) {
	ms := readersMeasure{goarch: m[1]}
	if m[2] == "not asked" {
		return ms, nil
	}
	ms.asked = true
	f := map[string]string{}
	for _, kv := range strings.Fields(m[2]) {
		k, v, _ := strings.Cut(kv, "=")
		f[k] = v
	}
	var err error
	ms.stack, err = strconv.ParseUint(f["stack"], 10, 64)
	ms.started, ms.parts = f["thread"] == "started", strings.Split(f["parts"], ",")
	for name, pair := range map[string]*[2]int64{"sys": &ms.sys, "gap": &ms.gap} {
		before, after, _ := strings.Cut(f[name], ",")
		b, err1 := strconv.ParseInt(before, 10, 64)
		a, err2 := strconv.ParseInt(after, 10, 64)
		if err1 != nil || err2 != nil {
			err = fmt.Errorf("%s=%q is not two integers", name, f[name])
		}
		*pair = [2]int64{b, a}
	}
	if err != nil {
		return ms, fmt.Errorf("malformed readers line %q: %v", m[0], err)
	}
	return ms, nil
}

// row is the check's row from a readers line of the test binary.
func (rp readersPlan) row(m []string, goarch string, row rowFunc) (report.Row, bool) {
	ms, err := parseReaders(m)
	switch {
	case err != nil:
		return row(readersRow, report.Fail, "", err.Error(), 0), false
	case ms.goarch != goarch:
		return row(readersRow, report.Fail, "", fmt.Sprintf("mislabelled: the line says goarch=%s, the binary was built for %s",
			ms.goarch, goarch), 0), false
	case rp.pred == nil:
		return row(readersRow, report.Fail, "", "the kit made no prediction for this architecture", 0), false
	}
	return rp.judge(ms, row)
}

// rowFunc makes an architecture's row.
type rowFunc func(check, status, figures, detail string, secs float64) report.Row

// judge compares what the test binary read with the prediction; mismatch
// says the runtime and the prediction disagree on the gap.
func (rp readersPlan) judge(ms readersMeasure, row rowFunc) (r report.Row, mismatch bool) {
	p := rp.pred
	fail := func(format string, args ...interface{}) report.Row {
		return row(readersRow, report.Fail, "", fmt.Sprintf(format, args...), 0)
	}
	switch {
	case rp.skip != "" && !ms.asked:
		return row(readersRow, report.Skip, "", rp.skip, 0), false
	case rp.skip != "":
		return fail("the test ran newosproc0, which the kit did not ask of it (%s)", rp.skip), false
	case !ms.asked:
		return fail("the test did not run newosproc0, though the kit asked it to (-xaddref.newosproc0 %d)", rp.stack), false
	case ms.stack != rp.stack:
		return fail("the test ran newosproc0 with a stack of %#x; the kit asked for %#x", ms.stack, rp.stack), false
	case !ms.started:
		return fail("newosproc0's thread did not start in 5s"), false
	case !equal(ms.parts, p.Parts) && p.Err == "":
		return fail("the test sums %s; the analysis' claim names %s (%s)", strings.Join(ms.parts, "+"),
			strings.Join(p.Parts, "+"), p.Assumption), false
	}
	moved := ms.gap[1] - ms.gap[0]
	figures := fmt.Sprintf("gap %d -> %d, predicted %+d", ms.gap[0], ms.gap[1], p.Gap)
	measured := fmt.Sprintf("Sys minus the sum of its parts %d -> %d after newosproc0(%#x) (Sys %d -> %d)",
		ms.gap[0], ms.gap[1], rp.stack, ms.sys[0], ms.sys[1])
	var status, detail string
	switch {
	case p.Err != "":
		status, detail = report.Fail, fmt.Sprintf("the runtime: %s; the prediction cannot be trusted: %s", measured, p.Err)
		mismatch = moved != p.Gap
	case moved != p.Gap:
		status, mismatch = report.Fail, true
		detail = fmt.Sprintf("the runtime: %s, a change of %+d; the readers analysis and the C model predict %+d "+
			"(%s: %s: %s)", measured, moved, p.Gap, p.Reader, p.Verdict, p.Why)
	case p.Holds() && (ms.gap[0] != 0 || ms.gap[1] != 0):
		status, mismatch = report.Fail, true
		detail = fmt.Sprintf("the readers analysis finds the claim holds (%s: %s), yet the runtime: %s", p.Reader, p.Why, measured)
	case p.Gap != 0:
		status = report.Finding
		detail = fmt.Sprintf("%s assumes %s; the readers analysis finds it %s (%s), and the C model's newosproc0(%#x) "+
			"adds %+d to Sys minus the parts through %s; the runtime agrees: %s", p.Reader, p.Assumption, p.Verdict,
			p.Why, rp.stack, p.Gap, strings.Join(p.Cells, ", "), measured)
	default:
		status = report.Pass
		detail = fmt.Sprintf("%s: %s (%s: %s); the runtime agrees: %s", p.Reader, p.Assumption, p.Verdict,
			noCharge(p), measured)
	}
	return row(readersRow, status, figures, detail, 0), mismatch
}

// noCharge says why the prediction is no change.
func noCharge(p *callers.Prediction) string {
	if p.Holds() {
		return p.Why
	}
	return p.Why + "; newosproc0 charges nothing the sum leaves out"
}

func equal(a, b []string) bool {
	return strings.Join(a, "\x00") == strings.Join(b, "\x00")
}

// BeforeTree is the tree before the commit, for the readers analysis'
// side by side: the tree as given, when it is a 2015 tree without the
// series and the kit applies the series to a scratch copy of it; ""
// otherwise.
func BeforeTree(info *tree.Info, noApply bool) string {
	if info.Era != era.Go2015 || noApply {
		return ""
	}
	s, err := series.Load(kit.Root(), era.Go2015.Series)
	if err != nil {
		return ""
	}
	if st, err := s.State(info.Dir); err == nil && st.Status == series.NotApplied {
		return info.Dir
	}
	return ""
}
