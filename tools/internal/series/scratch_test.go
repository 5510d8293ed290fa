package series

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A patch of f: line 2's hunk, line 10's, and one at the end of the file
// (no context after its last change).
const filePatch = `diff --git a/f b/f
index 1111111111111111111111111111111111111111..2222222222222222222222222222222222222222 100644
--- a/f
+++ b/f
@@ -1,3 +1,3 @@
 a
-b
+B
 c
@@ -9,3 +9,3 @@
 i
-j
+J
 k
@@ -14,2 +14,3 @@
 n
 o
+p
`

// applyFile is git apply on one file in a scratch directory: where git
// moved each hunk, and which hunk it could not place and why.
func TestApplyFile(t *testing.T) {
	t.Parallel()
	patch := filepath.Join(t.TempDir(), "f.patch")
	if err := os.WriteFile(patch, []byte(filePatch), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := ParsePatch("f.patch", []byte(filePatch))
	if err != nil {
		t.Fatal(err)
	}
	base := "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nn\no\n"
	cases := []struct {
		name, in string
		exact    bool
		want     string // the result, or a fragment of the error
		offsets  string
	}{
		{"in place", base, false, strings.NewReplacer("b\n", "B\n", "j\n", "J\n", "o\n", "o\np\n").Replace(base), "[0 0 0]"},
		{"in place, when exact", base, true, "", "[0 0 0]"},
		{"a line between", strings.Replace(base, "e\n", "e\ne2\n", 1), false, "", "[0 1 1]"},
		{"moved, when exact", strings.Replace(base, "e\n", "e\ne2\n", 1), true,
			`hunk 2 (@@ -9,3 +9,3 @@) does not apply: line 9 is "h", the hunk expects "i"`, ""},
		{"a changed line", strings.Replace(base, "j\n", "X\n", 1), false,
			`f: hunk 2 (@@ -9,3 +9,3 @@) does not apply: line 10 is "X", the hunk expects "j"`, ""},
		{"a line before the first", "0\n" + base, false,
			`f: hunk 1 (@@ -1,3 +1,3 @@) does not apply: line 1 is "0", the hunk expects "a"`, ""},
		{"a line after the last", base + "q\n", false,
			"f: hunk 3 (@@ -14,2 +14,3 @@) does not apply: its lines are at line 14, but the file goes on for 1 line after them", ""},
		{"missing", "", false, "f: ", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sc, drop, err := scratchDir()
			if err != nil {
				t.Fatal(err)
			}
			defer drop()
			if c.in != "" {
				sc.put("f", []byte(c.in))
			}
			var offsets []int
			if c.exact {
				err = applyExactly(sc, patch, f.Files[0])
			} else {
				offsets, err = sc.applyFile(patch, f.Files[0])
			}
			if c.offsets == "" {
				if err == nil || !strings.Contains(err.Error(), c.want) {
					t.Fatalf("got %v, want an error containing %q", err, c.want)
				}
				// (applyExactly refuses what git did apply, at an offset.)
				if b, _ := os.ReadFile(filepath.Join(sc.dir, "f")); string(b) != c.in && !c.exact {
					t.Errorf("a failed git apply changed the file: %q", b)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			b, _ := os.ReadFile(filepath.Join(sc.dir, "f"))
			if c.want != "" && string(b) != c.want {
				t.Errorf("result %q, want %q", b, c.want)
			}
			if got := fmt.Sprint(offsets); !c.exact && got != c.offsets {
				t.Errorf("offsets %s, want %s", got, c.offsets)
			}
		})
	}
}
