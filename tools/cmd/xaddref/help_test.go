package main

import (
	"os/exec"
	"strings"
	"testing"

	"xaddref/tools/internal/kittest"
)

// `help COMMAND` prints every command's usage and flags, and does no work.
func TestHelpEveryCommand(t *testing.T) {
	bin := kittest.Xaddref(t)
	for name := range commands {
		out, err := exec.Command(bin, "help", name).CombinedOutput()
		if code, _ := kittest.ExitCode(err); code != 0 {
			t.Errorf("help %s: exit %d: %s", name, code, out)
			continue
		}
		if !strings.Contains(string(out), "usage: xaddref "+name) {
			t.Errorf("help %s prints no usage line:\n%s", name, out)
		}
	}
	out, _ := exec.Command(bin, "help", "semantics").CombinedOutput()
	for _, flag := range []string{"--seed N", "--random N", "--md FILE", "--json FILE", "-v", "--scenario ERA:ID"} {
		if !strings.Contains(string(out), flag) {
			t.Errorf("help semantics lacks %s:\n%s", flag, out)
		}
	}
}
