//go:build !cgo
// +build !cgo

package runtime_test

import (
	"bufio"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unsafe"
)

// xaddrefVectorChecks are the checks a profile's other files add to the
// vectors' (the stat check, where the tree has mSysStatInc): each gets its
// lines, by kind, and the seed; the kinds it reads are its keys.
var xaddrefVectorChecks = map[string]func(t *testing.T, lines [][]string, seed int64){}

// Without cgo the model cannot be called; the kit gives the expectations
// it computed ahead of time (cref's vectors) in the file $XADDREF_VECTORS.
func TestXaddrefVectors(t *testing.T) {
	path := os.Getenv("XADDREF_VECTORS")
	if path == "" {
		t.Skip("XADDREF_VECTORS is not set: no expectations to compare with")
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	byKind := map[string][][]string{}
	var kinds []string
	seed, n := int64(0), -1
	header := false
	// (A bufio.Reader, not a Scanner: a concurrent line is longer than a
	// Scanner's token, and Scanner.Buffer is newer than the 2015 tree.)
	br := bufio.NewReaderSize(f, 1<<16)
	for {
		line, err := br.ReadString('\n')
		if err != nil && err != io.EOF {
			t.Fatal(err)
		}
		if line == "" && err == io.EOF {
			break
		}
		line = strings.TrimSuffix(line, "\n")
		if strings.HasPrefix(line, "# ") {
			// # xaddref vectors arch=A seed=S n=N checks=C
			for _, kv := range strings.Fields(line)[1:] {
				var err error
				switch {
				case strings.HasPrefix(kv, "arch="):
					if kv != "arch="+runtime.GOARCH {
						t.Fatalf("%s: expectations for %s, the runtime is %s", path, kv, runtime.GOARCH)
					}
				case strings.HasPrefix(kv, "seed="):
					seed, err = strconv.ParseInt(kv[len("seed="):], 10, 64)
				case strings.HasPrefix(kv, "n="):
					n, err = strconv.Atoi(kv[len("n="):])
				}
				if err != nil {
					t.Fatalf("%s: bad header %q: %v", path, line, err)
				}
			}
			header = true
			continue
		}
		fs := strings.Fields(line)
		if len(fs) == 0 {
			continue
		}
		if _, ok := byKind[fs[0]]; !ok {
			kinds = append(kinds, fs[0])
		}
		byKind[fs[0]] = append(byKind[fs[0]], fs)
	}
	if !header || n < 0 {
		t.Fatalf("%s: no header line naming the seed and the operations", path)
	}
	for _, kind := range kinds {
		lines := byKind[kind]
		switch kind {
		case "values", "layout":
			xaddrefVectorAdds(t, kind, lines, seed)
			if len(lines) != n {
				t.Errorf("%s: %d operations, the header says %d: %s is cut short", kind, len(lines), n, path)
			}
		case "cdeltas":
			xaddrefVectorConcurrent(t, lines, byKind["ctotal"], seed)
		case "ctotal":
		default:
			check, ok := xaddrefVectorChecks[kind]
			if !ok {
				t.Fatalf("%s: lines of kind %q, which no check of this tree reads", path, kind)
			}
			check(t, lines, seed)
		}
	}
}

// xaddrefHex parses a vector file's hex fields.
func xaddrefHex(t *testing.T, f []string) []uint64 {
	v := make([]uint64, len(f))
	for i, s := range f {
		var err error
		if v[i], err = strconv.ParseUint(s, 16, 64); err != nil {
			t.Fatalf("bad vector line %q: %v", strings.Join(f, " "), err)
		}
	}
	return v
}

// xaddrefVectorAdds: Xadduintptr on a uintptr (values) or on a uint64's
// address (layout), each line's start, delta and the model's results.
func xaddrefVectorAdds(t *testing.T, kind string, lines [][]string, seed int64) {
	rep := &xaddrefReport{check: kind}
	for _, f := range lines {
		if len(f) != 5 {
			t.Fatalf("bad vector line %q", strings.Join(f, " "))
		}
		v := xaddrefHex(t, f[1:])
		in, delta, ret, after := v[0], v[1], v[2], v[3]
		var gotRet, gotAfter uint64
		if kind == "values" {
			x := uintptr(in)
			gotRet = uint64(runtime.Xadduintptr(&x, uintptr(delta)))
			gotAfter = uint64(x)
		} else {
			c := in
			gotRet = uint64(runtime.Xadduintptr((*uintptr)(unsafe.Pointer(&c)), uintptr(delta)))
			gotAfter = c
		}
		if gotRet != ret || gotAfter != after {
			rep.add("%s %#x delta %#x: runtime ret %#x after %#x, model ret %#x after %#x", kind, in, delta, gotRet, gotAfter, ret, after)
		}
	}
	if len(lines) == 0 {
		t.Errorf("%s: no operations", kind)
	}
	rep.finish(t, len(lines), seed)
}

// xaddrefVectorConcurrent: per round, the goroutines add their deltas
// with the runtime's Xadduintptr on one cell, all at once, and the cell
// must end at the model's sum (ctotal).
func xaddrefVectorConcurrent(t *testing.T, deltas, totals [][]string, seed int64) {
	rep := &xaddrefReport{check: "concurrent"}
	rounds := map[string][][]uintptr{}
	var order []string
	ops := 0
	for _, f := range deltas {
		if len(f) != 4 {
			t.Fatalf("bad vector line %q", strings.Join(f, " "))
		}
		if _, ok := rounds[f[1]]; !ok {
			order = append(order, f[1])
		}
		var ds []uintptr
		for _, d := range xaddrefHex(t, strings.Split(f[3], ",")) {
			ds = append(ds, uintptr(d))
		}
		rounds[f[1]] = append(rounds[f[1]], ds)
		ops += len(ds)
	}
	want := map[string]uint64{}
	for _, f := range totals {
		if len(f) != 3 {
			t.Fatalf("bad vector line %q", strings.Join(f, " "))
		}
		want[f[1]] = xaddrefHex(t, f[2:])[0]
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(20))
	for _, r := range order {
		w, ok := want[r]
		if !ok {
			t.Fatalf("round %s has no total", r)
		}
		var total uintptr
		start := make(chan struct{})
		var wg sync.WaitGroup
		for _, ds := range rounds[r] {
			wg.Add(1)
			go func(ds []uintptr) {
				defer wg.Done()
				<-start
				for _, d := range ds {
					runtime.Xadduintptr(&total, d)
				}
			}(ds)
		}
		close(start)
		wg.Wait()
		if uint64(total) != w {
			rep.add("round %s: runtime total %#x, model %#x", r, uint64(total), w)
		}
	}
	if ops == 0 {
		t.Errorf("concurrent: no operations")
	}
	rep.finish(t, ops, seed)
}
