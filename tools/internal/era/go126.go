package era

import "strings"

// Go126 is Go 1.26, the Go people run today: the user's own Go (a whole
// GOROOT, `go env GOROOT`, with its toolchain), the default target when it
// is the go first on PATH. 6ad33be's descendants are its
// internal/runtime/atomic.Xadduintptr, which export_test.go still exports,
// and sysMemStat.add (mstats.go), which throws "sysMemStat overflow" as Go
// 1.19's does.
var Go126 = &Era{
	Name:      "go1.26",
	About:     "go1.26.x (a whole GOROOT with its toolchain, such as the go first on PATH)",
	Recognize: recognizeGo126,
	GoCommand: TreeGo,
	TestFiles: append(append([]string{}, testFiles...), "xaddref_bench_test.go", "xaddref_fuzz_test.go"),
	Arches: []Arch{
		withCgo("amd64"),
		withCgo("386"),
		withCgo("arm", "GOARM=7"),
		withCgo("arm64"),
		withoutCgo("loong64", "Debian 12 has no C compiler for loong64"),
		withCgo("mips"),
		withCgo("mipsle"),
		withCgo("mips64"),
		withCgo("mips64le"),
		withCgo("ppc64le"),
		withCgo("s390x"),
		withCgo("riscv64"),
		withoutCgo("ppc64", "linux/ppc64 has no cgo in Go 1.26 (go tool dist list: CgoSupported false)"),
	},
	Checks:       []string{"values", "layout", "concurrent"},
	VectorChecks: []string{"values", "layout", "concurrent"},
	PrintEra:     "go1.19",
	CrossBuild:   "build",
}

func recognizeGo126(t Tree) (bool, error) {
	return strings.HasPrefix(t.Version, "go1.26"), nil
}
