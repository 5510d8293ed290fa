package runtime

var memstats struct {
	heap_sys, other_sys uint64
}
