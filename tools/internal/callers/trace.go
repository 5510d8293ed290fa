package callers

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
)

// A call is a recorded call in a host trace (an "rt enter" line and, if
// it returned, its "rt leave").
type call struct {
	name, at string
	stderr   int      // bytes on fd 2 when it was entered
	args     []string // a0, a1, ...: values, or name:bytes for a stat cell
	after    []string // the arguments when it returned
	left     bool
	depth    int // 1: called by the driven function itself
}

// A run is a host trace, parsed.
type run struct {
	calls   []*call
	open    []*call // entered and never left: the chain at the end
	outcome string  // "return ...", "exit 2", "throw \"...\"", "panic ..."
	stderr  string
	cells   map[string]string // the cells line: name -> 8 bytes in memory order
}

func parseRun(trace string) (*run, error) {
	r := &run{}
	var stack []*call
	for _, l := range strings.Split(trace, "\n") {
		switch {
		case strings.HasPrefix(l, "rt enter "):
			f := strings.Fields(l[len("rt enter "):])
			if len(f) < 3 {
				return nil, fmt.Errorf("malformed trace line %q", l)
			}
			c := &call{name: f[0], at: strings.TrimPrefix(f[1], "at="), depth: len(stack) + 1}
			c.stderr, _ = strconv.Atoi(strings.TrimPrefix(f[2], "stderr="))
			for _, a := range f[3:] {
				c.args = append(c.args, a[strings.IndexByte(a, '=')+1:])
			}
			stack = append(stack, c)
			r.calls = append(r.calls, c)
		case strings.HasPrefix(l, "rt leave "):
			f := strings.Fields(l[len("rt leave "):])
			if len(stack) == 0 || len(f) == 0 || stack[len(stack)-1].name != f[0] {
				return nil, fmt.Errorf("trace line %q leaves a call never entered", l)
			}
			c := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			c.left = true
			for _, a := range f[1:] {
				c.after = append(c.after, a[strings.IndexByte(a, '=')+1:])
			}
		case strings.HasPrefix(l, "cells"):
			r.cells = map[string]string{}
			for _, f := range strings.Fields(l)[1:] {
				if k, v, ok := strings.Cut(f, "="); ok {
					r.cells[k] = v
				}
			}
		case strings.HasPrefix(l, "outcome "):
			r.outcome = l[len("outcome "):]
		case strings.HasPrefix(l, "stderr "):
			s, err := strconv.Unquote(l[len("stderr "):])
			if err != nil {
				return nil, fmt.Errorf("trace line %q: %v", l, err)
			}
			r.stderr = s
		}
	}
	if r.outcome == "" {
		return nil, fmt.Errorf("a trace without an outcome:\n%s", trace)
	}
	if strings.HasPrefix(r.outcome, "error ") {
		return nil, fmt.Errorf("the host could not run the scenario: %s", r.outcome)
	}
	r.open = stack
	return r, nil
}

// cell parses a stat cell argument, name:<8 bytes in memory order>.
func cell(arg string, be bool) (name string, v uint64, ok bool) {
	i := strings.LastIndexByte(arg, ':')
	if i < 0 {
		return "", 0, false
	}
	b, err := hex.DecodeString(arg[i+1:])
	if err != nil || len(b) != 8 {
		return "", 0, false
	}
	for k := range b {
		shift := 8 * uint(k)
		if be {
			shift = 8 * uint(7-k)
		}
		v |= uint64(b[k]) << shift
	}
	return arg[:i], v, true
}

// num parses a recorded integer argument (0x-hex).
func num(arg string) (uint64, bool) {
	v, err := strconv.ParseUint(strings.TrimPrefix(arg, "0x"), 16, 64)
	return v, err == nil
}

func (c *call) arg(i int) string {
	if i < 0 || i >= len(c.args) {
		return ""
	}
	return c.args[i]
}

func (c *call) argAfter(i int) string {
	if i < 0 || i >= len(c.after) {
		return ""
	}
	return c.after[i]
}
