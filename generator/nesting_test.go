package generator

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestNestingGoldens builds testdata/nesting (a knowledge check in each
// tab of a `:::: tabs` group, and a tab group inside a tab of a `:::::
// tabs` group, in Hebrew and Bulgarian) and compares each page's content
// with testdata/nesting/*.html (-update rewrites them): panels inside
// panels, each check whole inside its tab, nothing left of the fences.
func TestNestingGoldens(t *testing.T) {
	res, err := Build(context.Background(), Options{Src: os.DirFS("../testdata/nesting"), BaseURL: "/"})
	if err != nil || res.Diags.HasErrors() {
		t.Fatal(err, res.Diags.Errors())
	}
	for _, lang := range []string{"he", "bg"} {
		var html string
		for _, f := range res.Files {
			if f.Path == lang+"/nesting/index.html" {
				html = string(f.Bytes())
			}
		}
		start := strings.Index(html, `<div class="content">`)
		end := strings.Index(html[max(start, 0):], "\n  </div>")
		if start < 0 || end < 0 {
			t.Fatalf("%s: no content", lang)
		}
		got := html[start:start+end] + "\n"
		if strings.Contains(got, ":::") {
			t.Errorf("%s: a fence is shown as text", lang)
		}
		golden := filepath.Join("testdata", "nesting", lang+".html")
		if *update {
			os.MkdirAll(filepath.Dir(golden), 0o755)
			if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test ./generator -run NestingGoldens -update)", err)
		}
		if got != string(want) {
			t.Errorf("%s differs from %s:\n%s", lang, golden, firstDiffLine(got, string(want)))
		}
	}
}

// firstDiffLine shows the first line where got and want differ.
func firstDiffLine(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + gl + "\nwant: " + wl
		}
	}
	return ""
}
