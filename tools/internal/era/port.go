package era

import (
	"fmt"
	"sort"
	"strings"
)

// A Port is one GOOS/GOARCH pair: what a tree supports, what a row of a
// report is about.
type Port struct {
	GOOS, GOARCH string
}

func (p Port) String() string { return p.GOOS + "/" + p.GOARCH }

// ParsePort parses "goos/goarch".
func ParsePort(s string) (Port, error) {
	i := strings.IndexByte(s, '/')
	if i <= 0 || i == len(s)-1 || strings.Count(s, "/") != 1 {
		return Port{}, fmt.Errorf("%q is not GOOS/GOARCH", s)
	}
	return Port{s[:i], s[i+1:]}, nil
}

// SortPorts sorts ports by GOOS, then GOARCH.
func SortPorts(ps []Port) {
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].GOOS != ps[j].GOOS {
			return ps[i].GOOS < ps[j].GOOS
		}
		return ps[i].GOARCH < ps[j].GOARCH
	})
}
