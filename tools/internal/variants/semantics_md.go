package variants

import (
	"fmt"
	"io"
	"strings"
)

// PrintMarkdown writes the review as a Markdown review comment: the
// default review's content, a section per step.
func (r *SemResult) PrintMarkdown(w io.Writer) {
	fmt.Fprintf(w, "# Semantics review: %s\n", strings.Join(r.eraNames(), " → "))
	for _, st := range r.steps {
		fmt.Fprintf(w, "\n## %s → %s\n\n%s\n", st.old, st.cur, markdownEscape(st.summary(r.seed)))
		if st.old == profile6ad33be.Name && len(r.findings) > 0 {
			fmt.Fprintf(w, "\n### OS conventions 6ad33be's code does not test for\n\n")
			for _, f := range r.findings {
				fmt.Fprintf(w, "- %s: %s\n", f.port, markdownEscape(strings.Join(f.facts, ", ")))
			}
			fmt.Fprintln(w)
			for _, g := range r.findingGroups() {
				fmt.Fprintf(w, "- %s, on %s\n", markdownEscape(g.effect), strings.Join(g.ports, " "))
			}
		}
		vis, book := st.split()
		fmt.Fprintf(w, "\n### What a caller sees change (%d causes, most severe first)\n\n", len(vis))
		for i, c := range vis {
			if i < fullCauses {
				r.markdownCause(w, st, i+1, c)
				continue
			}
			other := ""
			if l, ok := c.topOther(); ok {
				other = fmt.Sprintf(", %s `%s`%s", st.eraOf(1-c.side), l.Site, brWords(l.Br))
			}
			fmt.Fprintf(w, "%d. %d scenarios on %s: %s `%s`%s%s; %s; `--scenario %s:%d`\n", i+1, c.n,
				portsBrief(c.ports), st.eraOf(c.side), c.line.Site, brWords(c.line.Br), other,
				markdownEscape(topEffects(c, 1, true)), st.cur, c.example.ID)
		}
		fmt.Fprintf(w, "\n### Bookkeeping only (a cell %s lacks)\n\n", st.old)
		for _, c := range book {
			fmt.Fprintf(w, "- %s: %d scenarios on %d ports; %s `%s` `%s`\n", markdownEscape(topEffects(c, 1, true)), c.n,
				len(c.ports), st.eraOf(c.side), c.line.Site, codeSpan(c.line.Text))
		}
	}
	fmt.Fprintf(w, "\n%s\n", markdownEscape(callersNote))
}

// markdownCause writes a cause in full as an item of a numbered list.
func (r *SemResult) markdownCause(w io.Writer, st *semStep, n int, c *cause) {
	fmt.Fprintf(w, "%d. **%d scenarios** (%d with ordinary stat values) on %s, in %s\n", n, c.n, c.ordinary,
		portsWords(c.ports), strings.Join(sortedFuncs(c.funcs), ", "))
	fmt.Fprintf(w, "   - %s `%s` `%s`%s\n", st.eraOf(c.side), c.line.Site, codeSpan(c.line.Text), brWords(c.line.Br))
	for i, l := range c.others() {
		if i == 3 {
			fmt.Fprintf(w, "   - %s: %d more lines\n", st.eraOf(1-c.side), len(c.other)-3)
			break
		}
		fmt.Fprintf(w, "   - %s `%s` `%s`%s (%d)\n", st.eraOf(1-c.side), l.Site, codeSpan(l.Text), brWords(l.Br), c.other[l])
	}
	fmt.Fprintf(w, "   - %s\n", markdownEscape(topEffects(c, 3, false)))
	sc := c.example
	fmt.Fprintf(w, "   - e.g. %s/%s %s, %s, stat=%#x n=%#x: `%s --scenario %s:%d`\n", sc.GOOS, sc.Arch.Name, sc.Func,
		markdownEscape(scriptWords(sc.Script)), sc.Stat, sc.N, r.command(), st.cur, sc.ID)
}

// codeSpan is s as the text of a Markdown code span (a backtick in it
// would end the span).
func codeSpan(s string) string { return strings.ReplaceAll(s, "`", "'") }

// eraNames are the eras compared, in order.
func (r *SemResult) eraNames() []string {
	var out []string
	for i, st := range r.steps {
		if i == 0 {
			out = append(out, st.old)
		}
		out = append(out, st.cur)
	}
	return out
}
