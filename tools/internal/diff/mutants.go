package diff

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"xaddref/tools/internal/era"
	"xaddref/tools/internal/kit"
)

func mutate(goroot string, e *era.Era, name string) error {
	if name == "" {
		return nil
	}
	m, ok := e.Mutant(name)
	if !ok {
		return fmt.Errorf("no mutant %q in era %s", name, e.Name)
	}
	path := filepath.Join(goroot, "src", "runtime", m.File)
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if !strings.Contains(string(b), m.Old) {
		return fmt.Errorf("mutant %s: %s does not contain the text it changes", name, m.File)
	}
	return kit.WriteFile(goroot, filepath.Join("src", "runtime", m.File), []byte(strings.Replace(string(b), m.Old, m.New, 1)), 0o644)
}
