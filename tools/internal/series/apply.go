package series

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/kit"
)

// testStep is nil in the program. The package's tests set it, to be called
// at each named step of apply and unapply ("journaled", "patched-K",
// "reverted-K", "done") and so interrupt an operation at a known point.
var testStep func(ctx context.Context, step string)

func pause(ctx context.Context, step string) {
	if testStep != nil {
		testStep(ctx, step)
	}
}

// Outcome is what apply or unapply did.
type Outcome struct {
	Before, After *State
	Changed       bool
	Message       string // one line for stdout
}

// Interrupted starts the message of an operation that an interrupt undid.
const Interrupted = "interrupted"

// begin opens dir for an operation that writes it: the tree, its lock
// (held until unlock), the journal of an interrupted earlier run rolled
// back, and the series' state.
func (s *Series) begin(dir string) (t *target, st *State, unlock func(), err error) {
	if t, err = openTree(dir); err != nil {
		return nil, nil, nil, err
	}
	if err = t.plainPaths(s.Files); err != nil {
		return nil, nil, nil, err
	}
	if unlock, err = lock(t); err != nil {
		return nil, nil, nil, err
	}
	if note, err := recoverPending(t); err != nil {
		unlock()
		return nil, nil, nil, err
	} else if note != "" {
		kit.Progress("%s", note)
	}
	if st, err = s.stateAt(t.dir); err != nil {
		unlock()
		return nil, nil, nil, err
	}
	return t, st, unlock, nil
}

// settle follows an operation's git commands: the files they rewrote get
// their permissions back, and the tree must now be in state want. It
// returns the state, or why the operation is to be undone.
func (s *Series) settle(t *target, j *journal, want, when string) (*State, string) {
	if err := j.keepModes(t); err != nil {
		return nil, err.Error()
	}
	after, err := s.stateAt(t.dir)
	if err != nil {
		return nil, err.Error()
	}
	if after.Status != want {
		return nil, fmt.Sprintf("%s the tree is %s, not %s", when, after.Line(), want)
	}
	return after, ""
}

// Apply applies the series to dir: all of it or nothing. See ApplyContext.
func (s *Series) Apply(dir string) (*Outcome, error) {
	return s.ApplyContext(context.Background(), dir)
}

// ApplyContext applies the series to dir. A checkout gets one commit per
// patch with the patch's authorship (git am); a plain tree gets the same
// patches with git apply. Any failure, and ctx's cancellation at any step,
// restores dir from the journal: HEAD and the index for a checkout, the
// bytes of every touched file for a plain tree.
//
// What it accepts, by state:
//   - not-applied: applies every patch;
//   - partial (patches 1..k applied, the rest not, every touched file at
//     exactly the blob that gives): applies k+1..N, completing the series;
//   - applied: nothing to do;
//   - foreign: refused, naming the files that match no blob of the series.
//
// A checkout with changed tracked files, or a git operation in progress, is
// refused, unless the series is already applied (nothing is written then).
func (s *Series) ApplyContext(ctx context.Context, dir string) (*Outcome, error) {
	t, st, unlock, err := s.begin(dir)
	if err != nil {
		return nil, err
	}
	defer unlock()
	out := &Outcome{Before: st, After: st}
	n := len(s.Patches)
	switch st.Status {
	case Applied:
		out.Message = fmt.Sprintf("%s already has series %s (%s): nothing to do", t.dir, s.Name, plural(n, "patch", "patches"))
		return out, nil
	case Foreign:
		return nil, cli.Failf("refusing to apply series %s: %s is not at the series' base: %s", s.Name, t.dir, st.Why())
	}
	if err := s.refuseDirty(t, "apply"); err != nil {
		return nil, err
	}
	if ctx.Err() != nil {
		return nil, cli.Failf("%s before any change: %s is as it was", Interrupted, t.dir)
	}
	j, err := writeJournal(t, "apply", s)
	if err != nil {
		return nil, err
	}
	undo := func(why string) (*Outcome, error) { return nil, j.undo(t, why) }
	pause(ctx, "journaled")
	if ctx.Err() != nil {
		return undo(Interrupted)
	}
	for i := st.Applied; i < n; i++ {
		p := s.Patches[i]
		file := filepath.Join(s.Dir, p.Name)
		var err error
		if t.git {
			_, err = t.run("-c", "core.hooksPath=/dev/null", "-c", "commit.gpgSign=false",
				"am", "--quiet", "--no-3way", "--no-scissors", "--no-message-id", "--whitespace=nowarn", file)
		} else {
			_, err = t.run(gitApply(file)...)
		}
		if err != nil {
			if interrupted(ctx, err) {
				return undo(fmt.Sprintf("%s during patch %d/%d (%v)", Interrupted, i+1, n, err))
			}
			return undo(fmt.Sprintf("patch %d/%d %s failed: %v", i+1, n, p.Name, err))
		}
		pause(ctx, fmt.Sprintf("patched-%d", i+1))
		if ctx.Err() != nil {
			return undo(fmt.Sprintf("%s after patch %d/%d", Interrupted, i+1, n))
		}
	}
	after, why := s.settle(t, j, Applied, "after the patches")
	if why != "" {
		return undo(why)
	}
	if t.git {
		if d, err := t.dirty(); err != nil || len(d) > 0 {
			return undo(fmt.Sprintf("after git am the checkout is dirty: %s %v", strings.Join(d, ", "), err))
		}
	}
	pause(ctx, "done")
	if ctx.Err() != nil {
		return undo(Interrupted + " before the end")
	}
	if err := j.drop(); err != nil {
		return nil, cli.Usagef("series %s is applied to %s, but removing the journal %s failed: %v", s.Name, t.dir, j.dir, err)
	}
	out.After, out.Changed = after, true
	out.Message = s.applied(t, st.Applied)
	return out, nil
}

