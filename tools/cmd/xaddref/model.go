package main

import (
	"errors"
	"os"
	"os/exec"

	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/kit"
)

// runModel passes its arguments to the C model's command line (//cref:cref),
// which prints the one-line result and validates its own input.
func runModel(args []string) error {
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
