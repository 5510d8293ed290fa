package runtime

type g struct {
	m     *m
	stack uintptr
}

type m struct {
	locks     int32
	printlock int32
}

type mutex struct{ key uintptr }

var memlock mutex

// getg is a compiler intrinsic: no body.
func getg() *g

// lock needs a G: it reads getg().m.
//
//go:nosplit
func lock(l *mutex) {
	gp := getg()
	gp.m.locks++
	l.key = 1
}

//go:nosplit
func unlock(l *mutex) {
	getg().m.locks--
	l.key = 0
}

//go:nosplit
func printlock() {
	mp := getg().m
	mp.printlock++
}

//go:nosplit
func printunlock() {
	getg().m.printlock--
}

//go:nosplit
func printstring(s string) {}

// exit is the exit system call, in assembly.
func exit(code int32)
