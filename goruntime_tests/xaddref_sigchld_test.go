//go:build !linux || !386
// +build !linux !386

package runtime_test

import (
	"os/signal"
	"syscall"
)

// xaddrefChildExitsUnhandled: where a signal handler's return restores the
// thread's own TLS, the runtime's handler may take SIGCHLD; resetting it
// is all the children's exits need (xaddref_sigchld_linux_386_test.go
// says why 386 needs more).
func xaddrefChildExitsUnhandled() {
	signal.Reset(syscall.SIGCHLD)
}
