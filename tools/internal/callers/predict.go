package callers

import (
	"fmt"
	"go/ast"
	"go/constant"
	"sort"
	"strings"

	"xaddref/tools/internal/era"
)

// PredictedCall is the function the differential suite's readers check
// calls itself (runtime.NewOSProc0, from the runtime's export_linux_test.go)
// before it reads MemStats again.
const PredictedCall = "newosproc0"

// predictedTotal is the total the check reads as a user program does:
// what runtime.ReadMemStats returns.
const predictedTotal = "MemStats.Sys"

// A Prediction is what the readers analysis expects a program of a port
// to see of MemStats.Sys when it calls newosproc0(ReaderStack) itself: by
// how much Sys minus the sum of the parts its claim names moves. Where
// the function that sets Sys leaves variables out of the parts, each one
// newosproc0 charges (called from anywhere or not: the program calls it)
// is run from 0 through the C model, the source of truth for what the
// charge is, and through the tree's own code on the host, which must
// agree.
type Prediction struct {
	Port era.Port
	// Reader is the function that sets the total ("mstats.go:179
	// readmemstats_m"), Assumption its claim, Parts the fields it names.
	Reader     string
	Assumption string
	Parts      []string
	Verdict    string // the analysis' verdict on the claim
	Why        string
	// Cells are the variables left out of the parts that newosproc0
	// charges; Gap is what the C model's newosproc0 adds to the total
	// minus the parts through them (0 without any), Host what the tree's
	// code does on the host.
	Cells     []string
	Gap, Host int64
	// Clone is the clone newosproc0 makes.
	Clone Clone
	// Err says why the prediction cannot be trusted: the port could not
	// be analysed, the claim was not found, or the runs disagree.
	Err string
}

// Holds says the analysis finds the claim holds.
func (p *Prediction) Holds() bool { return p.Verdict == string(holds) }

// Clone is the clone call in newosproc0: its flags, a constant of the
// tree, and the tree's _CLONE_ constants whose bits they set.
type Clone struct {
	At    string // file:line
	Flags uint64
	Names []string
}

// Predict analyses the targets of the tree at dir (opts.Before, if set,
// is the tree before the commit) and predicts, per target, what the
// readers check will see.
func Predict(dir string, e *era.Era, targets []era.Port, opts Options) ([]*Prediction, error) {
	if e.Ledger == nil {
		return nil, fmt.Errorf("callers: the kit has no stat ledger for era %s", e.Name)
	}
	ports := staticPorts(dir, e, targets, opts)
	preds := make([]*Prediction, len(ports))
	var jobs []readerJob
	var pending []*Prediction
	for i, pr := range ports {
		preds[i] = pr.prediction()
		if preds[i].Err == "" && len(preds[i].Cells) > 0 {
			jobs = append(jobs, readerJob{pr: pr, r: pr.sumReader(), fn: PredictedCall, cells: preds[i].Cells})
			pending = append(pending, preds[i])
		}
	}
	if len(jobs) == 0 {
		return preds, nil
	}
	if err := runPredictions(dir, e, jobs, pending, opts); err != nil {
		for _, p := range pending {
			p.Err = err.Error()
		}
	}
	return preds, nil
}

// prediction is the port's prediction as far as the static analysis
// goes: the claim, its verdict, the cells newosproc0 charges, the clone.
func (pr *PortResult) prediction() *Prediction {
	p := &Prediction{Port: pr.Port, Err: pr.Err}
	if pr.Err != "" {
		return p
	}
	p.Clone = pr.clone()
	r := pr.sumReader()
	if r == nil {
		p.Err = fmt.Sprintf("the analysis finds no one function that sets %s to a claimed sum on %s", predictedTotal, pr.Port)
		return p
	}
	p.Reader, p.Assumption, p.Parts = r.Where()+" "+r.Function, r.Assumption, r.parts
	p.Verdict, p.Why = string(r.Verdict), r.Why
	for _, lv := range r.left {
		for _, fn := range lv.chargers {
			if fn == PredictedCall && lv.cell != "" && !contains(p.Cells, lv.cell) {
				p.Cells = append(p.Cells, lv.cell)
			}
		}
	}
	return p
}

