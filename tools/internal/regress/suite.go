package regress

import (
	"debug/elf"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// binary is a test binary ready to run.
type binary struct {
	path string
	pkg  string   // its package's import path: its tests are pkg.TestX or pkg_test.TestX
	dir  string   // where it runs: the package's folder in its copy
	env  []string // added to the environment
	// launch is the emulator and its options (nil where the kernel runs
	// the binary), how the kit starts it (era.Arch.Launcher).
	launch []string
	cache  string  // the folder of its runs' records
	built  float64 // seconds its build took; 0 when an earlier run's was reused
	hash   string  // its content's, for the records' keys (record.go)
}

// config is how the suite runs: as cmd/dist ran it in 2015.
type config struct {
	cpus []int // one run of the binary per value
	// reruns is how many times a test that failed on one side only is run
	// alone, on each side: it may be a change. One that failed on both
	// sides is run alone once on each, enough to tell whether it fails
	// alone too; more would tell nothing but cost, many minutes under
	// qemu.
	reruns int
	// timeout is each run's -test.timeout: cmd/dist's 300 s for the
	// runtime, scaled for the architecture (scale).
	timeout time.Duration
	hooks   string // which test hooks both sides get (hooksLine)
}

// maxResumes bounds the runs of one suite: each run after the first
// resumes after a test that killed the binary, so a suite where every
// test crashes ends too.
const maxResumes = 40

// args are the binary's flags for a run at -test.cpu=cpu of the tests
// that match filter ("" for all of them).
func (c config) args(cpu int, filter string) []string {
	args := []string{"-test.short", "-test.v", "-test.cpu=" + strconv.Itoa(cpu), "-test.timeout=" + c.timeout.String()}
	if filter != "" {
		args = append(args, "-test.run="+filter)
	}
	return args
}

// suite runs the binary's tests at -test.cpu=cpu. When a test kills the
// binary, the run resumes with the tests not reported yet (by name, from
// the binary's symbols), so that one crash does not hide the tests after
// it; the crashed test's outcome is "crash" with its output.
func (b *binary) suite(cpu int, c config) (*run, error) {
	names, err := b.tests()
	if err != nil {
		return nil, err
	}
	all := &run{Tests: map[string]*outcome{}}
	filter := ""
	for i := 0; i < maxResumes; i++ {
		rec, err := b.record("suite", c.args(cpu, filter), c.timeout)
		if err != nil {
			return nil, err
		}
		r := parse(rec.Output, cpu, rec.Exited)
		for name, o := range r.Tests {
			all.Tests[name] = o
		}
		if r.Died != "" {
			all.Died = r.Died
		}
		if r.Crashed == "" {
			break
		}
		var rest []string
		for _, n := range names {
			if all.Tests[n] == nil {
				rest = append(rest, n)
			}
		}
		if len(rest) == 0 {
			break
		}
		filter = "^(" + strings.Join(rest, "|") + ")$"
	}
	return all, nil
}

// alone runs one test by itself at -test.cpu=cpu, the n-th time; a test
// the binary did not report (it has no such test) is nil.
func (b *binary) alone(name string, cpu, n int, c config) (*outcome, error) {
	rec, err := b.record("alone "+strconv.Itoa(n), c.args(cpu, "^"+name+"$"), c.timeout)
	if err != nil {
		return nil, err
	}
	return parse(rec.Output, cpu, rec.Exited).Tests[name], nil
}

// tests lists the binary's tests from its symbol table: the functions
// pkg.TestX and pkg_test.TestX, X not starting with a lower-case letter,
// as the go command finds them (TestMain excepted).
func (b *binary) tests() ([]string, error) {
	f, err := elf.Open(b.path)
	if err != nil {
		return nil, fmt.Errorf("listing the tests of %s: %v", b.path, err)
	}
	defer f.Close()
	syms, err := f.Symbols()
	if err != nil {
		return nil, fmt.Errorf("listing the tests of %s: %v", b.path, err)
	}
	seen := map[string]bool{}
	for _, s := range syms {
		for _, pre := range []string{b.pkg + ".", b.pkg + "_test."} {
			if name, ok := strings.CutPrefix(s.Name, pre); ok && isTest(name) {
				seen[name] = true
			}
		}
	}
	var out []string
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out, nil
}

func isTest(name string) bool {
	rest, ok := strings.CutPrefix(name, "Test")
	if !ok || name == "TestMain" || strings.ContainsAny(rest, ".·") {
		return false
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return rest == "" || !unicode.IsLower(r)
}
