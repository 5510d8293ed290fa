package runtime

import "unsafe"

type mstats struct {
	sys          uint64 // should be sum of xxx_sys below
	heap_sys     uint64
	stacks_sys   uint64 // always 0 in mstats
	other_sys    uint64
	stacks_inuse uint64
}

var memstats mstats

type MemStats struct {
	Sys        uint64 // sum of XxxSys below
	HeapSys    uint64
	StackSys   uint64
	OtherSys   uint64
	StackInuse uint64
}

func updatememstats() {
	memstats.sys = memstats.heap_sys + memstats.stacks_sys + memstats.other_sys // want `^mstats.sys holds: mstats.sys is the sum of heap_sys, stacks_sys, other_sys \(mstats.go:6: "sum of xxx_sys below"\); updatememstats sets them so that sys minus their sum is 0$` linux/mips:`^mstats.heap_sys broken: .*high half` linux/mips:`^mstats.stacks_sys broken: .*high half` linux/mips:`^mstats.other_sys broken: .*high half`
}

// The reader 6ad33be breaks where newosproc0 runs: Sys counts
// stacks_sys, StackSys does not.
func readmemstats_m(stats *MemStats) {
	updatememstats()
	memmove(unsafe.Pointer(stats), unsafe.Pointer(&memstats), unsafe.Sizeof(*stats)) // want windows/amd64:`^MemStats.Sys holds: .* at mstats.stacks_sys, 0 on this port: mstats.stacks_sys, which nothing writes on this port$` linux/mips:`^mstats.heap_sys broken: .*high half` linux/mips:`^mstats.stacks_sys broken: .*high half` linux/mips:`^mstats.other_sys broken: .*high half`
	stats.StackSys = stats.StackInuse                                                // want linux/amd64:`^MemStats.Sys broken: MemStats.Sys is the sum of HeapSys, StackSys, OtherSys \(mstats.go:16: "sum of XxxSys below"\); readmemstats_m leaves Sys minus the sum at mstats.stacks_sys: StackSys, which held mstats.stacks_sys, is set anew at mstats.go:32, so Sys counts it and the parts do not \(mstats.go:8 says of it: "always 0 in mstats"\); the commit charges it at os_linux.go:6 \(newosproc0, called from os_linux.go:9\), where nothing charged it before$` linux/386:`^MemStats.Sys broken: MemStats.Sys is the sum of HeapSys, StackSys, OtherSys \(mstats.go:16: "sum of XxxSys below"\); readmemstats_m leaves Sys minus the sum at mstats.stacks_sys: StackSys, which held mstats.stacks_sys, is set anew at mstats.go:32, so Sys counts it and the parts do not \(mstats.go:8 says of it: "always 0 in mstats"\); the commit charges it at os_linux.go:6 \(newosproc0, called from os_linux.go:9\), where nothing charged it before$` linux/mips:`^MemStats.Sys broken: MemStats.Sys is the sum of HeapSys, StackSys, OtherSys \(mstats.go:16: "sum of XxxSys below"\); readmemstats_m leaves Sys minus the sum at mstats.stacks_sys: StackSys, which held mstats.stacks_sys, is set anew at mstats.go:32, so Sys counts it and the parts do not \(mstats.go:8 says of it: "always 0 in mstats"\); the commit charges it at os_linux.go:6 \(newosproc0, called from os_linux.go:9\), where nothing charged it before$` linux/mipsle:`^MemStats.Sys broken: MemStats.Sys is the sum of HeapSys, StackSys, OtherSys \(mstats.go:16: "sum of XxxSys below"\); readmemstats_m leaves Sys minus the sum at mstats.stacks_sys: StackSys, which held mstats.stacks_sys, is set anew at mstats.go:32, so Sys counts it and the parts do not \(mstats.go:8 says of it: "always 0 in mstats"\); the commit charges it at os_linux.go:6 \(newosproc0, called from os_linux.go:9\), where nothing charged it before$` linux/arm:`^MemStats.Sys broken: MemStats.Sys is the sum of HeapSys, StackSys, OtherSys \(mstats.go:16: "sum of XxxSys below"\); readmemstats_m leaves Sys minus the sum at mstats.stacks_sys: StackSys, which held mstats.stacks_sys, is set anew at mstats.go:32, so Sys counts it and the parts do not \(mstats.go:8 says of it: "always 0 in mstats"\); the commit charges it at os_linux.go:6 \(newosproc0, called from os_linux.go:9\), where nothing charged it before$`
	stats.HeapSys -= stats.StackInuse
}

// A reader without the break: every part keeps what it held.
func readmemstats_ok(stats *MemStats) {
	updatememstats()
	memmove(unsafe.Pointer(stats), unsafe.Pointer(&memstats), unsafe.Sizeof(*stats)) // want `^MemStats.Sys holds: .*readmemstats_ok sets them so that Sys minus their sum is 0$` linux/mips:`^mstats.heap_sys broken: .*high half` linux/mips:`^mstats.stacks_sys broken: .*high half` linux/mips:`^mstats.other_sys broken: .*high half`
	stats.HeapSys -= stats.StackInuse
	stats.StackSys += stats.StackInuse
}

func heapSys() uint64 { return memstats.heap_sys } // want linux/mips:`^mstats.heap_sys broken: reads it as a whole uint64: the bytes charged to mstats.heap_sys; on this 32-bit big-endian port sysAlloc -> mSysStatInc -> xadduintptr adds to the word at the stat.s address, the uint64.s high half: a charge of n bytes reads as n<<32$`

// An update under arm's lock, which the stat functions no longer take.
func bumpOther() { xadd64(&memstats.other_sys, 1) } // want linux/arm:`^mstats.other_sys broken: updates it with xadd64, which takes a lock \(xadd64 -> lock\): every writer of mstats.other_sys takes it too; the stat functions take no lock \(sysAlloc -> mSysStatInc -> xadduintptr\): an update they make between xadd64.s read and its write is lost$`

func charge() { sysAlloc(4096, &memstats.heap_sys); sysAlloc(4096, &memstats.other_sys) }
