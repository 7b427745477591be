package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/ast"
	"go/constant"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"html/template"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// renderPkg is package render as go/types sees it.
type renderPkg struct {
	types *types.Package
	info  *types.Info
	files []*ast.File
}

// loadRender type-checks package render, in the current folder, from its
// source, without the file out: a stale or broken generated file never
// stops it being written again (the errors that leaves, of code calling
// what out defines, are not the generator's business). The packages it
// imports are read from the export data go list gives.
func loadRender(dir, out string) (*renderPkg, error) {
	cmd := exec.Command("go", "list", "-e", "-export", "-deps", "-f", "{{.ImportPath}}\t{{.Export}}\t{{.Dir}}\t{{join .GoFiles \"\\t\"}}", ".")
	cmd.Dir, cmd.Stderr = dir, os.Stderr
	list, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %w", err)
	}
	exports := map[string]string{}
	var last []string
	for _, line := range strings.Split(strings.TrimSpace(string(list)), "\n") {
		last = strings.Split(line, "\t")
		if len(last) > 1 {
			exports[last[0]] = last[1]
		}
	}
	if len(last) < 4 || !strings.HasSuffix(last[0], "/render") {
		return nil, fmt.Errorf("run in generator/render: package render not found")
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range last[3:] {
		if name == filepath.Base(out) {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(last[2], name), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	return check(fset, last[0], files, exports)
}

// check type-checks files as package path, ignoring type errors.
func check(fset *token.FileSet, path string, files []*ast.File, exports map[string]string) (*renderPkg, error) {
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		if exports[path] == "" {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(exports[path])
	})
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}}
	conf := types.Config{Importer: imp, Error: func(error) {}}
	pkg, _ := conf.Check(path, fset, files, info)
	if pkg == nil || pkg.Scope().Lookup("Page") == nil || pkg.Scope().Lookup("Item") == nil {
		return nil, fmt.Errorf("package render has no Page and Item types")
	}
	return &renderPkg{types: pkg, info: info, files: files}, nil
}

// views returns, by page template, the type of .Data of the pages render
// makes with it: the type of Data in each &Page{Template: "name", Data: v}
// literal. A template given views of two types gets none (nil).
func (p *renderPkg) views() map[string]types.Type {
	page := p.types.Scope().Lookup("Page").Type()
	views := map[string]types.Type{}
	for _, f := range p.files {
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok || !types.Identical(p.info.TypeOf(lit), page) {
				return true
			}
			name, view := p.pageLiteral(lit)
			if name == "" {
				return true
			}
			if old, seen := views[name]; seen && (old == nil || view == nil || !types.Identical(old, view)) {
				view = nil
			}
			views[name] = view
			return true
		})
	}
	return views
}

// pageLiteral returns the constant Template and the type of Data of a
// Page literal.
func (p *renderPkg) pageLiteral(lit *ast.CompositeLit) (string, types.Type) {
	var name string
	var view types.Type
	for _, e := range lit.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		key, _ := kv.Key.(*ast.Ident)
		switch {
		case key == nil:
		case key.Name == "Template":
			if tv := p.info.Types[kv.Value]; tv.Value != nil && tv.Value.Kind() == constant.String {
				name = constant.StringVal(tv.Value)
			}
		case key.Name == "Data":
			view = p.info.TypeOf(kv.Value)
		}
	}
	return name, view
}

// parseTheme parses the built-in theme's templates as render does, notes
// each template's tree by its SHA-256 and executes each once, so that
// html/template escapes them: the trees then carry the escapers.
func parseTheme(theme fs.FS) (*template.Template, map[string]string, error) {
	funcs := template.FuncMap{"cachedEach": func(string, any) (template.HTML, error) { return "", nil }}
	set, err := template.New("").Funcs(funcs).ParseFS(theme, "templates/*.html")
	if err != nil {
		return nil, nil, err
	}
	sums := map[string]string{}
	var names []string
	for _, t := range set.Templates() {
		if t.Tree != nil && t.Tree.Root != nil {
			sum := sha256.Sum256([]byte(t.Tree.Root.String()))
			sums[t.Name()] = hex.EncodeToString(sum[:])
			names = append(names, t.Name())
		}
	}
	sort.Strings(names)
	for _, n := range names {
		// No data: what matters is the escaping, done before executing;
		// executing then fails or not, and writes nowhere.
		set.ExecuteTemplate(io.Discard, n, nil)
	}
	return set, sums, nil
}
