package era

// The mutants the eras after 2015 share (Go 1.19's and Go 1.26's runtimes
// hold the text each changes). Their compilers replace
// atomic.Xadduintptr by an intrinsic even where it is taken as a function
// value (LOCK XADDQ on amd64; Go 1.26's ssagen aliases it to Xadd64 or
// Xadd on every architecture), so the assembly version is never what the
// tests call: its faults go into the export that the tests do call,
// export_test.go's, the same line in both.
const exportXadduintptr = "var Xadduintptr = atomic.Xadduintptr"

// xadd32Mutant: Xadduintptr adds to the word's first 32 bits only, its
// low half on little-endian and its high half on big-endian: the rest
// neither carries nor comes back.
func xadd32Mutant(name string, arches ...string) Mutant {
	return Mutant{Name: name, File: "export_test.go", Old: exportXadduintptr,
		New: "var Xadduintptr = func(ptr *uintptr, delta uintptr) uintptr {\n" +
			"\treturn uintptr(atomic.Xadd((*uint32)(unsafe.Pointer(ptr)), int32(delta)))\n}",
		CaughtBy: []string{"values", "layout"}, Arches: arches}
}

// nonatomicMutant: Xadduintptr is a load and a store: right alone, wrong
// under contention.
func nonatomicMutant(name string, arches ...string) Mutant {
	return Mutant{Name: name, File: "export_test.go", Old: exportXadduintptr,
		New: "var Xadduintptr = func(ptr *uintptr, delta uintptr) uintptr {\n" +
			"\tv := atomic.Loaduintptr(ptr) + delta\n\tatomic.Storeuintptr(ptr, v)\n\treturn v\n}",
		CaughtBy: []string{"concurrent"}, Arches: arches}
}

// statInvertedMutant: (*sysMemStat).add (mstats.go) with its check's sign
// tests inverted, the overflow test made on a decrement and the underflow
// test on an increment, so that it misses a stat taken below zero (0x10
// less 0x20 returns). Inverting the whole condition instead would throw
// at the runtime's first stat update, before any test runs; this one
// throws only where the real check does too, on stats the runtime keeps.
func statInvertedMutant(name string, arches ...string) Mutant {
	return Mutant{Name: name, File: "mstats.go",
		Old:      "if (n > 0 && int64(val) < n) || (n < 0 && int64(val)+n < n) {",
		New:      "if (n < 0 && int64(val) < n) || (n > 0 && int64(val)+n < n) {",
		CaughtBy: []string{"stat"}, Arches: arches}
}
