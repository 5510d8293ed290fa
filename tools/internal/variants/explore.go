package variants

import (
	"fmt"
	"sort"
	"strings"
)

// callResults are a trace's scripted calls: primitive names, in order.
func callResults(trace string, classes map[string][]string) []string {
	var out []string
	for _, l := range strings.Split(trace, "\n") {
		if !strings.HasPrefix(l, "call ") || !strings.Contains(l, " -> ") {
			continue
		}
		prim := strings.Fields(l)[1]
		if _, ok := classes[prim]; ok {
			out = append(out, prim)
		}
	}
	return out
}

// explore finds, for each target, the scripts that reach every result of
// every OS call (Explore), from the base scenario on the target's port.
func explore(profile string, targets []target, run func([]string) ([]string, error)) (map[target][][]Step, error) {
	var starts []*Scenario
	for _, t := range targets {
		sc := base(profile, t)
		if t.fn == "persistentalloc" {
			sc.N = 0x20
		}
		if t.fn == "newosproc0" {
			sc.N = 0x10000
		}
		starts = append(starts, sc)
	}
	scripts, err := Explore(starts, nil, run)
	if err != nil {
		return nil, err
	}
	out := map[target][][]Step{}
	for i, t := range targets {
		out[t] = scripts[i]
	}
	return out, nil
}

// Explore finds, for each start scenario (its script aside), the scripts
// that reach every result of every OS call: from a run where the OS
// succeeds, every call the trace shows is retried with each of its other
// results, keeping the calls before it. classes are the results of each
// primitive, its success first (nil: the ones the variants explore). The
// scripts of each start come back shortest first.
func Explore(starts []*Scenario, classes map[string][]string, run func([]string) ([]string, error)) ([][][]Step, error) {
	if classes == nil {
		classes = resultClasses
	}
	out := make([][][]Step, len(starts))
	seen := map[string]bool{}
	type item struct {
		start  int
		script []Step
	}
	var frontier []item
	for i := range starts {
		frontier = append(frontier, item{i, nil})
		seen[fmt.Sprintf("%d|", i)] = true
	}
	for round := 0; len(frontier) > 0 && round < 8; round++ {
		var lines []string
		for i, it := range frontier {
			sc := *starts[it.start]
			sc.ID, sc.Script = i, it.script
			lines = append(lines, sc.Line())
			out[it.start] = append(out[it.start], it.script)
		}
		traces, err := run(lines)
		if err != nil {
			return nil, err
		}
		var next []item
		for i, it := range frontier {
			calls := callResults(traces[i], classes)
			used := map[string]int{}
			var prefix []Step
			for _, prim := range calls {
				k := used[prim]
				used[prim]++
				class := "ok"
				for _, st := range it.script {
					if st.prim == prim {
						if k == 0 {
							class = st.Class
						}
						k--
					}
				}
				if len(prefix) < 6 {
					for _, alt := range classes[prim] {
						if alt == class {
							continue
						}
						s := trimOK(append(append([]Step{}, prefix...), Step{prim, alt}))
						key := fmt.Sprintf("%d|%s", it.start, scriptKey(s))
						if !seen[key] {
							seen[key] = true
							next = append(next, item{it.start, s})
						}
					}
				}
				prefix = append(prefix, Step{prim, class})
			}
		}
		frontier = next
	}
	for i := range out {
		sort.SliceStable(out[i], func(a, b int) bool { return len(out[i][a]) < len(out[i][b]) })
	}
	return out, nil
}

// trimOK drops trailing "ok" steps: a call past its script succeeds anyway.
func trimOK(s []Step) []Step {
	for len(s) > 0 && s[len(s)-1].Class == "ok" {
		s = s[:len(s)-1]
	}
	return s
}
