package variants

import (
	"fmt"
	"io"
	"time"

	"xaddref/tools/internal/era"
	"xaddref/tools/internal/osconv"
	"xaddref/tools/internal/tree"
)

// Options tune a run.
type Options struct {
	// Seed draws the random scenarios; 0 takes one from the clock. The seed
	// is printed so that a run reproduces.
	Seed int64
	// Random is the number of random scenarios per GOOS and function
	// (default 200; negative: none).
	Random int
	// NoApply compares a 2015 tree without the series as it is (its
	// variants then differ from the model's); without it such a tree is
	// refused.
	NoApply bool
	// Log receives progress lines; nil discards them.
	Log io.Writer
	// model, if set, is used instead of building //cref:variants.
	model *Model
	// arches, if set, limits the architectures to these GOARCHes: the
	// run derives, extracts and compiles their ports alone.
	arches []string
	// Table is the tree's OS conventions (osconv); nil derives them from
	// the tree.
	Table *osconv.Table
	// Tables are each profile's conventions, for Semantics (by profile
	// name).
	Tables map[string]*osconv.Table
	// Trees are each profile's tree, for Semantics (by profile name): a
	// 2015 tree with the series applied.
	Trees map[string]string
	// Profiles are the eras Semantics compares, oldest first (nil: every
	// profile, Profiles()).
	Profiles []*Profile
}

// defaults fills in the seed (from the clock, or seed) and the number of
// random scenarios.
func (o *Options) defaults(seed int64) {
	if o.Seed == 0 {
		o.Seed = seed
	}
	if o.Random == 0 {
		o.Random = 200
	}
}

// randoms is the number of random scenarios per GOOS and function.
func (o *Options) randoms() int { return max(o.Random, 0) }

func (o *Options) logf(format string, args ...interface{}) {
	if o.Log != nil {
		fmt.Fprintf(o.Log, "xaddref: "+format+"\n", args...)
	}
}

// model is the C model: Model, or //cref:variants built.
func (o *Options) modelFor(what string) (*Model, error) {
	if o.model != nil {
		return o.model, nil
	}
	o.logf("%s: building the C model (bazel build //cref:variants)", what)
	return BuildModel()
}

// arches are the model's architectures that opts keeps.
func (o *Options) archesOf(m *Model) ([]Arch, error) {
	if len(m.Arches) == 0 {
		return nil, fmt.Errorf("the C model lists no architecture")
	}
	if len(o.arches) == 0 {
		return m.Arches, nil
	}
	var out []Arch
	for _, name := range o.arches {
		found := false
		for _, a := range m.Arches {
			if a.Name == name {
				out, found = append(out, a), true
			}
		}
		if !found {
			return nil, fmt.Errorf("the C model has no architecture %s", name)
		}
	}
	return out, nil
}

// conventions is the tree's OS conventions table: Table, or derived from
// the ports of the tree at dir that the run takes, which are type-checked
// as the extraction checks them first (checkPorts): the derivation then
// reads those checks.
func (o *Options) conventions(dir string, prof *Profile) (*osconv.Table, error) {
	if o.Table != nil {
		return o.Table, nil
	}
	o.logf("variants: deriving the OS conventions of %s", dir)
	ports, err := o.ports(dir)
	if err != nil {
		return nil, failure(fmt.Errorf("deriving the OS conventions: %v", err))
	}
	checkPorts(dir, prof, ports)
	table, err := osconv.DerivePorts(dir, prof.Name, ports)
	if err != nil {
		return nil, failure(fmt.Errorf("deriving the OS conventions: %v", err))
	}
	return table, nil
}

// ports are the ports of the tree at dir (tree.Ports) that the run takes:
// those on its architectures.
func (o *Options) ports(dir string) ([]era.Port, error) {
	all, _, err := tree.Load(dir).Ports()
	if err != nil || len(o.arches) == 0 {
		return all, err
	}
	var out []era.Port
	for _, p := range all {
		if contains(o.arches, p.GOARCH) {
			out = append(out, p)
		}
	}
	return out, nil
}

// clockSeed is a seed from the clock.
func clockSeed() int64 { return time.Now().UnixNano() }
