package variants

import (
	"slices"
	"testing"
)

// The comparison's rows come in one order whatever order the differences
// were found in: a row's key sorts it.
func TestSemRowsOrder(t *testing.T) {
	want := []semRow{
		{ordinary: true, file: "mem_bsd.go", fn: "sysAlloc", old: "returns nil", new: "throws"},
		{ordinary: true, file: "mem_bsd.go", fn: "persistentalloc", old: "returns nil", new: "throws"},
		{ordinary: true, file: "mem_linux.go", fn: "sysFree", old: "returns", new: "returns"},
		{file: "mem_bsd.go", fn: "sysMap", old: "a", new: "b"},
		{file: "mem_bsd.go", fn: "newosproc0", old: "a", new: "b"},
	}
	for _, perm := range [][]int{{0, 1, 2, 3, 4}, {4, 3, 2, 1, 0}, {1, 0, 4, 2, 3}} {
		var rows []semRow
		for _, i := range perm {
			rows = append(rows, want[i])
		}
		sortSemRows(rows)
		if !slices.Equal(rows, want) {
			t.Errorf("from %v: %+v", perm, rows)
		}
	}
}
