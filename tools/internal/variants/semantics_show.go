package variants

import (
	"fmt"
	"io"
)

// Scenario writes the runs of scenario id of the step to era name (its
// newer era): the scenario line in each era, what each run did, line by
// line, and where they part.
func (r *SemResult) Scenario(w io.Writer, era string, id int) error {
	for _, st := range r.steps {
		if st.cur != era {
			continue
		}
		if id < 0 || id >= len(st.scs) {
			return fmt.Errorf("the step to %s has scenarios 0 to %d", era, len(st.scs)-1)
		}
		st.show(w, st.scs[id])
		return nil
	}
	return fmt.Errorf("no step to era %s", era)
}

// show writes the two runs of sc, aligned: the steps both do once,
// each hunk with the older era's steps (-) and the newer's (+).
func (st *semStep) show(w io.Writer, sc *Scenario) {
	names := [2]string{st.old, st.cur}
	var ps [2]path
	for k := range ps {
		sc.Profile, sc.Conv = names[k], st.convs[k][sc.GOOS+"/"+sc.Arch.Name]
		fmt.Fprintf(w, "%s: %s\n", names[k], sc.Line())
		ps[k] = parsePath(st.traces[k][sc.ID], sc, st.sites[k])
		b := summarize(st.traces[k][sc.ID], sc)
		fmt.Fprintf(w, "  %s\n", b.text(true))
	}
	al := newSimCache().align(ps[0].steps, ps[1].steps)
	i, j := 0, 0
	for _, h := range append(al.hunks(), hunk{len(ps[0].steps), len(ps[0].steps), len(ps[1].steps), len(ps[1].steps)}) {
		for ; i < h.o0; i, j = i+1, j+1 {
			mark := " "
			if al.edited[i] {
				mark = "~"
			}
			fmt.Fprintf(w, "%s %s\n", mark, pairText(ps[0].steps[i], ps[1].steps[j]))
		}
		for ; i < h.o1; i++ {
			fmt.Fprintf(w, "- %s\n", stepText(ps[0].steps[i]))
		}
		for ; j < h.n1; j++ {
			fmt.Fprintf(w, "+ %s\n", stepText(ps[1].steps[j]))
		}
	}
	for _, f := range explain(ps[0], ps[1], al, summarize(st.traces[0][sc.ID], sc), summarize(st.traces[1][sc.ID], sc)) {
		fmt.Fprintf(w, "cause: %s %s %s (%s)\n", names[f.side], f.line.Site, f.line.Text, f.what)
	}
}

func stepText(s step) string {
	l := stepLine(s)
	switch s.kind {
	case chargeStep:
		return fmt.Sprintf("%-20s (charges %s)", s.site, s.text)
	case endStep:
		return fmt.Sprintf("%-20s (%s)", s.site, s.text)
	}
	return fmt.Sprintf("%-20s %s%s", l.Site, l.Text, brWords(l.Br))
}

func pairText(a, b step) string {
	if a.site == b.site {
		return stepText(a)
	}
	return stepText(a) + "  =  " + b.site
}
