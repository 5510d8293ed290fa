package regress

import (
	"reflect"
	"testing"

	"xaddref/tools/internal/kittest"
)

// A test that builds a program through helpers counts; one that runs
// "go list", or builds nothing, does not.
func TestBuilders(t *testing.T) {
	dir := kittest.WriteTree(t, map[string]string{
		"a_test.go": `package x_test

import (
	"os/exec"
	"testing"
)

func executeTest(t *testing.T) string {
	out, _ := exec.Command("go", "build", "-o", "a.exe").CombinedOutput()
	return string(out)
}

func testCrash(t *testing.T) { executeTest(t) }

func TestCrash(t *testing.T)   { testCrash(t) }
func TestDirect(t *testing.T)  { exec.Command("go", "build", "x.go").Run() }
func TestList(t *testing.T)    { exec.Command("go", "list", "runtime").Run() }
func TestNothing(t *testing.T) {}
`,
		"b_test.go": "package x_test\n\nimport \"testing\"\n\nfunc TestOther(t *testing.T) { func() { testCrash(t) }() }\n",
	})
	got, err := builders(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"TestCrash": true, "TestDirect": true, "TestOther": true}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("builders: %v, want %v", got, want)
	}
}
