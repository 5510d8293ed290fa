package variants

import (
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
)

// width is the terminal the text report is laid out for.
const width = 100

// fullCauses is how many causes a caller sees the default review gives in
// full (their lines' text, every effect); the others get a line or two.
const fullCauses = 5

// Print writes the review: a screen per step from an era to the next.
// What a caller sees change comes first, most severe first, each cause
// with its count, ports, lines in both trees and one example to rerun;
// bookkeeping follows, a line per cause.
func (r *SemResult) Print(w io.Writer) {
	for i, st := range r.steps {
		if i > 0 {
			fmt.Fprintln(w)
		}
		r.printStep(w, st, false)
	}
	writeWrapped(w, "", "", fmt.Sprintf("An example #ID of the step to ERA reruns with %s --scenario ERA:ID; "+
		"-v gives every cause in full and every way the runs differ. %s", r.command(), callersNote))
}

// PrintVerbose writes everything: each step's causes in full, every
// group of scenarios that behave alike in each era, and the OS
// conventions the scenarios ran on.
func (r *SemResult) PrintVerbose(w io.Writer) {
	for i, st := range r.steps {
		if i > 0 {
			fmt.Fprintln(w)
		}
		r.printStep(w, st, true)
		st.printRows(w)
	}
	for _, t := range r.conventions {
		fmt.Fprintf(w, "\nOS conventions the %s scenarios ran on, per port:\n", t.Profile)
		for _, l := range t.Summary() {
			writeWrapped(w, "  ", "    ", l)
		}
	}
	fmt.Fprintln(w)
	writeWrapped(w, "", "", callersNote)
}

// callersNote: the review says how each variant behaves; where a tree's
// callers reach the new exit is the callers check's.
const callersNote = "Which call sites of a tree reach 6ad33be's exit(2): tools/xaddref callers --tree DIR --all " +
	"(README: Where the new exit can fire)."

// printStep writes a step's review; verbose, every cause in full.
func (r *SemResult) printStep(w io.Writer, st *semStep, verbose bool) {
	fmt.Fprintf(w, "== %s -> %s ==\n", st.old, st.cur)
	writeWrapped(w, "", "", st.summary(r.seed))
	if st.old == profile6ad33be.Name && len(r.findings) > 0 {
		r.printFindings(w)
	}
	vis, book := st.split()
	fmt.Fprintf(w, "\nWhat a caller sees change: %d causes, with ordinary stat values first, the most severe first:\n", len(vis))
	for i, c := range vis {
		if verbose || i < fullCauses {
			r.printCause(w, st, i+1, c, verbose)
		} else {
			printCauseBrief(w, st, i+1, c)
		}
	}
	fmt.Fprintf(w, "\nBookkeeping only (a cell %s lacks):\n", st.old)
	for _, c := range book {
		writeWrapped(w, "  ", "      ", fmt.Sprintf("%s: %d scenarios on %d ports; %s %s %s", topEffects(c, 1, !verbose),
			c.n, len(c.ports), st.eraOf(c.side), c.line.Site, c.line.Text))
	}
}

// summary is the step's first line: what ran and how it came out.
func (st *semStep) summary(seed int64) string {
	s := fmt.Sprintf("%d scenarios (seed %d) through each era's code: %d behave alike, %d differently, for %d causes "+
		"(a scenario can show several).", st.scenarios, seed, st.same, st.scenarios-st.same, len(st.causes))
	var differ []string
	for _, name := range []string{st.old, st.cur} {
		if n := st.modelDiffers[name]; n > 0 {
			differ = append(differ, fmt.Sprintf("%s on %d scenarios", name, n))
		}
	}
	if len(differ) == 0 {
		return s + " The C model's traces are the trees' code's on every scenario."
	}
	return s + " The C model's traces differ from the trees' code's for " + strings.Join(differ, " and ") +
		" (tools/xaddref variants says where): the causes are the trees'."
}

