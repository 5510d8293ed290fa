package series

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/report"
)

// The real series, patches/6ad33be, against patches/upstream.
func TestVerifySplitReal(t *testing.T) {
	root := kit.Root()
	if _, err := os.Stat(filepath.Join(root, "patches", Default, "series")); err != nil {
		t.Fatalf("patches/%s/series: %v: the kit's series is missing", Default, err)
	}
	st, err := VerifySplit(root, Default)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", st)
	if st.Files != 18 || st.Added != 189 || st.Removed != 39 {
		t.Errorf("upstream 6ad33be2d9 changes 18 files, +189 -39; got %+v", st)
	}
	if row := SplitRow(root, Default); row.Status != report.Pass {
		t.Errorf("row: %+v", row)
	}
	// The test hooks have no upstream commit: a usage error, not a pass.
	_, err = VerifySplit(root, "testhooks/"+Default)
	wantErr(t, "testhooks", err, cli.BadUsage, "no upstream commit")
}

// doctor is one way to break a copy of a series; "{i}" in frags stands for
// the i-th patch's file name.
type doctor struct {
	name  string
	edit  func(t *testing.T, dir string, patches []string)
	frags []string
}

// rewrite edits one patch file of dir with a regexp.
func rewrite(t *testing.T, path, re, with string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := regexp.MustCompile(re)
	if !r.Match(b) {
		t.Fatalf("%s: %s matches nothing", path, re)
	}
	os.WriteFile(path, []byte(r.ReplaceAllString(string(b), with)), 0o644)
}

func dropFromSeries(t *testing.T, dir, name string) {
	t.Helper()
	os.Remove(filepath.Join(dir, name))
	b, _ := os.ReadFile(filepath.Join(dir, "series"))
	os.WriteFile(filepath.Join(dir, "series"), []byte(strings.Replace(string(b), name+"\n", "", 1)), 0o644)
}

// copySeries copies root's patches/upstream and patches/NAME to a new root.
func copySeries(t *testing.T, root, name string) string {
	t.Helper()
	dst := t.TempDir()
	for _, sub := range []string{"upstream", name} {
		src := filepath.Join(root, "patches", sub)
		m, _ := filepath.Glob(filepath.Join(src, "*"))
		os.MkdirAll(filepath.Join(dst, "patches", sub), 0o755)
		for _, f := range m {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(dst, "patches", sub, filepath.Base(f)), b, 0o644)
		}
	}
	return dst
}

func runDoctors(t *testing.T, root, name string, doctors []doctor) {
	t.Helper()
	if _, err := VerifySplit(root, name); err != nil {
		t.Fatalf("the undoctored series fails: %v", err)
	}
	s, err := Load(root, name)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range s.Patches {
		names = append(names, p.Name)
	}
	for _, d := range doctors {
		t.Run(d.name, func(t *testing.T) {
			cp := copySeries(t, root, name)
			dir := filepath.Join(cp, "patches", name)
			d.edit(t, dir, names)
			_, err := VerifySplit(cp, name)
			var frags []string
			for _, f := range d.frags {
				for i, n := range names {
					f = strings.ReplaceAll(f, fmt.Sprintf("{%d}", i), n)
				}
				frags = append(frags, f)
			}
			wantErr(t, d.name, err, cli.Failed, frags...)
			if row := SplitRow(cp, name); row.Status != report.Fail {
				t.Errorf("row: %+v", row)
			}
		})
	}
}

