package series

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// ZeroHash is the blob hash git writes for a file that does not exist.
const ZeroHash = "0000000000000000000000000000000000000000"

// BlobHash is git's blob hash of data: the SHA-1 of "blob <len>\0<data>".
// It identifies a file's content the same way in a checkout and in a plain
// tree, without git.
func BlobHash(data []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(data))
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil))
}

// Patch is one patch file: its mail header and its per-file diffs. It reads
// both `git format-patch` mboxes and `git show` output.
type Patch struct {
	Name    string // the file name, as the series file lists it
	Author  string // "Name <email>"
	Date    time.Time
	Subject string // without the "[PATCH i/n]" prefix
	Number  int    // i of "[PATCH i/n]", 0 when absent
	Total   int    // n of "[PATCH i/n]", 0 when absent
	Files   []*FileDiff
}

// FileDiff is a patch's change to one file.
type FileDiff struct {
	Path    string
	OldHash string // as written on the index line; ZeroHash-like when created
	NewHash string // ZeroHash-like when deleted
	Mode    string // "100644"; for a created file, its new mode
	New     bool
	Deleted bool
	Hunks   []*Hunk
}

// Hunk is one "@@ -a,b +c,d @@" block.
type Hunk struct {
	OldStart, OldLines int
	NewStart, NewLines int    // where the hunk's lines are after the patch
	Header             string // the whole @@ line
	Lines              []Line
}

// Line is one line of a hunk.
type Line struct {
	Op    byte   // ' ', '-' or '+'
	Text  string // without its newline
	NoEOL bool   // followed by "\ No newline at end of file"
}

// Added and Removed count the hunk's + and - lines.
func (h *Hunk) Added() int   { return h.count('+') }
func (h *Hunk) Removed() int { return h.count('-') }

func (h *Hunk) count(op byte) int {
	n := 0
	for _, l := range h.Lines {
		if l.Op == op {
			n++
		}
	}
	return n
}

// old is the hunk's pre-image: its context and removed lines, with their
// newlines.
func (h *Hunk) old() []string {
	var out []string
	for _, l := range h.Lines {
		if l.Op == '+' {
			continue
		}
		s := l.Text
		if !l.NoEOL {
			s += "\n"
		}
		out = append(out, s)
	}
	return out
}

var (
	hunkRE    = regexp.MustCompile(`^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@`)
	indexRE   = regexp.MustCompile(`^index ([0-9a-f]+)\.\.([0-9a-f]+)(?: ([0-7]+))?$`)
	subjectRE = regexp.MustCompile(`^\[PATCH(?: (\d+)/(\d+))?\] ?`)
)

// ParsePatch parses one patch file's text.
func ParsePatch(name string, data []byte) (*Patch, error) {
	text := string(data)
	lines := strings.SplitAfter(text, "\n")
	if n := len(lines); n > 0 && lines[n-1] == "" {
		lines = lines[:n-1]
	}
	for i := range lines {
		lines[i] = strings.TrimSuffix(lines[i], "\n")
	}
	p := &Patch{Name: name}
	i, err := p.parseHeader(lines)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	for i < len(lines) {
		if !strings.HasPrefix(lines[i], "diff --git ") {
			i++
			continue
		}
		fd, next, err := parseFileDiff(lines, i)
		if err != nil {
			return nil, fmt.Errorf("%s: line %d: %v", name, i+1, err)
		}
		p.Files = append(p.Files, fd)
		i = next
	}
	if len(p.Files) == 0 {
		return nil, fmt.Errorf("%s: no diff in it", name)
	}
	seen := map[string]bool{}
	for _, f := range p.Files {
		if seen[f.Path] {
			return nil, fmt.Errorf("%s: changes %s twice", name, f.Path)
		}
		seen[f.Path] = true
	}
	return p, nil
}

