package callers

import (
	"fmt"

	"xaddref/tools/internal/era"
)

// Role is what a call does to its stat.
type Role string

const (
	Charge    Role = "charge"
	Discharge Role = "discharge"
	Reserve   Role = "reserve" // address space only: no stat
)

// Argument indexes of a StatFunc that are not arguments.
const (
	Receiver = -1 // the method's receiver is the stat
	NoArg    = -2 // the function takes no stat (or no amount)
)

// A StatFunc is a runtime function that charges or discharges a system
// stat.
type StatFunc struct {
	Name string
	Recv string // the receiver's type, for a method
	// Stat and Amount are the indexes of the stat and the amount among the
	// arguments (Receiver, NoArg).
	Stat, Amount int
	// Role; "" for a method whose amount's sign decides (sysMemStat.add).
	Role Role
	// Implicit is the stat a function without a stat argument changes.
	Implicit string
}

// An Era is what the analysis knows of one era of the runtime.
type Era struct {
	Profile string // internal/profile's name
	Funcs   []StatFunc
	// Ends are the functions that end the program when a stat over- or
	// underflows: a run that ends inside one of them (its innermost open
	// call) with EndsHow is a finding.
	Ends    []string
	EndsHow string // "exit 2" or a throw's message
	// Drivers are the caller functions driven whole.
	Drivers []Driver
}

var era6ad33be = &Era{
	Profile: era.Go2015.Name,
	Funcs: []StatFunc{
		{Name: "sysAlloc", Stat: 1, Amount: 0, Role: Charge},
		{Name: "sysFree", Stat: 2, Amount: 1, Role: Discharge},
		{Name: "sysMap", Stat: 3, Amount: 1, Role: Charge},
		{Name: "mSysStatInc", Stat: 0, Amount: 1, Role: Charge},
		{Name: "mSysStatDec", Stat: 0, Amount: 1, Role: Discharge},
	},
	Ends:    []string{"mSysStatInc", "mSysStatDec"},
	EndsHow: "exit 2",
	Drivers: []Driver{driveMHeapSysAlloc, drivePersistentalloc},
}

var eraGo119 = &Era{
	Profile: era.Go119.Name,
	Funcs: []StatFunc{
		{Name: "sysAlloc", Stat: 1, Amount: 0, Role: Charge},
		{Name: "sysFree", Stat: 2, Amount: 1, Role: Discharge},
		{Name: "sysMap", Stat: 2, Amount: 1, Role: Charge},
		{Name: "sysUsed", Stat: NoArg, Amount: 2, Role: Charge, Implicit: "gcController.mappedReady"},
		{Name: "sysUnused", Stat: NoArg, Amount: 1, Role: Discharge, Implicit: "gcController.mappedReady"},
		{Name: "sysFault", Stat: NoArg, Amount: 1, Role: Discharge, Implicit: "gcController.mappedReady"},
		{Name: "sysReserve", Stat: NoArg, Amount: 1, Role: Reserve},
		{Name: "add", Recv: "sysMemStat", Stat: Receiver, Amount: 0},
	},
	// sysMemStat.add is a method, which the host does not record: a run's
	// innermost recorded call is the sys* function that called it.
	Ends:    []string{"sysAlloc", "sysFree", "sysMap"},
	EndsHow: "throw sysMemStat overflow",
}

// eraNamed returns the era of a tree profile.
func eraNamed(name string) (*Era, error) {
	for _, e := range []*Era{era6ad33be, eraGo119} {
		if e.Profile == name {
			return e, nil
		}
	}
	return nil, fmt.Errorf("callers: no era for profile %q", name)
}

func (e *Era) statFunc(name, recv string) *StatFunc {
	for i := range e.Funcs {
		if e.Funcs[i].Name == name && e.Funcs[i].Recv == recv {
			return &e.Funcs[i]
		}
	}
	return nil
}

func (e *Era) ends(name string) bool {
	for _, n := range e.Ends {
		if n == name {
			return true
		}
	}
	return false
}

func (e *Era) driven(fn string) bool {
	for _, d := range e.Drivers {
		if d.Func == fn {
			return true
		}
	}
	return false
}
