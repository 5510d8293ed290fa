package runtime_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"unsafe"
)

// The OS conventions the kit's model relies on, measured with the tree's
// own system call wrappers (exported by the kit's test hooks): calls the
// kernel must refuse, with the errno it refuses them with, and what the
// wrapper hands the runtime. The kit reads the lines
//
//	XADDREF conv goarch=G call=C errno=E got=V [detail]
//
// and compares them with the conventions it derived from the tree.
func TestXaddrefConventions(t *testing.T) {
	if os.Getenv("XADDREF_CONV_CHILD") != "" {
		return
	}
	// As the stat check's: the children's exits interrupt no thread
	// (xaddref_statchild_test.go).
	xaddrefChildExitsUnhandled()
	const (
		protRW      = 0x3  // PROT_READ|PROT_WRITE: the same on every linux port
		mapPrivate  = 0x2  // MAP_PRIVATE
		mapAnonPriv = 0x22 // MAP_ANONYMOUS|MAP_PRIVATE
	)
	conv := func(call string, errno int, got string) {
		fmt.Printf("XADDREF conv goarch=%s call=%s errno=%d got=%s\n", runtime.GOARCH, call, errno, got)
	}
	// A length of 0: EINVAL (22), before anything else is looked at.
	p := runtime.Mmap(nil, 0, protRW, mapAnonPriv, -1, 0)
	conv("mmap(len=0)", 22, fmt.Sprintf("%#x", uintptr(p)))
	// A file mapping of fd -1: EBADF (9).
	p = runtime.Mmap(nil, 4096, protRW, mapPrivate, -1, 0)
	conv("mmap(fd=-1)", 9, fmt.Sprintf("%#x", uintptr(p)))
	// mincore of page 1, which nothing maps: ENOMEM (12).
	var vec [1]byte
	r := runtime.Mincore(unsafe.Pointer(uintptr(4096)), 4096, &vec[0])
	conv("mincore(unmapped)", 12, fmt.Sprintf("%d", r))
	// munmap of an address that is not page-aligned: EINVAL (22). The
	// 2015 wrappers crash on a failure, so in a child.
	conv("munmap(unaligned)", 22, xaddrefConvChild(t, "munmap"))
	// sysAlloc of more than the address space holds: mmap refuses it
	// (ENOMEM); what sysAlloc returns and charges, in a child too (a
	// runtime that takes the failure for memory may charge the stat past
	// its check, and exit).
	got := xaddrefConvChild(t, "sysalloc")
	if i := strings.Index(got, "ret="); strings.HasPrefix(got, "returned:") && i >= 0 {
		got = strings.TrimSuffix(got[i:], `"`)
	}
	conv(fmt.Sprintf("sysAlloc(n=%#x,stat=0x1000)", uint64(xaddrefHugeAlloc())), 12, got)
	// That the calls were made: the kit judges what they returned.
	xaddrefResult("conventions", 5, 0, 0)
}

// xaddrefHugeAlloc is more than the address space holds.
func xaddrefHugeAlloc() uintptr {
	n := ^uintptr(0) &^ 0xfff
	if xaddrefPtrSize == 8 {
		shift := uint(62) // a variable: the constant overflows a 32-bit uintptr
		n = uintptr(1) << shift
	}
	return n
}

// xaddrefConvChild runs a call that may crash in a child, and says how it
// ended: "returned" with the child's first line of output, or
// "exit<status>" or "signal<name>" with the first line the runtime wrote
// to fd 2.
func xaddrefConvChild(t *testing.T, call string) string {
	cmd := xaddrefChild("-test.run=^TestXaddrefConvChild$")
	cmd.Env = append(os.Environ(), "XADDREF_CONV_CHILD="+call)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	first := strings.SplitN(strings.TrimSpace(stderr.String()), "\n", 2)[0]
	how := "returned"
	if err == nil {
		first = strings.SplitN(strings.TrimSpace(stdout.String()), "\n", 2)[0]
	}
	if ee, ok := err.(*exec.ExitError); ok {
		ws, _ := ee.Sys().(syscall.WaitStatus)
		how = fmt.Sprintf("exit%d", ws.ExitStatus())
		if ws.Signaled() {
			how = "signal" + ws.Signal().String()
		}
	} else if err != nil {
		t.Fatalf("running the child: %v", err)
	}
	return fmt.Sprintf("%s:%q", how, first)
}

// TestXaddrefConvChild is the child's side; without $XADDREF_CONV_CHILD it
// does nothing.
func TestXaddrefConvChild(t *testing.T) {
	switch os.Getenv("XADDREF_CONV_CHILD") {
	case "munmap":
		runtime.Munmap(unsafe.Pointer(uintptr(0x10001)), 4096)
		fmt.Println("munmap returned")
	case "sysalloc":
		stat := uint64(0x1000)
		ret := runtime.SysAlloc(xaddrefHugeAlloc(), &stat)
		fmt.Printf("ret=%#x,stat=%#x\n", uintptr(ret), stat)
	}
}