// split is the step's causes a caller sees, and those that only add
// bookkeeping.
func (st *semStep) split() (vis, book []*cause) {
	for _, c := range st.causes {
		if c.visible {
			vis = append(vis, c)
		} else {
			book = append(book, c)
		}
	}
	return vis, book
}

func (st *semStep) eraOf(side int) string {
	if side == 0 {
		return st.old
	}
	return st.cur
}

// printCause writes a cause in full: where, its lines in both trees,
// what it changes, and an example; verbose, every line and effect.
func (r *SemResult) printCause(w io.Writer, st *semStep, n int, c *cause, verbose bool) {
	head := fmt.Sprintf("%d scenarios (%d ordinary) on %s, in %s:", c.n, c.ordinary,
		portsWords(c.ports), strings.Join(sortedFuncs(c.funcs), ", "))
	writeWrapped(w, fmt.Sprintf("%2d. ", n), "      ", head)
	most := 1
	if verbose {
		most = len(c.other)
	}
	for _, l := range causeLines(st, c, most) {
		writeWrapped(w, "      ", "          ", l)
	}
	if verbose {
		writeWrapped(w, "    ", "      ", topEffects(c, len(c.effects), false))
	} else {
		var parts []string
		es := c.effectList()
		for i, e := range es {
			if i == 2 {
				parts = append(parts, fmt.Sprintf("and %d more (-v)", len(es)-2))
				break
			}
			parts = append(parts, fmt.Sprintf("%s (%d)", compactEffect(e), c.effects[e]))
		}
		line := strings.Join(parts, "; ")
		writeWrapped(w, "    ", "      ", line)
	}
	sc := c.example
	writeWrapped(w, "    ", "      ", fmt.Sprintf("e.g. #%d: %s/%s %s, %s, stat=%#x n=%#x", sc.ID, sc.GOOS, sc.Arch.Name,
		sc.Func, scriptWords(sc.Script), sc.Stat, sc.N))
}

// printCauseBrief writes a cause in a line or two (one, cut short, for a
// cause seen only next to a boundary): its count, ports, example, the
// lines where the runs part, and what it changes most often, in few words.
func printCauseBrief(w io.Writer, st *semStep, n int, c *cause) {
	other := ""
	if l, ok := c.topOther(); ok {
		other = fmt.Sprintf(" vs %s %s%s", st.eraOf(1-c.side), l.Site, brWords(l.Br))
	}
	line := fmt.Sprintf("%d on %s, e.g. #%d: %s %s%s%s: %s", c.n, portsBrief(c.ports), c.example.ID,
		st.eraOf(c.side), c.line.Site, brWords(c.line.Br), other, compactEffect(c.effectList()[0]))
	if len(c.effects) > 1 {
		line += fmt.Sprintf(" (+%d)", len(c.effects)-1)
	}
	if c.ordinary > 0 {
		writeWrapped(w, fmt.Sprintf("%2d. ", n), "      ", line)
		return
	}
	// Only next to a boundary: a line, cut short.
	line = fmt.Sprintf("%2d. %s", n, line)
	if len(line) > width {
		line = line[:width-3] + "..."
	}
	fmt.Fprintln(w, line)
}

// portsBrief is the ports, or how many they are if they are many.
func portsBrief(ports map[string]bool) string {
	if len(ports) <= 3 {
		return portsWords(ports)
	}
	return fmt.Sprintf("%d ports", len(ports))
}

