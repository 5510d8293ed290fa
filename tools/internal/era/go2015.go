package era

// Go2015 is the 2015 tree at 6ad33be (its parent 8566979972 plus the series).
// Its test binaries run under qemu-user with the test hooks' _CLONE_SYSVSEM
// (patches/testhooks/6ad33be/0002), linux/ppc64 with their backport of the
// compiler's big-endian fix (0003); its cgo writes stubs that -Wextra
// -Werror accept (0005).
var Go2015 = &Era{
	Name:      "6ad33be",
	About:     "the 2015 tree around 6ad33be2d9 (its parent 8566979972, with or without the series)",
	Recognize: recognize2015,
	GoCommand: BuildGo,
	GlessGate: true,
	Ledger: &Ledger{
		StatFuncs: []StatFunc{
			{Name: "sysAlloc", Stat: 1, Amount: 0, Role: Charge},
			{Name: "sysFree", Stat: 2, Amount: 1, Role: Discharge},
			{Name: "sysMap", Stat: 3, Amount: 1, Role: Charge},
			{Name: "mSysStatInc", Stat: 0, Amount: 1, Role: Charge},
			{Name: "mSysStatDec", Stat: 0, Amount: 1, Role: Discharge},
		},
		Ends:    []string{"mSysStatInc", "mSysStatDec"},
		EndsHow: "exit 2",
		// The callers that reach a discharge after an OS call.
		Drivers: []string{"mHeap_SysAlloc", "persistentalloc"},
	},
	Series:    "6ad33be",
	TestHooks: "testhooks/6ad33be",
	TestFiles: join(testFiles, statFiles, []string{"xaddref_msysstat_test.go", "xaddref_conv_linux_test.go"}),
	KeepTests: []string{"atomic_test.go"},
	Arches: []Arch{
		withCgo("amd64"),
		withCgo("386"),
		withoutCgo("arm", "the 2015 linker cannot link cgo on arm: its external linking leaves runtime.tlsg's "+
			"relocations without a symbol (\"runtime.save_g: missing xsym in relocation\")", "GOARM=7"),
		// (Not the era's CGO_CFLAGS: -mrelax-relocations is the x86
		// assembler's option.)
		withCgo("arm64", "CGO_CFLAGS=-g -O2 -fPIC"),
		withoutCgo("ppc64", "the 2015 linker has no external linking on ppc64 (\"unknown relocation type 26\")"),
		withoutCgo("ppc64le", "the 2015 linker has no external linking on ppc64le (\"unknown relocation type 26\")"),
	},
	CGOEnv: []string{
		"CGO_LDFLAGS=-no-pie",
		"CGO_CFLAGS=-g -O2 -fPIC -Wa,-mrelax-relocations=no",
	},
	Checks:       []string{"values", "layout", "concurrent", "stat"},
	VectorChecks: []string{"values", "layout", "concurrent", "stat"},
	// The wrappers' conventions, measured (verify judges what they return).
	OSChecks:   []string{"conventions", ReadersCheck},
	Upstream:   []string{"TestXadduintptr", "TestXadduintptrOnUint64"},
	PrintEra:   "2015",
	CrossBuild: "install",
	// The self-test's mutants.
	Mutants: []Mutant{
		// The 2015 runtime's xadduintptr adds only the low 32 bits on amd64.
		{Name: "6ad33be-xadd32", File: "asm_amd64.s",
			Old:      "TEXT runtime·xadduintptr(SB), NOSPLIT, $0-24\n\tJMP\truntime·xadd64(SB)",
			New:      "TEXT runtime·xadduintptr(SB), NOSPLIT, $0-24\n\tJMP\truntime·xadd(SB)",
			CaughtBy: []string{"values", "layout"}},
		// arm's xadduintptr returns 0 where the add carries out of bit 31.
		// (A mutant the runtime's own start survives: its stats never wrap,
		// where one returning the old value ends it at its first
		// mSysStatInc, before any check runs.)
		{Name: "6ad33be-arm-carry", File: "atomic_arm.go",
			Old: "//go:noescape\n//go:linkname xadduintptr runtime.xadd\nfunc xadduintptr(ptr *uintptr, delta uintptr) uintptr\n",
			New: "//go:nosplit\nfunc xadduintptr(ptr *uintptr, delta uintptr) uintptr {\n" +
				"\tv := xadd((*uint32)(unsafe.Pointer(ptr)), int32(delta))\n" +
				"\tif v < uint32(delta) {\n\t\treturn 0\n\t}\n\treturn uintptr(v)\n}\n",
			CaughtBy: []string{"values", "layout"}, Arches: []string{"arm"}},
		// arm64's and ppc64x's xadduintptr linked to the 32-bit xadd: the
		// 64-bit word's high half neither carries nor comes back.
		{Name: "6ad33be-arm64-xadd32", File: "atomic_arm64.go",
			Old:      "//go:linkname xadduintptr runtime.xadd64\n",
			New:      "//go:linkname xadduintptr runtime.xadd\n",
			CaughtBy: []string{"values", "layout"}, Arches: []string{"arm64"}},
		{Name: "6ad33be-ppc64x-xadd32", File: "atomic_ppc64x.go",
			Old:      "//go:linkname xadduintptr runtime.xadd64\n",
			New:      "//go:linkname xadduintptr runtime.xadd\n",
			CaughtBy: []string{"values", "layout"}, Arches: []string{"ppc64le", "ppc64"}},
		// mSysStatInc exits with status 3 on overflow.
		{Name: "6ad33be-stat-exit3", File: "mstats.go",
			Old:      "print(\"runtime: stat overflow: val \", val, \", n \", n, \"\\n\")\n\t\texit(2)",
			New:      "print(\"runtime: stat overflow: val \", val, \", n \", n, \"\\n\")\n\t\texit(3)",
			CaughtBy: []string{"stat"},
			// 386 too: its children start under the emulator there.
			Arches: []string{"amd64", "386"}},
		// mSysStatDec checks the new value, not the wrap below it.
		{Name: "6ad33be-stat-dec-check", File: "mstats.go",
			Old:      "uintptr(-int64(n))); val+n < n {",
			New:      "uintptr(-int64(n))); val < n {",
			CaughtBy: []string{"stat"}},
	},
}

// recognize2015: the runtime of spring 2015, with its os1_*.go files and
// its atomics in package runtime.
func recognize2015(t Tree) (bool, error) {
	return t.Has("src/runtime/os1_linux.go") && !t.Has("src/runtime/internal/atomic"), nil
}
