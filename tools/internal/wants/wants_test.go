package wants

import (
	"fmt"
	"reflect"
	"testing"

	"xaddref/tools/internal/era"
	"xaddref/tools/internal/kittest"
	"xaddref/tools/internal/tree"
)

// recorder is a testing.TB that keeps what Check reports.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatal(args ...any) { r.errs = append(r.errs, fmt.Sprint(args...)) }

func TestCheck(t *testing.T) {
	dir := kittest.WriteTree(t, map[string]string{
		"src/runtime/a.go": "package runtime\n\nfunc f() {} // want `^f: one$` linux/arm:`arm only`\n" +
			"func g() {} // want \"^g\" \"^g again\"\n",
		"src/runtime/b_arm.go": "package runtime\n\nfunc h() {} // want `h`\n",
	})
	amd64, arm := era.Port{GOOS: "linux", GOARCH: "amd64"}, era.Port{GOOS: "linux", GOARCH: "arm"}
	cases := []struct {
		port  era.Port
		diags []Diag
		errs  []string
	}{
		{amd64, []Diag{{"a.go:3", "f: one"}, {"a.go:4", "g again"}, {"a.go:4", "g"}}, nil},
		// A want of another port, or in a file the port does not build,
		// is not expected; one diagnostic meets one want.
		{amd64, []Diag{{"a.go:3", "f: one"}, {"a.go:3", "arm only"}, {"a.go:4", "g"}, {"b_arm.go:3", "h"}},
			[]string{"linux/amd64: a.go:3: unexpected diagnostic: arm only",
				"linux/amd64: b_arm.go:3: unexpected diagnostic: h",
				`linux/amd64: a.go:4: no diagnostic matching "^g again"`}},
		{arm, []Diag{{"a.go:3", "f: one"}, {"a.go:4", "g"}, {"a.go:4", "g again"}, {"b_arm.go:3", "h"}},
			[]string{`linux/arm: a.go:3: no diagnostic matching "arm only"`}},
	}
	for i, c := range cases {
		files, err := tree.Load(dir).Files(c.port, "runtime")
		if err != nil {
			t.Fatal(err)
		}
		r := &recorder{}
		Check(r, c.port, files, c.diags)
		if !reflect.DeepEqual(r.errs, c.errs) {
			t.Errorf("case %d: reported %q, want %q", i, r.errs, c.errs)
		}
	}
}
