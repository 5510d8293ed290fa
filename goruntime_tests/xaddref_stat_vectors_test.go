//go:build !cgo
// +build !cgo

package runtime_test

import (
	"encoding/hex"
	"strconv"
	"strings"
	"testing"
)

// Without cgo, the stat check reads its cases and the model's expectations
// from the vectors (cref/vectors.c): "stat <op> <cell> <n> <after> <exit>
// <stderr> <traceback>", the last two hex ("-" for none).
func init() {
	xaddrefVectorChecks["stat"] = func(t *testing.T, lines [][]string, seed int64) {
		rep := &xaddrefReport{check: "stat"}
		var cases []xaddrefStatCase
		for _, f := range lines {
			if len(f) != 8 {
				t.Fatalf("bad vector line %q", strings.Join(f, " "))
			}
			v := xaddrefHex(t, f[2:5])
			c := xaddrefStatCase{op: f[1], cell: v[0], n: v[1], after: v[2]}
			var err error
			if c.exit, err = strconv.Atoi(f[5]); err != nil {
				t.Fatalf("bad vector line %q: %v", strings.Join(f, " "), err)
			}
			c.stderr = xaddrefVectorBytes(t, f, 6)
			c.traceback = xaddrefVectorBytes(t, f, 7)
			cases = append(cases, c)
		}
		ops := xaddrefStatCompare(t, cases, rep)
		rep.finish(t, ops, seed)
	}
}

// xaddrefVectorBytes decodes field i of a vector line: hex bytes, "-" for none.
func xaddrefVectorBytes(t *testing.T, f []string, i int) string {
	if f[i] == "-" {
		return ""
	}
	b, err := hex.DecodeString(f[i])
	if err != nil {
		t.Fatalf("bad vector line %q: %v", strings.Join(f, " "), err)
	}
	return string(b)
}
