package runtime

import (
	"runtime/internal/atomic"
	"unsafe"
)

type g struct{ m *m }

type m struct{ locks int32 }

func getg() *g // want `getg: nosplit; bodyless`

func systemstack(fn func()) // want linux/arm:`systemstack: nosplit; bodyless`

func exit(code int32) // want `exit: nosplit; bodyless`

const _BigEndian = 0

var _cgo_mmap unsafe.Pointer

//go:nosplit
func lock() {} // want `lock: nosplit`

func throw(s string) { // want `throw: nosplit`
	*(*int)(nil) = 0
}

type stat struct{ n uint64 }

//go:nosplit
func (s *stat) add(n int64) {} // want `\(\*stat\).add: nosplit`

type embeds struct{ *stat }

type adder interface{ add(n int64) }

var hook func()

//go:linkname xadduintptr runtime.xadd
func xadduintptr(ptr *uintptr, delta uintptr) uintptr

func xadd(ptr *uint32, delta int32) uint32 { return 0 } // want `xadd: nosplit`

func methods(e embeds, a adder, s *stat) { // want `methods: not nosplit \(no //go:nosplit\)$`
	e.add(1)              // want `^call \(\*stat\).add$`
	a.add(1)              // want `not followed: call through a function value a.add`
	hook()                // want `not followed: call through a function value hook`
	(*stat).add(s, 2)     // want `^call \(\*stat\).add$`
	xadduintptr(nil, 1)   // want `^call xadd via xadduintptr$`
	atomic.Xadd64(nil, 1) // want linux/amd64:`^inline atomic.Xadd64$` linux/arm:`^call atomic.Xadd64$`
	_ = uintptr(unsafe.Sizeof(s))
}

func closures() { // want `closures: not nosplit`
	if _BigEndian != 0 {
		systemstack(func() {}) // want `^call systemstack \(dead\)$` `^call closures.func1 \(dead\)$` `closures.func1: not nosplit \(a closure`
	}
	systemstack(func() { // want `^call systemstack$` `^call closures.func2$` `closures.func2: not nosplit`
		f := func() {} // want `^call closures.func2.1$` `closures.func2.1: not nosplit`
		f()            // want `not followed: call through a function value f`
	})
	systemstack(lock)         // want `^call systemstack$` `^call lock$`
	go worker()               // want `^builtin newproc$` `^go worker$`
	go func() {}()            // want `^builtin newproc$` `^go closures.func3$` `closures.func3: not nosplit`
	defer worker()            // want `^builtin deferproc$` `^call worker$`
	println("x")              // want `^builtin print$`
	_ = append([]int(nil), 1) // want `^builtin growslice$`
}

func worker() {} // want `worker: nosplit`

// What the compiler calls for defer, go, append and print.
func deferproc() {} // want `deferproc: nosplit`
func newproc()   {} // want `newproc: nosplit`
func growslice() {} // want `growslice: nosplit`
func printlock() {} // want `printlock: nosplit`

func ends(n int) { // want `ends: not nosplit`
	if n == 0 {
		print("bad\n") // want `^builtin print; ends: the statement at runtime.go:81 is followed by throw\("bad"\) \(runtime.go:82\)$`
		throw("bad")   // want `^call throw; ends: throw\("bad"\) \(runtime.go:82\) does not return$`
	}
	if _cgo_mmap != nil {
		lock() // want `^call lock; cgo: only with runtime/cgo linked: _cgo_mmap != nil \(runtime.go:84\)$`
	}
}

func reads() { // want `reads: not nosplit \(no //go:nosplit\); needs a G: reads getg\(\).m \(runtime.go:98\)$`
	gp := getg() // want `^inline getg$`
	if gp != nil {
		_ = gp.m
	}
	if gp == nil {
		return
	}
	_ = gp.m
	_ = getg().m // want `^inline getg$`
}

func readsVar() { // want `readsVar: .*; needs a G: reads gp.m, gp = getg\(\) \(runtime.go:106\)$`
	gp := getg()         // want `^inline getg$`
	systemstack(func() { // want `^call systemstack$` `^call readsVar.func1$` `readsVar.func1: not nosplit \(a closure .*; needs a G: reads gp.m, gp = getg\(\) \(runtime.go:104\)$`
		_ = gp.m
	})
	_ = gp.m
}

//go:systemstack
func marked() {} // want `marked: nosplit; needs a G: marked //go:systemstack`

// The compiler drops what follows an if whose constant condition holds
// and whose body returns.
func returnsEarly() { // want `returnsEarly: not nosplit`
	if _BigEndian == 0 {
		worker() // want `^call worker$`
		return
	}
	lock() // want `^call lock \(dead\)$`
}
