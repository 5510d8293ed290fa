package tree

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/era"
	"xaddref/tools/internal/kittest"
)

func TestIdentify(t *testing.T) {
	era2015 := map[string]string{"src/runtime/mstats.go": "", "src/runtime/os1_linux.go": ""}
	go119 := map[string]string{"src/runtime/mstats.go": "", "VERSION": "go1.19.8\n"}
	go121 := map[string]string{"src/runtime/mstats.go": "", "VERSION": "go1.21.0\n"}
	go1195 := map[string]string{"src/runtime/mstats.go": "", "VERSION": "go1.19.5\n"}
	file := filepath.Join(t.TempDir(), "f")
	os.WriteFile(file, nil, 0o644)

	cases := []struct {
		name    string
		dir     string
		profile string
		errHas  string
	}{
		{"2015", kittest.WriteTree(t, era2015), era.Go2015.Name, ""},
		{"go1.19", kittest.WriteTree(t, go119), era.Go119.Name, ""},
		{"go1.21", kittest.WriteTree(t, go121), "", "unsupported Go version go1.21.0"},
		{"go1.19.5", kittest.WriteTree(t, go1195), "", "must be go1.19.8"},
		{"missing", "/nonexistent/xaddref", "", "does not exist"},
		{"file", file, "", "is a file"},
		{"not Go", kittest.WriteTree(t, map[string]string{"README": ""}), "", "is not a Go tree"},
	}
	for _, c := range cases {
		info, err := Identify(c.dir)
		if c.errHas != "" {
			var e *cli.Error
			if !errors.As(err, &e) || e.Code != cli.BadUsage || !strings.Contains(e.Msg, c.errHas) {
				t.Errorf("%s: got %v, want a usage error containing %q", c.name, err, c.errHas)
			}
			continue
		}
		if err != nil || info.Era.Name != c.profile {
			t.Errorf("%s: got %+v, %v; want era %s", c.name, info, err, c.profile)
		}
	}
}

func TestIdentifyDefault(t *testing.T) {
	info, err := Identify("")
	if err != nil || !info.Default || info.Era.Name != era.Go119.Name {
		t.Fatalf("default target: %+v, %v", info, err)
	}
}