// causeLines are a cause's lines in both trees: the one where the runs
// part, then the other tree's there, the most frequent first (at most
// most of them).
func causeLines(st *semStep, c *cause, most int) []string {
	out := []string{fmt.Sprintf("%-7s %s  %s%s", st.eraOf(c.side), c.line.Site, c.line.Text, brWords(c.line.Br))}
	if len(c.other) > 0 && most == 0 {
		most = 1
	}
	others := c.others()
	if len(others) == 0 {
		out = append(out, fmt.Sprintf("%-7s (no line of its own: the runs part at the line above)", st.eraOf(1-c.side)))
	}
	for i, l := range others {
		if i == most {
			out = append(out, fmt.Sprintf("%-7s ... and %d more lines (-v)", "", len(others)-most))
			break
		}
		out = append(out, fmt.Sprintf("%-7s %s  %s%s (%d)", st.eraOf(1-c.side), l.Site, l.Text, brWords(l.Br), c.other[l]))
	}
	return out
}

// others are the other tree's lines of a cause, the most frequent first.
func (c *cause) others() []siteLine {
	var out []siteLine
	for l := range c.other {
		out = append(out, l)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if c.other[a] != c.other[b] {
			return c.other[a] > c.other[b]
		}
		if a.Site != b.Site {
			return a.Site < b.Site
		}
		return a.Br < b.Br
	})
	return out
}

func (c *cause) topOther() (siteLine, bool) {
	o := c.others()
	if len(o) == 0 {
		return siteLine{}, false
	}
	return o[0], true
}

// topEffects are a cause's most frequent effects (at most most), with
// their counts; short, what was printed cut short.
func topEffects(c *cause, most int, short bool) string {
	es := c.effectList()
	var parts []string
	for i, e := range es {
		if i == most {
			parts = append(parts, fmt.Sprintf("and %d more", len(es)-most))
			break
		}
		n := c.effects[e]
		if short {
			e = printedRE.ReplaceAllStringFunc(e, func(m string) string {
				msg := printedRE.FindStringSubmatch(m)[1]
				if len(msg) > 32 {
					msg = msg[:32] + "..."
				}
				return ` ("` + msg + `")`
			})
		}
		parts = append(parts, fmt.Sprintf("%s (%d)", e, n))
	}
	return strings.Join(parts, "; ")
}

// printedRE is what an outcome printed first; messageRE a message it
// quotes.
var (
	printedRE = regexp.MustCompile(` after printing "((?:[^"\\]|\\.)*)"`)
	messageRE = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)
)

// effectList is a cause's effects, the most frequent first.
func (c *cause) effectList() []string {
	var es []string
	for e := range c.effects {
		es = append(es, e)
	}
	sort.Slice(es, func(i, j int) bool {
		if c.effects[es[i]] != c.effects[es[j]] {
			return c.effects[es[i]] > c.effects[es[j]]
		}
		return es[i] < es[j]
	})
	return es
}

// example is a cause's example: the scenario in words and the command
// that shows its two runs.
func (r *SemResult) example(st *semStep, c *cause) string {
	sc := c.example
	return fmt.Sprintf("%s/%s %s, %s, stat=%#x n=%#x: %s --scenario %s:%d", sc.GOOS, sc.Arch.Name, sc.Func,
		scriptWords(sc.Script), sc.Stat, sc.N, r.command(), st.cur, sc.ID)
}

// command is how to rerun the comparison: Command, with the seed and the
// number of random scenarios where they are not the defaults.
func (r *SemResult) command() string {
	cmd := r.Command
	if cmd == "" {
		cmd = "tools/xaddref semantics"
	}
	if r.seed != 1 {
		cmd += fmt.Sprintf(" --seed %d", r.seed)
	}
	if r.random != 200 {
		cmd += fmt.Sprintf(" --random %d", max(r.random, 0))
	}
	return cmd
}

// printFindings writes the ports whose OS conventions 6ad33be's code does
// not test for, grouped by what it does there.
func (r *SemResult) printFindings(w io.Writer) {
	writeWrapped(w, "", "", fmt.Sprintf("OS conventions 6ad33be's code does not test for (%s), what it does "+
		"there, and the line that reads the result otherwise:", r.findingFacts()))
	for _, g := range r.findingGroups() {
		writeWrapped(w, "  - ", "    ", fmt.Sprintf("%s: %s", strings.Join(g.ports, " "), g.effect))
	}
}

