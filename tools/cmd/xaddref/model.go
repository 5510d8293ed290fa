package main

import (
	"errors"
	"flag"
	"os"
	"os/exec"

	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/kit"
)

// modelFlags are the flag sets of the C model's command line (cref/cli.c,
// which parses them and prints its own usage on a bad argument): `model -h`
// answers with them without building the model, and the kit's docs test
// reads them.
func modelFlags() []*flag.FlagSet {
	sub := func(name string, third ...string) *flag.FlagSet {
		fs := cli.NewFlagSet("model " + name)
		if len(third) == 0 {
			return fs
		}
		fs.String("arch", "", "A the architecture (required; model arches lists them)")
		fs.String("cell", "", "C the stat cell's 64-bit value, decimal or 0x-hex (required)")
		fs.String(third[0], "", third[1])
		return fs
	}
	return []*flag.FlagSet{
		sub("xadd", "delta", "D what xadduintptr adds, a uintptr of the architecture (required)"),
		sub("stat-inc", "n", "N the bytes charged, a uintptr of the architecture (required)"),
		sub("stat-dec", "n", "N the bytes charged, a uintptr of the architecture (required)"),
		sub("arches"),
	}
}

// runModel passes its arguments to the C model's command line (//cref:cref),
// which prints the one-line result and validates its own input.
func runModel(args []string) error {
	if len(args) == 0 {
		return cli.Usagef("no subcommand\n%s", cli.HelpOf(modelFlags()...).Usage)
	}
	if args[0] == "-h" || args[0] == "--help" {
		return cli.HelpOf(modelFlags()...)
	}
	bin, err := kit.Cref()
	if err != nil {
		return err
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err = cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return &cli.Error{Code: exit.ExitCode()} // cref printed the message
	}
	return err
}
