package generator

import (
	"context"
	"html"
	"path"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"
)

var urlAttrRE = regexp.MustCompile(`(?i)(?:href|src)\s*=\s*"([^"]*)"`)

// FuzzBuild builds a site from one fuzzed page (front matter, Markdown, a
// fuzzed file name) and checks the invariants every build must keep: no
// panic, a bounded time, valid UTF-8 out, no link that runs code in any
// href or src, and every output path inside the output folder.
func FuzzBuild(f *testing.F) {
	seeds := []struct{ name, body string }{
		{"a.md", "---\ntitle: x\n---\n# h\n[l](b.md#c)\n"},
		{"a.md", "---\ntitle: x\n---\n[x](javascript:alert(1))"},
		{"a.md", "---\ntitle: x\n---\n[x](&#106;avascript:alert(1)) ![i](data:text/html,x)"},
		{"a.md", "---\ntitle: x\n---\n<javascript:alert(1)>\n[r]: vbscript:x\n[r]"},
		{"a.md", "---\ntitle: x\nslug: ../../x\n---\n"},
		{"x/../../a.md", "---\ntitle: x\n---\n"},
		{"a.md", "---\ntitle: x\n---\n" + strings.Repeat("[](", 2000)},
		{"a.md", "---\ntitle: x\n---\n" + strings.Repeat("- ", 500) + "x"},
		{"a.md", "---\ntitle: x\n---\n```formula\n1 + 2\n```\n`code` <https://x.example>"},
	}
	for _, s := range seeds {
		f.Add(s.name, s.body)
	}
	f.Fuzz(func(t *testing.T, name, body string) {
		name = strings.TrimPrefix(path.Clean("/"+name), "/")
		if name == "" || name == "." {
			name = "a.md"
		}
		fsys := fstest.MapFS{
			"content/he/_index.md": {Data: []byte("---\nweight: 0\n---\n")},
			"content/he/" + name:   {Data: []byte(body)},
		}
		start := time.Now()
		res, err := Build(context.Background(), Options{Src: fsys})
		if err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("build took %v", d)
		}
		for _, f := range res.Files {
			if p := path.Clean(f.Path); p != f.Path || strings.HasPrefix(p, "../") || strings.HasPrefix(p, "/") || p == ".." {
				t.Errorf("output path %q escapes the output folder", f.Path)
			}
			if !strings.HasSuffix(f.Path, ".html") {
				continue
			}
			if !utf8.Valid(f.Bytes()) && utf8.ValidString(body) {
				t.Errorf("%s: invalid UTF-8", f.Path)
			}
			for _, m := range urlAttrRE.FindAllSubmatch(f.Bytes(), -1) {
				u := strings.ToLower(strings.Join(strings.Fields(html.UnescapeString(string(m[1]))), ""))
				for _, bad := range []string{"javascript:", "vbscript:", "data:"} {
					if strings.HasPrefix(u, bad) {
						t.Errorf("%s: dangerous URL %q", f.Path, m[1])
					}
				}
			}
		}
	})
}
