package callers

import (
	"os"
	"path/filepath"
	"testing"

	"xaddref/tools/internal/era"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/kittest"
)

// go119Runtime is a tree of Debian's Go 1.19 runtime and its dist's list
// of ports, copied, with the rest of src/ (the packages it imports) linked.
func go119Runtime(t *testing.T) string {
	t.Helper()
	src := filepath.Join(kit.Go119Root, "src")
	if _, err := os.Stat(filepath.Join(src, "runtime", "mem.go")); err != nil {
		t.Skipf("Debian's Go 1.19 source is missing (%v): install golang-1.19-src", err)
	}
	dir := t.TempDir()
	kittest.CopyTree(t, filepath.Join(src, "runtime"), filepath.Join(dir, "src", "runtime"))
	kittest.CopyTree(t, filepath.Join(src, "cmd", "dist", "build.go"), filepath.Join(dir, "src", "cmd", "dist", "build.go"))
	if err := os.Symlink(filepath.Join(src, "internal"), filepath.Join(dir, "src", "internal")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Go 1.19's own runtime: every discharge is of a global; a zero local
// planted in traceAlloc.drop throws "sysMemStat overflow" with the
// model's bytes.
func TestGo119(t *testing.T) {
	dir := go119Runtime(t)
	m := testModel(t)
	res, err := Analyze(dir, era.Go119, targetsOf(t, "linux/amd64"), Options{Model: m})
	if err != nil {
		t.Fatal(err)
	}
	pr := res.Ports[0]
	if pr.Err != "" || len(pr.Violations)+len(pr.Findings)+len(pr.Wraps) != 0 || len(pr.Sites) < 40 {
		t.Fatalf("error %q, %d sites, violations %v, findings %v", pr.Err, len(pr.Sites), pr.Violations, pr.Findings)
	}
	edit(t, dir, "trace.go", "\t\tsysFree(unsafe.Pointer(block), unsafe.Sizeof(traceAllocBlock{}), &memstats.other_sys)\n",
		"\t\tvar fake sysMemStat\n\t\tsysFree(unsafe.Pointer(block), unsafe.Sizeof(traceAllocBlock{}), &fake)\n")
	res, err = Analyze(dir, era.Go119, targetsOf(t, "linux/amd64", "linux/386"), Options{Model: m})
	if err != nil {
		t.Fatal(err)
	}
	for _, pr := range res.Ports {
		if pr.Err != "" || len(pr.Findings) != 1 {
			t.Fatalf("%s: error %q, findings %v", pr.Port, pr.Err, pr.Findings)
		}
		f := pr.Findings[0]
		// Go 1.19 adds 64 bits everywhere and prints it unsigned.
		want := "runtime: val=18446744073709486080 n=-65536\n"
		if f.Function != "traceAlloc.drop" || f.Message != want || !f.Static ||
			f.Chain != "traceAlloc.drop -> sysFree" {
			t.Errorf("%s: %+v", pr.Port, *f)
		}
	}
}
