package runtime

type mstats struct {
	stacks_sys uint64
}

var memstats mstats
