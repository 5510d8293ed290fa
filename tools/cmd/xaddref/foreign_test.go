package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/kittest"
)

// A 2015 tree the series does not apply to (its files are not the series'
// base) fails, on every command that applies the series, with a message
// that names the patch that did not apply and suggests --no-apply; the
// differential suite's row says that the series did not apply.
func TestForeignTreeNamesPatch(t *testing.T) {
	if _, err := exec.LookPath("bazel"); err != nil {
		t.Skip("bazel is not installed (tools/xaddref setup installs it): the commands refuse to start without it")
	}
	bin := kittest.Xaddref(t)
	foreign := kittest.WriteTree(t, map[string]string{
		"src/runtime/mstats.go":    "package runtime\n",
		"src/runtime/os1_linux.go": "package runtime\n",
		// The ports callers reads before it applies the series.
		"src/cmd/dist/build.go":         "package main\n\nvar okgoarch = []string{\"amd64\"}\n\nvar okgoos = []string{\"linux\"}\n",
		"src/runtime/rt0_linux_amd64.s": "",
	})
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"diff", "--arch", "amd64"}, []string{"FAIL    diff: apply series", "series 6ad33be did not apply to the tree: patch 1/5 0001-"}},
		{[]string{"variants"}, []string{"series 6ad33be did not apply to the tree: patch 1/5 0001-"}},
		{[]string{"callers", "--goos", "linux", "--goarch", "amd64"}, []string{"series 6ad33be did not apply to the tree: patch 1/5 0001-"}},
	}
	for _, c := range cases {
		cmd := exec.Command(bin, append(c.args, "--tree", foreign)...)
		cmd.Env = append(os.Environ(), "XADDREF_ROOT="+kit.Root(), "XADDREF_CACHE_DIR="+t.TempDir())
		out, err := cmd.CombinedOutput()
		code, _ := kittest.ExitCode(err)
		name := strings.Join(c.args, " ")
		if code != 1 {
			t.Errorf("%s: exit %d, want 1 (a failed check):\n%s", name, code, out)
		}
		for _, w := range append(c.want, "--no-apply takes the tree as given") {
			if !strings.Contains(string(out), w) {
				t.Errorf("%s: output lacks %q:\n%s", name, w, out)
			}
		}
	}
}
