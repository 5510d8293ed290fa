package series

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/kittest"
)

var kinds = []struct {
	name string
	make func(testing.TB) string
}{
	{"plain", plainTree},
	{"git", gitTree},
}

// wantErr checks err is a cli.Error with code and every fragment.
func wantErr(t *testing.T, what string, err error, code int, fragments ...string) {
	t.Helper()
	var e *cli.Error
	if !errors.As(err, &e) || e.Code != code {
		t.Fatalf("%s: got %v, want an error with exit status %d", what, err, code)
	}
	for _, f := range fragments {
		if !strings.Contains(e.Msg, f) {
			t.Errorf("%s: %q does not say %q", what, e.Msg, f)
		}
	}
}

// atResult checks every touched file is at its chain's last blob.
func atResult(t *testing.T, s *Series, dir string) {
	t.Helper()
	for _, path := range s.Files {
		c := s.chain(path)
		if h, _ := fileHash(dir, path); h != c[len(c)-1] {
			t.Errorf("%s is blob %s, want %s", path, h, c[len(c)-1])
		}
	}
}

func TestApplyUnapply(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	s := f.load(t)
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			dir := k.make(t)
			before := snapshot(t, dir)
			if st, err := s.State(dir); err != nil || st.Line() != "state=not-applied" {
				t.Fatalf("state: %v, %v", st, err)
			}
			out, err := s.Apply(dir)
			if err != nil || !out.Changed {
				t.Fatalf("apply: %v, %+v", err, out)
			}
			atResult(t, s, dir)
			if st, _ := s.State(dir); st.Line() != "state=applied" {
				t.Fatalf("after apply: %s", st.Line())
			}
			if k.name == "git" {
				// One commit per patch, authored as the patch says.
				log := git(t, dir, "log", "--format=%an <%ae>|%ad|%cn|%s", "--date=iso", "-4")
				lines := strings.Split(log, "\n")
				for i, st := range synSteps {
					want := synAuthor + "|2015-04-16 14:32:18 -0700|xaddref|" + st.subject
					if got := lines[len(synSteps)-1-i]; got != want {
						t.Errorf("commit %d: %q, want %q", i+1, got, want)
					}
				}
				if lines[3] != "Ann Author <ann@example.com>|2015-04-16 14:32:18 -0700|Test Committer|base" {
					t.Errorf("the commit under the series: %q", lines[3])
				}
			}
			applied := snapshot(t, dir)
			// A second apply is a no-op.
			out, err = s.Apply(dir)
			if err != nil || out.Changed || !strings.Contains(out.Message, "nothing to do") {
				t.Fatalf("second apply: %v, %+v", err, out)
			}
			if snapshot(t, dir) != applied {
				t.Fatal("the second apply changed the tree")
			}
			out, err = s.Unapply(dir)
			if err != nil || !out.Changed {
				t.Fatalf("unapply: %v %+v", err, out)
			}
			if got := snapshot(t, dir); got != before {
				t.Fatalf("unapply did not restore the tree:\n%s\nwant\n%s", got, before)
			}
			out, err = s.Unapply(dir)
			if err != nil || out.Changed || !strings.Contains(out.Message, "nothing to undo") {
				t.Fatalf("second unapply: %v, %+v", err, out)
			}
		})
	}
}

// Applying and undoing change what files hold, not their permissions:
// git writes a file it patches with the default mode, which the series
// corrects to the file's own. (A file the series deletes comes back with
// the default mode: once applied, nothing holds its old one.)
func TestKeepModes(t *testing.T) {
	t.Parallel()
	s := sharedFixture(t).load(t)
	deleted := map[string]bool{}
	for _, p := range s.Patches {
		for _, f := range p.Files {
			if f.Deleted {
				deleted[f.Path] = true
			}
		}
	}
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			dir := k.make(t)
			var touched []string
			for _, path := range s.Files {
				full := filepath.Join(dir, filepath.FromSlash(path))
				if _, err := os.Stat(full); err == nil && !deleted[path] {
					if err := os.Chmod(full, 0o600); err != nil {
						t.Fatal(err)
					}
					touched = append(touched, full)
				}
			}
			if len(touched) == 0 {
				t.Fatal("the series changes no file the tree has")
			}
			before := snapshot(t, dir)
			if _, err := s.Apply(dir); err != nil {
				t.Fatal(err)
			}
			for _, full := range touched {
				if fi, err := os.Stat(full); err == nil && fi.Mode().Perm() != 0o600 {
					t.Errorf("after apply %s has mode %v, want -rw-------", full, fi.Mode().Perm())
				}
			}
			if _, err := s.Unapply(dir); err != nil {
				t.Fatal(err)
			}
			if got := snapshot(t, dir); got != before {
				t.Errorf("unapply did not restore the tree:\n%s\nwant\n%s", got, before)
			}
		})
	}
}

