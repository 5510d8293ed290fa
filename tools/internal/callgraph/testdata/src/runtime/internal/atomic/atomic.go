package atomic

func Xadd64(ptr *uint64, delta int64) uint64 { return 0 } // want `atomic.Xadd64: nosplit`
