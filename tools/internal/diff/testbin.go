package diff

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/era"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/memo"
)

// For the kit's other commands (bench, fuzz) that run the overlay's tests
// on a prepared tree.

// arch is the era's entry for goarch, or a usage error.
func (pr *Prepared) arch(goarch string) (era.Arch, error) {
	a, ok := pr.Era.Arch(goarch)
	if !ok {
		return a, cli.Usagef("no architecture %s in era %s", goarch, pr.Era.Name)
	}
	return a, nil
}

// GoEnv is the environment of the prepared tree's go command for goarch.
func (pr *Prepared) GoEnv(goarch string) ([]string, error) {
	a, err := pr.arch(goarch)
	if err != nil {
		return nil, err
	}
	return pr.goEnv(a), nil
}

// GoCommand is the prepared tree's go command.
func (pr *Prepared) GoCommand() string { return filepath.Join(pr.Dir, "bin", "go") }

// TestBinary returns the runtime's test binary for goarch, the one the
// suite runs (testBinary).
func (pr *Prepared) TestBinary(goarch string) (string, error) {
	a, err := pr.arch(goarch)
	if err != nil {
		return "", err
	}
	bin, _, _, err := pr.testBinary(a)
	if err != nil {
		return "", fmt.Errorf("%s: %v", a.GOARCH, err)
	}
	return bin, nil
}

// testBinary returns the runtime's test binary for a, in the scratch
// copy's bin directory: built with go test -c, or the one an earlier run
// built when its stamp still holds. A scratch copy is keyed by all that
// goes into it and is not changed once made, so its binary goes stale
// only when the go command's environment or the compilers change, which
// the stamp records. Reuse saves the link and the go command's walk over
// the standard library, most of what a warm verify spends on building.
func (pr *Prepared) testBinary(a era.Arch) (bin string, secs float64, reused bool, err error) {
	start := time.Now()
	bin = filepath.Join(filepath.Dir(pr.Dir), "bin", "runtime-"+a.GOARCH+".test")
	env := pr.goEnv(a)
	stamp := pr.binaryStamp(a, env)
	if old, err := os.ReadFile(bin + ".stamp"); err == nil && string(old) == stamp {
		if _, err := os.Stat(bin); err == nil {
			return bin, time.Since(start).Seconds(), true, nil
		}
	}
	os.Remove(bin + ".stamp")
	r := kit.Run(filepath.Join(pr.Dir, "src", "runtime"), env, false, pr.GoCommand(), "test", "-c", "-o", bin, "runtime")
	if r.Err != nil {
		return "", r.Seconds, false, fmt.Errorf("go test -c runtime: %s", kit.Tail(r.Output, 20))
	}
	// Written last: an interrupted build leaves no stamp.
	if err := os.WriteFile(bin+".stamp", []byte(stamp), 0o644); err != nil {
		return "", r.Seconds, false, err
	}
	return bin, r.Seconds, false, nil
}

// binaryStamp hashes what a test binary depends on beyond the scratch
// copy: the go command's environment (the kit's own GO* and CGO_*
// variables, then the suite's), and the go command and C compiler
// the build runs (their resolved paths, sizes and times).
func (pr *Prepared) binaryStamp(a era.Arch, env []string) string {
	h := sha256.New()
	for _, e := range append(memo.GoEnviron(), env...) {
		fmt.Fprintf(h, "%s\x00", e)
	}
	for _, prog := range []string{pr.GoCommand(), a.CC} {
		if prog != "" {
			fmt.Fprintf(h, "%s\x00", memo.ProgramStamp(prog))
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}
