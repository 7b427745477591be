package generator

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestKnowledgeCheckGoldens compares the content of the Hebrew and
// Bulgarian sample knowledge checks with testdata/quiz/*.html (-update
// rewrites them): numbered fieldsets, radio buttons and checkboxes with
// their labels, hidden feedback, the <details> with the right answers, in
// the page's language.
func TestKnowledgeCheckGoldens(t *testing.T) {
	res := buildSample(t)
	for _, page := range []string{"he/global-perspective/knowledge-check/index.html", "bg/loyalty/knowledge-check/index.html"} {
		var html string
		for _, f := range res.Files {
			if f.Path == page {
				html = string(f.Bytes())
			}
		}
		start := strings.Index(html, `<div class="content">`)
		end := strings.Index(html[max(start, 0):], "\n  </div>")
		if start < 0 || end < 0 {
			t.Fatalf("%s: no content", page)
		}
		got := html[start:start+end] + "\n"
		golden := filepath.Join("testdata", "quiz", strings.SplitN(page, "/", 2)[0]+".html")
		if *update {
			os.MkdirAll(filepath.Dir(golden), 0o755)
			if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test ./generator -run Goldens -update)", err)
		}
		if got != string(want) {
			gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
			for i := range min(len(gl), len(wl)) {
				if gl[i] != wl[i] {
					t.Errorf("%s differs from %s at line %d:\n got: %s\nwant: %s", page, golden, i+1, gl[i], wl[i])
					break
				}
			}
			if len(gl) != len(wl) {
				t.Errorf("%s: %d lines, %s has %d", page, len(gl), golden, len(wl))
			}
		}
	}
}
