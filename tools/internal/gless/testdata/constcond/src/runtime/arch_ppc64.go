package runtime

const (
	_PCQuantum = 4
	_BigEndian = 1
)
