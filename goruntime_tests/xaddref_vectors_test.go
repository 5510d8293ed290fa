//go:build !cgo
// +build !cgo

package runtime_test

import (
	"bufio"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

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
	reps := map[string]*xaddrefReport{"values": {check: "values"}, "layout": {check: "layout"}}
	ops := map[string]int{}
	seed, n := int64(0), -1
	header := false
	s := bufio.NewScanner(f)
	for s.Scan() {
		line := s.Text()
		if strings.HasPrefix(line, "# ") {
			// # xaddref vectors arch=A seed=S n=N
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
		f := strings.Fields(line)
		var v [4]uint64
		for i := range v {
			var err error
			if len(f) != 5 {
				t.Fatalf("%s: bad line %q", path, line)
			}
			if v[i], err = strconv.ParseUint(f[i+1], 16, 64); err != nil {
				t.Fatalf("%s: bad line %q: %v", path, line, err)
			}
		}
		kind, in, delta, ret, after := f[0], v[0], v[1], v[2], v[3]
		var gotRet, gotAfter uint64
		switch kind {
		case "values":
			x := uintptr(in)
			gotRet = uint64(runtime.Xadduintptr(&x, uintptr(delta)))
			gotAfter = uint64(x)
		case "layout":
			v := in
			gotRet = uint64(runtime.Xadduintptr((*uintptr)(unsafe.Pointer(&v)), uintptr(delta)))
			gotAfter = v
		default:
			t.Fatalf("%s: unknown kind %q", path, kind)
		}
		if gotRet != ret || gotAfter != after {
			reps[kind].add("%s %#x delta %#x: runtime ret %#x after %#x, model ret %#x after %#x", kind, in, delta, gotRet, gotAfter, ret, after)
		}
		ops[kind]++
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	if !header || n < 0 {
		t.Fatalf("%s: no header line naming the seed and the operations", path)
	}
	for _, kind := range []string{"values", "layout"} {
		rep := reps[kind]
		xaddrefResult(kind, ops[kind], rep.mismatches, seed)
		for _, m := range rep.first {
			t.Errorf("%s", m)
		}
		if rep.mismatches > 0 || ops[kind] == 0 {
			t.Errorf("%s: %d of %d operations differ from the model", kind, rep.mismatches, ops[kind])
		}
		if ops[kind] != n {
			t.Errorf("%s: %d operations, the header says %d: %s is cut short", kind, ops[kind], n, path)
		}
	}
}
