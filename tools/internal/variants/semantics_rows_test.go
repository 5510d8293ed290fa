package variants

import (
	"slices"
	"testing"
)

// The comparison's rows come in one order whatever order the differences
// were found in: a row's key sorts it.
func TestSemRowsOrder(t *testing.T) {
	want := []SemRow{
		{Ordinary: true, File: "mem_bsd.go", Func: "sysAlloc", Old: "returns nil", New: "throws"},
		{Ordinary: true, File: "mem_bsd.go", Func: "persistentalloc", Old: "returns nil", New: "throws"},
		{Ordinary: true, File: "mem_linux.go", Func: "sysFree", Old: "returns", New: "returns"},
		{File: "mem_bsd.go", Func: "sysMap", Old: "a", New: "b"},
		{File: "mem_bsd.go", Func: "newosproc0", Old: "a", New: "b"},
	}
	for _, perm := range [][]int{{0, 1, 2, 3, 4}, {4, 3, 2, 1, 0}, {1, 0, 4, 2, 3}} {
		var rows []SemRow
		for _, i := range perm {
			rows = append(rows, want[i])
		}
		sortSemRows(rows)
		if !slices.Equal(rows, want) {
			t.Errorf("from %v: %+v", perm, rows)
		}
	}
}
