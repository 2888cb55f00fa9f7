package casework

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strings"
	"testing"
)

// TestEveryCodeListIsPublished: every package-level code list of casework
// (a CodeList literal or labels(...)) is in CodeLists, once, with a unique
// name and non-empty labels.
func TestEveryCodeListIsPublished(t *testing.T) {
	fset := token.NewFileSet()
	entries, _ := os.ReadDir(".")
	declared := map[string]bool{}
	for _, e := range entries {
		n := e.Name()
		if !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") || n == "codelists.go" {
			continue
		}
		f, err := parser.ParseFile(fset, n, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.VAR {
				continue
			}
			for _, sp := range g.Specs {
				vs := sp.(*ast.ValueSpec)
				for i, v := range vs.Values {
					isList := false
					switch x := v.(type) {
					case *ast.CompositeLit:
						id, ok := x.Type.(*ast.Ident)
						isList = ok && id.Name == "CodeList"
					case *ast.CallExpr:
						id, ok := x.Fun.(*ast.Ident)
						isList = ok && id.Name == "labels"
					}
					if isList && vs.Names[i].IsExported() {
						declared[vs.Names[i].Name] = true
					}
				}
			}
		}
	}
	src, _ := os.ReadFile("codelists.go")
	for name := range declared {
		if !strings.Contains(string(src), ", "+name+"}") {
			t.Errorf("code list %s is not in CodeLists", name)
		}
	}
	names := map[string]bool{}
	for _, l := range CodeLists {
		if names[l.Name] || l.Name == "" || l.Label == "" || len(l.Items) == 0 {
			t.Errorf("code list %q: duplicate, unnamed or empty", l.Name)
		}
		names[l.Name] = true
		for _, it := range l.Items {
			if it.Value == "" || it.Label == "" {
				t.Errorf("%s: empty value or label %+v", l.Name, it)
			}
		}
	}
	if len(declared) < 40 {
		t.Fatalf("found only %d code lists in the source", len(declared))
	}
}
