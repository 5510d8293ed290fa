//go:build !mips && !mips64

package runtime

const _BigEndian = 0
