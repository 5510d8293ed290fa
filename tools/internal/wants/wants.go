// Package wants checks what an analysis reports of a small testdata tree
// against the `// want` comments written in the tree, in the spirit of
// golang.org/x/tools/go/analysis/analysistest, which cannot load these
// trees: their package is runtime, of a fake GOROOT, and an analysis of
// them is per port.
//
// A comment `// want "re1" linux/arm:"re2"` (in a Go or an assembly file;
// backquotes work too) expects, on its line, one diagnostic matching re1
// on every port the file builds for, and one matching re2 on linux/arm.
// Every diagnostic must be expected and every expectation met.
package wants

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"xaddref/tools/internal/era"
	"xaddref/tools/internal/tree"
)

// Diag is a diagnostic: where ("file.go:12", the file by its name) and
// what.
type Diag struct {
	Pos, Msg string
}

type want struct {
	pos string
	re  *regexp.Regexp
	by  *Diag // the diagnostic that meets it
}

var wantRE = regexp.MustCompile(`//\s*want\s+(.*)$`)

// Check compares diags with the expectations that files (the port's
// files of the tree) hold for the port.
func Check(t testing.TB, port era.Port, files []*tree.File, diags []Diag) {
	t.Helper()
	byPos := map[string][]*want{}
	var order []string
	for _, f := range files {
		ws, err := parse(f, port)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range ws {
			if byPos[w.pos] == nil {
				order = append(order, w.pos)
			}
			byPos[w.pos] = append(byPos[w.pos], w)
		}
	}
	for _, d := range diags {
		if !match(d, byPos[d.Pos], map[*want]bool{}) {
			t.Errorf("%s: %s: unexpected diagnostic: %s", port, d.Pos, d.Msg)
		}
	}
	for _, pos := range order {
		for _, w := range byPos[pos] {
			if w.by == nil {
				t.Errorf("%s: %s: no diagnostic matching %q", port, w.pos, w.re)
			}
		}
	}
}

// match gives d a want of its line, taking one from another diagnostic
// if that one can have another: the most diagnostics meet a want whatever
// the order of either (Kuhn's augmenting paths).
func match(d Diag, ws []*want, tried map[*want]bool) bool {
	for _, w := range ws {
		if tried[w] || !w.re.MatchString(d.Msg) {
			continue
		}
		tried[w] = true
		if w.by == nil || match(*w.by, ws, tried) {
			w.by = &d
			return true
		}
	}
	return false
}

// parse reads f's expectations for port.
func parse(f *tree.File, port era.Port) ([]*want, error) {
	var out []*want
	for i, line := range strings.Split(string(f.Data), "\n") {
		m := wantRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		pos := fmt.Sprintf("%s:%d", filepath.Base(f.Path), i+1)
		rest := strings.TrimSpace(m[1])
		for rest != "" {
			on, re, tail, err := expectation(rest)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", pos, err)
			}
			if on == "" || on == port.String() {
				out = append(out, &want{pos: pos, re: re})
			}
			rest = strings.TrimSpace(tail)
		}
	}
	return out, nil
}

// expectation reads one [goos/goarch:]"regexp" from the start of s.
func expectation(s string) (port string, re *regexp.Regexp, rest string, err error) {
	if i := strings.IndexAny(s, "\"`"); i > 0 && strings.HasSuffix(s[:i], ":") {
		port, s = s[:i-1], s[i:]
	}
	lit, err := strconv.QuotedPrefix(s)
	if err != nil {
		return "", nil, "", fmt.Errorf("want: not a quoted regexp: %s", s)
	}
	text, _ := strconv.Unquote(lit)
	re, err = regexp.Compile(text)
	return port, re, s[len(lit):], err
}