// findingFacts are the findings' ports with their failure conventions
// that are not the expected ones, ports alike together.
func (r *SemResult) findingFacts() string {
	var keys []string
	ports := map[string][]string{}
	for _, f := range r.findings {
		var facts []string
		for _, fact := range f.facts {
			name, _, _ := strings.Cut(fact, " (")
			for k, v := range expected {
				if strings.HasPrefix(name, k+" ") && !strings.HasSuffix(name, " "+v) {
					facts = append(facts, strings.Replace(name, " failure", "", 1))
				}
			}
		}
		k := strings.Join(facts, ", ")
		if _, ok := ports[k]; !ok {
			keys = append(keys, k)
		}
		ports[k] = append(ports[k], f.port)
	}
	var parts []string
	for _, k := range keys {
		parts = append(parts, strings.Join(ports[k], " ")+": "+k)
	}
	return strings.Join(parts, "; ")
}

// A findingGroup is a conventions effect and the ports it shows on.
type findingGroup struct {
	effect string
	ports  []string
}

// findingGroups are the findings' effects, each with its ports; the
// effects of one function that differ only in the failure the OS gave
// are one.
func (r *SemResult) findingGroups() []findingGroup {
	ports := map[convEffect][]string{}
	var order []convEffect
	for _, f := range r.findings {
		for _, e := range f.effects {
			if _, ok := ports[e]; !ok {
				order = append(order, e)
			}
			ports[e] = append(ports[e], f.port)
		}
	}
	type key struct{ ports, fn, got, want string }
	var keys []key
	first := map[key]convEffect{}
	scripts := map[key][]string{}
	for _, e := range order {
		fn, script, _ := strings.Cut(e.probe, ", ")
		k := key{strings.Join(ports[e], " "), fn, e.got, e.want}
		if f, ok := first[k]; ok && (f.line != e.line || f.wantBr != e.wantBr) {
			k.fn += " " + e.line.Site // another line: another group
		}
		if _, ok := first[k]; !ok {
			keys = append(keys, k)
			first[k] = e
		}
		scripts[k] = append(scripts[k], script)
	}
	var out []findingGroup
	for _, k := range keys {
		e := first[k]
		fn, _, _ := strings.Cut(e.probe, ", ")
		e.probe = fn + ", " + compactOS(scripts[k])
		out = append(out, findingGroup{effect: e.String(), ports: strings.Fields(k.ports)})
	}
	return out
}

// printRows writes the step's groups of scenarios that behave alike in
// each era: ordinary stat values first, then the rest.
func (st *semStep) printRows(w io.Writer) {
	for _, ordinary := range []bool{true, false} {
		if ordinary {
			fmt.Fprintf(w, "\nEvery way the runs differ, with ordinary stat values (far from every boundary):\n")
		} else {
			fmt.Fprintf(w, "\nEvery way the runs differ, with stat values next to a boundary, or random:\n")
		}
		for _, row := range st.rows {
			if row.ordinary != ordinary {
				continue
			}
			fmt.Fprintln(w)
			writeWrapped(w, "", "", fmt.Sprintf("%s, %s, %s: %d scenarios", row.file, row.goos, row.fn, row.scenarios))
			for _, f := range row.fields(st.old, st.cur) {
				writeWrapped(w, fmt.Sprintf("  %-9s ", f.name+":"), strings.Repeat(" ", 12), f.value)
			}
		}
	}
}

type semField struct{ name, value string }

// fields are a row's parts after its heading, those it has.
func (row semRow) fields(old, cur string) []semField {
	var out []semField
	for _, f := range []semField{
		{"OS", row.results}, {"input", row.input}, {"arches", row.arches},
		{old, row.old}, {cur, row.new}, {"example", row.example},
	} {
		if f.value != "" && f.value != "-" {
			out = append(out, f)
		}
	}
	return out
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
