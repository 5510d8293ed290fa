package era

// Role is what a call of a stat function does to its stat.
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

// Ledger is what the stat ledger (package callers) knows of an era.
type Ledger struct {
	StatFuncs []StatFunc
	// Ends are the functions that end the program when a stat over- or
	// underflows: a run that ends inside one of them (its innermost open
	// call) with EndsHow is a finding.
	Ends    []string
	EndsHow string // "exit 2", or "throw " and the throw's message
	// Drivers name the callers that are driven whole (the code that
	// drives each is package callers').
	Drivers []string
	// NoDrivers says why the era drives no caller, where it drives none.
	NoDrivers string
}

// StatFunc is the entry for the function name (of receiver type recv,
// "" for a function), or nil.
func (l *Ledger) StatFunc(name, recv string) *StatFunc {
	for i := range l.StatFuncs {
		if l.StatFuncs[i].Name == name && l.StatFuncs[i].Recv == recv {
			return &l.StatFuncs[i]
		}
	}
	return nil
}

// EndsIn reports whether a run that ends inside name ends through a
// stat's check.
func (l *Ledger) EndsIn(name string) bool {
	for _, n := range l.Ends {
		if n == name {
			return true
		}
	}
	return false
}

// Drives reports whether fn is one of the driven callers.
func (l *Ledger) Drives(fn string) bool {
	for _, d := range l.Drivers {
		if d == fn {
			return true
		}
	}
	return false
}
