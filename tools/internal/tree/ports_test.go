package tree

import (
	"strings"
	"testing"
)

func TestPorts(t *testing.T) {
	cases := []struct {
		dir, want, from string
	}{
		{"testdata/ports_old", "linux/amd64 linux/arm openbsd/arm plan9/386", "rt0_GOOS_GOARCH.s"},
		{"testdata/ports_new", "darwin/arm64 js/wasm linux/amd64", "cgoEnabled less incomplete"},
	}
	for _, tc := range cases {
		t.Run(tc.dir, func(t *testing.T) {
			ts, from, err := Ports(tc.dir)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, x := range ts {
				got = append(got, x.String())
			}
			if strings.Join(got, " ") != tc.want {
				t.Errorf("ports %v, want %s", got, tc.want)
			}
			if !strings.Contains(from, tc.from) {
				t.Errorf("source %q, want %q", from, tc.from)
			}
		})
	}
	if _, _, err := Ports(t.TempDir()); err == nil {
		t.Error("a folder without src/cmd/dist gave ports")
	}
}