// parseHeader reads the mail or `git show` header and returns the index of
// the line after it.
func (p *Patch) parseHeader(lines []string) (int, error) {
	if len(lines) == 0 {
		return 0, fmt.Errorf("empty")
	}
	switch {
	case strings.HasPrefix(lines[0], "From "):
		// An mbox: header fields up to the first empty line; a line that
		// starts with white space continues the previous field.
		fields := map[string]string{}
		last := ""
		i := 1
		for ; i < len(lines) && lines[i] != ""; i++ {
			l := lines[i]
			if (l[0] == ' ' || l[0] == '\t') && last != "" {
				fields[last] += " " + strings.TrimSpace(l)
				continue
			}
			if k := strings.IndexByte(l, ':'); k > 0 {
				last = strings.ToLower(l[:k])
				fields[last] = strings.TrimSpace(l[k+1:])
			}
		}
		p.Author = fields["from"]
		subj := fields["subject"]
		if m := subjectRE.FindStringSubmatch(subj); m != nil {
			subj = subj[len(m[0]):]
			p.Number, _ = strconv.Atoi(m[1])
			p.Total, _ = strconv.Atoi(m[2])
		}
		p.Subject = subj
		if d := fields["date"]; d != "" {
			t, err := time.Parse("Mon, 2 Jan 2006 15:04:05 -0700", d)
			if err != nil {
				return 0, fmt.Errorf("Date: %v", err)
			}
			p.Date = t
		}
		return i, nil
	case strings.HasPrefix(lines[0], "commit "):
		i := 1
		for ; i < len(lines) && lines[i] != ""; i++ {
			l := lines[i]
			switch {
			case strings.HasPrefix(l, "Author:"):
				p.Author = strings.TrimSpace(strings.TrimPrefix(l, "Author:"))
			case strings.HasPrefix(l, "Date:"):
				t, err := time.Parse("Mon Jan 2 15:04:05 2006 -0700", strings.TrimSpace(strings.TrimPrefix(l, "Date:")))
				if err != nil {
					return 0, fmt.Errorf("Date: %v", err)
				}
				p.Date = t
			}
		}
		for ; i < len(lines); i++ {
			if s := strings.TrimSpace(lines[i]); s != "" {
				p.Subject = s
				break
			}
		}
		return i, nil
	}
	// A bare diff.
	return 0, nil
}

// parseFileDiff parses the "diff --git" block at lines[i].
func parseFileDiff(lines []string, i int) (*FileDiff, int, error) {
	head := lines[i]
	rest := strings.TrimPrefix(head, "diff --git ")
	if strings.HasPrefix(rest, `"`) {
		return nil, 0, fmt.Errorf("quoted path names are not supported: %s", head)
	}
	k := strings.Index(rest, " b/")
	if !strings.HasPrefix(rest, "a/") || k < 0 {
		return nil, 0, fmt.Errorf("cannot read %q", head)
	}
	fd := &FileDiff{Path: rest[k+3:]}
	i++
	for ; i < len(lines); i++ {
		l := lines[i]
		switch {
		case strings.HasPrefix(l, "index "):
			m := indexRE.FindStringSubmatch(l)
			if m == nil {
				return nil, 0, fmt.Errorf("cannot read %q", l)
			}
			fd.OldHash, fd.NewHash = m[1], m[2]
			if m[3] != "" {
				fd.Mode = m[3]
			}
		case strings.HasPrefix(l, "new file mode "):
			fd.New, fd.Mode = true, strings.TrimPrefix(l, "new file mode ")
		case strings.HasPrefix(l, "deleted file mode "):
			fd.Deleted, fd.Mode = true, strings.TrimPrefix(l, "deleted file mode ")
		case strings.HasPrefix(l, "old mode "), strings.HasPrefix(l, "new mode "),
			strings.HasPrefix(l, "rename "), strings.HasPrefix(l, "copy "),
			strings.HasPrefix(l, "similarity index"), strings.HasPrefix(l, "dissimilarity index"),
			strings.HasPrefix(l, "Binary files"), strings.HasPrefix(l, "GIT binary patch"):
			return nil, 0, fmt.Errorf("%s: %q: only content changes are supported", fd.Path, l)
		case strings.HasPrefix(l, "--- "), strings.HasPrefix(l, "+++ "):
			// The paths are those of the diff --git line.
		case strings.HasPrefix(l, "@@ "):
			h, next, err := parseHunk(lines, i)
			if err != nil {
				return nil, 0, fmt.Errorf("%s: %v", fd.Path, err)
			}
			fd.Hunks = append(fd.Hunks, h)
			i = next - 1
		default:
			return fd, i, fd.validate()
		}
	}
	return fd, i, fd.validate()
}

