package main

import (
	"os/exec"
	"strings"
	"testing"

	"xaddref/tools/internal/kittest"
)

// `help COMMAND`, `COMMAND --help` and `COMMAND -h` print the same usage
// and flags on stdout, exit 0 and do no work, for every command.
func TestHelpEveryCommand(t *testing.T) {
	bin := kittest.Xaddref(t)
	run := func(args ...string) (string, bool) {
		t.Helper()
		out, err := exec.Command(bin, args...).Output()
		code, _ := kittest.ExitCode(err)
		if code != 0 {
			t.Errorf("%s: exit %d: %s", strings.Join(args, " "), code, out)
		}
		return string(out), code == 0
	}
	for name := range commands {
		help, ok := run("help", name)
		if !ok {
			continue
		}
		if !strings.Contains(help, "usage: xaddref "+name) {
			t.Errorf("help %s prints no usage line:\n%s", name, help)
		}
		for _, flag := range []string{"--help", "-h"} {
			if got, ok := run(name, flag); ok && got != help {
				t.Errorf("%s %s prints\n%s\nbut help %s prints\n%s", name, flag, got, name, help)
			}
		}
	}
	out, _ := run("help", "semantics")
	for _, flag := range []string{"--seed N", "--random N", "--md FILE", "--json FILE", "-v", "--scenario ERA:ID"} {
		if !strings.Contains(out, flag) {
			t.Errorf("help semantics lacks %s:\n%s", flag, out)
		}
	}
}