func TestRefusals(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	s := f.load(t)
	cases := []struct {
		name  string
		kinds string // "plain", "git" or "both"
		op    string // "apply" or "unapply"
		setup func(t *testing.T, dir string)
		frags []string
	}{
		{"wrong base", "both", "apply", func(t *testing.T, dir string) {
			writeFiles(t, dir, map[string]string{"src/runtime/a.txt": "another base\n"})
			if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
				git(t, dir, "commit", "-qam", "another base")
			}
		}, []string{"not at the series' base", "src/runtime/a.txt is blob", "neither the series' base"}},
		{"file the series creates exists", "both", "apply", func(t *testing.T, dir string) {
			writeFiles(t, dir, map[string]string{"src/runtime/new.txt": "mine\n"})
		}, []string{"src/runtime/new.txt is blob"}},
		{"dirty checkout", "git", "apply", func(t *testing.T, dir string) {
			writeFiles(t, dir, map[string]string{"src/runtime/os1_linux.go": "package runtime // changed\n"})
		}, []string{"is dirty", "src/runtime/os1_linux.go (M)"}},
		{"staged change", "git", "apply", func(t *testing.T, dir string) {
			writeFiles(t, dir, map[string]string{"README": "staged\n"})
			git(t, dir, "add", "README")
		}, []string{"is dirty", "README (M)"}},
		{"dirty applied checkout", "git", "unapply", func(t *testing.T, dir string) {
			mustApply(t, s, dir)
			writeFiles(t, dir, map[string]string{"README": "changed\n"})
		}, []string{"is dirty", "README"}},
		{"commits on top", "git", "unapply", func(t *testing.T, dir string) {
			mustApply(t, s, dir)
			writeFiles(t, dir, map[string]string{"README": "on top\n"})
			git(t, dir, "commit", "-qam", "a commit on top")
		}, []string{"1 commit was added on top", "a commit on top"}},
		{"commit on top changing a series file", "git", "unapply", func(t *testing.T, dir string) {
			mustApply(t, s, dir)
			writeFiles(t, dir, map[string]string{"src/runtime/mstats.go": "package runtime\n"})
			git(t, dir, "commit", "-qam", "change mstats")
		}, []string{"1 commit was added on top", "change mstats"}},
		{"series committed as one commit", "git", "unapply", func(t *testing.T, dir string) {
			mustApply(t, s, dir)
			git(t, dir, "reset", "-q", "--soft", "HEAD~3")
			git(t, dir, "commit", "-qm", "squashed")
		}, []string{"no commits that made exactly those changes", "squashed"}},
		{"unapply a foreign tree", "plain", "unapply", func(t *testing.T, dir string) {
			writeFiles(t, dir, map[string]string{"src/runtime/mstats.go": "package runtime\n// mine\n"})
		}, []string{"does not hold it", "src/runtime/mstats.go is blob"}},
	}
	for _, c := range cases {
		for _, k := range kinds {
			if c.kinds != "both" && c.kinds != k.name {
				continue
			}
			t.Run(c.name+"/"+k.name, func(t *testing.T) {
				dir := k.make(t)
				c.setup(t, dir)
				before := snapshot(t, dir)
				var err error
				if c.op == "apply" {
					_, err = s.Apply(dir)
				} else {
					_, err = s.Unapply(dir)
				}
				wantErr(t, c.op, err, cli.Failed, c.frags...)
				if snapshot(t, dir) != before {
					t.Fatal("a refused operation changed the tree")
				}
			})
		}
	}
}

func mustApply(t testing.TB, s *Series, dir string) {
	t.Helper()
	if _, err := s.Apply(dir); err != nil {
		t.Fatal(err)
	}
}

