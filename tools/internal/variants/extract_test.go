package variants

import (
	"strings"
	"testing"

	"xaddref/tools/internal/era"
	"xaddref/tools/internal/osconv"
)

// What the host takes from a tree follows go/types: a local that shadows a
// runtime name is no reference to it, and a constant of iota, an implicit
// repetition included, has its value on the port.
func TestExtractFollowsGoTypes(t *testing.T) {
	dir := go119Tree(t)
	edit(t, dir, "mem_linux.go", "\tmunmap(v, n)\n", "\tgetg := n\n\tmunmap(v, getg)\n")
	edit(t, dir, "mem_windows.go", "\t_MEM_COMMIT   = 0x1000\n\t_MEM_RESERVE  = 0x2000\n\t_MEM_DECOMMIT = 0x4000\n\t_MEM_RELEASE  = 0x8000\n",
		"\t_MEM_COMMIT = 0x1000 << iota\n\t_MEM_RESERVE\n\t_MEM_DECOMMIT\n\t_MEM_RELEASE\n")
	prof, _ := ProfileNamed("go1.19")
	table, err := osconv.DerivePorts(dir, prof.Name, []era.Port{{GOOS: "linux", GOARCH: "amd64"}, {GOOS: "windows", GOARCH: "386"}})
	if err != nil {
		t.Fatal(err)
	}
	ex, err := Extract(dir, prof, table)
	if err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string][]string{
		"p8/linux_amd64_extracted.go": {"getg := n", "munmap(v, getg)"},
		"p4/windows_386_extracted.go": {"const windows_386__MEM_COMMIT = 4096", "const windows_386__MEM_RESERVE = 8192",
			"const windows_386__MEM_RELEASE = 32768"},
	} {
		for _, w := range want {
			if !strings.Contains(ex.files[file], w) {
				t.Errorf("%s has no %q:\n%s", file, w, ex.files[file])
			}
		}
	}
}
