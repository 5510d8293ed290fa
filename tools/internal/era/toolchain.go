package era

// Toolchain is how this machine (Debian 12 on amd64) compiles C for one
// GOARCH and starts its programs, and which Debian package provides each
// part: what the eras' architectures use, and what `xaddref setup`
// probes, so that a missing part is named by its package.
type Toolchain struct {
	GOARCH string
	// CC is the C compiler for cgo ("" where the kit runs the
	// architecture without cgo); CCDeb provides it.
	CC, CCDeb string
	// LibcDeb is the target's C library for cgo: headers, crt files and
	// libc.so. A cross compiler only recommends it.
	LibcDeb string
	// QEMU is the qemu-user binary ("" starts natively), Sysroot its -L.
	QEMU, Sysroot string
	// AltQEMU starts the programs where the kernel cannot (Native386),
	// with the environment AltEnv, which AltNote explains.
	AltQEMU string
	AltEnv  []string
	AltNote string
	// RunDeb provides what starts the program: qemu-user, or the loader.
	RunDeb string
}

func crossToolchain(goarch, triple, libc, qemu string) Toolchain {
	return Toolchain{GOARCH: goarch, CC: triple + "-gcc", CCDeb: "gcc-" + triple,
		LibcDeb: "libc6-dev-" + libc + "-cross", QEMU: qemu, Sysroot: "/usr/" + triple, RunDeb: "qemu-user"}
}

// Toolchains are this machine's, one per GOARCH the eras run.
var Toolchains = []Toolchain{
	{GOARCH: "amd64", CC: "gcc", CCDeb: "gcc", LibcDeb: "libc6-dev"},
	// gcc-multilib conflicts with the cross compilers below: 386 has a
	// cross compiler of its own. Its programs start with the 32-bit
	// loader and C library of libc6-i386: natively, or, on a kernel that
	// does not run 32-bit programs, under qemu-i386 without -L, so that
	// the loader is the one that matches the C library its search finds.
	// (With -L /usr/i686-linux-gnu, qemu-i386 maps the loader into the
	// cross sysroot, glibc 2.36-8, while that loader reads the host's
	// /etc/ld.so.cache and loads libc6-i386's /lib32/libc.so.6, glibc
	// 2.36-9+deb12u14; their private _rtld_global differs by 4 bytes,
	// and pthread_create loops forever walking a list at the wrong
	// offset.)
	//
	// Go programs run there with async preemption off: qemu-i386 keeps
	// one descriptor table for all the threads of a process
	// (linux-user/i386/cpu_loop.c target_cpu_copy_regs), in which every
	// thread's TLS descriptor is the same entry, and the return from a
	// signal handler reloads %gs from that table
	// (linux-user/i386/signal.c restore_sigcontext). A thread that
	// handles a signal thus resumes with the TLS of the thread that set
	// the entry last, and the runtime's g is another thread's. Async
	// preemption is the only signal Go 1.19's tests get; the 2015 stat
	// test leaves SIGCHLD unhandled (goruntime_tests/xaddref_stat_test.go).
	{GOARCH: "386", CC: "i686-linux-gnu-gcc", CCDeb: "gcc-i686-linux-gnu",
		LibcDeb: "libc6-dev-i386-cross", RunDeb: "libc6-i386", AltQEMU: "qemu-i386",
		AltEnv: []string{"GODEBUG=asyncpreemptoff=1"},
		AltNote: "GODEBUG=asyncpreemptoff=1: qemu-i386 gives all threads one TLS descriptor, " +
			"and a signal handler's return reloads %gs from it, so the thread resumes with the TLS of the thread created last"},
	crossToolchain("arm", "arm-linux-gnueabihf", "armhf", "qemu-arm"),
	crossToolchain("arm64", "aarch64-linux-gnu", "arm64", "qemu-aarch64"),
	crossToolchain("mips", "mips-linux-gnu", "mips", "qemu-mips"),
	crossToolchain("mipsle", "mipsel-linux-gnu", "mipsel", "qemu-mipsel"),
	crossToolchain("mips64", "mips64-linux-gnuabi64", "mips64", "qemu-mips64"),
	crossToolchain("mips64le", "mips64el-linux-gnuabi64", "mips64el", "qemu-mips64el"),
	crossToolchain("ppc64le", "powerpc64le-linux-gnu", "ppc64el", "qemu-ppc64le"),
	crossToolchain("s390x", "s390x-linux-gnu", "s390x", "qemu-s390x"),
	crossToolchain("riscv64", "riscv64-linux-gnu", "riscv64", "qemu-riscv64"),
	// Debian 12 has no C compiler for loong64 (Go 1.26 runs it without
	// cgo), and qemu-user 7.2 runs its programs.
	{GOARCH: "loong64", QEMU: "qemu-loongarch64", RunDeb: "qemu-user"},
	// Neither Go 1.19 nor the 2015 tree has cgo on linux/ppc64 (external
	// linking is not supported there): its programs are Go alone, and
	// need no C compiler, only their emulator.
	{GOARCH: "ppc64", QEMU: "qemu-ppc64", RunDeb: "qemu-user"},
}

// ToolchainOf returns the toolchain of goarch; it panics on a GOARCH the
// table lacks, which is a mistake in the eras' tables.
func ToolchainOf(goarch string) Toolchain {
	for _, t := range Toolchains {
		if t.GOARCH == goarch {
			return t
		}
	}
	panic("era: no toolchain for " + goarch)
}

// withCgo is an architecture of an era that runs with cgo, with its
// toolchain's compiler and emulator.
func withCgo(goarch string, env ...string) Arch {
	t := ToolchainOf(goarch)
	return Arch{GOARCH: goarch, Env: env, CC: t.CC, QEMU: t.QEMU, Sysroot: t.Sysroot}
}

// withoutCgo is an architecture that runs without cgo; note says why.
func withoutCgo(goarch, note string, env ...string) Arch {
	t := ToolchainOf(goarch)
	return Arch{GOARCH: goarch, Env: env, QEMU: t.QEMU, Sysroot: t.Sysroot, Note: note}
}