// applied is apply's message when it applied the patches after the first
// k.
func (s *Series) applied(t *target, k int) string {
	n := len(s.Patches)
	how := "git apply"
	if t.git {
		how = "git am, one commit per patch"
	}
	if k > 0 {
		return fmt.Sprintf("completed series %s on %s: patches 1-%d were already applied, applied %d-%d (%s)", s.Name, t.dir, k, k+1, n, how)
	}
	return fmt.Sprintf("applied series %s to %s: %s (%s)", s.Name, t.dir, plural(n, "patch", "patches"), how)
}

// refuseDirty refuses op on a checkout with changed tracked files, or a
// git operation in progress.
func (s *Series) refuseDirty(t *target, op string) error {
	if !t.git {
		return nil
	}
	d, err := t.dirty()
	if err != nil {
		return err
	}
	if len(d) > 0 {
		return cli.Failf("refusing to %s series %s: the checkout %s is dirty: %s", op, s.Name, t.dir, strings.Join(d, ", "))
	}
	return nil
}

// Unapply undoes the series on dir. See UnapplyContext.
func (s *Series) Unapply(dir string) (*Outcome, error) {
	return s.UnapplyContext(context.Background(), dir)
}

// UnapplyContext is the inverse of ApplyContext. A plain tree gets the
// patches reversed (git apply -R, last first) and returns to its bytes. A
// checkout returns to the commit before the series' commits, which must be
// HEAD and its first parents: commits on top of them are refused, as are
// changed tracked files. A partial tree is undone the same way (its applied
// patches only); a tree without the series is left alone.
func (s *Series) UnapplyContext(ctx context.Context, dir string) (*Outcome, error) {
	t, st, unlock, err := s.begin(dir)
	if err != nil {
		return nil, err
	}
	defer unlock()
	out := &Outcome{Before: st, After: st}
	switch st.Status {
	case NotApplied:
		out.Message = fmt.Sprintf("%s does not have series %s: nothing to undo", t.dir, s.Name)
		return out, nil
	case Foreign:
		why := st.Why()
		if t.git {
			if on, _, err := s.findCommits(t, len(s.Patches)); err == nil && len(on) > 0 {
				why = onTop(on)
			}
		}
		return nil, cli.Failf("refusing to unapply series %s: %s does not hold it: %s", s.Name, t.dir, why)
	}
	k := st.Applied
	var base string
	if err := s.refuseDirty(t, "unapply"); err != nil {
		return nil, err
	}
	if t.git {
		on, b, err := s.findCommits(t, k)
		if err != nil {
			return nil, err
		}
		if len(on) > 0 {
			return nil, cli.Failf("refusing to unapply series %s: %s", s.Name, onTop(on))
		}
		base = b
	}
	if ctx.Err() != nil {
		return nil, cli.Failf("%s before any change: %s is as it was", Interrupted, t.dir)
	}
	j, err := writeJournal(t, "unapply", s)
	if err != nil {
		return nil, err
	}
	undo := func(why string) (*Outcome, error) { return nil, j.undo(t, why) }
	pause(ctx, "journaled")
	if ctx.Err() != nil {
		return undo(Interrupted)
	}
	if t.git {
		if _, err := t.run("reset", "--hard", "-q", base); err != nil {
			return undo(err.Error())
		}
		pause(ctx, "reverted-1")
		if ctx.Err() != nil {
			return undo(Interrupted + " after git reset")
		}
	} else if why := s.reverse(ctx, t, k); why != "" {
		return undo(why)
	}
	after, why := s.settle(t, j, NotApplied, "after undoing,")
	if why != "" {
		return undo(why)
	}
	pause(ctx, "done")
	if ctx.Err() != nil {
		return undo(Interrupted + " before the end")
	}
	if err := j.drop(); err != nil {
		return nil, cli.Usagef("series %s is undone on %s, but removing the journal %s failed: %v", s.Name, t.dir, j.dir, err)
	}
	out.After, out.Changed = after, true
	if t.git {
		out.Message = fmt.Sprintf("unapplied series %s from %s: HEAD is back at %.10s (%s dropped)", s.Name, t.dir, base, plural(k, "commit", "commits"))
	} else {
		out.Message = fmt.Sprintf("unapplied series %s from %s: %s reversed", s.Name, t.dir, plural(k, "patch", "patches"))
	}
	return out, nil
}

