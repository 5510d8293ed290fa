// Package cli holds the command line's conventions: exit status 0 for
// success, 1 when a check failed, 2 for usage and environment errors, always
// with a message on stderr that names the problem.
//
// For users: README.md (Exit status).
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// Exit statuses.
const (
	OK       = 0
	Failed   = 1 // a check failed: a mismatch, a patch that does not apply
	BadUsage = 2 // usage or environment error
)

// Error is an error with the exit status it ends the program with.
type Error struct {
	Code int
	Msg  string
}

func (e *Error) Error() string { return e.Msg }

// Usagef reports a usage or environment error (exit 2).
func Usagef(format string, args ...interface{}) error {
	return &Error{BadUsage, fmt.Sprintf(format, args...)}
}

// Failf reports a failed check (exit 1).
func Failf(format string, args ...interface{}) error {
	return &Error{Failed, fmt.Sprintf(format, args...)}
}

// HelpRequest is what a command returns when asked for its usage (-h or
// --help among its arguments): the program prints Usage on stdout, as
// `xaddref help COMMAND` does, and exits 0. Flags are the command's flag
// sets, one per subcommand where it has them: what the command accepts.
type HelpRequest struct {
	Usage string
	Flags []*flag.FlagSet
}

func (h *HelpRequest) Error() string { return h.Usage }

// HelpOf is the help of a command whose subcommands have flag sets of
// their own (fs, one per subcommand): a usage line each, then every flag
// once, with what it means.
func HelpOf(fs ...*flag.FlagSet) *HelpRequest {
	h := &HelpRequest{Flags: fs}
	var lines []string
	seen := map[string]bool{}
	for i, f := range fs {
		lead := "usage:"
		if i > 0 {
			lead = "      "
		}
		h.Usage += strings.TrimRight(fmt.Sprintf("%s xaddref %s %s", lead, f.Name(), flagSummary(f)), " ") + "\n"
		f.VisitAll(func(fl *flag.Flag) {
			if !seen[fl.Name] {
				seen[fl.Name] = true
				lines = append(lines, flagLine(fl))
			}
		})
	}
	h.Usage = strings.TrimRight(h.Usage+strings.Join(lines, "\n"), "\n")
	return h
}

// Exit prints err, if any, and exits with its status.
func Exit(prog string, err error) {
	if err == nil {
		os.Exit(OK)
	}
	var e *Error
	if errors.As(err, &e) {
		if e.Msg != "" {
			fmt.Fprintf(os.Stderr, "%s: %s\n", prog, e.Msg)
		}
		os.Exit(e.Code)
	}
	fmt.Fprintf(os.Stderr, "%s: %v\n", prog, err)
	os.Exit(BadUsage)
}

// NewFlagSet returns a flag set that reports errors as usage errors instead
// of exiting, and keeps flag's own output off the terminal.
func NewFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// Parse parses args into fs; a bad flag, a missing value or a stray
// argument is a usage error that names it.
func Parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return &HelpRequest{Usage: Help(fs), Flags: []*flag.FlagSet{fs}}
		}
		return Usagef("%s: %v (usage: xaddref %s %s)", fs.Name(), err, fs.Name(), flagSummary(fs))
	}
	if fs.NArg() > 0 {
		return Usagef("%s: unexpected argument %q (usage: xaddref %s %s)", fs.Name(), fs.Arg(0), fs.Name(), flagSummary(fs))
	}
	return nil
}

// Help is a command's usage line and its flags, one a line with what it
// means and its default.
func Help(fs *flag.FlagSet) string { return HelpOf(fs).Usage }

// flagLine is a flag's line in a command's help: its name, its value's
// placeholder, what it means and its default.
func flagLine(f *flag.Flag) string {
	_, isBool := f.Value.(interface{ IsBoolFlag() bool })
	name, what := "--"+f.Name, f.Usage
	if !isBool {
		arg, rest := placeholder(f.Usage)
		name, what = name+" "+arg, rest
	}
	line := fmt.Sprintf("  %-22s %s", name, what)
	if !isBool && f.DefValue != "" && f.DefValue != "0" {
		line += fmt.Sprintf(" (default %s)", f.DefValue)
	}
	return strings.TrimRight(line, " ")
}

// placeholder splits a value flag's usage, "N what it means", into the
// value's placeholder and the meaning.
func placeholder(usage string) (arg, what string) {
	arg, what, _ = strings.Cut(usage, " ")
	return arg, what
}

// flagSummary is a command's flags as its usage line shows them: each in
// brackets, but for one whose meaning says "(required".
func flagSummary(fs *flag.FlagSet) string {
	var s []string
	fs.VisitAll(func(f *flag.Flag) {
		term := "--" + f.Name
		if _, isBool := f.Value.(interface{ IsBoolFlag() bool }); !isBool {
			arg, _ := placeholder(f.Usage)
			term += " " + arg
		}
		if !strings.Contains(f.Usage, "(required") {
			term = "[" + term + "]"
		}
		s = append(s, term)
	})
	return strings.Join(s, " ")
}
