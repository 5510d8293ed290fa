// Command xaddref is the kit's command line; tools/xaddref builds and runs it.
package main

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"

	"xaddref/tools/internal/cli"
)

type command struct {
	summary string
	run     func(args []string) error
}

var commands = map[string]command{
	"callers":   {"the stat ledger of a tree and every caller driven: where 6ad33be's new exit(2) can fire", runCallers},
	"bench":     {"benchmarks: the check's throughput, verify cold and warm", runBench},
	"diff":      {"the differential suite: the runtime's Xadduintptr against the C model", runDiff},
	"fuzz":      {"fuzz the model (libFuzzer) and the runtime's Xadduintptr against it (go test -fuzz)", runFuzz},
	"gless":     {"static check: sysAlloc, sysFree, newosproc0 reach nothing that needs a G", runGless},
	"model":     {"run the C reference model: model xadd|stat-inc|stat-dec|arches ...", runModel},
	"regress":   {"the tree's own runtime tests on the series' base and with the series, compared; each change bisected", runRegress},
	"test":      {"run the whole test suite (Bazel, Go, shell) and report", runTest},
	"setup":     {"install the Debian packages the kit needs (tools/packages.txt) and prove its toolchains work", runSetup},
	"series":    {"apply, check, undo the patch series on a Go tree; verify-split proves it is upstream split", runSeries},
	"semantics": {"review, by cause, where each era's mem_<os>.go variants behave otherwise than the era before's", runSemantics},
	"variants":  {"every mem_<os>.go variant of a tree, extracted and run against the C model", runVariants},
	"verify":    {"the main job: check a Go tree (default: Debian's Go 1.19) and report", runVerify},
}

func init() {
	// help lists the commands, help among them: set here, since it reads
	// the table.
	commands["help"] = command{"this text, or one command's usage and flags: help COMMAND", runHelp}
}

func usage() string {
	s := "usage: tools/xaddref COMMAND [flags]\n\ncommands:\n"
	names := make([]string, 0, len(commands))
	for name := range commands {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		s += fmt.Sprintf("  %-9s %s\n", name, commands[name].summary)
	}
	return s
}

// runHelp prints the commands, or one command's usage and flags.
func runHelp(args []string) error {
	switch {
	case len(args) == 0:
		fmt.Print(usage())
		return nil
	case len(args) == 1 && (args[0] == "-h" || args[0] == "--help"):
		return &cli.HelpRequest{Usage: "usage: xaddref help [COMMAND]"}
	case len(args) > 1:
		fmt.Fprint(os.Stderr, usage())
		return cli.Usagef("usage: xaddref help [COMMAND], not %q", "help "+strings.Join(args, " "))
	}
	h, err := helpOf(args[0])
	if err != nil {
		return err
	}
	fmt.Println(helpText(args[0], h))
	return nil
}

// helpOf is a command's usage and flags: what its run answers to -h,
// before any work.
func helpOf(name string) (*cli.HelpRequest, error) {
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprint(os.Stderr, usage())
		return nil, cli.Usagef("help: unknown command %q (see the list above)", name)
	}
	var h *cli.HelpRequest
	if err := cmd.run([]string{"-h"}); !errors.As(err, &h) {
		return nil, fmt.Errorf("help: %s did not answer -h with its usage (%v)", name, err)
	}
	return h, nil
}

// helpText is what `help COMMAND` and `COMMAND --help` print, the same.
func helpText(name string, h *cli.HelpRequest) string {
	return fmt.Sprintf("xaddref %s: %s\n%s", name, commands[name].summary, h.Usage)
}

func main() {
	args := os.Args[1:]
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Print(usage())
		return
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprint(os.Stderr, usage())
		cli.Exit("xaddref", cli.Usagef("unknown command %q (see the list above)", args[0]))
	}
	err := cmd.run(args[1:])
	var h *cli.HelpRequest
	if errors.As(err, &h) {
		fmt.Println(helpText(args[0], h))
		return
	}
	cli.Exit("xaddref "+args[0], err)
}
