package regress

import (
	"fmt"
	"go/build"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"xaddref/tools/internal/era"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/series"
)

var (
	hexes   = regexp.MustCompile(`0x[0-9a-fA-F]+`)
	digits  = regexp.MustCompile(`[0-9]+`)
	srcLine = regexp.MustCompile(`(src/[\w./-]+\.go):(\d+)`)
	literal = regexp.MustCompile(`"((?:[^"\\]|\\.){8,})"`)
)

// cause finds the patch that makes a changed test fail: it builds the
// prefixes of the series (the base plus patches 1..k) by bisection and
// runs the test alone on each, then names the first patch with which it
// fails, that patch's hunks (file:line in the tree with patches 1..k),
// and what of them the failure's output points at.
func cause(bd builder, s *series.Series, a era.Arch, c cell, cfg config, output string) string {
	lo, hi := 0, len(s.Patches) // the test passes at lo, fails at hi
	var steps []string
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		kit.Progress("regress linux/%s: %s: bisecting, base + patches 1-%d", a.GOARCH, c.name, mid)
		fails, runs, err := failsAt(bd, mid, a, c, cfg)
		if err != nil {
			return fmt.Sprintf("root cause not found: building base + patches 1-%d: %v", mid, err)
		}
		steps = append(steps, fmt.Sprintf("1-%d: %d of %d runs failed", mid, fails, runs))
		if fails > 0 {
			hi = mid
		} else {
			lo = mid
		}
	}
	p := s.Patches[hi-1]
	top, err := bd.build(hi, a)
	if err != nil {
		return fmt.Sprintf("root cause: patch %d of %d, %s; its lines not read: %v", hi, len(s.Patches), p.Name, err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "root cause: patch %d of %d, %s (%q): the test passes with patches 1-%d, fails with 1-%d", hi, len(s.Patches), p.Name, p.Subject, lo, hi)
	if len(steps) > 0 {
		fmt.Fprintf(&b, " (bisected: %s)", strings.Join(steps, "; "))
	}
	fmt.Fprintf(&b, ".\nits changes (lines of the tree with patches 1-%d):", hi)
	for _, h := range hunks(p) {
		fmt.Fprintf(&b, "\n  %s", h.String())
		switch {
		case !builds(top, h.path, a.GOARCH):
			fmt.Fprintf(&b, "  (not built for linux/%s)", a.GOARCH)
		case h.holds(output):
			b.WriteString("  <- the failure's output points here")
		}
	}
	for _, m := range printed(s, hi, output) {
		fmt.Fprintf(&b, "\n%s", m)
	}
	return b.String()
}

// failsAt runs the test alone cfg.reruns times on the tree with the first
// k patches; a test its binary lacks passes.
func failsAt(bd builder, k int, a era.Arch, c cell, cfg config) (fails, runs int, err error) {
	bin, err := bd.build(k, a)
	if err != nil {
		return 0, 0, err
	}
	names, err := bin.tests()
	if err != nil {
		return 0, 0, err
	}
	if !contains(names, c.name) {
		return 0, 0, nil
	}
	for i := 0; i < cfg.reruns; i++ {
		o, err := bin.alone(c.name, c.cpu, i, cfg)
		if err != nil {
			return 0, 0, err
		}
		runs++
		if o == nil || o.failedRun() {
			fails++
		}
	}
	return fails, runs, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// builds says whether path, a file of the tree, goes into a's build on
// linux (its name and build constraints, as go/build reads them), in the
// copy the binary was built from; a file of another package counts.
func builds(b *binary, path, goarch string) bool {
	rel, ok := strings.CutPrefix(path, "src/")
	if !ok || !strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, ".s") {
		return true
	}
	ctx := build.Default
	ctx.GOOS, ctx.GOARCH = "linux", goarch
	src := filepath.Dir(b.dir) // the copy's src/: b.dir is its package folder, src/runtime
	ok, err := ctx.MatchFile(filepath.Join(src, filepath.Dir(rel)), filepath.Base(rel))
	return ok || err != nil
}

// hunk is one hunk of a patch, by the lines it changes.
type hunk struct {
	path        string
	first, last int    // the changed lines, in the tree after the patch
	text        string // its first added line, or its first removed one
}

func (h hunk) String() string {
	where := fmt.Sprintf("%s:%d", h.path, h.first)
	if h.last > h.first {
		where += fmt.Sprintf("-%d", h.last)
	}
	return where + "  " + h.text
}

// holds: a file:line of the output falls within the hunk's lines.
func (h hunk) holds(output string) bool {
	for _, m := range srcLine.FindAllStringSubmatch(output, -1) {
		n, _ := strconv.Atoi(m[2])
		if strings.HasSuffix(m[1], h.path) && n >= h.first && n <= h.last {
			return true
		}
	}
	return false
}

// hunks lists a patch's hunks with the lines they change.
func hunks(p *series.Patch) []hunk {
	var out []hunk
	for _, f := range p.Files {
		for _, h := range f.Hunks {
			hk := hunk{path: f.Path}
			n := h.NewStart
			for _, l := range h.Lines {
				if l.Op != ' ' {
					if hk.first == 0 {
						hk.first = n
					}
					hk.last = n
					if hk.text == "" || l.Op == '+' && strings.HasPrefix(hk.text, "-") {
						hk.text = string(l.Op) + strings.TrimSpace(l.Text)
					}
				}
				if l.Op != '-' {
					n++
				}
			}
			out = append(out, hk)
		}
	}
	return out
}

// printed names the lines that patches 1..k add whose string literals
// the failure's output prints: where a message comes from.
func printed(s *series.Series, k int, output string) []string {
	var out []string
	for i, p := range s.Patches[:k] {
		for _, f := range p.Files {
			for _, h := range f.Hunks {
				n := h.NewStart
				for _, l := range h.Lines {
					if l.Op == '+' {
						for _, m := range literal.FindAllStringSubmatch(l.Text, -1) {
							if lit := strings.TrimSpace(m[1]); strings.Contains(output, lit) {
								out = append(out, fmt.Sprintf("the output prints %q, from %s:%d, which patch %d (%s) adds", lit, f.Path, n, i+1, p.Name))
							}
						}
					}
					if l.Op != '-' {
						n++
					}
				}
			}
		}
	}
	return out
}
