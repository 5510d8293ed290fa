package setup

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xaddref/tools/internal/era"
)

// script writes an executable shell script named name into dir.
func script(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// A toolchain probe names the package of the part that is missing: the
// compiler, the target's C library (a header or a crt file), the emulator.
func TestToolchainProbeNamesThePackage(t *testing.T) {
	bin := t.TempDir()
	gcc := script(t, bin, "good-gcc", `exec gcc "$@"`)
	noHeader := script(t, bin, "no-header-gcc",
		`echo "/usr/include/stdlib.h:26:10: fatal error: bits/libc-header-start.h: No such file or directory" >&2; exit 1`)
	noCrt := script(t, bin, "no-crt-gcc",
		`echo "/usr/bin/ld: cannot find crt1.o: No such file or directory" >&2; echo "collect2: error: ld returned 1 exit status" >&2; exit 1`)
	broken := script(t, bin, "broken-gcc", `echo "gcc: internal compiler error: Segmentation fault" >&2; exit 4`)
	noLoader := script(t, bin, "qemu-fake",
		`echo "qemu-fake: Could not open '/lib/ld-linux-armhf.so.3': No such file or directory" >&2; exit 1`)
	base := era.Toolchain{GOARCH: "arm", CCDeb: "gcc-x", LibcDeb: "libc6-dev-x-cross", RunDeb: "qemu-user", Sysroot: "/nonexistent"}
	cases := []struct {
		name, cc, qemu string
		want           string // the package named, "" for none
		line           string
	}{
		{"compiler missing", filepath.Join(bin, "nope-gcc"), "", "gcc-x", "not found on PATH"},
		{"header missing", noHeader, "", "libc6-dev-x-cross", "bits/libc-header-start.h"},
		{"crt missing", noCrt, "", "libc6-dev-x-cross", "cannot find crt1.o"},
		{"compiler broken", broken, "", "gcc-x", "internal compiler error"},
		{"emulator missing", gcc, filepath.Join(bin, "nope-qemu"), "qemu-user", "not found on PATH"},
		{"loader missing", gcc, noLoader, "libc6-dev-x-cross", "Could not open"},
		{"works", gcc, "", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tc := base
			tc.CC, tc.QEMU = c.cc, c.qemu
			f := toolchainProbe(tc).run(t.TempDir())
			if c.want == "" {
				if !f.ok() {
					t.Fatalf("probe failed: %s", f)
				}
				return
			}
			if f.ok() || f.deb != c.want || !strings.Contains(f.line, c.line) {
				t.Fatalf("got %+v, want package %s and a line with %q", f, c.want, c.line)
			}
			if !strings.Contains(f.String(), "install Debian package "+c.want+" ") {
				t.Errorf("message does not name the package: %s", f)
			}
		})
	}
}

// A program that starts and hangs is not a missing package.
func TestToolchainProbeHang(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the run limit")
	}
	bin := t.TempDir()
	gcc := script(t, bin, "good-gcc", `exec gcc "$@"`)
	hang := script(t, bin, "qemu-hang", `exec sleep 600`)
	saved := runLimit
	runLimit = 1e9 // one second
	defer func() { runLimit = saved }()
	f := toolchainProbe(era.Toolchain{GOARCH: "arm", CC: gcc, QEMU: hang, Sysroot: "/x"}).run(t.TempDir())
	if f.ok() || f.deb != "" || !strings.Contains(f.String(), "still running after 1s (no package provides") {
		t.Fatalf("got %+v", f)
	}
}
