package setup

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"xaddref/tools/internal/era"
	"xaddref/tools/internal/kit"
)

// dpkgStatus is dpkg's database: every install and removal rewrites it.
const dpkgStatus = "/var/lib/dpkg/status"

func stampPath() string { return filepath.Join(kit.CacheDir(), "setup", "probes.ok") }

// stampKey identifies the probes that passed and the packages they passed
// with: dpkg's database as it was, the probes' programs and sources, the
// toolchain table and the WORKSPACE Bazel loaded.
func stampKey() (string, error) {
	st, err := os.Stat(dpkgStatus)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s %d %d\x00", dpkgStatus, st.Size(), st.ModTime().UnixNano())
	for _, p := range probes() {
		fmt.Fprintf(h, "%s %s %q\x00", p.name, p.goarch, p.programs)
	}
	fmt.Fprintf(h, "%+v\x00%s\x00%s\x00%s\x00%s\x00", era.Toolchains, probeC, probeGo, probeGoThreads, probeFuzz)
	ws, err := os.ReadFile(filepath.Join(kit.Root(), "WORKSPACE"))
	if err != nil {
		return "", err
	}
	h.Write(ws)
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Record notes that the full probes passed as the machine is now.
func Record() error {
	key, err := stampKey()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(stampPath()), 0o755); err != nil {
		return err
	}
	return os.WriteFile(stampPath(), []byte(key+"\n"), 0o644)
}

// Quick is the cheap form of the probes: every probe's programs are on
// PATH, and the full probes passed since dpkg's database last changed. It
// returns why not, or "" when both hold.
func Quick() string {
	for _, p := range probes() {
		for _, prog := range p.programs {
			if _, err := exec.LookPath(prog); err != nil {
				return prog + " is not on PATH"
			}
		}
	}
	key, err := stampKey()
	if err != nil {
		return err.Error()
	}
	b, err := os.ReadFile(stampPath())
	switch {
	case os.IsNotExist(err):
		return "no probe has passed on this machine yet"
	case err != nil:
		return err.Error()
	case string(b) != key+"\n":
		return "packages or probes changed since the last probe passed"
	}
	return ""
}
