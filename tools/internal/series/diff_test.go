package series

import (
	"strings"
	"testing"
)

func TestBlobHash(t *testing.T) {
	// Values from `git hash-object`.
	cases := []struct{ in, want string }{
		{"", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"},
		{"hello\n", "ce013625030ba8dba906f756967f9e9ca394464a"},
		{"a\nb", "0a207c060e61f3b88eaee0a8cd0696f46fb155eb"},
	}
	for _, c := range cases {
		if got := BlobHash([]byte(c.in)); got != c.want {
			t.Errorf("BlobHash(%q) = %s, want %s", c.in, got, c.want)
		}
	}
}

const mbox = `From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001
From: Ann Author <ann@example.com>
Date: Thu, 16 Apr 2015 14:32:18 -0700
Subject: [PATCH 2/3] runtime: a subject long enough to be folded over
 two lines

Body.
---
 f | 2 +-
 1 file changed, 1 insertion(+), 1 deletion(-)

diff --git a/f b/f
index 1111111111111111111111111111111111111111..2222222222222222222222222222222222222222 100644
--- a/f
+++ b/f
@@ -1,3 +1,3 @@
 a
-b
+B
 c
\ No newline at end of file
diff --git a/g b/g
new file mode 100644
index 0000000000000000000000000000000000000000..3333333333333333333333333333333333333333
--- /dev/null
+++ b/g
@@ -0,0 +1 @@
+g
-- 
2.39.5

`

func TestParsePatch(t *testing.T) {
	p, err := ParsePatch("x.patch", []byte(mbox))
	if err != nil {
		t.Fatal(err)
	}
	if p.Author != "Ann Author <ann@example.com>" || p.Number != 2 || p.Total != 3 ||
		p.Subject != "runtime: a subject long enough to be folded over two lines" || p.Date.Year() != 2015 {
		t.Errorf("header: %+v", p)
	}
	if len(p.Files) != 2 {
		t.Fatalf("files: %d, want 2", len(p.Files))
	}
	f, g := p.Files[0], p.Files[1]
	if f.Path != "f" || f.OldHash[:4] != "1111" || f.Mode != "100644" || len(f.Hunks) != 1 || len(f.Hunks[0].Lines) != 4 || !f.Hunks[0].Lines[3].NoEOL {
		t.Errorf("f: %+v %+v", f, f.Hunks[0])
	}
	if g.Path != "g" || !g.New || g.Hunks[0].Added() != 1 || g.Hunks[0].OldStart != 0 {
		t.Errorf("g: %+v", g)
	}
}

func TestParsePatchErrors(t *testing.T) {
	cases := []struct{ name, text, want string }{
		{"no diff", "From x\nSubject: s\n\nbody\n", "no diff"},
		{"short hunk", "diff --git a/f b/f\nindex 1..2 100644\n--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n a\n", "ends early"},
		{"rename", "diff --git a/f b/g\nsimilarity index 90%\nrename from f\n", "only content changes"},
		{"no index", "diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n", "no index line"},
		{"twice", "diff --git a/f b/f\nindex 1..2 100644\n@@ -1 +1 @@\n-a\n+b\ndiff --git a/f b/f\nindex 2..3 100644\n@@ -1 +1 @@\n-b\n+c\n", "changes f twice"},
	}
	for _, c := range cases {
		_, err := ParsePatch(c.name, []byte(c.text))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error containing %q", c.name, err, c.want)
		}
	}
}
