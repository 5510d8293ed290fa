package gless

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"
)

// Source is a tree's Go packages as each target sees them, read and parsed
// once for all targets: the files gless reads, for other static checks.
// It is safe for concurrent use; the parsed files are shared and must not
// be changed.
type Source struct{ l *loader }

// NewSource reads the tree at dir (the folder holding src/) lazily.
func NewSource(dir string) *Source { return &Source{newLoader(dir)} }

// FileSet is the file set the parsed files' positions refer to.
func (s *Source) FileSet() *token.FileSet { return s.l.fset }

// GoFiles returns the parsed Go files (not tests, comments kept) of the
// tree's package path that build for t, by go/build's rules with cgo off;
// nil if the tree has no such package.
func (s *Source) GoFiles(t Target, path string) ([]*ast.File, error) {
	files, err := s.l.matching(t, s.l.context(t), path)
	if err != nil {
		return nil, err
	}
	var out []*ast.File
	for _, f := range files {
		if !strings.HasSuffix(f.name, ".go") {
			continue
		}
		if err := s.l.parse(f); err != nil {
			return nil, fmt.Errorf("%s: %v", f.path, err)
		}
		out = append(out, f.gof.ast)
	}
	return out, nil
}
