package main

import (
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/kit"
)

// The user's documentation is README.md and docs/*.md. Every command and
// every flag the command line accepts is documented there in exactly one
// place, and every relative link there resolves. "Documented" means:
//
//   - a command (a name of the commands table, or a subcommand: the name
//     of one of its flag sets, "series apply") by a definition: a table row
//     whose first cell is the name in backticks, or a link whose text is
//     (| [`verify`](docs/verify.md) | ...), or a list item that starts with
//     it (- `series apply`: ...);
//   - a flag by a list item that starts with it in backticks, with or
//     without its value's placeholder (- `--tree DIR`: ...; -v and --v are
//     one flag), in a section whose heading starts "Flags of" and names in
//     backticks the commands it is a flag of. A list item that starts with
//     a flag in any other section is an error: it would be a second place,
//     unchecked.
//
// The commands and flags come from the command line itself: each
// command's answer to -h carries its flag sets (cli.HelpRequest).

// accepted is what the command line accepts: each command and subcommand,
// and each one's flags.
func accepted(t *testing.T) (map[string]bool, map[string][]string) {
	t.Helper()
	cmds, flags := map[string]bool{}, map[string][]string{}
	for name, c := range commands {
		cmds[name] = true
		var h *cli.HelpRequest
		if err := c.run([]string{"-h"}); !errors.As(err, &h) {
			t.Fatalf("%s -h: %v, not its usage", name, err)
		}
		for _, fs := range h.Flags {
			cmds[fs.Name()] = true
			fs.VisitAll(func(f *flag.Flag) { flags[fs.Name()] = append(flags[fs.Name()], f.Name) })
		}
	}
	return cmds, flags
}

// readDocs reads README.md and docs/*.md, by path relative to the root.
func readDocs(t *testing.T, root string) map[string]string {
	t.Helper()
	names, _ := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	names = append(names, filepath.Join(root, "README.md"))
	docs := map[string]string{}
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(root, n)
		docs[filepath.ToSlash(rel)] = string(b)
	}
	return docs
}

func TestDocs(t *testing.T) {
	cmds, flags := accepted(t)
	root := kit.Root()
	for _, p := range checkDocs(readDocs(t, root), root, cmds, flags) {
		t.Error(p)
	}
}

// The check fails where it should, on copies of the docs: a flag's
// definition removed, one duplicated, a command's definition removed, a
// flag defined under no "Flags of" heading, a link to a missing file, to a
// missing heading, and one whose text wraps onto a second line.
func TestDocsCheckFails(t *testing.T) {
	cmds, flags := accepted(t)
	root := kit.Root()
	docs := readDocs(t, root)
	cmdAt, flagAt := map[string][]string{}, map[string][]string{}
	for f, text := range docs {
		definitions(f, text, cmds, cmdAt, flagAt)
	}
	fuzzSeconds := flagAt["fuzz --seconds"][0]
	fuzzRow := cmdAt["fuzz"][0]
	lineOf := func(at string) (string, int) {
		f, n, _ := strings.Cut(at, ":")
		i, _ := strconv.Atoi(n)
		return f, i - 1
	}
	editLine := func(at string, edit func(lines []string, i int) []string) map[string]string {
		f, i := lineOf(at)
		lines := strings.Split(docs[f], "\n")
		return map[string]string{f: strings.Join(edit(lines, i), "\n")}
	}
	appendText := func(s string) map[string]string {
		return map[string]string{"README.md": docs["README.md"] + s}
	}
	cases := []struct {
		name    string
		changed map[string]string
		want    string
	}{
		{"flag removed", editLine(fuzzSeconds, func(l []string, i int) []string { return slices.Delete(l, i, i+1) }),
			"flag --seconds of fuzz: not documented"},
		{"flag duplicated", editLine(fuzzSeconds, func(l []string, i int) []string { return slices.Insert(l, i, l[i]) }),
			"flag --seconds of fuzz: documented in 2 places"},
		{"command removed", editLine(fuzzRow, func(l []string, i int) []string { return slices.Delete(l, i, i+1) }),
			"command fuzz: not documented"},
		{"flag outside", appendText("\n## Other\n\n- `--tree DIR`: the tree.\n"), "`--tree DIR` defined outside"},
		{"missing file", appendText("\nSee [a page](docs/no-such-page.md).\n"), "docs/no-such-page.md does not exist"},
		{"missing heading", appendText("\nSee [diff](docs/diff.md#no-such-heading).\n"), "docs/diff.md has no heading #no-such-heading"},
		{"wrapped link", appendText("\nSee [the\ndiff](docs/diff.md#no-heading-either).\n"), "docs/diff.md has no heading #no-heading-either"},
	}
	for _, c := range cases {
		changed := maps.Clone(docs)
		maps.Copy(changed, c.changed)
		probs := strings.Join(checkDocs(changed, root, cmds, flags), "\n")
		if !strings.Contains(probs, c.want) {
			t.Errorf("%s: the check says\n%s\nwant %q", c.name, probs, c.want)
		}
	}
}

var (
	headingRE  = regexp.MustCompile(`^(#{1,6})\s+(.*)$`)
	listRE     = regexp.MustCompile("^ {0,3}[-*] +`([^`]+)`")
	rowRE      = regexp.MustCompile("^\\|\\s*(?:\\[`([^`]+)`\\]\\([^)]*\\)|`([^`]+)`)\\s*\\|")
	spanRE     = regexp.MustCompile("`([^`]+)`")
	linkRE     = regexp.MustCompile(`\[[^\]]*\]\(([^)\s]+)\)`)
	fenceRE    = regexp.MustCompile("^ {0,3}```")
	indentedRE = regexp.MustCompile(`^( {4}|\t)`)
)

