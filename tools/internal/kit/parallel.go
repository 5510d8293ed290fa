package kit

import (
	"runtime"
	"sync"
)

// ForEach calls f(i) for every i in [0, n), at most workers at a time
// (the CPUs when workers <= 0), and returns when every call has. Callers
// write f's results into slots of their own by index, so the order of
// what they report does not depend on the schedule.
func ForEach(n, workers int, f func(i int)) {
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	var wg sync.WaitGroup
	ch := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range ch {
				f(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		ch <- i
	}
	close(ch)
	wg.Wait()
}
