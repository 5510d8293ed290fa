//go:build linux && 386
// +build linux,386

package runtime_test

import (
	"os/signal"
	"syscall"
	"unsafe"
)

// xaddrefChildExitsUnhandled leaves SIGCHLD at its default disposition,
// under which the kernel discards the signal without running a handler
// and Wait still reaps the child: the children's exits must interrupt no
// thread. Under qemu-i386 (where this machine's kernel does not start
// 32-bit programs) every thread shares one TLS descriptor, and a thread
// returning from a signal handler reloads %gs from it
// (linux-user/i386/signal.c restore_sigcontext), resuming with the TLS of
// the thread that set it last: the runtime then runs on another thread's
// g ("fatal: morestack on g0").
//
// signal.Reset is not enough from Go 1.14 on: sigdisable keeps the Go
// handler for a signal it installed at start (signal_unix.go, where
// sigInstallGoHandler is true for SIGCHLD), so the default is set with
// rt_sigaction itself. The runtime installs no handler after start but for
// signal.Notify, which these tests do not call.
func xaddrefChildExitsUnhandled() {
	signal.Reset(syscall.SIGCHLD)
	// The kernel's struct sigaction on i386: handler, flags, restorer,
	// mask; all zero is SIG_DFL.
	var sa struct {
		handler, flags, restorer uint32
		mask                     uint64
	}
	_, _, errno := syscall.RawSyscall6(syscall.SYS_RT_SIGACTION, uintptr(syscall.SIGCHLD),
		uintptr(unsafe.Pointer(&sa)), 0, unsafe.Sizeof(sa.mask), 0, 0)
	if errno != 0 {
		panic("rt_sigaction(SIGCHLD, SIG_DFL): " + errno.Error())
	}
}
