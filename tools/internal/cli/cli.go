// Package cli holds the command line's conventions: exit status 0 for
// success, 1 when a check failed, 2 for usage and environment errors, always
// with a message on stderr that names the problem.
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
			return Usagef("%s", Help(fs))
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
func Help(fs *flag.FlagSet) string {
	s := fmt.Sprintf("usage: xaddref %s %s\n", fs.Name(), flagSummary(fs))
	fs.VisitAll(func(f *flag.Flag) {
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
		s += strings.TrimRight(line, " ") + "\n"
	})
	return strings.TrimRight(s, "\n")
}

// placeholder splits a value flag's usage, "N what it means", into the
// value's placeholder and the meaning.
func placeholder(usage string) (arg, what string) {
	arg, what, _ = strings.Cut(usage, " ")
	return arg, what
}

func flagSummary(fs *flag.FlagSet) string {
	s := ""
	fs.VisitAll(func(f *flag.Flag) {
		if s != "" {
			s += " "
		}
		if _, isBool := f.Value.(interface{ IsBoolFlag() bool }); isBool {
			s += "[--" + f.Name + "]"
		} else {
			arg, _ := placeholder(f.Usage)
			s += "[--" + f.Name + " " + arg + "]"
		}
	})
	return s
}
