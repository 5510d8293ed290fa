package variants

import (
	"fmt"
	"io"
	"strings"
)

// width is the terminal the text report is laid out for.
const width = 100

// Print writes the comparison as text for a 100-column terminal: ordinary
// stat values first, then the rest; a block per behaviour, 6ad33be's and Go
// 1.19's one under the other.
func (r *SemResult) Print(w io.Writer) {
	for _, ordinary := range []bool{true, false} {
		if ordinary {
			fmt.Fprintln(w, "With ordinary stat values (far from every boundary):")
		} else {
			fmt.Fprintln(w, "\nWith stat values next to a boundary, or random:")
		}
		for _, row := range r.rows {
			if row.ordinary != ordinary {
				continue
			}
			fmt.Fprintln(w)
			head := fmt.Sprintf("%s, %s, %s: %d scenarios", row.file, row.goos, row.fn, row.scenarios)
			writeWrapped(w, "", "", head)
			for _, f := range row.fields() {
				writeWrapped(w, fmt.Sprintf("  %-9s ", f.name+":"), strings.Repeat(" ", 12), f.value)
			}
		}
	}
	if len(r.findings) > 0 {
		fmt.Fprintln(w, "\nWhere a port's OS conventions are not the ones 6ad33be's code tests for: what the code does")
		fmt.Fprintln(w, "there, by the model on the port's conventions (how each fact was obtained: the table of")
		fmt.Fprintln(w, "tools/xaddref verify, where a measurement confirms the model on the ports it runs):")
		for _, f := range r.findings {
			fmt.Fprintln(w)
			writeWrapped(w, "", "", f.port+": "+strings.Join(f.facts, ", "))
			for _, e := range f.effects {
				writeWrapped(w, "  - ", "    ", e)
			}
		}
	}
	for _, t := range r.conventions {
		fmt.Fprintf(w, "\nOS conventions the %s scenarios ran on, per port:\n", t.Profile)
		for _, l := range t.Summary() {
			writeWrapped(w, "  ", "    ", l)
		}
	}
	fmt.Fprintf(w, "\n%s\n", r.summary())
	writeWrapped(w, "", "", callersNote)
}

// callersNote: the table says how each variant behaves; where a tree's
// callers reach the new exit is the callers check's.
const callersNote = "Which call sites of a tree reach 6ad33be's exit(2): tools/xaddref callers --tree DIR --all " +
	"(README: Where the new exit can fire)."

// PrintMarkdown writes the comparison as Markdown: a section per kind of
// stat value, a heading and a list per behaviour.
func (r *SemResult) PrintMarkdown(w io.Writer) {
	fmt.Fprintf(w, "# Where the 6ad33be and Go 1.19 models behave differently\n\n%s.\n\n%s\n", r.summary(), callersNote)
	for _, ordinary := range []bool{true, false} {
		if ordinary {
			fmt.Fprintln(w, "\n## With ordinary stat values (far from every boundary)")
		} else {
			fmt.Fprintln(w, "\n## With stat values next to a boundary, or random")
		}
		for _, row := range r.rows {
			if row.ordinary != ordinary {
				continue
			}
			fmt.Fprintf(w, "\n### `%s`, %s, `%s` (%d scenarios)\n\n", row.file, row.goos, row.fn, row.scenarios)
			for _, f := range row.fields() {
				fmt.Fprintf(w, "- **%s**: %s\n", f.name, markdownEscape(f.value))
			}
		}
	}
	if len(r.findings) > 0 {
		fmt.Fprintln(w, "\n## Where a port's OS conventions are not the ones 6ad33be's code tests for")
		for _, f := range r.findings {
			fmt.Fprintf(w, "\n### %s\n\n%s\n\n", f.port, markdownEscape(strings.Join(f.facts, ", ")))
			for _, e := range f.effects {
				fmt.Fprintf(w, "- %s\n", markdownEscape(e))
			}
		}
	}
	for _, t := range r.conventions {
		fmt.Fprintf(w, "\n## OS conventions the %s scenarios ran on\n\n", t.Profile)
		for _, l := range t.Summary() {
			fmt.Fprintf(w, "- %s\n", markdownEscape(l))
		}
	}
}

type semField struct{ name, value string }

// fields are a row's parts after its heading, those it has.
func (row semRow) fields() []semField {
	var out []semField
	for _, f := range []semField{
		{"OS", row.results}, {"input", row.input}, {"arches", row.arches},
		{"6ad33be", row.old}, {"Go 1.19", row.new}, {"example", row.example},
	} {
		if f.value != "" && f.value != "-" {
			out = append(out, f)
		}
	}
	return out
}

func (r *SemResult) summary() string {
	return fmt.Sprintf("%d scenarios through both models (seed %d): %d behave alike, %d differently, in %d ways",
		r.scenarios, r.seed, r.same, r.scenarios-r.same, len(r.rows))
}

// writeWrapped writes text in lines of at most width columns (a word
// longer than a line stands alone): the first after first, the others
// after rest.
func writeWrapped(w io.Writer, first, rest, text string) {
	line, prefix := "", first
	for _, word := range strings.Fields(text) {
		if line != "" && len(prefix)+len(line)+1+len(word) > width {
			fmt.Fprintln(w, prefix+line)
			line, prefix = "", rest
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	fmt.Fprintln(w, prefix+line)
}

// markdownEscape keeps a value's characters from being read as Markdown.
func markdownEscape(s string) string {
	return strings.NewReplacer("|", "\\|", "*", "\\*", "_", "\\_", "`", "\\`").Replace(s)
}