func (fd *FileDiff) validate() error {
	if fd.OldHash == "" {
		return fmt.Errorf("%s: no index line", fd.Path)
	}
	if len(fd.Hunks) == 0 {
		return fmt.Errorf("%s: no hunks (only content changes are supported)", fd.Path)
	}
	return nil
}

// parseHunk parses the hunk at lines[i] and returns the index after it.
func parseHunk(lines []string, i int) (*Hunk, int, error) {
	m := hunkRE.FindStringSubmatch(lines[i])
	if m == nil {
		return nil, 0, fmt.Errorf("cannot read hunk header %q", lines[i])
	}
	num := func(s string) int {
		if s == "" {
			return 1
		}
		n, _ := strconv.Atoi(s)
		return n
	}
	h := &Hunk{OldStart: num(m[1]), OldLines: num(m[2]), NewStart: num(m[3]), NewLines: num(m[4]), Header: lines[i]}
	oldLeft, newLeft := h.OldLines, h.NewLines
	i++
	for oldLeft > 0 || newLeft > 0 {
		if i >= len(lines) {
			return nil, 0, fmt.Errorf("hunk %q ends early", h.Header)
		}
		l := lines[i]
		op := byte(' ')
		if l != "" {
			op = l[0]
			l = l[1:]
		}
		switch op {
		case ' ':
			oldLeft--
			newLeft--
		case '-':
			oldLeft--
		case '+':
			newLeft--
		case '\\':
			if len(h.Lines) == 0 {
				return nil, 0, fmt.Errorf("hunk %q: stray %q", h.Header, lines[i])
			}
			h.Lines[len(h.Lines)-1].NoEOL = true
			i++
			continue
		default:
			return nil, 0, fmt.Errorf("hunk %q: unexpected line %q", h.Header, lines[i])
		}
		if oldLeft < 0 || newLeft < 0 {
			return nil, 0, fmt.Errorf("hunk %q: more lines than its header says", h.Header)
		}
		h.Lines = append(h.Lines, Line{Op: op, Text: l})
		i++
	}
	if i < len(lines) && strings.HasPrefix(lines[i], "\\") {
		h.Lines[len(h.Lines)-1].NoEOL = true
		i++
	}
	return h, i, nil
}

// splitLines splits content into lines that keep their newline.
func splitLines(b []byte) []string {
	out := strings.SplitAfter(string(b), "\n")
	if out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

// hunkError says which hunk of which file does not apply and why.
type hunkError struct {
	Path   string
	Index  int // 1-based
	Hunk   *Hunk
	Reason string
}

func (e *hunkError) Error() string {
	return fmt.Sprintf("%s: hunk %d (%s) does not apply: %s", e.Path, e.Index, e.Hunk.Header, e.Reason)
}

// mismatch describes why old does not sit at want, "" when it does.
func mismatch(lines []string, want int, old []string, pos int) string {
	if want < pos {
		return fmt.Sprintf("it overlaps the previous hunk (line %d)", want+1)
	}
	for j, o := range old {
		at := want + j
		if at >= len(lines) {
			return fmt.Sprintf("the file ends at line %d, the hunk expects %q at line %d", len(lines), strings.TrimSuffix(o, "\n"), at+1)
		}
		if lines[at] != o {
			return fmt.Sprintf("line %d is %q, the hunk expects %q", at+1, strings.TrimSuffix(lines[at], "\n"), strings.TrimSuffix(o, "\n"))
		}
	}
	return ""
}