// reverse reverses the first k patches on a plain tree, last first, and
// says why it stopped ("" when it did not).
func (s *Series) reverse(ctx context.Context, t *target, k int) string {
	for i := k - 1; i >= 0; i-- {
		p := s.Patches[i]
		if _, err := t.run(gitApply("-R", filepath.Join(s.Dir, p.Name))...); err != nil {
			if interrupted(ctx, err) {
				return fmt.Sprintf("%s while reversing patch %d (%v)", Interrupted, i+1, err)
			}
			return fmt.Sprintf("reversing patch %d/%d %s failed: %v", i+1, len(s.Patches), p.Name, err)
		}
		pause(ctx, fmt.Sprintf("reverted-%d", i+1))
		if ctx.Err() != nil {
			return fmt.Sprintf("%s after reversing patch %d", Interrupted, i+1)
		}
	}
	return ""
}

// findCommits looks in HEAD's first-parent history for the commits of the
// first k patches, in order. It returns the commits found on top of them
// (none when HEAD is the last) and the commit before them.
func (s *Series) findCommits(t *target, k int) (onTop []commit, base string, err error) {
	const depth = 500
	hist, err := t.history(depth + k + 1)
	if err != nil {
		return nil, "", err
	}
	for d := 0; d+k < len(hist) && d <= depth; d++ {
		ok := true
		for i := 0; i < k; i++ {
			if !hist[d+i].is(s.Patches[k-1-i]) {
				ok = false
				break
			}
		}
		if ok {
			return hist[:d], hist[d+k].hash, nil
		}
	}
	head := "none"
	if len(hist) > 0 {
		head = hist[0].String()
	}
	return nil, "", cli.Failf("refusing to unapply series %s: %s holds patches 1-%d but HEAD's history has no commits that made exactly those changes (HEAD is %s); xaddref undoes only the commits it would have made",
		s.Name, t.dir, k, head)
}

func onTop(on []commit) string {
	var list []string
	for _, c := range on {
		list = append(list, c.String())
	}
	were := "commits were"
	if len(on) == 1 {
		were = "commit was"
	}
	return fmt.Sprintf("%d %s added on top of the series' commits (%s); undoing the series would drop them: revert or move them first",
		len(on), were, strings.Join(list, "; "))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// undo restores the tree from the journal after a failure or an interrupt
// and returns the error to report: a check failure (exit 1) once the tree
// is back, an environment error (exit 2) if it could not be put back.
func (j *journal) undo(t *target, why string) error {
	if err := j.restore(t); err != nil {
		return cli.Usagef("%s; restoring %s failed: %v; the journal stays in %s and the next apply or unapply restores it", why, t.dir, err, j.dir)
	}
	if err := j.drop(); err != nil {
		return cli.Usagef("%s; %s is restored, but removing the journal %s failed: %v", why, t.dir, j.dir, err)
	}
	return cli.Failf("%s; %s is restored to what it was", why, t.dir)
}
