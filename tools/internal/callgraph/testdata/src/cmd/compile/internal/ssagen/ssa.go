// The compiler's table of intrinsics, as tree.Source.Intrinsics reads it:
// calls of atomic.Xadd64 are expanded in place on amd64.
package ssagen

func init() {
	addF("runtime/internal/atomic", "Xadd64", nil, sys.AMD64)
}
