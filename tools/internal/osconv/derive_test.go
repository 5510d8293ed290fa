package osconv

import (
	"testing"

	"xaddref/tools/internal/kittest"
)

// A tree of three ports: linux/amd64's wrappers negate (mincore) or hand
// on (mmap) the kernel's result, which its munmap tests against -4095;
// openbsd/amd64's mmap hands the result on and nothing in its own files
// tests one, but openbsd/386's open tests the carry after its system call
// (a comment between them).
var convTree = map[string]string{
	"src/cmd/dist/build.go":           "package main\n\nvar okgoos = []string{\"linux\", \"openbsd\"}\n\nvar okgoarch = []string{\"386\", \"amd64\"}\n",
	"src/runtime/rt0_linux_amd64.s":   "",
	"src/runtime/rt0_openbsd_amd64.s": "",
	"src/runtime/rt0_openbsd_386.s":   "",
	"src/runtime/textflag.h":          "#define NOSPLIT 4\n",
	"src/runtime/stubs.go":            "package runtime\n\nimport \"unsafe\"\n\nfunc mmap(addr unsafe.Pointer, n uintptr, prot, flags, fd int32, off uint32) unsafe.Pointer\nfunc munmap(addr unsafe.Pointer, n uintptr)\n",
	"src/runtime/defs_linux.go":       "package runtime\n\nconst _EAGAIN = 0xb\n",
	"src/runtime/defs_linux_amd64.go": "package runtime\n\nconst (\n\t_PROT_NONE = 0x0\n\t_PROT_READ = 0x1\n)\n\nconst _ENOMEM = _EAGAIN + 1\n",
	"src/runtime/mem_linux.go":        "package runtime\n\nimport \"unsafe\"\n\nfunc mincore(addr unsafe.Pointer, n uintptr, dst *byte) int32\n\nfunc probe() { mincore(nil, 0, nil) }\n",
	"src/runtime/sys_linux_amd64.s":   linuxAsm,
	"src/runtime/sys_openbsd_amd64.s": "#include \"textflag.h\"\n\nTEXT runtime·mmap(SB),NOSPLIT,$0\n\tSYSCALL\n\tRET\n",
	"src/runtime/sys_openbsd_386.s":   openbsd386Asm,
}

const linuxAsm = `#include "textflag.h"

TEXT runtime·mmap(SB),NOSPLIT,$0
	MOVQ	addr+0(FP), DI
	SYSCALL
	MOVQ	AX, ret+32(FP)
	RET

TEXT runtime·munmap(SB),NOSPLIT,$0
	SYSCALL
	CMPQ	AX, $0xfffffffffffff001
	JLS	2(PC)
	MOVL	$0xf1, 0xf1  // crash
	RET

TEXT runtime·mincore(SB),NOSPLIT,$0
	SYSCALL

	// the errno, positive
	NEGQ	AX
	RET
`

const openbsd386Asm = `#include "textflag.h"

TEXT runtime·open(SB),NOSPLIT,$0
	INT	$0x80

	// a failure sets the carry
	JAE	2(PC)
	MOVL	$-1, AX
	RET
`

func TestDerive(t *testing.T) {
	table, err := Derive(kittest.WriteTree(t, convTree), "test")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]Fact{
		"linux/amd64": {
			{Name: "_PROT_NONE", Value: "0x0", Where: "runtime/defs_linux_amd64.go:4"},
			{Name: "_EAGAIN", Value: "0xb", Where: "runtime/defs_linux.go:3"},
			{Name: "_ENOMEM", Value: "0xc", Where: "runtime/defs_linux_amd64.go:8"},
			{Name: MmapFailure, Value: NegErrno, Where: "runtime/sys_linux_amd64.s:5 hands the kernel's result on unchanged; " +
				"runtime/sys_linux_amd64.s:11 tests a result against -4095"},
			{Name: MunmapFailure, Value: crash, Where: "runtime/sys_linux_amd64.s:13 faults on a failure"},
			{Name: MincoreFailure, Value: Errno, Where: "runtime/sys_linux_amd64.s:20 negates the kernel's -errno"},
		},
		"openbsd/amd64": {
			{Name: MmapFailure, Value: Errno, Where: "runtime/sys_openbsd_amd64.s:4 hands the kernel's result on unchanged; " +
				"runtime/sys_openbsd_386.s:7 tests the error flag after a system call (another openbsd port: the kernel's convention)"},
		},
	}
	for port, facts := range want {
		p := table.Port(port[:len(port)-len("/amd64")], "amd64")
		if p == nil {
			t.Fatalf("no port %s in %v", port, table.Summary())
		}
		for _, w := range facts {
			f := p.Fact(w.Name)
			if f == nil || f.Value != w.Value || f.Where != w.Where || f.How != derived {
				t.Errorf("%s %s: %+v, want %s derived at %s", port, w.Name, f, w.Value, w.Where)
			}
		}
	}
	if p := table.Port("openbsd", "amd64"); p.Fact(MincoreFailure) != nil || p.Fact("_EAGAIN") != nil {
		t.Errorf("openbsd/amd64 has linux's facts: %+v", p.Facts)
	}
}
