package era

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
)

// Emulator is the qemu-user binary that starts the architecture's
// programs on this machine, or "" where the kernel starts them itself.
func (a Arch) Emulator() string {
	if a.QEMU != "" {
		return a.QEMU
	}
	return ToolchainOf(a.GOARCH).altEmulator()
}

// Emulator is Arch.Emulator for the toolchain.
func (t Toolchain) Emulator() string {
	if t.QEMU != "" {
		return t.QEMU
	}
	return t.altEmulator()
}

// Launcher is how this machine starts the architecture's programs: the
// command that precedes a program's path (the emulator and its options;
// nil where the kernel starts them) and the environment they need there.
func (a Arch) Launcher() (prefix, env []string) {
	if a.QEMU != "" {
		return qemuPrefix(a.QEMU, a.Sysroot), nil
	}
	return ToolchainOf(a.GOARCH).altLauncher()
}

// Launcher is Arch.Launcher for the toolchain.
func (t Toolchain) Launcher() (prefix, env []string) {
	if t.QEMU != "" {
		return qemuPrefix(t.QEMU, t.Sysroot), nil
	}
	return t.altLauncher()
}

// AltNote says why the architecture's programs run under AltQEMU, with
// its environment, or "" where they do not.
func (a Arch) AltNote() string {
	t := ToolchainOf(a.GOARCH)
	if a.QEMU != "" || t.altEmulator() == "" {
		return ""
	}
	_, why := Native386()
	note := "under " + t.AltQEMU + ": " + why
	if t.AltNote != "" {
		note += "; with " + t.AltNote
	}
	return note
}

func qemuPrefix(qemu, sysroot string) []string {
	if sysroot == "" {
		return []string{qemu}
	}
	return []string{qemu, "-L", sysroot}
}

func (t Toolchain) altLauncher() (prefix, env []string) {
	if t.altEmulator() == "" {
		return nil, nil
	}
	return []string{t.AltQEMU}, t.AltEnv
}

// altEmulator is AltQEMU where the kernel cannot start the programs.
func (t Toolchain) altEmulator() string {
	if t.AltQEMU == "" {
		return ""
	}
	if ok, _ := Native386(); ok {
		return ""
	}
	return t.AltQEMU
}

var native386 struct {
	once sync.Once
	ok   bool
	why  string
}

// Native386 reports whether this machine's kernel starts 32-bit x86
// programs, measured by starting one (a minimal ELF file that exits 0),
// and if not, why. An amd64 kernel built without IA32 emulation, one
// started with ia32_emulation=0, or one that disables it itself (a guest
// of the PVM hypervisor, which cannot run 32-bit code) fails its execve
// with ENOEXEC.
func Native386() (bool, string) {
	native386.once.Do(func() {
		native386.ok, native386.why = runELF32()
	})
	return native386.ok, native386.why
}

func runELF32() (bool, string) {
	dir, err := os.MkdirTemp("", "xaddref-elf32-")
	if err != nil {
		return false, err.Error()
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "exit0")
	if err := os.WriteFile(path, elf32Exit0(), 0o755); err != nil {
		return false, err.Error()
	}
	err = exec.Command(path).Run()
	if errors.Is(err, syscall.ENOEXEC) {
		return false, "the kernel does not start 32-bit x86 programs (execve: exec format error)"
	}
	if err != nil {
		return false, "a 32-bit x86 program did not run: " + err.Error()
	}
	return true, ""
}

// elf32Exit0 is a static i386 ELF executable, one loadable segment whose
// code is exit(0): mov $1,%eax; xor %ebx,%ebx; int $0x80.
func elf32Exit0() []byte {
	const base, ehsize, phsize = 0x08048000, 52, 32
	code := []byte{0xb8, 0x01, 0x00, 0x00, 0x00, 0x31, 0xdb, 0xcd, 0x80}
	size := uint32(ehsize + phsize + len(code))
	var b bytes.Buffer
	b.Write([]byte{0x7f, 'E', 'L', 'F', 1, 1, 1, 0}) // ELFCLASS32, little-endian, version 1
	b.Write(make([]byte, 8))
	le := binary.LittleEndian
	for _, v := range []interface{}{
		uint16(2), uint16(3), uint32(1), // ET_EXEC, EM_386, EV_CURRENT
		uint32(base + ehsize + phsize), uint32(ehsize), uint32(0), // entry, phoff, shoff
		uint32(0), uint16(ehsize), uint16(phsize), uint16(1), // flags, ehsize, phentsize, phnum
		uint16(0), uint16(0), uint16(0), // shentsize, shnum, shstrndx
		// The program header: PT_LOAD of the whole file, read and execute.
		uint32(1), uint32(0), uint32(base), uint32(base), size, size, uint32(5), uint32(0x1000),
	} {
		binary.Write(&b, le, v)
	}
	b.Write(code)
	return b.Bytes()
}
