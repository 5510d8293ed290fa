package diff

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"xaddref/tools/internal/era"
	"xaddref/tools/internal/kit"
)

// modelTarget is what the cgo package runtime/xaddrefmodel compiles of the
// model. The kit copies the files Bazel lists for it (kit.QueryC) into the
// package's cref/, and writes from the same answer what to compile and
// how: model_sources.h, the sources model.c includes to make one
// translation unit with its batch loops, and cflags.go, the C flags
// Bazel compiles them with.
//
// model_sources.h also carries each of those files' SHA-256: the go
// command's build cache hashes a package's own files only, not what they
// include from cref/, and does not count a GOROOT package's directory, so
// without them two scratch copies whose model differs would share the
// package's compiled object.
const modelTarget = "//cref:xaddrefmodel"

// overlayFile is a file the overlay installs: a kit file's copy (src), or
// content the kit writes (data).
type overlayFile struct {
	rel  string // under the scratch GOROOT
	src  string
	data []byte
}

// installOverlay puts the kit's tests into the scratch GOROOT's src/runtime:
// the era's test files, and the cgo package runtime/xaddrefmodel made
// of goruntime_tests/xaddrefmodel and the model's files (overlayFiles).
// The tree's other external tests of package runtime_test are removed (but
// the era's KeepTests): the suite needs none of them and they triple
// the build.
func installOverlay(goroot string, p *era.Era) error {
	files, err := overlayFiles(p)
	if err != nil {
		return err
	}
	rt := filepath.Join(goroot, "src", "runtime")
	tests, _ := filepath.Glob(filepath.Join(rt, "*_test.go"))
	for _, f := range tests {
		if keep(filepath.Base(f), p.KeepTests) || !externalTest(f) {
			continue
		}
		if err := os.Remove(f); err != nil {
			return err
		}
	}
	// Every file is written afresh through an os.Root on the copy
	// (kit.CopyFile, kit.WriteFile): a link the tree had at one of these
	// paths is replaced, never written through.
	for _, f := range files {
		if f.src != "" {
			err = kit.CopyFile(f.src, goroot, f.rel, 0o644)
		} else {
			err = kit.WriteFile(goroot, f.rel, f.data, 0o644)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// overlayFiles are the files installOverlay installs.
func overlayFiles(p *era.Era) ([]overlayFile, error) {
	root := kit.Root()
	rt := filepath.Join("src", "runtime")
	var files []overlayFile
	for _, f := range p.TestFiles {
		files = append(files, overlayFile{rel: filepath.Join(rt, f), src: filepath.Join(root, "goruntime_tests", f)})
	}
	pkg := filepath.Join(rt, "xaddrefmodel")
	for _, f := range packageFiles() {
		files = append(files, overlayFile{rel: filepath.Join(pkg, filepath.Base(f)), src: f})
	}
	c, err := kit.QueryC(modelTarget)
	if err != nil {
		return nil, fmt.Errorf("the cgo package's model: %w", err)
	}
	unit, err := unitSources(c)
	if err != nil {
		return nil, err
	}
	for _, f := range append(append([]string(nil), c.Srcs...), c.Hdrs...) {
		files = append(files, overlayFile{rel: filepath.Join(pkg, f), src: filepath.Join(root, f)})
	}
	flags, err := cgoFlags(c.Copts)
	if err != nil {
		return nil, err
	}
	return append(files,
		overlayFile{rel: filepath.Join(pkg, "model_sources.h"), data: unit},
		overlayFile{rel: filepath.Join(pkg, "cflags.go"), data: flags}), nil
}

// unitSources is model_sources.h: the SHA-256 of each of the model's files
// (see modelTarget), then an #include of each of its sources, for model.c.
func unitSources(c kit.CBuild) ([]byte, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "// Written by xaddref: the sources Bazel lists for %s, which model.c\n", modelTarget)
	b.WriteString("// compiles with its batch loops as one translation unit, and their\n")
	b.WriteString("// files' SHA-256, for the go command's build cache.\n")
	for _, f := range append(append([]string(nil), c.Srcs...), c.Hdrs...) {
		data, err := os.ReadFile(filepath.Join(kit.Root(), f))
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&b, "// %x %s\n", sha256.Sum256(data), f)
	}
	for _, f := range c.Srcs {
		fmt.Fprintf(&b, "#include %q\n", f)
	}
	return []byte(b.String()), nil
}

// cgoFlags is cflags.go: Bazel's C flags for the model as the package's
// #cgo CFLAGS, a directive every cgo the package is built with takes (the
// 2015 tree's too); model.go adds its own on top.
func cgoFlags(copts []string) ([]byte, error) {
	for _, f := range copts {
		if strings.ContainsAny(f, " \t\"'\\") {
			return nil, fmt.Errorf("bazel's C flag %q cannot be a word of #cgo CFLAGS", f)
		}
	}
	return []byte(fmt.Sprintf(`// Written by xaddref: the C flags Bazel compiles %s with.

package xaddrefmodel

// #cgo CFLAGS: %s
import "C"
`, modelTarget, strings.Join(copts, " "))), nil
}

// packageFiles are the files of goruntime_tests/xaddrefmodel.
func packageFiles() []string {
	files, _ := filepath.Glob(filepath.Join(kit.Root(), "goruntime_tests", "xaddrefmodel", "*"))
	return files
}

func keep(name string, list []string) bool {
	if strings.HasPrefix(name, "xaddref_") {
		return true
	}
	for _, k := range list {
		if k == name {
			return true
		}
	}
	return false
}

// externalTest reports whether a test file is in package runtime_test.
func externalTest(path string) bool {
	b, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "package ") {
			return strings.TrimSpace(line) == "package runtime_test"
		}
	}
	return false
}

// overlayInputs is everything of the kit's that shapes a scratch copy, for
// its key: what the overlay installs, and the patches applied before it.
func overlayInputs(p *era.Era) ([]overlayFile, error) {
	files, err := overlayFiles(p)
	if err != nil {
		return nil, err
	}
	root := kit.Root()
	for _, dir := range []string{p.Series, p.TestHooks} {
		if dir == "" {
			continue
		}
		patches, _ := filepath.Glob(filepath.Join(root, "patches", dir, "*"))
		for _, f := range patches {
			rel, _ := filepath.Rel(root, f)
			files = append(files, overlayFile{rel: rel, src: f})
		}
	}
	return files, nil
}
