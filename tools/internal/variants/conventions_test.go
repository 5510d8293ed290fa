package variants

import (
	"strings"
	"testing"

	"xaddref/tools/internal/osconv"
	"xaddref/tools/internal/report"
)

// What the 2015 tree's conventions test printed on linux/amd64 and, under
// qemu-aarch64, on linux/arm64 (goruntime_tests/xaddref_conv_linux_test.go).
const (
	measuredAMD64 = `XADDREF conv goarch=amd64 call=mmap(len=0) errno=22 got=0x16
XADDREF conv goarch=amd64 call=mmap(fd=-1) errno=9 got=0x9
XADDREF conv goarch=amd64 call=mincore(unmapped) errno=12 got=-12
XADDREF conv goarch=amd64 call=munmap(unaligned) errno=22 got=exit2:"fatal error: unexpected signal during runtime execution"
XADDREF conv goarch=amd64 call=sysAlloc(n=0x4000000000000000,stat=0x1000) errno=12 got=ret=0x0,stat=0x1000
`
	measuredARM64 = `XADDREF conv goarch=arm64 call=mmap(len=0) errno=22 got=0xffffffffffffffea
XADDREF conv goarch=arm64 call=mmap(fd=-1) errno=9 got=0xfffffffffffffff7
XADDREF conv goarch=arm64 call=mincore(unmapped) errno=12 got=-12
XADDREF conv goarch=arm64 call=munmap(unaligned) errno=22 got=exit2:"panic: runtime error: invalid memory address or nil pointer dereference [recovered]"
XADDREF conv goarch=arm64 call=sysAlloc(n=0x4000000000000000,stat=0x1000) errno=12 got=ret=0xfffffffffffffff4,stat=0x4000000000001000
`
)

func runOf(goarch, out string) osconv.Run {
	return osconv.Run{GOOS: "linux", GOARCH: goarch, How: "linux/" + goarch + " in the test", Measurements: osconv.ParseMeasurements(out)}
}

// The conventions of the 2015 tree: linux/arm64's mmap makes sysAlloc take
// a refused mmap for an address, which the measured sysAlloc confirms;
// nacl/386 and solaris do the same, derived; linux/ppc64x's mincore keeps
// mmap_fixed from ever retrying; linux/amd64 is as the code expects.
func TestConventions(t *testing.T) {
	dir := histTree(t)
	table, rows := Conventions(dir, "6ad33be", []osconv.Run{runOf("amd64", measuredAMD64), runOf("arm64", measuredARM64)},
		Options{model: testModel(t)})
	if table == nil {
		t.Fatalf("no table: %v", rows)
	}
	byPort := map[string]report.Row{}
	for _, r := range rows {
		byPort[r.GOOS+"/"+r.GOARCH] = r
	}
	for _, w := range []struct {
		port, status string
		in           []string
	}{
		{"linux/amd64", report.Pass, []string{"mmap failure errno (measured)"}},
		{"linux/arm64", report.Finding, []string{"mmap failure -errno (measured)",
			"sysAlloc with mmap e12: returns the memory; stat +n, where the code expects: returns nil; stats unchanged",
			"sysAlloc with mmap e13: returns the memory; stat +n, where the code expects: exit(2)",
			"sysMap (reserved) with mmap e12: throw(\"runtime: cannot map pages in arena address space\")",
			"returned 0xfffffffffffffff4 and left the stat at 0x4000000000001000, as the model predicts"}},
		{"nacl/386", report.Finding, []string{"mmap failure -errno (derived)", "sysAlloc with mmap e12: returns the memory"}},
		{"solaris/amd64", report.Finding, []string{"mmap failure all ones (derived)", "sysAlloc with mmap e12: returns the memory"}},
		{"linux/ppc64", report.Finding, []string{"mincore failure errno (derived)",
			"sysMap (not reserved) with mmap wrong, mincore e12: calls mmap, mincore; throw(\"runtime: address space conflict\")"}},
		{"windows/amd64", report.Pass, nil},
	} {
		r, ok := byPort[w.port]
		if !ok {
			t.Errorf("no row for %s", w.port)
			continue
		}
		if r.Status != w.status {
			t.Errorf("%s: %s, want %s: %s", w.port, r.Status, w.status, r.Detail)
		}
		for _, s := range w.in {
			if !strings.Contains(r.Detail, s) {
				t.Errorf("%s: the detail lacks %q:\n%s", w.port, s, r.Detail)
			}
		}
	}
	for _, p := range []string{"linux/arm64", "linux/ppc64", "nacl/386"} {
		t.Logf("%s: %s", p, byPort[p].Detail)
	}
	if f := table.Port("linux", "arm64").Fact(osconv.MmapFailure); f == nil || f.How != osconv.Measured || !strings.Contains(f.Also, "sys_linux_arm64.s") {
		t.Errorf("linux/arm64's mmap failure is not measured with its derivation kept: %+v", f)
	}

	// A measurement the derivation disagrees with, and a sysAlloc the model
	// does not predict, fail the port.
	wrong := strings.Replace(measuredAMD64, "got=0x16", "got=0xffffffffffffffea", 1)
	wrong = strings.Replace(wrong, "ret=0x0,stat=0x1000", "ret=0x0,stat=0x4000000000001000", 1)
	_, rows = Conventions(dir, "6ad33be", []osconv.Run{runOf("amd64", wrong)}, Options{model: testModel(t)})
	for _, r := range rows {
		if r.GOOS+"/"+r.GOARCH != "linux/amd64" {
			continue
		}
		if r.Status != report.Fail || !strings.Contains(r.Detail, "mmap reports one errno as -errno, another as errno") ||
			!strings.Contains(r.Detail, "the model on linux/amd64's conventions predicts") {
			t.Errorf("linux/amd64 with wrong measurements: %s: %s", r.Status, r.Detail)
		}
	}
}