// applyFirst applies the first k patches by hand, as a user might.
func applyFirst(t testing.TB, s *Series, dir string, k int) {
	t.Helper()
	for _, p := range s.Patches[:k] {
		file := filepath.Join(s.Dir, p.Name)
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			git(t, dir, "am", "-q", file)
		} else {
			git(t, dir, "apply", file)
		}
	}
}

func TestPartial(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	s := f.load(t)
	for _, k := range kinds {
		for applied := 1; applied < len(s.Patches); applied++ {
			t.Run(k.name, func(t *testing.T) {
				dir := k.make(t)
				base := snapshot(t, dir)
				applyFirst(t, s, dir, applied)
				st, err := s.State(dir)
				if err != nil || st.Status != Partial || st.Applied != applied || !strings.HasPrefix(st.Line(), "state=partial (patches 1-") {
					t.Fatalf("state: %+v, %v", st, err)
				}
				partial := snapshot(t, dir)
				// Unapply undoes the applied patches only.
				if _, err := s.Unapply(dir); err != nil {
					t.Fatal(err)
				}
				if snapshot(t, dir) != base {
					t.Fatal("unapply of a partial tree did not return to the base")
				}
				applyFirst(t, s, dir, applied)
				// (A checkout's new commits differ in their commit dates.)
				if k.name == "plain" && snapshot(t, dir) != partial {
					t.Fatal("re-applying by hand differs")
				}
				// Apply completes it.
				out, err := s.Apply(dir)
				if err != nil || !strings.Contains(out.Message, "completed") {
					t.Fatalf("apply: %v %+v", err, out)
				}
				atResult(t, s, dir)
				if k.name == "git" {
					if n := git(t, dir, "rev-list", "--count", "HEAD"); n != "5" {
						t.Errorf("%s commits, want 5 (first, base, 3 patches)", n)
					}
				}
			})
		}
	}
}

func TestStateForeignOutOfOrder(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	s := f.load(t)
	dir := plainTree(t)
	git(t, dir, "apply", filepath.Join(s.Dir, s.Patches[2].Name))
	st, err := s.State(dir)
	if err != nil || st.Status != Foreign || !strings.Contains(st.Line(), "out of order") ||
		!strings.Contains(st.Line(), s.Patches[2].Name+" applied") {
		t.Fatalf("%+v %v", st, err)
	}
	_, err = s.Apply(dir)
	wantErr(t, "apply", err, cli.Failed, "out of order")
}

// A patch that fails after others applied, or a result that is not the
// series' (an index line that lies): the tree goes back as it was.
func TestFailureRestores(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		old   string // in the third patch
		new   string
		frags []string
	}{
		// Its hashes stay, so Load accepts it; git refuses the hunk.
		{"hunk does not apply", "-to be deleted", "-to be kept", []string{"patch 3/3", "failed", "restored"}},
		// git applies it, but new.txt is not the blob the index line says.
		{"wrong result", "+new file", "+new file, other bytes", []string{"after the patches the tree is state=foreign (src/runtime/new.txt is blob", "restored"}},
	}
	for _, c := range cases {
		f := newFixture(t)
		p3 := filepath.Join(f.root, "patches", "syn", f.load(t).Patches[2].Name)
		b, _ := os.ReadFile(p3)
		os.WriteFile(p3, []byte(strings.Replace(string(b), c.old, c.new, 1)), 0o644)
		s := f.load(t)
		for _, k := range kinds {
			t.Run(c.name+"/"+k.name, func(t *testing.T) {
				dir := k.make(t)
				before := snapshot(t, dir)
				_, err := s.Apply(dir)
				wantErr(t, "apply", err, cli.Failed, c.frags...)
				if got := snapshot(t, dir); got != before {
					t.Fatalf("the tree changed:\n%s\nwant\n%s", got, before)
				}
				if pending(mustOpen(t, dir)) {
					t.Error("the journal was left behind")
				}
			})
		}
	}
}

func mustOpen(t testing.TB, dir string) *target {
	tt, err := openTree(dir)
	if err != nil {
		t.Fatal(err)
	}
	return tt
}

