package vendors

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// No package outside vendors/ names a platform: what is platform-specific
// lives behind Vendor, so that a new platform is a folder of its own plus
// one registry line. The test rigs imitate particular devices and are
// exempt; tests may name platforms, since they feed real devices' output.
func TestNoPlatformOutsideVendors(t *testing.T) {
	var names []string
	for _, p := range Platforms() {
		names = append(names, regexp.QuoteMeta(p))
	}
	word := regexp.MustCompile(`(^|[^A-Za-z0-9_])(` + strings.Join(names, "|") + `)([^A-Za-z0-9_]|$)`)
	root := filepath.Join("..")
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			switch rel {
			case "vendors", ".git", "internal/testrig", "fixtures":
				return filepath.SkipDir
			}
			if d.Name() == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if _, ok := n.(*ast.ImportSpec); ok {
				return false // a module path, not a platform
			}
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err == nil && word.MatchString(s) {
				t.Errorf("%s: names a platform: %s", fset.Position(lit.Pos()), lit.Value)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
