package regress

import (
	"strings"

	"xaddref/tools/internal/era"
)

// A known failure is one this machine causes, not the tree: each was
// root-caused here, and its row names the cause beside the test's output
// instead of hiding the test. Each applies to one era (profile), to a
// test by name or to the tests that build a program with the go command
// (builders), natively or only under qemu-user, when the output shows one
// of its signs (any output when it lists none).
type known struct {
	profile  string
	test     string // "" for any test
	builds   bool   // only a test that builds a program (builders)
	emulated bool   // only under qemu-user
	signs    []string
	why      string // {arch} stands for the GOARCH
}

var knowns = []known{
	{profile: "6ad33be", test: "TestGdbPython", signs: []string{"print mapvar failed"},
		why: "the tree's runtime-gdb.py:63 pretty-prints only a type named \"struct string\" " +
			"(pattern ^struct string( \\*)?$); gdb 13 (Debian 12) names Go's string type \"string\", so the printer never applies " +
			"and gdb prints each key and value as a pointer and its text ([0x... \"abc\"] = 0x... \"def\"); " +
			"Go 1.19's runtime-gdb.py:106 matches both names"},
	{profile: "6ad33be", emulated: true, test: "TestNewOSProc0", signs: []string{"failed to create new OS thread"},
		why: "newosproc0 clones with cloneFlags (os1_linux.go), which lack _CLONE_SYSVSEM, and qemu-user refuses a thread " +
			"clone without it (qemu-aarch64 -strace: clone(CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD,...) = -1 errno=22; " +
			"linux-user/syscall.c, do_fork). The test hook 0002 adds the flag to newosproc's call only, so the runtime's own " +
			"threads start; newosproc0 keeps upstream's flags, and the thread it makes cannot start here"},
	{profile: "6ad33be", emulated: true, builds: true,
		why: "the test builds a linux/{arch} program with the go command and runs it (executeTest, crash_test.go:88-95), " +
			"or has gdb run it, ignoring whether it started: this machine's kernel cannot start a linux/{arch} program " +
			"(no binfmt_misc handler for qemu; strace -f of qemu-aarch64 running TestCrashHandler: " +
			"execve(\"/tmp/go-build.../a.exe\", ...) = -1 ENOEXEC) and qemu-user does not start the programs its guest " +
			"executes, so the program prints nothing"},
}

// note is what is known of a test's failure on an architecture, or "";
// builds says whether the test builds a program (builders).
func note(p *era.Era, a era.Arch, test string, o *outcome, builds bool) string {
	if o == nil {
		return ""
	}
	for _, k := range knowns {
		if k.profile != p.Name || k.emulated && a.Emulator() == "" || k.test != "" && k.test != test || k.builds && !builds {
			continue
		}
		match := len(k.signs) == 0
		for _, sign := range k.signs {
			match = match || strings.Contains(o.Output, sign)
		}
		if match {
			return strings.ReplaceAll(k.why, "{arch}", a.GOARCH)
		}
	}
	return ""
}