// An interrupt at every step of apply and unapply: the context is
// cancelled while the operation is at the step, and the tree goes back as
// it was. (The command's tests interrupt it with signals, at the steps its
// git commands mark.)
func TestInterruptInProcess(t *testing.T) {
	f := sharedFixture(t)
	s := f.load(t)
	defer func() { testStep = nil }()
	steps := map[string][]string{
		"plain/apply":   {"journaled", "patched-1", "patched-2", "patched-3", "done"},
		"plain/unapply": {"journaled", "reverted-3", "reverted-2", "reverted-1", "done"},
		"git/apply":     {"journaled", "patched-1", "patched-2", "patched-3", "done"},
		"git/unapply":   {"journaled", "reverted-1", "done"},
	}
	for _, k := range kinds {
		for _, op := range []string{"apply", "unapply"} {
			for _, step := range steps[k.name+"/"+op] {
				t.Run(k.name+"/"+op+"/"+step, func(t *testing.T) {
					dir := k.make(t)
					if op == "unapply" {
						mustApply(t, s, dir)
					}
					before := snapshot(t, dir)
					ctx, cancel := context.WithCancel(context.Background())
					defer cancel()
					reached := false
					testStep = func(ctx context.Context, at string) {
						if at == step {
							reached = true
							cancel()
						}
					}
					var err error
					if op == "apply" {
						_, err = s.ApplyContext(ctx, dir)
					} else {
						_, err = s.UnapplyContext(ctx, dir)
					}
					testStep = nil
					if !reached {
						t.Fatalf("step %s never reached", step)
					}
					wantErr(t, op, err, cli.Failed, Interrupted, "restored to what it was")
					if got := snapshot(t, dir); got != before {
						t.Fatalf("the tree changed:\n%s\nwant\n%s", got, before)
					}
					if pending(mustOpen(t, dir)) {
						t.Error("the journal was left behind")
					}
				})
			}
		}
	}
}

func TestPlainTreeInsideARepository(t *testing.T) {
	t.Parallel()
	// A plain tree unpacked inside someone's checkout: git apply must not
	// take the outer repository for the tree's.
	f := sharedFixture(t)
	s := f.load(t)
	outer := t.TempDir()
	git(t, outer, "init", "-q")
	writeFiles(t, outer, map[string]string{"x": "x\n"})
	git(t, outer, "add", "-A")
	git(t, outer, "commit", "-qm", "outer")
	dir := filepath.Join(outer, "sub", "go")
	writeFiles(t, dir, baseFiles())
	mustApply(t, s, dir)
	atResult(t, s, dir)
	if st := git(t, outer, "status", "--porcelain", "--untracked-files=no"); st != "" {
		t.Errorf("the outer repository changed: %s", st)
	}
	if n := git(t, outer, "rev-list", "--count", "HEAD"); n != "1" {
		t.Errorf("the outer repository has %s commits", n)
	}
}

