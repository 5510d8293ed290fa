package kit

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// peak counts the calls running at once, and the most there ever were.
type peak struct{ now, max atomic.Int32 }

func (p *peak) enter() {
	n := p.now.Add(1)
	for {
		m := p.max.Load()
		if n <= m || p.max.CompareAndSwap(m, n) {
			return
		}
	}
}

func (p *peak) leave() { p.now.Add(-1) }

func TestEach(t *testing.T) {
	for _, workers := range []int{1, 3} {
		var p peak
		calls := make([]int32, 20)
		Each(len(calls), workers, func(i int) {
			p.enter()
			defer p.leave()
			atomic.AddInt32(&calls[i], 1)
			time.Sleep(2 * time.Millisecond)
		})
		for i, c := range calls {
			if c != 1 {
				t.Errorf("workers %d: f(%d) called %d times, want once", workers, i, c)
			}
		}
		if got := p.max.Load(); got != int32(workers) {
			t.Errorf("workers %d: %d calls ran at once at most", workers, got)
		}
	}
	Each(0, 0, func(int) { t.Error("f called with n 0") })
}

// OnCPU holds at most one call per CPU, however many goroutines ask.
func TestOnCPU(t *testing.T) {
	var p peak
	var wg sync.WaitGroup
	for g := 0; g < 4*runtime.NumCPU(); g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			OnCPU(func() {
				p.enter()
				defer p.leave()
				time.Sleep(2 * time.Millisecond)
			})
		}()
	}
	wg.Wait()
	if got, want := p.max.Load(), int32(runtime.NumCPU()); got != want {
		t.Errorf("%d calls held a CPU at once, want %d (the CPUs)", got, want)
	}
}