// checkDocs returns what is wrong with docs (path -> text) against what
// the command line accepts: each command and flag not documented, or
// documented more than once, a flag documented that it does not accept,
// and each relative link that does not resolve.
func checkDocs(docs map[string]string, root string, cmds map[string]bool, flags map[string][]string) []string {
	var probs []string
	cmdAt, flagAt := map[string][]string{}, map[string][]string{}
	files := make([]string, 0, len(docs))
	for f := range docs {
		files = append(files, f)
	}
	sort.Strings(files)
	for _, f := range files {
		probs = append(probs, definitions(f, docs[f], cmds, cmdAt, flagAt)...)
		probs = append(probs, links(f, docs[f], docs, root)...)
	}
	for c := range cmds {
		probs = append(probs, once("command "+c, cmdAt[c])...)
	}
	for c, fl := range flags {
		for _, name := range fl {
			probs = append(probs, once(fmt.Sprintf("flag --%s of %s", name, c), flagAt[c+" --"+name])...)
		}
	}
	for key, at := range flagAt {
		c, name, _ := strings.Cut(key, " --")
		found := false
		for _, n := range flags[c] {
			found = found || n == name
		}
		if !found {
			probs = append(probs, fmt.Sprintf("%s: documents flag --%s of %s, which it does not accept", at[0], name, c))
		}
	}
	sort.Strings(probs)
	return probs
}

// once is the problem with a term defined at the places at, unless there
// is exactly one.
func once(what string, at []string) []string {
	switch len(at) {
	case 1:
		return nil
	case 0:
		return []string{what + ": not documented"}
	}
	return []string{fmt.Sprintf("%s: documented in %d places: %s", what, len(at), strings.Join(at, ", "))}
}

// definitions records file's definitions of commands (cmdAt[name]) and
// flags (flagAt["cmd --flag"]) with their file:line, and returns what is
// wrong in their form.
func definitions(file, text string, cmds map[string]bool, cmdAt, flagAt map[string][]string) []string {
	var probs []string
	var section []string // the commands a "Flags of" heading names; nil elsewhere
	inFlags, fenced := false, false
	for i, line := range strings.Split(text, "\n") {
		at := fmt.Sprintf("%s:%d", file, i+1)
		if fenceRE.MatchString(line) {
			fenced = !fenced
		}
		if fenced || indentedRE.MatchString(line) && !listRE.MatchString(line) {
			continue
		}
		if m := headingRE.FindStringSubmatch(line); m != nil {
			inFlags, section = strings.HasPrefix(m[2], "Flags of"), nil
			for _, s := range spanRE.FindAllStringSubmatch(m[2], -1) {
				if !cmds[s[1]] {
					probs = append(probs, fmt.Sprintf("%s: heading names %q, which is not a command", at, s[1]))
				}
				section = append(section, s[1])
			}
			continue
		}
		term := ""
		if m := listRE.FindStringSubmatch(line); m != nil {
			term = m[1]
		} else if m := rowRE.FindStringSubmatch(line); m != nil {
			term = m[1] + m[2]
		}
		switch {
		case strings.HasPrefix(term, "-"):
			if !inFlags || len(section) == 0 {
				probs = append(probs, fmt.Sprintf("%s: `%s` defined outside a \"Flags of\" section that names its commands", at, term))
				continue
			}
			name := strings.TrimLeft(strings.Fields(term)[0], "-")
			for _, c := range section {
				flagAt[c+" --"+name] = append(flagAt[c+" --"+name], at)
			}
		case cmds[term]:
			cmdAt[term] = append(cmdAt[term], at)
		}
	}
	return probs
}

// links returns each relative link of file that does not resolve: to a
// file of docs or of the repository, and to a heading of a Markdown file.
// A link's text may wrap, so the whole text is searched.
func links(file, text string, docs map[string]string, root string) []string {
	var probs []string
	for _, m := range linkRE.FindAllStringSubmatchIndex(text, -1) {
		target := text[m[2]:m[3]]
		if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
			continue
		}
		at := fmt.Sprintf("%s:%d: %s", file, strings.Count(text[:m[2]], "\n")+1, target)
		if why := resolve(file, target, docs, root); why != "" {
			probs = append(probs, at+": "+why)
		}
	}
	return probs
}

// resolve says why target, a link of file, does not resolve ("" if it does).
func resolve(file, target string, docs map[string]string, root string) string {
	p, anchor, _ := strings.Cut(target, "#")
	if p == "" {
		p = file
	} else {
		p = path.Clean(path.Join(path.Dir(file), p))
	}
	md, isDoc := docs[p]
	if !isDoc {
		if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(p))); err != nil {
			return p + " does not exist"
		}
	}
	switch {
	case anchor == "":
		return ""
	case !isDoc:
		return "an anchor into a file that is not one of the docs"
	case !slugs(md)[anchor]:
		return p + " has no heading #" + anchor
	}
	return ""
}

// slugs are the anchors of a Markdown file's headings, as GitHub makes
// them: lower case, punctuation dropped, spaces made hyphens, a repeated
// one numbered.
func slugs(text string) map[string]bool {
	out, seen := map[string]bool{}, map[string]int{}
	fenced := false
	for _, line := range strings.Split(text, "\n") {
		if fenceRE.MatchString(line) {
			fenced = !fenced
		}
		m := headingRE.FindStringSubmatch(line)
		if fenced || m == nil {
			continue
		}
		var b strings.Builder
		for _, r := range strings.ToLower(m[2]) {
			switch {
			case r == ' ':
				b.WriteRune('-')
			case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
				b.WriteRune(r)
			}
		}
		s := b.String()
		if n := seen[s]; n > 0 {
			seen[s]++
			s = fmt.Sprintf("%s-%d", s, n)
		} else {
			seen[s] = 1
		}
		out[s] = true
	}
	return out
}
