package regress

import (
	"os"
	"strings"
	"testing"

	"xaddref/tools/internal/era"
	"xaddref/tools/internal/report"
	"xaddref/tools/internal/tree"
)

// On the real tree (XADDREF_GO_TREE, at 8566979972), linux/amd64 at
// -test.cpu=1: the series changes no test's result, its two new tests
// pass, and TestGdbPython fails on both sides for the reason its row
// names. Two make.bash and two suite runs take several minutes from an
// empty cache, so this runs only when asked:
//
//	XADDREF_GO_TREE=/path/to/go XADDREF_REGRESS=1 go test -run Hist -timeout 60m ./internal/regress
func TestHistAmd64(t *testing.T) {
	dir := os.Getenv("XADDREF_GO_TREE")
	if dir == "" || os.Getenv("XADDREF_REGRESS") == "" {
		t.Skip("set XADDREF_GO_TREE (a tree at 8566979972) and XADDREF_REGRESS=1 to run the runtime's own tests on it")
	}
	info, err := tree.Identify(dir)
	if err != nil {
		t.Fatal(err)
	}
	s, err := baseSeries(info, era.Go2015)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := era.Go2015.Arch("amd64")
	c := config{cpus: []int{1}, reruns: 3, timeout: distTimeout, hooks: "-"}
	rows := runArch(&scratchBuilder{tree: info}, s, era.Go2015, a, c)
	want := map[string]string{"TestXadduintptr": "new with the series", "TestXadduintptrOnUint64": "new with the series",
		"TestGdbPython": "runtime-gdb.py:63", "TestNewOSProc0": ""}
	for _, r := range rows {
		name := strings.SplitN(r.Figures, ":", 2)[0]
		if r.Status == report.Fail {
			t.Errorf("%s %s: %s\n%s", r.Check, r.Status, r.Figures, r.Detail)
		}
		if frag, ok := want[name]; ok {
			delete(want, name)
			if !strings.Contains(r.Detail, frag) {
				t.Errorf("%s: %s, detail lacks %q:\n%s", name, r.Status, frag, r.Detail)
			}
		}
	}
	if len(want) > 0 {
		t.Errorf("no rows for %v", want)
	}
}
