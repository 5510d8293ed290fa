package runtime

const (
	_BigEndian = iota * 0
	_PCQuantum = 1
)
