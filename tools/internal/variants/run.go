package variants

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"xaddref/tools/internal/kit"
)

// Build compiles the host program with the kit's Go into the cache
// (keyed by its sources) and returns the binary's path. A compile error is
// returned with the compiler's output, whose positions name the tree's files.
func (ex *Extraction) Build() (string, error) {
	h := sha256.New()
	var paths []string
	for p := range ex.files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		fmt.Fprintf(h, "%s\x00%s\x00", p, ex.files[p])
	}
	dir := filepath.Join(kit.CacheDir(), "variants", "host-"+hex.EncodeToString(h.Sum(nil))[:16])
	bin := filepath.Join(dir, "xrhost")
	if _, err := os.Stat(bin); err == nil {
		now := time.Now()
		os.Chtimes(bin, now, now) // recently used: pruned last
		return bin, nil
	}
	for _, p := range paths {
		full := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return "", err
		}
		if err := os.WriteFile(full, []byte(ex.files[p]), 0o644); err != nil {
			return "", err
		}
	}
	env := append(kit.GoEnv(), "CGO_ENABLED=0", "GOWORK=off")
	tmp := fmt.Sprintf("%s.tmp%d", bin, os.Getpid())
	r := kit.Run(dir, env, false, kit.Go(), "build", "-o", tmp, ".")
	if r.Err != nil {
		return "", fmt.Errorf("compiling the extracted variants failed (sources in %s):\n%s", dir, kit.Tail(r.Output, 30))
	}
	if err := os.Rename(tmp, bin); err != nil {
		return "", err
	}
	pruneHosts(filepath.Dir(dir), keepHosts)
	return bin, nil
}

// keepHosts is how many built hosts the cache keeps: one per tree and
// change of it (the tests build one per mutation).
const keepHosts = 40

// pruneHosts removes all but the keep most recently built hosts.
func pruneHosts(dir string, keep int) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	type host struct {
		path string
		mod  time.Time
	}
	var hosts []host
	for _, e := range ents {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), "host-") {
			continue
		}
		p := filepath.Join(dir, e.Name())
		st, err := os.Stat(filepath.Join(p, "xrhost"))
		if err != nil {
			st, err = os.Stat(p) // a build that failed
		}
		if err == nil {
			hosts = append(hosts, host{p, st.ModTime()})
		}
	}
	sort.Slice(hosts, func(i, j int) bool { return hosts[i].mod.After(hosts[j].mod) })
	for i := keep; i < len(hosts); i++ {
		os.RemoveAll(hosts[i].path)
	}
}

const batchTimeout = 5 * time.Minute

// A Runner turns scenario lines into traces with one process per batch.
type Runner struct {
	Name string   // for messages: "host" or "model"
	Argv []string // the command
	env  []string
}

// Run sends the scenarios to one process and returns their traces, in
// order, keyed by nothing: the i-th trace is the i-th scenario's.
func (r *Runner) Run(lines []string) ([]string, error) {
	// A batch takes seconds; code that loops forever must not hang the kit.
	ctx, cancel := context.WithTimeout(context.Background(), batchTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, r.Argv[0], r.Argv[1:]...)
	cmd.Env = append(os.Environ(), r.env...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("%s: %v", r.Name, err)
	}
	go func() {
		bw := bufio.NewWriterSize(stdin, 1<<16)
		for _, l := range lines {
			bw.WriteString(l)
			bw.WriteByte('\n')
		}
		bw.Flush()
		stdin.Close()
	}()
	var traces []string
	var cur strings.Builder
	br := bufio.NewReaderSize(stdout, 1<<16)
	for {
		line, err := br.ReadString('\n')
		cur.WriteString(line)
		if line == "end\n" {
			traces = append(traces, cur.String())
			cur.Reset()
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if err := cmd.Wait(); err != nil {
		if ctx.Err() != nil {
			err = fmt.Errorf("no answer within %v", batchTimeout)
		}
		return nil, fmt.Errorf("%s (%s) failed: %v\n%s%s", r.Name, r.Argv[0], err, kit.Tail(stderr.String(), 20),
			kit.Tail(cur.String(), 10))
	}
	if len(traces) != len(lines) {
		return nil, fmt.Errorf("%s wrote %d traces for %d scenarios", r.Name, len(traces), len(lines))
	}
	return traces, nil
}

// HostRunner runs an extraction's host binary.
func HostRunner(bin string) *Runner {
	// The scripted addresses live in unsafe.Pointers: the garbage collector
	// must not take them for bad pointers.
	return &Runner{Name: "the extracted variants", Argv: []string{bin}, env: []string{"GODEBUG=invalidptr=0"}}
}

// Model is the C model's command line (//cref:variants) and its
// architectures.
type Model struct {
	Runner *Runner
	Arches []Arch
}

// An Arch is one of cref/arch.c's architectures.
type Arch struct {
	Name    string
	ptrSize int
	BE      bool
}

// Class is the architecture's class in the semantics table.
func (a Arch) class() string {
	e := "LE"
	if a.BE {
		e = "BE"
	}
	return fmt.Sprintf("%d-bit %s", a.ptrSize*8, e)
}

// Mask is the largest uintptr.
func (a Arch) Mask() uint64 {
	if a.ptrSize == 8 {
		return ^uint64(0)
	}
	return 1<<(8*uint(a.ptrSize)) - 1
}

// BuildModel builds //cref:variants with Bazel and asks it for the
// architectures.
func BuildModel() (*Model, error) {
	r := kit.Bazel(false, "build", "--noshow_progress", "//cref:variants")
	if r.Err != nil {
		return nil, fmt.Errorf("building //cref:variants failed:\n%s", kit.Tail(r.Output, 20))
	}
	bin := filepath.Join(kit.Root(), "bazel-bin", "cref", "variants")
	out, err := exec.Command(bin, "arches").Output()
	if err != nil {
		return nil, fmt.Errorf("%s arches: %v", bin, err)
	}
	m := &Model{Runner: &Runner{Name: "the C model", Argv: []string{bin}}}
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(l)
		if len(f) != 3 {
			return nil, fmt.Errorf("%s arches: malformed line %q", bin, l)
		}
		ps, _ := strconv.Atoi(f[1])
		m.Arches = append(m.Arches, Arch{f[0], ps, f[2] == "1"})
	}
	return m, nil
}
