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
// from the vectors: "stat <inc> <cell> <n> <after> <exit> <stderr>".
func init() {
	xaddrefVectorChecks["stat"] = func(t *testing.T, lines [][]string, seed int64) {
		rep := &xaddrefReport{check: "stat"}
		var cases []xaddrefStatCase
		for _, f := range lines {
			if len(f) != 7 {
				t.Fatalf("bad vector line %q", strings.Join(f, " "))
			}
			v := xaddrefHex(t, f[2:5])
			c := xaddrefStatCase{inc: f[1] == "1", cell: v[0], n: v[1], after: v[2]}
			var err error
			if c.exit, err = strconv.Atoi(f[5]); err != nil {
				t.Fatalf("bad vector line %q: %v", strings.Join(f, " "), err)
			}
			if f[6] != "-" {
				b, err := hex.DecodeString(f[6])
				if err != nil {
					t.Fatalf("bad vector line %q: %v", strings.Join(f, " "), err)
				}
				c.stderr = string(b)
			}
			cases = append(cases, c)
		}
		ops := xaddrefStatCompare(t, cases, rep)
		rep.finish(t, ops, seed)
	}
}
