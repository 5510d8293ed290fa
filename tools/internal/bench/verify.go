package bench

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/memo"
	"xaddref/tools/internal/report"
)

// P3's goals, in seconds of a whole verify, at most: cold, with a fresh
// cache directory (Bazel's own cache is outside it, warm both times), and
// warm, with the cache the cold run left.
const (
	P3ColdGoal = 240.0
	P3WarmGoal = 20.0
)

// A VerifyRun is one timed verify.
type VerifyRun struct {
	Seconds float64 `json:"seconds"`
	// CPUSeconds is the user and system time of verify and of every
	// process it waited for, which the machine's load does not inflate
	// as it does the wall time: over the CPUs, the least wall time the
	// run could take.
	CPUSeconds float64 `json:"cpu_seconds"`
	LoadBefore string  `json:"load_before"` // the load averages as /proc/loadavg gives them
	LoadAfter  string  `json:"load_after"`
	Verdict    string  `json:"verdict"` // pass, or what failed
	Phases     []Phase `json:"phases"`
	Log        string  `json:"log"`
}

// A Phase is one family of verify's checks in a run: its rows (with the
// ones reused from the cache) and their seconds summed, which is the work
// done, and the seconds of its progress steps, which is how long it took
// from start to end. The families run beside each other: their sums add
// up to more than the run's wall time.
type Phase struct {
	Family      string  `json:"family"`
	Rows        int     `json:"rows"`
	Reused      int     `json:"reused"`
	RowSeconds  float64 `json:"row_seconds"`
	Steps       int     `json:"steps"`
	StepSeconds float64 `json:"step_seconds"`
}

// measureVerify times verify twice on a cache directory of its own:
// fresh, then the same again.
func (f *Figures) measureVerify(o Options) error {
	cache, err := os.MkdirTemp("", "xaddref-bench-cache-")
	if err != nil {
		return cli.Usagef("bench: a cache directory for P3: %v", err)
	}
	defer func() {
		kit.Progress("bench: removing %s", cache)
		os.RemoveAll(cache)
	}()
	args := []string{"verify"}
	if o.Tree != nil && !o.Tree.Default {
		args = append(args, "--tree", o.Tree.Dir)
	}
	if len(o.VerifyArches) != 1 || o.VerifyArches[0] != "all" {
		args = append(args, "--arch", strings.Join(o.VerifyArches, ","))
	}
	f.P3Command = "XADDREF_CACHE_DIR=<fresh dir> tools/xaddref " + strings.Join(args, " ") + ", twice"
	logs := filepath.Join(kit.CacheDir(), "bench")
	if err := os.MkdirAll(logs, 0o755); err != nil {
		return cli.Usagef("bench: %v", err)
	}
	for _, phase := range []string{"cold", "warm"} {
		run, err := runVerify(o.Self, args, cache, filepath.Join(logs, "verify-"+phase))
		if err != nil {
			return cli.Failf("bench: P3 %s verify did not run to its end: %v", phase, err)
		}
		if phase == "cold" {
			f.P3Cold, f.P3ColdSeconds = run, &run.Seconds
		} else {
			f.P3Warm, f.P3WarmSeconds = run, &run.Seconds
		}
	}
	return nil
}

// runVerify runs self with args and the cache directory, its output in
// base.log and its report in base.json, and reads what it took.
func runVerify(self string, args []string, cache, base string) (*VerifyRun, error) {
	log, js := base+".log", base+".json"
	os.Remove(js)
	done := kit.Step("bench: P3: xaddref %s (log: %s)", strings.Join(args, " "), log)
	defer done()
	out, err := os.Create(log)
	if err != nil {
		return nil, cli.Usagef("bench: %v", err)
	}
	cmd := exec.Command(self, append(args, "--json", js)...)
	cmd.Env = append(os.Environ(), "XADDREF_CACHE_DIR="+cache, "XADDREF_ROOT="+kit.Root())
	cmd.Stdout, cmd.Stderr = out, out
	run := &VerifyRun{LoadBefore: loadAverage(), Log: log}
	start := time.Now()
	err = cmd.Run()
	run.Seconds = time.Since(start).Seconds()
	run.LoadAfter = loadAverage()
	out.Close()
	if ps := cmd.ProcessState; ps != nil {
		run.CPUSeconds = (ps.UserTime() + ps.SystemTime()).Seconds()
	}
	rep, verdict, err := verifyVerdict(err, js)
	if err != nil {
		return nil, fmt.Errorf("%v (see %s)", err, log)
	}
	if verdict != report.Pass {
		verdict += " (see " + log + ")"
	}
	run.Verdict = verdict
	text, _ := os.ReadFile(log)
	run.Phases = phases(rep, string(text))
	return run, nil
}

// verifyVerdict is a verify run's report and verdict: "pass" when it
// exited 0 and its JSON report says PASS, else "fail: " and the checks
// that failed. An error is a run that did not end with a report.
func verifyVerdict(runErr error, jsonPath string) (*report.Report, string, error) {
	code := 0
	if ee, ok := runErr.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if runErr != nil {
		return nil, "", runErr
	}
	if code != 0 && code != cli.Failed {
		return nil, "", fmt.Errorf("exit status %d", code)
	}
	b, err := os.ReadFile(jsonPath)
	if err != nil {
		return nil, "", fmt.Errorf("exit status %d and no report: %v", code, err)
	}
	var rep report.Report
	if err := json.Unmarshal(b, &rep); err != nil {
		return nil, "", fmt.Errorf("its report %s: %v", jsonPath, err)
	}
	if code == 0 && rep.Verdict == report.Pass {
		return &rep, report.Pass, nil
	}
	var failed []string
	for _, r := range rep.Rows {
		if r.Status == report.Fail {
			failed = append(failed, strings.TrimSpace(r.Check+" "+r.GOOS+"/"+r.GOARCH))
		}
	}
	what := fmt.Sprintf("exit status %d, verdict %s", code, strings.ToUpper(rep.Verdict))
	if len(failed) > 0 {
		if len(failed) > 3 {
			failed = append(failed[:3], fmt.Sprintf("and %d more", len(failed)-3))
		}
		what += ": " + strings.Join(failed, ", ")
	}
	return &rep, "fail: " + what, nil
}

