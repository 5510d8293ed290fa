//go:build !race
// +build !race

package runtime_test

import (
	"flag"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
	"unsafe"
)

// The readers check: what a user program reads of MemStats.Sys ("sum of
// XxxSys below") after the runtime starts a thread with newosproc0, the
// thread start that needs no G, which 6ad33be charges to
// memstats.stacks_sys. The test measures; the kit predicts (its readers
// analysis and the C model) and compares. It reads the lines
//
//	XADDREF readers goarch=G stack=N thread=started parts=A,B,... sys=S0,S1 gap=D0,D1
//	XADDREF readers goarch=G not asked
//
// where D0 and D1 are Sys minus the sum of its parts before and after.

var xaddrefNewOSProc0 = flag.Uint64("xaddref.newosproc0", 0,
	"the stack size the readers check starts newosproc0's thread with (0: the kit did not ask for it, "+
		"where that thread cannot start)")

var xaddrefNewOSProcRan bool

// xaddrefNewOSProcCreated runs on the new thread, which has no G or M: no
// stack check, nothing but a store (as the runtime's own TestNewOSProc0).
//
//go:nosplit
func xaddrefNewOSProcCreated() {
	xaddrefNewOSProcRan = true
}

func TestXaddrefReaders(t *testing.T) {
	stack := *xaddrefNewOSProc0
	if stack == 0 {
		fmt.Printf("XADDREF readers goarch=%s not asked\n", runtime.GOARCH)
		return
	}
	parts := xaddrefSysParts()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	// The function's entry as a code pointer: reflect gives the one the
	// runtime's own test passes (runtime.FuncPC in 2015,
	// abi.FuncPCABIInternal since), in every era.
	fn := reflect.ValueOf(xaddrefNewOSProcCreated).Pointer()
	runtime.NewOSProc0(uintptr(stack), unsafe.Pointer(fn))
	thread := "started"
	deadline := time.Now().Add(5 * time.Second)
	for !xaddrefNewOSProcRan {
		if time.Now().After(deadline) {
			thread = "not-started"
			t.Errorf("newosproc0's thread did not run in 5s")
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	runtime.ReadMemStats(&after)
	var names []string
	for _, i := range parts {
		names = append(names, reflect.TypeOf(before).Field(i).Name)
	}
	fmt.Printf("XADDREF readers goarch=%s stack=%d thread=%s parts=%s sys=%d,%d gap=%d,%d\n", runtime.GOARCH, stack,
		thread, strings.Join(names, ","), before.Sys, after.Sys, xaddrefSysGap(&before, parts), xaddrefSysGap(&after, parts))
}

// xaddrefSysParts are the fields of MemStats that its comment on Sys
// names ("sum of XxxSys below"): those after Sys whose names end in Sys.
func xaddrefSysParts() []int {
	t := reflect.TypeOf(runtime.MemStats{})
	var out []int
	after := false
	for i := 0; i < t.NumField(); i++ {
		name := t.Field(i).Name
		if after && strings.HasSuffix(name, "Sys") {
			out = append(out, i)
		}
		after = after || name == "Sys"
	}
	return out
}

// xaddrefSysGap is Sys minus the sum of the parts, as a signed number.
func xaddrefSysGap(m *runtime.MemStats, parts []int) int64 {
	v := reflect.ValueOf(m).Elem()
	gap := m.Sys
	for _, i := range parts {
		gap -= v.Field(i).Uint()
	}
	return int64(gap)
}
