package kit

import (
	"runtime"
	"sync"
)

// Each calls f(i) for every i in [0, n), on at most workers goroutines at
// once (workers <= 0: one per CPU), taking the i in order as workers free
// up, and returns when every call has returned. f puts its result at i, so
// that what the caller reports comes in the order of i however the calls
// interleave.
func Each(n, workers int, f func(i int)) {
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	work := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(workers, n); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				f(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		work <- i
	}
	close(work)
	wg.Wait()
}

// cpus are the slots of OnCPU, one per CPU of the machine.
var cpus = make(chan struct{}, runtime.NumCPU())

// OnCPU runs f holding one of the machine's CPUs: at most one f per CPU
// runs at once, whichever checks call it. The checks that run beside each
// other (verify's) each cut their work into such pieces (a compiler run, a
// test binary's run, one port's analysis), so that together they keep
// every CPU busy without piling several compilers onto one, and the
// pieces run in the order they asked. f must not call OnCPU itself: with
// every CPU held by a caller waiting for another, none would run.
func OnCPU(f func()) {
	cpus <- struct{}{}
	defer func() { <-cpus }()
	f()
}