// family is the phase a row of verify's report belongs to: its check,
// with the model's tests, the suite's builds and the suite's runs each
// taken together.
func family(check string) string {
	switch {
	case strings.HasPrefix(check, "model:"):
		return "model"
	case check == "diff build":
		return "diff build"
	case strings.HasPrefix(check, "diff"):
		return "diff run"
	}
	return check
}

// stepFamilies map verify's progress steps (kit.Step: "xaddref: NAME:
// done in Ns") to their phase, by the start of NAME. The suite's steps,
// one per architecture, are its rows' seconds again: they are left out.
var stepFamilies = []struct{ prefix, family string }{
	{"preparing the scratch copy", "prepare"},
	{"model: ", "model"},
	{"building the runtime for ", "build runtime"},
	{"gless: ", "gless"},
	{"conventions: ", "conventions"},
	{"variants: ", "variants"},
	{"callers: ", "callers"},
}

var stepRE = regexp.MustCompile(`(?m)^xaddref: (.+): done in ([\d.]+)s$`)

// phases sums a run's rows and steps by family, in the order the
// families first come in the report, then the steps that have no rows.
func phases(rep *report.Report, log string) []Phase {
	var out []Phase
	at := map[string]int{}
	get := func(fam string) *Phase {
		i, ok := at[fam]
		if !ok {
			i = len(out)
			at[fam] = i
			out = append(out, Phase{Family: fam})
		}
		return &out[i]
	}
	for _, r := range rep.Rows {
		p := get(family(r.Check))
		p.Rows++
		p.RowSeconds += r.Seconds
		if strings.Contains(r.Detail, memo.Reused) {
			p.Reused++
		}
	}
	for _, m := range stepRE.FindAllStringSubmatch(log, -1) {
		for _, sf := range stepFamilies {
			if strings.HasPrefix(m[1], sf.prefix) {
				secs, _ := strconv.ParseFloat(m[2], 64)
				p := get(sf.family)
				p.Steps++
				p.StepSeconds += secs
				break
			}
		}
	}
	return out
}

// p3Rows are P3's rows: the two goals, whether both runs passed, and the
// phases of each run.
func (f *Figures) p3Rows() []report.Row {
	if f.P3Cold == nil || f.P3Warm == nil {
		reason := f.P3SkippedReason
		if reason == "" {
			reason = "not measured"
		}
		return []report.Row{{Check: "bench P3: verify", GOOS: "-", GOARCH: "-", Status: report.Skip, Detail: reason}}
	}
	goal := func(name string, r *VerifyRun, g float64) report.Row {
		return goalRow("bench P3: verify "+name, fmt.Sprintf("%.0f s", r.Seconds), r.Seconds <= g, fmt.Sprintf("<= %.0f s", g),
			fmt.Sprintf("CPU %.0f s (verify and every process it ran, user and system); load average %s before, %s after; verdict %s; %s",
				r.CPUSeconds, r.LoadBefore, r.LoadAfter, r.Verdict, f.P3Command))
	}
	rows := []report.Row{goal("cold", f.P3Cold, P3ColdGoal), goal("warm", f.P3Warm, P3WarmGoal)}
	verdicts := report.Row{Check: "bench P3: verify verdicts", GOOS: "-", GOARCH: "-", Status: report.Pass,
		Detail: "cold " + f.P3Cold.Verdict + ", warm " + f.P3Warm.Verdict}
	if f.P3Cold.Verdict != report.Pass || f.P3Warm.Verdict != report.Pass {
		// A time is a verify's only if it ran every check to a pass.
		verdicts.Status = report.Fail
	}
	rows = append(rows, verdicts)
	for _, run := range []struct {
		name string
		r    *VerifyRun
	}{{"cold", f.P3Cold}, {"warm", f.P3Warm}} {
		for _, p := range run.r.Phases {
			rows = append(rows, p.row("bench P3 "+run.name+": "+p.Family))
		}
	}
	return rows
}

// row is the phase as an info row: its rows' seconds summed, or, for a
// phase of steps alone (preparing the scratch copy), its steps' seconds.
func (p Phase) row(check string) report.Row {
	r := report.Row{Check: check, GOOS: "-", GOARCH: "-", Status: report.Info,
		Figures: fmt.Sprintf("%.1f s", p.RowSeconds),
		Detail:  fmt.Sprintf("no goal: %d rows (%d reused), their seconds summed", p.Rows, p.Reused)}
	if p.Rows == 0 {
		r.Figures, r.Detail = fmt.Sprintf("%.1f s", p.StepSeconds), "no goal: its steps, from start to end"
	} else if p.Steps > 0 {
		r.Detail += fmt.Sprintf("; %.1f s from its start to its end (its progress steps)", p.StepSeconds)
	}
	return r
}
