package gless

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"xaddref/tools/internal/report"
	"xaddref/tools/internal/tree"
)

// The results README.md states for the default target, Debian's Go 1.19.8
// (tools/xaddref gless --all): which targets pass, the shortest chain of
// each one that fails, and who calls sysAlloc and sysFree without a G.

const go119Tree = "/usr/lib/go-1.19"

// go119Pass are the 20 of 46 targets that pass.
var go119Pass = []string{
	"darwin/amd64", "darwin/arm64", "ios/amd64", "ios/arm64", "dragonfly/amd64",
	"illumos/amd64", "solaris/amd64",
	"freebsd/amd64", "freebsd/arm64", "netbsd/amd64", "netbsd/arm64", "openbsd/amd64", "openbsd/arm64",
	"openbsd/mips64",
	"linux/loong64", "linux/mips64", "linux/mips64le", "linux/ppc64", "linux/ppc64le", "linux/s390x",
}

// go119Chain is a failing target's shortest chain and a part of its reason.
type go119Chain struct{ chain, reason string }

// go119Add is the failure of every target of 386, arm, mips, mipsle,
// riscv64 and wasm not named in go119Fail: runtime/internal/atomic's
// Uint64.Add has no //go:nosplit.
var go119Add = go119Chain{"sysAlloc -> atomic.(*Uint64).Add", "not nosplit: no //go:nosplit (types.go:"}

var go119AddArches = map[string]bool{"386": true, "arm": true, "mips": true, "mipsle": true, "riscv64": true, "wasm": true}

var go119Fail = map[string]go119Chain{
	// cgo_mmap.go's munmap is not nosplit.
	"linux/amd64":   {"sysFree -> sysFreeOS -> munmap", "not nosplit: no //go:nosplit (cgo_mmap.go:"},
	"linux/arm64":   {"sysFree -> sysFreeOS -> munmap", "not nosplit: no //go:nosplit (cgo_mmap.go:"},
	"android/amd64": {"sysFree -> sysFreeOS -> munmap", "not nosplit: no //go:nosplit (cgo_mmap.go:"},
	"android/arm64": {"sysFree -> sysFreeOS -> munmap", "not nosplit: no //go:nosplit (cgo_mmap.go:"},
	"windows/amd64": {"sysAlloc -> sysAllocOS -> stdcall4", "needs a G: reads getg().m (os_windows.go:"},
	"windows/arm64": {"sysAlloc -> sysAllocOS -> stdcall4", "needs a G: reads getg().m (os_windows.go:"},
	"plan9/amd64":   {"sysAlloc -> sysAllocOS", "not nosplit: no //go:nosplit (mem_plan9.go:"},
	// aix's libc wrappers read gp.m, newosproc0's too.
	"aix/ppc64": {"newosproc0 -> pthread_attr_init -> syscall1", "needs a G: reads gp.m, gp = getg() (os2_aix.go:"},
}

// go119GLess are the targets where newosproc0 calls sysAlloc without a G.
var go119GLess = []string{
	"linux/386", "linux/amd64", "linux/arm", "linux/arm64", "linux/ppc64le", "linux/riscv64",
	"android/386", "android/amd64", "android/arm", "android/arm64",
	"freebsd/386", "freebsd/amd64", "freebsd/arm", "freebsd/arm64",
}

func TestGo119Results(t *testing.T) {
	if _, err := os.Stat(filepath.Join(go119Tree, "src", "runtime", "mstats.go")); err != nil {
		t.Skip("Debian's Go 1.19 sources are not installed (golang-1.19-src): tools/xaddref setup installs them")
	}
	targets, _, err := tree.Ports(go119Tree)
	if err != nil {
		t.Fatal(err)
	}
	if len(targets) != 46 {
		t.Errorf("%d targets, want the 46 of go tool dist list", len(targets))
	}
	pass, gless := map[string]bool{}, map[string]bool{}
	for _, s := range go119Pass {
		pass[s] = true
	}
	for _, s := range go119GLess {
		gless[s] = true
	}
	var passed []string
	for _, r := range Analyze(go119Tree, targets, Options{}) {
		name := r.Port.String()
		if r.Status == report.Pass {
			passed = append(passed, name)
		}
		switch {
		case pass[name]:
			if r.Status != report.Pass {
				t.Errorf("%s, want PASS", r.Line())
			}
		case r.Status != report.Fail || r.Chain == nil:
			t.Errorf("%s, want a failing chain", r.Line())
		default:
			want, ok := go119Fail[name]
			if !ok && go119AddArches[r.Port.GOARCH] {
				want, ok = go119Add, true
			}
			if !ok {
				t.Errorf("%s: a target README.md does not account for", r.Line())
			} else if r.Chain.String() != want.chain || !strings.Contains(r.Chain.Reason, want.reason) {
				t.Errorf("%s, want %s [%s...]", r.Line(), want.chain, want.reason)
			}
		}
		// The OS layer of windows and plan9 needs a G, whatever the
		// shortest chain of a target.
		for _, f := range r.Finding.Roots {
			osl := ""
			if f.OSLayer != nil {
				osl = f.OSLayer.String()
			}
			if f.Root == "sysAlloc" && r.Port.GOOS == "windows" && osl != "sysAlloc -> sysAllocOS -> stdcall4" {
				t.Errorf("%s: sysAlloc's OS layer %q, want it to end in stdcall4", name, osl)
			}
			if f.Root == "sysAlloc" && r.Port.GOOS == "plan9" && osl != "sysAlloc -> sysAllocOS" {
				t.Errorf("%s: sysAlloc's OS layer %q, want sysAllocOS (not nosplit)", name, osl)
			}
			// newosproc0 calls sysAlloc without a G on these targets,
			// and there the OS layer needs none; nothing calls sysFree
			// without a G.
			switch {
			case f.Root == "sysFree" && f.Caller != "":
				t.Errorf("%s: sysFree has a G-less caller %s", name, f.Caller)
			case f.Root == "sysAlloc" && gless[name] && (f.Caller == "" || f.OSLayer != nil):
				t.Errorf("%s: sysAlloc: caller %q (%s), OS layer %q; want newosproc0 and an OS layer that needs no G",
					name, f.Caller, f.NoCaller, osl)
			case f.Root == "sysAlloc" && !gless[name] && f.Caller != "":
				t.Errorf("%s: sysAlloc has a G-less caller %s", name, f.Caller)
			}
		}
	}
	sort.Strings(passed)
	if len(passed) != len(go119Pass) {
		t.Errorf("%d of %d targets pass, README.md says %d: %s", len(passed), len(targets), len(go119Pass),
			strings.Join(passed, " "))
	}
}
