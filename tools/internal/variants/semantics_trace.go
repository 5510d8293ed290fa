package variants

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// behaviour is what a trace shows of a run, relative to its scenario.
type behaviour struct {
	calls   string // the OS calls, by name
	effects string // how the stats moved
	outcome string
}

var numberRE = regexp.MustCompile(`-?(0x[0-9a-f]+|[0-9]+)`)

// cellValue reads a trace cell (8 bytes in memory order) as a's uint64.
func cellValue(hexBytes string, a Arch) (uint64, bool) {
	if len(hexBytes) != 16 {
		return 0, false
	}
	var v uint64
	for i := 0; i < 8; i++ {
		b, err := strconv.ParseUint(hexBytes[2*i:2*i+2], 16, 8)
		if err != nil {
			return 0, false
		}
		shift := uint(8 * i)
		if a.BE {
			shift = uint(8 * (7 - i))
		}
		v |= b << shift
	}
	return v, true
}

// delta describes the change from before to after of a stat charged (up,
// else uncharged) with n: +n, -n, or how a 32-bit word wrapped.
func delta(before, after, n uint64, a Arch, up bool) string {
	d := after - before
	plus, minus := "+n", "-n"
	if !up {
		n, plus, minus = -n, "-n", "+n"
	}
	switch {
	case d == 0:
		return ""
	case d == n:
		return plus
	case a.ptrSize == 4 && d == n-1<<32:
		return plus + "-2^32 (its low word wrapped)"
	case a.ptrSize == 4 && d == n+1<<32:
		return plus + "+2^32 (its low word wrapped)"
	case d == -n:
		return minus
	}
	return fmt.Sprintf("%+d", int64(d))
}

func summarize(trace string, sc *Scenario) behaviour {
	var b behaviour
	var calls, effects []string
	for _, l := range strings.Split(trace, "\n") {
		f := strings.Fields(l)
		if len(f) == 0 {
			continue
		}
		switch f[0] {
		case "call":
			calls = append(calls, f[1])
		case "cells":
			before := map[string]uint64{"stat": sc.Stat, "other_sys": sc.Other, "stacks_sys": sc.Stacks}
			for _, kv := range f[1:] {
				k, v, _ := strings.Cut(kv, "=")
				if k == "mappedReady" {
					after, _ := strconv.ParseUint(v, 10, 64)
					if d := delta(sc.mapped, after, sc.N, Arch{ptrSize: 8}, sc.Func != "sysFree"); d != "" {
						effects = append(effects, "mappedReady "+d)
					}
					continue
				}
				if old, ok := before[k]; ok {
					if after, ok := cellValue(v, sc.Arch); ok {
						if d := delta(old, after, sc.N, sc.Arch, sc.Func != "sysFree"); d != "" {
							effects = append(effects, cellLabel(k, sc.Which)+" "+d)
						}
					}
				}
			}
		case "outcome":
			rest := strings.TrimPrefix(l, "outcome ")
			switch {
			case rest == "return 0x0":
				b.outcome = "returns nil"
			case strings.HasPrefix(rest, "return 0x"):
				b.outcome = "returns the memory"
			case rest == "return":
				b.outcome = "returns"
			case strings.HasPrefix(rest, "exit "):
				b.outcome = "exit(" + strings.TrimPrefix(rest, "exit ") + ")"
			case strings.HasPrefix(rest, "throw "):
				b.outcome = "throw(" + strings.TrimPrefix(rest, "throw ") + ")"
			default:
				b.outcome = rest
			}
		case "stderr":
			msg := strings.TrimPrefix(l, "stderr ")
			if msg != `""` && (strings.HasPrefix(b.outcome, "exit") || strings.HasPrefix(b.outcome, "throw")) {
				msg = strings.TrimSuffix(strings.TrimPrefix(msg, `"`), `\n"`)
				b.outcome += " after printing \"" + numberRE.ReplaceAllString(msg, "N") + "\""
			}
		}
	}
	if len(calls) == 0 {
		b.calls = "no OS call"
	} else {
		b.calls = "calls " + strings.Join(calls, ", ")
	}
	if len(effects) == 0 {
		b.effects = "stats unchanged"
	} else {
		b.effects = strings.Join(effects, ", ")
	}
	return b
}

// cellLabel names a cell relative to the sysStat argument: "stat" is the
// one passed, whichever memstats field it is.
func cellLabel(cell, which string) string {
	switch {
	case cell == which:
		return "stat"
	case cell == "stat":
		return "an unrelated stat"
	}
	return cell
}

func (b behaviour) text(withCalls bool) string {
	s := b.outcome + "; " + b.effects
	if withCalls {
		s = b.calls + "; " + s
	}
	return s
}

// brief is the behaviour without its effects on the cells: its outcome,
// after its OS calls if withCalls.
func (b behaviour) brief(withCalls bool) string {
	if withCalls {
		return b.calls + "; " + b.outcome
	}
	return b.outcome
}
