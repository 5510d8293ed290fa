package series

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"xaddref/tools/internal/cli"
)

// What check says of each patch.
const (
	Applies        = "applies"
	AlreadyApplied = "already applied"
	Conflicts      = "conflicts"
	NotChecked     = "not checked"
)

// PatchCheck is check's verdict on one patch.
type PatchCheck struct {
	Name   string
	Status string
	Detail string // for conflicts: the file and hunk, and why
}

// CheckResult is a dry run of the series on a tree.
type CheckResult struct {
	State   *State
	Patches []PatchCheck
	OK      bool   // apply would succeed (or has nothing to do)
	Summary string // one line
}

// Check is a dry run: it reads dir and writes nothing. Each patch is tried,
// in memory, on the files as the earlier patches leave them; the verdict
// follows the state, as apply does.
func (s *Series) Check(dir string) (*CheckResult, error) {
	t, err := openTree(dir)
	if err != nil {
		return nil, err
	}
	st, err := s.stateAt(t.dir)
	if err != nil {
		return nil, err
	}
	res := &CheckResult{State: st}
	files := map[string][]byte{} // nil: missing
	for _, path := range s.Files {
		b, err := os.ReadFile(filepath.Join(t.dir, filepath.FromSlash(path)))
		if err != nil && !os.IsNotExist(err) {
			return nil, cli.Usagef("%v", err)
		}
		files[path] = b
	}
	unknown := map[string]string{} // file -> the patch that conflicts on it
	clean := true
	for _, p := range s.Patches {
		pc := s.checkPatch(p, files, unknown)
		if pc.Status != Applies && pc.Status != AlreadyApplied {
			clean = false
		}
		res.Patches = append(res.Patches, pc)
	}
	n := len(s.Patches)
	switch st.Status {
	case Applied:
		res.OK = clean
		res.Summary = fmt.Sprintf("series %s is applied to %s (%s)", s.Name, t.dir, t.kind())
	case NotApplied:
		res.OK = clean
		res.Summary = fmt.Sprintf("series %s applies to %s (%s): %s", s.Name, t.dir, t.kind(), plural(n, "patch", "patches"))
	case Partial:
		res.OK = clean
		res.Summary = fmt.Sprintf("series %s is partly applied to %s (%s): patches 1-%d are; apply completes it with %d-%d", s.Name, t.dir, t.kind(), st.Applied, st.Applied+1, n)
	default:
		res.Summary = fmt.Sprintf("series %s does not apply to %s (%s): %s", s.Name, t.dir, t.kind(), st.Why())
	}
	if t.git && st.Status != Applied {
		d, err := t.dirty()
		if err != nil {
			return nil, err
		}
		if len(d) > 0 {
			res.OK = false
			res.Summary += "; but the checkout is dirty, so apply would refuse it: " + strings.Join(d, ", ")
		}
	}
	if pending(t) {
		res.Summary += "; an interrupted operation left a journal, which the next apply or unapply restores first"
	}
	return res, nil
}

// checkPatch tries p on files, and moves on each file its hunks fit, so
// that the later patches are checked against what it would leave.
func (s *Series) checkPatch(p *Patch, files map[string][]byte, unknown map[string]string) PatchCheck {
	pc := PatchCheck{Name: p.Name}
	var blocked []string
	for _, f := range p.Files {
		if by, ok := unknown[f.Path]; ok {
			blocked = append(blocked, f.Path+" conflicts in "+by)
		}
	}
	if len(blocked) > 0 {
		for _, f := range p.Files {
			unknown[f.Path] = p.Name
		}
		pc.Status, pc.Detail = NotChecked, strings.Join(blocked, "; ")
		return pc
	}
	var why, already []string
	next := map[string][]byte{}
	for _, f := range p.Files {
		b := files[f.Path]
		h := hashOf(b)
		switch {
		case s.stageOf(f.Path, h) >= s.position(f.Path, p):
			already = append(already, f.Path)
		case h == f.OldHash:
			out, err := applyFile(b, f)
			if err == nil && hashOf(out) != f.NewHash {
				err = fmt.Errorf("%s: the hunks give blob %s, but the index line says %s", f.Path, short(hashOf(out)), short(f.NewHash))
			}
			if err != nil {
				why = append(why, err.Error())
				unknown[f.Path] = p.Name
				continue
			}
			next[f.Path] = out
		case b == nil && !f.New:
			why = append(why, f.Path+" is missing")
			unknown[f.Path] = p.Name
		case b != nil && f.New:
			why = append(why, fmt.Sprintf("%s already exists (blob %s); the patch creates it", f.Path, short(h)))
			unknown[f.Path] = p.Name
		default:
			out, offsets, err := applyHunksTo(b, f)
			if err != nil {
				why = append(why, err.Error())
				unknown[f.Path] = p.Name
				continue
			}
			why = append(why, fmt.Sprintf("%s is blob %s, not the patch's pre-image %s (its hunks would still fit, at offsets %v; apply takes only the series' exact base)",
				f.Path, short(h), short(f.OldHash), offsets))
			next[f.Path] = out
		}
	}
	for path, b := range next {
		files[path] = b
	}
	switch {
	case len(already) == len(p.Files):
		pc.Status = AlreadyApplied
	case len(why) == 0 && len(already) == 0:
		pc.Status = Applies
	default:
		if len(already) > 0 {
			why = append([]string{strings.Join(already, ", ") + " already had this patch's change, its other files did not"}, why...)
		}
		pc.Status, pc.Detail = Conflicts, strings.Join(why, "; ")
	}
	return pc
}

// stageOf is h's place in path's chain (0 = base), -1 when not in it.
func (s *Series) stageOf(path, h string) int {
	c := s.chain(path)
	for i := len(c) - 1; i >= 0; i-- {
		if c[i] == h {
			return i
		}
	}
	return -1
}

func hashOf(b []byte) string {
	if b == nil {
		return ZeroHash
	}
	return BlobHash(b)
}

// applyFile applies f's hunks to b (nil: missing).
func applyFile(b []byte, f *FileDiff) ([]byte, error) {
	out, _, err := applyHunksTo(b, f)
	return out, err
}

// applyHunksTo applies f's hunks to b (nil: missing), where they fit
// nearest to their lines, and returns the result and the offsets.
func applyHunksTo(b []byte, f *FileDiff) ([]byte, []int, error) {
	var lines []string
	if b != nil {
		lines = splitLines(b)
	}
	out, offsets, err := applyHunks(lines, f, false, exactMatch)
	if err != nil {
		return nil, nil, err
	}
	if f.Deleted {
		if len(out) > 0 {
			return nil, nil, fmt.Errorf("%s: the patch deletes it but %d lines would remain", f.Path, len(out))
		}
		return nil, offsets, nil
	}
	return []byte(strings.Join(out, "")), offsets, nil
}
