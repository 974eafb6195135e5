package portal

import (
	"go/ast"
	"go/token"
	"testing"
	"unicode"

	"github.com/bigdatacenter/portal/app/archtest"
)

// A use case answers what its commit made durable, read inside its transaction (txAnswer): a
// read after the commit that fails (the database froze right then) would answer an error for
// a change that was saved, and the user would do it again. This walks every use case and
// fails on a value read from the database, after its transaction, into what it returns: a
// call to the store (s.db.X) or to another use case (s.X exported, s.deliverableView) in a
// return or an assignment that is kept. Side effects after the commit (live events, e-mail
// kicks, `_ =` best-effort writes) stay allowed.
func TestNoUseCaseReadsAfterItsTransaction(t *testing.T) {
	fset := token.NewFileSet()
	checked := 0
	for _, f := range archtest.ParseDir(t, fset, ".") {
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil || fn.Recv == nil {
				continue
			}
			afterTx := false
			for _, st := range fn.Body.List {
				if afterTx {
					if call := keptRead(st); call != "" {
						t.Errorf("%s: %s reads %s after its transaction: read it inside (txAnswer)", fset.Position(st.Pos()), fn.Name.Name, call)
					}
				}
				if startsTx(st) {
					afterTx = true
					checked++
				}
			}
		}
	}
	if checked < 20 {
		t.Fatalf("only %d transactions found: the walk no longer sees the use cases", checked)
	}
}

// startsTx: the statement runs a transaction (s.db.Tx, or txAnswer, changeMilestones,
// changeMilestone and writeRetour which wrap one).
func startsTx(st ast.Stmt) bool {
	found := false
	ast.Inspect(st, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			name, recv := callee(call)
			if fn, ok := call.Fun.(*ast.Ident); ok && fn.Name == "txAnswer" {
				found = true
			}
			if (recv == "s.db" && name == "Tx") || (recv == "s" && (name == "changeMilestones" || name == "changeMilestone" || name == "writeRetour")) {
				found = true
			}
		}
		return !found
	})
	return found
}

// keptRead names the read whose value a return or an assignment keeps, "" when there is none.
func keptRead(st ast.Stmt) string {
	var exprs []ast.Expr
	switch v := st.(type) {
	case *ast.ReturnStmt:
		exprs = v.Results
	case *ast.AssignStmt:
		blank := true
		for _, l := range v.Lhs {
			if id, ok := l.(*ast.Ident); !ok || id.Name != "_" {
				blank = false
			}
		}
		if blank {
			return ""
		}
		exprs = v.Rhs
	default:
		return ""
	}
	found := ""
	for _, e := range exprs {
		ast.Inspect(e, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && found == "" {
				name, recv := callee(call)
				if recv == "s.db" || (recv == "s" && (unicode.IsUpper(rune(name[0])) || name == "deliverableView")) {
					found = recv + "." + name
				}
			}
			return found == ""
		})
	}
	return found
}

// callee returns a method call's name and its receiver written out ("s.db", "s").
func callee(call *ast.CallExpr) (name, recv string) {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return "", ""
	}
	switch x := sel.X.(type) {
	case *ast.Ident:
		return sel.Sel.Name, x.Name
	case *ast.SelectorExpr:
		if id, ok := x.X.(*ast.Ident); ok {
			return sel.Sel.Name, id.Name + "." + x.Sel.Name
		}
	}
	return sel.Sel.Name, ""
}
