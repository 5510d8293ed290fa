package main

import (
	"errors"
	"os"
	"os/exec"

	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/kit"
)

// modelUsage is cref's own usage (cref/cli.c), which it prints on a bad
// argument: `model -h` answers it without building the model.
const modelUsage = "usage: xaddref model xadd --arch A --cell C --delta D\n" +
	"       xaddref model stat-inc --arch A --cell C --n N\n" +
	"       xaddref model stat-dec --arch A --cell C --n N\n" +
	"       xaddref model arches"

// runModel passes its arguments to the C model's command line (//cref:cref),
// which prints the one-line result and validates its own input.
func runModel(args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		return cli.Usagef("%s", modelUsage)
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
