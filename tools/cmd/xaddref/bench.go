package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"xaddref/tools/internal/bench"
	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/report"
	"xaddref/tools/internal/tree"
)

// runBench measures the check's throughput and verify cold and warm on a
// target; it reports the figures.
func runBench(args []string) error {
	fs := cli.NewFlagSet("bench")
	jsonPath := fs.String("json", "", "FILE write the figures as JSON too")
	rounds := fs.Int("rounds", 9, "N interleaved rounds of P1's benchmarks")
	ops := fs.Int("ops", 30000000, "N operations per benchmark and round")
	treeDir := fs.String("tree", "", "DIR the target of P1 and P3 (default: verify's default target)")
	verifyArch := fs.String("verify-arch", "all", "LIST|all the architectures of P3's verify, comma-separated (all: as verify runs with no flags)")
	noVerify := fs.Bool("no-verify", false, "skip P3 (verify cold and warm, ten minutes or more)")
	if err := cli.Parse(fs, args); err != nil {
		return err
	}
	if *rounds < 1 {
		return cli.Usagef("bench: --rounds %d: give 1 or more", *rounds)
	}
	if *ops < 1000 {
		return cli.Usagef("bench: --ops %d: give 1000 or more operations per benchmark and round", *ops)
	}
	if *jsonPath != "" {
		if st, err := os.Stat(filepath.Dir(*jsonPath)); err != nil || !st.IsDir() {
			return cli.Usagef("bench: --json %s: its directory does not exist", *jsonPath)
		}
	}
	// The runtime's test binary calls the model through cgo, which
	// compiles it as Bazel defines it; P3's verify needs both as well.
	if err := kit.Need("gcc", "gcc"); err != nil {
		return err
	}
	if err := kit.Need("bazel", "bazel-bootstrap"); err != nil {
		return err
	}
	info, err := tree.Identify(*treeDir)
	if err != nil {
		return err
	}
	o := bench.Options{Tree: info, Rounds: *rounds, Ops: *ops}
	if !*noVerify {
		for _, a := range strings.Split(*verifyArch, ",") {
			if a = strings.TrimSpace(a); a != "" {
				o.VerifyArches = append(o.VerifyArches, a)
			}
		}
		if len(o.VerifyArches) == 0 {
			return cli.Usagef("bench: --verify-arch is empty; give a comma-separated list or all")
		}
		if err := bench.CheckArches(info.Era, o.VerifyArches); err != nil {
			return err
		}
		self, err := os.Executable()
		if err != nil {
			return cli.Usagef("bench: cannot find the xaddref binary for P3: %v", err)
		}
		o.Self = self
	}
	f, err := bench.Run(o)
	if err != nil {
		return err
	}
	if *noVerify {
		f.P3SkippedReason = "--no-verify"
	}
	rep := report.Report{Tree: f.Target, Era: info.Era.Name}
	for _, r := range f.Rows() {
		rep.Add(r)
	}
	rep.Finish()
	rep.Print(os.Stdout)
	fmt.Printf("load average %s; medians of %d interleaved rounds of %d operations per benchmark\n", f.LoadAverage, f.Rounds, f.OpsPerRound)
	if f.P3Command != "" {
		fmt.Printf("P3 measured with: %s\n", f.P3Command)
	}
	if *jsonPath != "" {
		b, err := json.MarshalIndent(f, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(*jsonPath, append(b, '\n'), 0o644); err != nil {
			return cli.Usagef("bench: --json %s: %v", *jsonPath, err)
		}
	}
	if rep.Verdict != report.Pass {
		return cli.Failf("bench: a goal was missed (the figures depend on the machine and its load)")
	}
	return nil
}