func TestCheck(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	s := f.load(t)
	conflict := func(t *testing.T, dir string) {
		writeFiles(t, dir, map[string]string{"src/runtime/a.txt": replaceLine(baseFiles()["src/runtime/a.txt"], 25, "changed here\n")})
	}
	// A line between a.txt's two changes: the second patch's hunk moves.
	offset := func(t *testing.T, dir string) {
		writeFiles(t, dir, map[string]string{"src/runtime/a.txt": replaceLine(baseFiles()["src/runtime/a.txt"], 11, "line 11\nline 11 again\n")})
	}
	// git applies a hunk that begins at line 1 only there, and one with no
	// context after its last change only at the end of the file: mstats.go
	// has both, and a line more at its start or end.
	before := func(t *testing.T, dir string) {
		writeFiles(t, dir, map[string]string{"src/runtime/mstats.go": "// a new first line\n" + baseFiles()["src/runtime/mstats.go"]})
	}
	after := func(t *testing.T, dir string) {
		writeFiles(t, dir, map[string]string{"src/runtime/mstats.go": baseFiles()["src/runtime/mstats.go"] + "// a new last line\n"})
	}
	cases := []struct {
		name   string
		setup  func(t *testing.T, dir string)
		ok     bool
		status []string
		frags  []string
	}{
		{"base", func(*testing.T, string) {}, true, []string{Applies, Applies, Applies}, []string{"applies to"}},
		{"partial", func(t *testing.T, dir string) { applyFirst(t, s, dir, 1) }, true,
			[]string{AlreadyApplied, Applies, Applies}, []string{"partly applied", "apply completes it with 2-3"}},
		{"applied", func(t *testing.T, dir string) { mustApply(t, s, dir) }, true,
			[]string{AlreadyApplied, AlreadyApplied, AlreadyApplied}, []string{"is applied"}},
		{"hunk conflict", conflict, false, []string{Conflicts, Conflicts, Applies},
			[]string{"src/runtime/a.txt: hunk 1 (@@ -22,7 +22,8 @@ line 21) does not apply: line 25 is \"changed here\""}},
		{"moved lines", offset, false, []string{Conflicts, Conflicts, Applies},
			[]string{"src/runtime/a.txt is blob", "would still fit, at offsets [0]", "would still fit, at offsets [1]"}},
		{"a line before a hunk at the start", before, false, []string{Conflicts, Applies, Applies},
			[]string{"src/runtime/mstats.go: hunk 1 (@@ -1,3 +1,5 @@) does not apply: line 1 is \"// a new first line\", the hunk expects \"package runtime\", and git takes it only as the whole file"}},
		{"a line after a hunk at the end", after, false, []string{Conflicts, Applies, Applies},
			[]string{"src/runtime/mstats.go: hunk 1 (@@ -1,3 +1,5 @@) does not apply: its lines are at line 1, but the file goes on for 1 line after them, and git takes it only as the whole file"}},
		{"dirty checkout", func(t *testing.T, dir string) {
			writeFiles(t, dir, map[string]string{"README": "dirty\n"})
		}, false, []string{Applies, Applies, Applies}, []string{"the checkout is dirty", "README"}},
	}
	for _, c := range cases {
		for _, k := range kinds {
			if strings.HasSuffix(c.name, "checkout") && k.name != "git" {
				continue
			}
			t.Run(c.name+"/"+k.name, func(t *testing.T) {
				dir := k.make(t)
				c.setup(t, dir)
				before := snapshot(t, dir)
				res, err := s.Check(dir)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				all := res.Summary
				for _, pc := range res.Patches {
					got = append(got, pc.Status)
					all += "\n" + pc.Detail
				}
				if strings.Join(got, ",") != strings.Join(c.status, ",") || res.OK != c.ok {
					t.Errorf("got %v ok=%v, want %v ok=%v\n%s", got, res.OK, c.status, c.ok, all)
				}
				for _, fr := range c.frags {
					if !strings.Contains(all, fr) {
						t.Errorf("%q not in:\n%s", fr, all)
					}
				}
				if snapshot(t, dir) != before {
					t.Error("check changed the tree")
				}
			})
		}
	}
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	dir := filepath.Join(f.root, "patches", "syn")
	// Abbreviated hashes.
	short := filepath.Join(f.root, "patches", "short")
	os.MkdirAll(short, 0o755)
	b, _ := os.ReadFile(filepath.Join(f.root, "patches", "upstream", "syn0123456789.patch"))
	os.WriteFile(filepath.Join(short, "up.patch"), b, 0o644)
	os.WriteFile(filepath.Join(short, "series"), []byte("up.patch\n"), 0o644)
	// A broken chain.
	broken := filepath.Join(f.root, "patches", "broken")
	os.MkdirAll(broken, 0o755)
	s := f.load(t)
	for _, p := range s.Patches {
		b, _ := os.ReadFile(filepath.Join(dir, p.Name))
		if p == s.Patches[1] {
			c := s.chains["src/runtime/a.txt"][1].diff.OldHash
			b = []byte(strings.Replace(string(b), c, strings.Repeat("e", 40), 1))
		}
		os.WriteFile(filepath.Join(broken, p.Name), b, 0o644)
	}
	os.WriteFile(filepath.Join(broken, "series"), []byte(s.Patches[0].Name+"\n"+s.Patches[1].Name+"\n"), 0o644)
	cases := []struct{ name, want string }{
		{"nope", `unknown series "nope"`},
		{"../syn", `unknown series "../syn"`},
		{"upstream", `unknown series "upstream"`},
		{"short", "abbreviated hashes"},
		{"broken", "the series is inconsistent"},
	}
	for _, c := range cases {
		_, err := Load(f.root, c.name)
		wantErr(t, c.name, err, cli.BadUsage, c.want)
	}
	_, err := Load(f.root, "nope")
	wantErr(t, "known", err, cli.BadUsage, "known: broken, short, syn")
}

