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

// Failing is the first patch that would not apply, as "patch k/N NAME
// conflicts: why", or "" when each would (or already is).
func (r *CheckResult) Failing() string {
	for i, pc := range r.Patches {
		if pc.Status != Applies && pc.Status != AlreadyApplied {
			return fmt.Sprintf("patch %d/%d %s %s: %s", i+1, len(r.Patches), pc.Name, pc.Status, pc.Detail)
		}
	}
	return ""
}

// Check is a dry run: it reads dir and writes nothing. Each patch is tried
// with git apply, as apply does, on copies of the touched files in a
// scratch directory, as the earlier patches leave them; the verdict follows
// the state, as apply's does.
func (s *Series) Check(dir string) (*CheckResult, error) {
	t, err := openTree(dir)
	if err != nil {
		return nil, err
	}
	st, err := s.stateAt(t.dir)
	if err != nil {
		return nil, err
	}
	sc, drop, err := scratchDir()
	if err != nil {
		return nil, err
	}
	defer drop()
	for _, path := range s.Files {
		b, err := os.ReadFile(filepath.Join(t.dir, filepath.FromSlash(path)))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return nil, cli.Usagef("%v", err)
		}
		if err := sc.put(path, b); err != nil {
			return nil, cli.Usagef("scratch directory: %v", err)
		}
	}
	res := &CheckResult{State: st}
	unknown := map[string]string{} // file -> the patch that conflicts on it
	clean := true
	for _, p := range s.Patches {
		pc := s.checkPatch(sc, p, unknown)
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

// checkPatch tries p on the copies in sc, and moves on each file its hunks
// fit, so that the later patches are checked against what it would leave.
func (s *Series) checkPatch(sc *target, p *Patch, unknown map[string]string) PatchCheck {
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
	for _, f := range p.Files {
		had, moved, w := s.checkFile(sc, p, f)
		if had {
			already = append(already, f.Path)
		}
		if w != "" {
			why = append(why, w)
			if !moved {
				unknown[f.Path] = p.Name
			}
		}
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

// checkFile tries p's change f on its file's copy in sc. It says whether
// the file already had the change, whether the copy now has it, and why
// apply would not make the change ("" when it would).
func (s *Series) checkFile(sc *target, p *Patch, f *FileDiff) (had, moved bool, why string) {
	h, err := fileHash(sc.dir, f.Path)
	if err != nil {
		return false, false, err.Error()
	}
	patch := filepath.Join(s.Dir, p.Name)
	switch {
	case s.stageOf(f.Path, h) >= s.position(f.Path, p):
		return true, false, ""
	case h == f.OldHash:
		if _, err := sc.applyFile(patch, f); err != nil {
			return false, false, conflictWhy(err)
		}
		if got, _ := fileHash(sc.dir, f.Path); got != f.NewHash {
			return false, false, fmt.Sprintf("%s: the hunks give blob %s, but the index line says %s", f.Path, short(got), short(f.NewHash))
		}
		return false, true, ""
	case h == ZeroHash && !f.New:
		return false, false, f.Path + " is missing"
	case h != ZeroHash && f.New:
		return false, false, fmt.Sprintf("%s already exists (blob %s); the patch creates it", f.Path, short(h))
	}
	offsets, err := sc.applyFile(patch, f)
	if err != nil {
		return false, false, conflictWhy(err)
	}
	return false, true, fmt.Sprintf("%s is blob %s, not the patch's pre-image %s (its hunks would still fit, at offsets %v; apply takes only the series' exact base)",
		f.Path, short(h), short(f.OldHash), offsets)
}

// conflictWhy words an error of applyFile for check: where git looked for
// the hunk it did not find.
func conflictWhy(err error) string {
	he, ok := err.(*hunkError)
	if !ok {
		return err.Error()
	}
	switch start, end := anchors(he.Hunk); {
	case start && end:
		he.Reason += ", and git takes it only as the whole file (it begins at line 1 and no context follows its last change)"
	case start:
		he.Reason += ", and git looks for it only at the start of the file (it begins at line 1)"
	case end:
		he.Reason += ", and git looks for it only at the end of the file (no context follows its last change)"
	default:
		he.Reason += ", and its lines are nowhere else in the file"
	}
	return he.Error()
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
