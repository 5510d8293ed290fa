package main

import (
	"strings"

	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/fuzz"
	"xaddref/tools/internal/report"
)

// runFuzz runs the libFuzzer targets on the model and Go's native fuzzing
// of the runtime's Xadduintptr against it, for a bounded time each.
func runFuzz(args []string) error {
	fs := cli.NewFlagSet("fuzz")
	seconds := fs.Int("seconds", 60, "N seconds per target")
	target := fs.String("target", "all", strings.Join(fuzz.Targets, ",")+"|all the targets, comma-separated")
	if err := cli.Parse(fs, args); err != nil {
		return err
	}
	o := fuzz.Options{Seconds: *seconds}
	if *target != "all" {
		for _, t := range strings.Split(*target, ",") {
			if t = strings.TrimSpace(t); t != "" {
				o.Targets = append(o.Targets, t)
			}
		}
		if len(o.Targets) == 0 {
			return cli.Usagef("fuzz: --target is empty; give %s or all", strings.Join(fuzz.Targets, ","))
		}
	}
	all := o
	if all.Targets == nil {
		all.Targets = fuzz.Targets
	}
	if err := fuzz.Check(all); err != nil {
		return err
	}
	var rep report.Report
	for _, r := range fuzz.Rows(o) {
		rep.Add(r)
	}
	return finish(&rep, "")
}