// sumReader is the port's reader of the claim on MemStats.Sys: the one
// function that sets it; nil if none or several do.
func (pr *PortResult) sumReader() *reader {
	var found *reader
	for _, r := range pr.readers {
		if r.kind != "sum" || r.Stat != predictedTotal {
			continue
		}
		if found != nil {
			return nil
		}
		found = r
	}
	return found
}

// clone finds newosproc0's call of clone and reads its flags, a constant,
// with the names of the tree's _CLONE_ constants whose bits they set, in
// the order of their bits.
func (pr *PortResult) clone() Clone {
	var c Clone
	l := pr.ledger
	for _, fn := range l.decls {
		if l.names[fn] != PredictedCall {
			continue
		}
		for _, e := range fn.Edges() {
			call, ok := e.Node.(*ast.CallExpr)
			if !ok || e.To == nil || e.To.Name != "clone" || len(call.Args) == 0 || c.At != "" {
				continue
			}
			tv := l.p.Info.Types[call.Args[0]]
			if tv.Value == nil {
				continue
			}
			if v, exact := constant.Uint64Val(constant.ToInt(tv.Value)); exact {
				c.At, c.Flags = l.posString(call.Pos()), v
			}
		}
	}
	if c.At == "" {
		return c
	}
	bits := map[string]uint64{}
	for _, name := range l.p.Pkg.Scope().Names() {
		if v, ok := l.p.Const(name); ok && strings.HasPrefix(name, "_CLONE_") && v&(v-1) == 0 && c.Flags&v != 0 {
			bits[name] = v
			c.Names = append(c.Names, name)
		}
	}
	sort.Slice(c.Names, func(i, j int) bool { return bits[c.Names[i]] < bits[c.Names[j]] })
	return c
}

// runPredictions runs newosproc0 on each job's port, from its cells at 0,
// through the tree's code on the host and through the C model.
func runPredictions(dir string, e *era.Era, jobs []readerJob, preds []*Prediction, opts Options) error {
	prof, err := hostProfile(e)
	if err != nil {
		return fmt.Errorf("%s charges what %s leaves out, but the variants cannot run this era's code: %v", PredictedCall, predictedTotal, err)
	}
	if !rootSet(prof)[PredictedCall] {
		return fmt.Errorf("the variants' profile %s has no root %s: the host cannot run it", prof.Name, PredictedCall)
	}
	var targets []era.Port
	for _, j := range jobs {
		targets = append(targets, j.pr.Port)
	}
	opts.logf("extracting %s for %d port(s) and building the host", PredictedCall, len(targets))
	h, err := buildHost(dir, prof, targets)
	if err != nil {
		return err
	}
	model, err := opts.model()
	if err != nil {
		return err
	}
	var live []readerJob
	var livePreds []*Prediction
	for i, j := range jobs {
		if !j.pr.bind(prof, h, model) {
			preds[i].Err = j.pr.Err
			continue
		}
		live = append(live, newReaderJob(e, j.pr, j.r, j.fn, j.cells, len(live)))
		livePreds = append(livePreds, preds[i])
	}
	if len(live) == 0 {
		return nil
	}
	runs, err := runReaderJobs(live, h, nil, model)
	if err != nil {
		return err
	}
	for i, j := range live {
		j.predict(livePreds[i], runs["tree"][i], runs["model"][i])
	}
	return nil
}

// predict sums what the run leaves in the job's cells, with their
// coefficients in the total minus the parts: the model's is the
// prediction, and the tree's code must agree.
func (j readerJob) predict(p *Prediction, tree, model string) {
	be := j.pr.arch.BE
	for _, lv := range j.r.left {
		if !contains(j.cells, lv.cell) {
			continue
		}
		got, err := cellAfter(tree, lv.cell, be)
		if err != nil {
			p.Err = fmt.Sprintf("%s on the host: %v", j.fn, err)
			return
		}
		want, err := cellAfter(model, lv.cell, be)
		if err != nil {
			p.Err = fmt.Sprintf("%s through the C model: %v", j.fn, err)
			return
		}
		p.Host += lv.coef * int64(got)
		p.Gap += lv.coef * int64(want)
		if got != want {
			p.Err = fmt.Sprintf("%s(%#x) from %s 0: the tree's code leaves it at %#x, the C model at %#x (scenario: %s)",
				j.fn, uint64(ReaderStack), lv.cell, got, want, j.line)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
