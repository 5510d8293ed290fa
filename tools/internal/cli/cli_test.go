package cli

import (
	"errors"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	cases := []struct {
		args   []string
		errHas string
	}{
		{[]string{"--tree", "/x"}, ""},
		{[]string{"--tree"}, "flag needs an argument"},
		{[]string{"--bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"stray"}, `unexpected argument "stray"`},
	}
	for _, c := range cases {
		fs := NewFlagSet("verify")
		fs.String("tree", "", "DIR")
		err := Parse(fs, c.args)
		if c.errHas == "" {
			if err != nil {
				t.Errorf("%v: %v", c.args, err)
			}
			continue
		}
		var e *Error
		if !errors.As(err, &e) || e.Code != BadUsage || !strings.Contains(e.Msg, c.errHas) || !strings.Contains(e.Msg, "usage: xaddref verify [--tree DIR]") {
			t.Errorf("%v: got %v, want usage error with %q", c.args, err, c.errHas)
		}
	}
}
