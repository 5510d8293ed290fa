package diff

import (
	"fmt"
	"path/filepath"

	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/profile"
)

// For the kit's other commands (bench, fuzz) that run the overlay's tests
// on a prepared tree.

// arch is the profile's entry for goarch, or a usage error.
func (pr *Prepared) arch(goarch string) (profile.Arch, error) {
	a, ok := pr.Profile.Arch(goarch)
	if !ok {
		return a, cli.Usagef("no architecture %s in profile %s", goarch, pr.Profile.Name)
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

// TestBinary builds the runtime's test binary for goarch, as the suite
// does and at the same path (the go command's cache makes a second build
// a link), and returns its path.
func (pr *Prepared) TestBinary(goarch string) (string, error) {
	a, err := pr.arch(goarch)
	if err != nil {
		return "", err
	}
	bin := filepath.Join(filepath.Dir(pr.Dir), "bin", "runtime-"+a.GOARCH+".test")
	r := kit.Run(filepath.Join(pr.Dir, "src", "runtime"), pr.goEnv(a), false, pr.GoCommand(), "test", "-c", "-o", bin, "runtime")
	if r.Err != nil {
		return "", fmt.Errorf("go test -c runtime (%s): %s", a.GOARCH, kit.Tail(r.Output, 20))
	}
	return bin, nil
}
