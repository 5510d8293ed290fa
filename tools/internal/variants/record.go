package variants

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/printer"
	"go/token"
	"strings"
)

// recorder returns the wrapper through which the call of host (the
// recorded function name, as the host calls it) at the tree's position at
// goes, writing it into scope's file once.
func (x *extractor) recorder(scope, name, host, at string) string {
	fn := x.funcs[host]
	if fn == nil {
		return host // a stub, or a function still being extracted
	}
	wname := host + "__at_" + strings.NewReplacer(".", "_", ":", "_", "-", "_").Replace(at)
	key := "record|" + wname
	if _, ok := x.pulled[key]; ok {
		return wname
	}
	x.pulled[key] = wname
	typeText := func(e ast.Expr) string {
		var b bytes.Buffer
		printer.Fprint(&b, token.NewFileSet(), e)
		return b.String()
	}
	var params, args, pass []string
	for _, f := range fn.Type.Params.List {
		n := len(f.Names)
		if n == 0 {
			n = 1
		}
		for k := 0; k < n; k++ {
			a := fmt.Sprintf("a%d", len(args))
			params = append(params, a+" "+typeText(f.Type))
			args = append(args, a)
			if _, ok := f.Type.(*ast.Ellipsis); ok {
				a += "..."
			}
			pass = append(pass, a)
		}
	}
	var results, rets []string
	if fn.Type.Results != nil {
		for _, f := range fn.Type.Results.List {
			n := len(f.Names)
			if n == 0 {
				n = 1
			}
			for k := 0; k < n; k++ {
				results = append(results, typeText(f.Type))
				rets = append(rets, fmt.Sprintf("r%d", len(rets)))
			}
		}
	}
	buf := x.out[scope]
	fmt.Fprintf(buf, "//line xaddref-record.go:1\nfunc %s(%s) (%s) {\n", wname, strings.Join(params, ", "), strings.Join(results, ", "))
	fmt.Fprintf(buf, "\txrEnter(%q, %q, %s)\n", name, at, strings.Join(args, ", "))
	call := host + "(" + strings.Join(pass, ", ") + ")"
	if len(rets) > 0 {
		call = strings.Join(rets, ", ") + " := " + call
	}
	fmt.Fprintf(buf, "\t%s\n\txrLeave(%q, %s)\n", call, name, strings.Join(args, ", "))
	if len(rets) > 0 {
		fmt.Fprintf(buf, "\treturn %s\n", strings.Join(rets, ", "))
	}
	buf.WriteString("}\n\n")
	return wname
}
