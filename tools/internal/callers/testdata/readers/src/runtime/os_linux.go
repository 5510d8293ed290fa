package runtime

// newosproc0 charges its stack to stacks_sys, as 6ad33be makes it do, and
// the library's entry calls it.
func newosproc0(stacksize uintptr) {
	sysAlloc(stacksize, &memstats.stacks_sys)
}

func libinit() { newosproc0(0x800000) }