func TestVerifySplitDoctoredReal(t *testing.T) {
	root := kit.Root()
	if _, err := os.Stat(filepath.Join(root, "patches", Default, "series")); err != nil {
		t.Fatalf("patches/%s/series: %v: the kit's series is missing", Default, err)
	}
	p := func(dir string, names []string, i int) string { return filepath.Join(dir, names[i]) }
	runDoctors(t, root, Default, []doctor{
		{"a hunk changed", func(t *testing.T, dir string, n []string) {
			rewrite(t, p(dir, n, 1), `\+\t\tprint\("runtime: stat overflow: val "`, "+\t\tprint(\"runtime: stat overflow: value \"")
		}, []string{"src/runtime/mstats.go: the series' result differs from upstream's at line", "stat overflow: value"}},
		{"a removed line kept", func(t *testing.T, dir string, n []string) {
			// The hunk still reads well; its counts are fixed to match.
			rewrite(t, p(dir, n, 3), `(?m)^-\tvar dummy uint64\n`, " \tvar dummy uint64\n")
			rewrite(t, p(dir, n, 3), `@@ -(98|146),8 \+(98|146),7 @@`, "@@ -$1,8 +$2,8 @@")
		}, []string{"src/runtime/os1_linux.go: the series' result differs from upstream's", "var dummy uint64"}},
		{"a patch missing", func(t *testing.T, dir string, n []string) {
			dropFromSeries(t, dir, n[3])
		}, []string{"src/runtime/os1_darwin.go: changed by upstream, by no patch of the series",
			"src/runtime/os1_linux.go: changed by upstream, by no patch", "numbered [PATCH 5/5] but is patch 4 of the 4"}},
		{"a patch not listed", func(t *testing.T, dir string, n []string) {
			b, _ := os.ReadFile(filepath.Join(dir, "series"))
			os.WriteFile(filepath.Join(dir, "series"), []byte(strings.Replace(string(b), n[4]+"\n", "", 1)), 0o644)
		}, []string{"{4} is in", "but not in its series file", "src/runtime/atomic_test.go: changed by upstream, by no patch"}},
		{"a pre-image hash wrong", func(t *testing.T, dir string, n []string) {
			rewrite(t, p(dir, n, 1), `index 3711c397cc[0-9a-f]{30}`, "index 3711c397cd"+strings.Repeat("0", 30))
		}, []string{"src/runtime/mstats.go: " + "0002", "starts from blob 3711c397cd, upstream's pre-image is 3711c397cc"}},
		{"a post-image hash wrong", func(t *testing.T, dir string, n []string) {
			rewrite(t, p(dir, n, 0), `\.\.02e25f7402[0-9a-f]{30}`, ".."+strings.Repeat("1", 40))
		}, []string{"src/runtime/asm_amd64.s", "ends at blob 1111111111, upstream's post-image is 02e25f7402"}},
		{"an abbreviated hash", func(t *testing.T, dir string, n []string) {
			rewrite(t, p(dir, n, 2), `index (4a2d3e3cac)[0-9a-f]{30}\.\.(5896e74e91)[0-9a-f]{30}`, "index $1..$2")
		}, []string{"src/runtime/malloc.go: index 4a2d3e3cac..5896e74e91 is not in full"}},
		{"an extra file", func(t *testing.T, dir string, n []string) {
			b, _ := os.ReadFile(p(dir, n, 3))
			extra := "diff --git a/src/runtime/extra.go b/src/runtime/extra.go\nnew file mode 100644\nindex " + ZeroHash + ".." + strings.Repeat("2", 40) +
				"\n--- /dev/null\n+++ b/src/runtime/extra.go\n@@ -0,0 +1 @@\n+package runtime\n"
			os.WriteFile(p(dir, n, 3), append(b, extra...), 0o644)
		}, []string{"src/runtime/extra.go: changed by {3}, not by upstream"}},
		{"another author", func(t *testing.T, dir string, n []string) {
			rewrite(t, p(dir, n, 0), `From: Srdjan Petrovic <spetrovic@google.com>`, "From: Someone Else <else@example.com>")
		}, []string{"author \"Someone Else <else@example.com>\", upstream's is \"Srdjan Petrovic <spetrovic@google.com>\""}},
	})
}

// The same checks on the synthetic series, where a file is changed by two
// patches and one is deleted.
func TestVerifySplitSynthetic(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	st, err := VerifySplit(f.root, "syn")
	if err != nil {
		t.Fatal(err)
	}
	if st.Patches != 3 || st.Files != 4 {
		t.Errorf("%+v", st)
	}
	p := func(dir string, names []string, i int) string { return filepath.Join(dir, names[i]) }
	runDoctors(t, f.root, "syn", []doctor{
		{"second change to a.txt altered", func(t *testing.T, dir string, n []string) {
			rewrite(t, p(dir, n, 1), `\+line twenty-five`, "+line 25, changed")
		}, []string{"src/runtime/a.txt: the series' result differs from upstream's at line 25", "line 25, changed"}},
		{"chain broken", func(t *testing.T, dir string, n []string) {
			rewrite(t, p(dir, n, 1), `index ([0-9a-f]{40})\.\.`, "index "+strings.Repeat("3", 40)+"..")
		}, []string{"src/runtime/a.txt: {0} leaves blob", "but {1} starts from blob 3333333333"}},
		{"deletion missing", func(t *testing.T, dir string, n []string) {
			b, _ := os.ReadFile(p(dir, n, 2))
			s := string(b)
			i := strings.Index(s, "diff --git a/src/runtime/old.txt")
			os.WriteFile(p(dir, n, 2), []byte(s[:i]), 0o644)
		}, []string{"src/runtime/old.txt: changed by upstream, by no patch"}},
		{"second patch dropped", func(t *testing.T, dir string, n []string) {
			dropFromSeries(t, dir, n[1])
		}, []string{"numbered [PATCH 3/3] but is patch 2 of the 2", "src/runtime/a.txt"}},
	})
}

// A patch that a later one undoes shows lines that upstream's hunks do
// not: verify-split takes them from the series' own hunks, and holds the
// later patches to them.
func TestVerifySplitHiddenContext(t *testing.T) {
	t.Parallel()
	a := baseFiles()["src/runtime/a.txt"]
	root := t.TempDir()
	makeSeries(t, root, t.TempDir(), "hid", baseFiles(), []step{
		{"runtime: add a line", map[string]string{"src/runtime/a.txt": replaceLine(a, 10, "line 10\nnew\n")}},
		{"runtime: drop it, change line 20", map[string]string{"src/runtime/a.txt": replaceLine(a, 20, "line twenty\n")}},
	})
	s, err := Load(root, "hid")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Patches[0].Files[0].Hunks) != 1 || s.Patches[0].Files[0].Hunks[0].OldStart != 8 {
		t.Fatalf("the first patch is not one hunk at line 8: %+v", s.Patches[0].Files[0].Hunks)
	}
	if _, err := VerifySplit(root, "hid"); err != nil {
		t.Fatalf("the series is its upstream commit split: %v", err)
	}
	// The second patch shows line 12 otherwise than the first does.
	rewrite(t, filepath.Join(root, "patches", "hid", s.Patches[1].Name), `(?m)^ line 12$`, " line twelve")
	_, err = VerifySplit(root, "hid")
	wantErr(t, "line 12 changed", err, cli.Failed, s.Patches[1].Name+": src/runtime/a.txt: hunk 1 (@@ -8,",
		`does not apply: line 13 is "line 12", the hunk expects "line twelve"`)
}
