package errcode

import (
	"go/ast"
	"go/token"
	"path/filepath"
	"testing"

	"github.com/bigdatacenter/portal/app/archtest"
)

// A Code can only come from this table (its field is unexported), but a zero Code compiles: an
// Error literal without one, or errcode.Code{}. Every error the portal and the server build
// names a code of the table.
func TestErrorsNameACodeOfTheTable(t *testing.T) {
	exported := map[string]bool{}
	for _, f := range archtest.ParseDir(t, fset, ".") {
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.VAR {
				for _, s := range g.Specs {
					for _, n := range s.(*ast.ValueSpec).Names {
						exported[n.Name] = n.IsExported()
					}
				}
			}
		}
	}
	literals := 0
	for _, dir := range []string{"..", filepath.Join("..", "..", "server")} {
		for name, f := range archtest.ParseDir(t, fset, dir) {
			// A constructor's parameter: the code its callers pass, each call type-checked.
			params := map[string]bool{}
			ast.Inspect(f, func(n ast.Node) bool {
				if fn, ok := n.(*ast.FuncType); ok {
					for _, p := range fn.Params.List {
						for _, id := range p.Names {
							params[id.Name] = params[id.Name] || typeName(p.Type) == "errcode.Code"
						}
					}
				}
				return true
			})
			ast.Inspect(f, func(n ast.Node) bool {
				lit, ok := n.(*ast.CompositeLit)
				if !ok {
					return true
				}
				switch typeName(lit.Type) {
				case "errcode.Code":
					t.Errorf("%s: %s: a Code made outside the table", name, pos(lit))
				case "Error", "portal.Error":
					literals++
					var code ast.Expr
					for _, e := range lit.Elts {
						if kv, ok := e.(*ast.KeyValueExpr); ok && typeName(kv.Key) == "Code" {
							code = kv.Value
						}
					}
					if id, ok := code.(*ast.Ident); ok && params[id.Name] {
						return true
					}
					if sel, ok := code.(*ast.SelectorExpr); !ok || typeName(sel.X) != "errcode" || !exported[sel.Sel.Name] {
						t.Errorf("%s: %s: an Error without a code of the table", name, pos(lit))
					}
				}
				return true
			})
		}
	}
	if literals < 5 {
		t.Fatalf("found only %d Error literals: the test no longer sees the code it checks", literals)
	}
}

var fset = token.NewFileSet()

func pos(n ast.Node) token.Position { return fset.Position(n.Pos()) }

func typeName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return typeName(e.X) + "." + e.Sel.Name
	case *ast.UnaryExpr:
		return typeName(e.X)
	}
	return ""
}