func TestBadTree(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	s := f.load(t)
	notGo := t.TempDir()
	for _, dir := range []string{"", "/nonexistent/xaddref", notGo} {
		_, err := s.Apply(dir)
		wantErr(t, "apply "+dir, err, cli.BadUsage)
		_, err = s.State(dir)
		wantErr(t, "state "+dir, err, cli.BadUsage)
	}
}

// A tree where writing a file of the series would go through a symbolic
// link is refused before anything is written, by apply and by unapply: a
// link at a touched file or at a directory on the way to one, whether it
// leads out of the tree (tree.Identify refuses those) or stays inside it.
// The tree and what the links point at are left as they were.
func TestLinkRefusals(t *testing.T) {
	t.Parallel()
	s := sharedFixture(t).load(t)
	a := baseFiles()["src/runtime/a.txt"]
	cases := []struct {
		name  string
		op    string
		plant func(t *testing.T, dir, outside string)
		frags []string
	}{
		{"touched file links out", "apply", func(t *testing.T, dir, outside string) {
			relink(t, filepath.Join(outside, "a.txt"), filepath.Join(dir, "src/runtime/a.txt"))
		}, []string{"src/runtime/a.txt is a link to", "outside the tree"}},
		{"touched file links inside", "apply", func(t *testing.T, dir, outside string) {
			writeFiles(t, dir, map[string]string{"src/a-copy.txt": a})
			relink(t, "../a-copy.txt", filepath.Join(dir, "src/runtime/a.txt"))
		}, []string{"refusing to write src/runtime/a.txt", "is a symbolic link"}},
		{"directory climbs out through ..", "apply", func(t *testing.T, dir, outside string) {
			rel, _ := filepath.Rel(filepath.Join(dir, "src"), outside)
			os.RemoveAll(filepath.Join(dir, "src/runtime"))
			relink(t, rel, filepath.Join(dir, "src/runtime"))
		}, []string{"src/runtime is a link to ../", "outside the tree"}},
		{"directory links inside", "apply", func(t *testing.T, dir, outside string) {
			if err := os.Rename(filepath.Join(dir, "src/runtime"), filepath.Join(dir, "src/rt")); err != nil {
				t.Fatal(err)
			}
			relink(t, "rt", filepath.Join(dir, "src/runtime"))
		}, []string{"refusing to write", "src/runtime is a symbolic link"}},
		{"applied file links inside", "unapply", func(t *testing.T, dir, outside string) {
			mustApply(t, s, dir)
			b, _ := os.ReadFile(filepath.Join(dir, "src/runtime/mstats.go"))
			writeFiles(t, dir, map[string]string{"src/mstats-copy.go": string(b)})
			relink(t, "../mstats-copy.go", filepath.Join(dir, "src/runtime/mstats.go"))
		}, []string{"refusing to write src/runtime/mstats.go", "is a symbolic link"}},
	}
	for _, c := range cases {
		for _, k := range kinds {
			t.Run(c.name+"/"+k.name, func(t *testing.T) {
				dir := k.make(t)
				// Outside the tree: what a link there would let a write reach.
				outside := t.TempDir()
				writeFiles(t, outside, map[string]string{
					"a.txt": a, "mstats.go": baseFiles()["src/runtime/mstats.go"],
					"os1_linux.go": baseFiles()["src/runtime/os1_linux.go"], "old.txt": "to be deleted\n",
				})
				c.plant(t, dir, outside)
				before, canary := kittest.HashTree(t, dir), kittest.HashTree(t, outside)
				var err error
				if c.op == "apply" {
					_, err = s.Apply(dir)
				} else {
					_, err = s.Unapply(dir)
				}
				wantErr(t, c.op, err, cli.BadUsage, c.frags...)
				if kittest.HashTree(t, dir) != before {
					t.Error("a refused operation changed the tree")
				}
				if kittest.HashTree(t, outside) != canary {
					t.Error("a refused operation changed what is outside the tree")
				}
			})
		}
	}
}

// relink replaces path with a symbolic link to target.
func relink(t *testing.T, target, path string) {
	t.Helper()
	if err := os.RemoveAll(path); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, path); err != nil {
		t.Fatal(err)
	}
}
