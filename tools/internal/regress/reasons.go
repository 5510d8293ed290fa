package regress

import (
	"strings"

	"xaddref/tools/internal/profile"
)

// A known failure is one this machine causes, not the tree: each was
// root-caused here, and its row names the cause beside the test's output
// instead of hiding the test. Each applies to one era (profile), on an
// emulated architecture or on any, when the output shows its sign.
type known struct {
	profile  string
	emulated bool     // only under qemu-user
	test     string   // "" for any test
	signs    []string // one of them in the test's output
	why      string
}

var knowns = []known{
	{profile: "6ad33be", test: "TestGdbPython", signs: []string{"print mapvar failed"},
		why: "the tree's runtime-gdb.py:63 pretty-prints only a type named \"struct string\" " +
			"(pattern ^struct string( \\*)?$); gdb 13 (Debian 12) names Go's string type \"string\", so the printer never applies " +
			"and gdb prints each key and value as a pointer and its text ([0x... \"abc\"] = 0x... \"def\"); " +
			"Go 1.19's runtime-gdb.py:106 matches both names"},
	{profile: "6ad33be", emulated: true, test: "TestNewOSProc0", signs: []string{"failed to create new OS thread"},
		why: "newosproc0 clones with cloneFlags (os1_linux.go), which lack _CLONE_SYSVSEM, and qemu-user refuses a thread " +
			"clone without it (EINVAL; linux-user/syscall.c, do_fork). The test hook 0002 adds the flag to newosproc's " +
			"call only, so the runtime's threads start; newosproc0 is left as upstream has it, and its new thread cannot start here"},
	{profile: "6ad33be", emulated: true, signs: []string{"crash_test.go:", "crash_cgo_test.go:"},
		why: "the test builds a program for the architecture (crash_test.go:88, go build) and runs it " +
			"(crash_test.go:95), ignoring the error of its start: the kernel here cannot start that program " +
			"(execve: exec format error; it has no binfmt_misc handler for qemu) and qemu-user does not start the " +
			"programs its guest executes, so the program's output is empty"},
}

// note is what is known of a test's failure on an architecture, or "".
func note(p *profile.Profile, a profile.Arch, test string, o *outcome) string {
	if o == nil {
		return ""
	}
	for _, k := range knowns {
		if k.profile != p.Name || k.emulated && a.Emulator() == "" || k.test != "" && k.test != test {
			continue
		}
		for _, sign := range k.signs {
			if strings.Contains(o.Output, sign) {
				return k.why
			}
		}
	}
	return ""
}
