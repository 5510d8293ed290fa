package diff

import (
	"os"
	"path/filepath"
	"strings"

	"xaddref/tools/internal/era"
	"xaddref/tools/internal/kit"
)

// modelSources are the C model's files the cgo package compiles (its
// model.c includes them): the same sources Bazel builds (//cref:model,
// //cref:native, //cref:draw).
var modelSources = []string{"arch.c", "arch.h", "cell.c", "cell.h", "draw.h", "mstats.c", "mstats.h", "print.c", "print.h", "native.h"}

// installOverlay puts the kit's tests into the scratch GOROOT's src/runtime:
// the era's test files, and the cgo package runtime/xaddrefmodel made
// of goruntime_tests/xaddrefmodel and the model's sources. The tree's other
// external tests of package runtime_test are removed (but the era's
// KeepTests): the suite needs none of them and they triple the build.
func installOverlay(goroot string, p *era.Era) error {
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
	// (kit.CopyFile): a link the tree had at one of these paths is
	// replaced, never written through.
	root := kit.Root()
	for _, f := range p.TestFiles {
		if err := kit.CopyFile(filepath.Join(root, "goruntime_tests", f), goroot, filepath.Join("src", "runtime", f), 0o644); err != nil {
			return err
		}
	}
	// The package's own files, and the model's sources in its cref/,
	// which model.c compiles.
	pkg := filepath.Join("src", "runtime", "xaddrefmodel")
	for _, f := range packageFiles() {
		if err := kit.CopyFile(f, goroot, filepath.Join(pkg, filepath.Base(f)), 0o644); err != nil {
			return err
		}
	}
	for _, f := range modelSources {
		if err := kit.CopyFile(filepath.Join(root, "cref", f), goroot, filepath.Join(pkg, "cref", f), 0o644); err != nil {
			return err
		}
	}
	return nil
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

// overlayInputs lists every kit file that shapes a scratch copy, for its key.
func overlayInputs(p *era.Era) []string {
	root := kit.Root()
	var files []string
	for _, f := range p.TestFiles {
		files = append(files, filepath.Join(root, "goruntime_tests", f))
	}
	files = append(files, packageFiles()...)
	for _, f := range modelSources {
		files = append(files, filepath.Join(root, "cref", f))
	}
	for _, dir := range []string{p.Series, p.TestHooks} {
		if dir == "" {
			continue
		}
		patches, _ := filepath.Glob(filepath.Join(root, "patches", dir, "*"))
		files = append(files, patches...)
	}
	return files
}
