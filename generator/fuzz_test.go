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

	"github.com/alecthomas/chroma/v2/lexers"
)

var urlAttrRE = regexp.MustCompile(`(?i)(?:href|src)\s*=\s*"([^"]*)"`)

// fuzzMetrics is a valid metrics.toml the fuzzer starts from.
const fuzzMetrics = `[[metric]]
id = "churn"
formula = "(lost / start) * 100"
unit = "percent"
decimals = 1
  [[metric.input]]
  id = "lost"
  kind = "count"
  [[metric.input]]
  id = "start"
  kind = "count"
  [[metric.check]]
  rule = "lost <= start"
  message = "lost_exceeds_start"
`

// fuzzLocale is a valid locales/he.toml the fuzzer starts from.
const fuzzLocale = `[lang]
name = "עברית"
[nav]
home = "בית"
[topic]
trust = "אמון"
[metric.churn]
name = "נטישה"
lost = "לקוחות שעזבו"
lost_exceeds_start = "לא יותר מ{{.start}}"
[[x]]
`

// FuzzBuild builds a site from fuzzed inputs that vary together: one
// page's file name, front matter and Markdown body, content/metrics.toml
// and locales/he.toml. Every build must keep these invariants: no panic
// (nor one caught by the net that makes it an error), a bounded time, every
// error naming a file, valid UTF-8 out, no link that runs code in any href
// or src, and every output path inside the output folder.
func FuzzBuild(f *testing.F) {
	calc := "\n```calculator\nmetric: churn\nlost: 3\n```\n"
	seeds := []struct{ name, fm, body, metrics, locale string }{
		{"a.md", "title: x", "# h\n[l](b.md#c)\n" + calc, fuzzMetrics, fuzzLocale},
		{"a.md", "title: x", "[x](javascript:alert(1))", "", ""},
		{"a.md", "title: x", "[x](&#106;avascript:alert(1)) ![i](data:text/html,x)", fuzzMetrics, ""},
		{"a.md", "title: x", "<javascript:alert(1)>\n[r]: vbscript:x\n[r]", "", fuzzLocale},
		{"a.md", "title: x\nslug: ../../x", "", "", ""},
		{"search.md", "title: x\ntopics: [trust]", calc, fuzzMetrics, fuzzLocale},
		{"x/../../a.md", "title: x", "", "", ""},
		{"a.md", "title: x", strings.Repeat("[](", 2000), "", ""},
		{"a.md", "title: x", strings.Repeat("- ", 500) + "x", "", ""},
		{"a.md", "title: x", "```formula\n1 + 2\n```\n`code` <https://x.example>", "", ""},
		{"a.md", "title: x", calc, strings.Replace(fuzzMetrics, "(lost / start) * 100", "((lost / start) * 100", 1), fuzzLocale},
		{"a.md", "title: x", calc, strings.Replace(fuzzMetrics, "lost <= start", "1 <= 2", 1), fuzzLocale},
		{"a.md", "title: x", calc, strings.Replace(fuzzMetrics, "(lost / start) * 100", "max() + lost + start", 1), ""},
		{"a.md", "+++\ntitle = 'x'\n+++", calc, fuzzMetrics, "[metric.churn]\nname = 3\n"},
		{"a.md", "title: x\ntranslationKey: '../b'", "## a\n## a\n## a-1\n", "", "[lang]\nname = \"\"\n"},
	}
	for _, s := range seeds {
		f.Add(s.name, s.fm, s.body, s.metrics, s.locale)
	}
	for _, body := range containerSeeds() {
		f.Add("a.md", "title: x", body, "", "")
	}
	// A code block in every chroma lexer, with text that hangs or slows
	// some of them (Jungle, JSONata, apacheconf, markless).
	for i, name := range lexers.Names(false) {
		code := []string{"x = \"y\"", "\\", strings.Repeat("<", 200), strings.Repeat("'", 200), "{{ a }} <b> $x // c"}[i%5]
		f.Add("a.md", "title: x", "```"+name+"\n"+code+"\n```\n", "", "")
	}
	f.Fuzz(func(t *testing.T, name, fm, body, metrics, locale string) {
		name = strings.TrimPrefix(path.Clean("/"+name), "/")
		if name == "" || name == "." {
			name = "a.md"
		}
		page := "---\n" + fm + "\n---\n" + body
		if strings.HasPrefix(fm, "+++") {
			page = fm + "\n" + body
		}
		fsys := fstest.MapFS{
			"content/he/_index.md": {Data: []byte("---\nweight: 0\n---\n")},
			"content/he/" + name:   {Data: []byte(page)},
		}
		if metrics != "" {
			fsys["content/metrics.toml"] = &fstest.MapFile{Data: []byte(metrics)}
		}
		if locale != "" {
			fsys["locales/he.toml"] = &fstest.MapFile{Data: []byte(locale)}
		}
		start := time.Now()
		res, err := Build(context.Background(), Options{Src: fsys})
		if err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("build took %v", d)
		}
		for _, d := range res.Diags.Errors() {
			if d.Pos.File == "" {
				t.Errorf("error names no file: %v", d)
			}
			if strings.Contains(d.Msg, "internal error") {
				t.Errorf("a panic caught by the net: %v", d) // a bug all the same
			}
		}
		checkOutput(t, res, utf8.ValidString(page))
	})
}

// checkOutput checks every output path and the links of every page.
func checkOutput(t *testing.T, res *Result, validInput bool) {
	t.Helper()
	for _, f := range res.Files {
		if p := path.Clean(f.Path); p != f.Path || strings.HasPrefix(p, "../") || strings.HasPrefix(p, "/") || p == ".." {
			t.Errorf("output path %q escapes the output folder", f.Path)
		}
		if !strings.HasSuffix(f.Path, ".html") {
			continue
		}
		if !utf8.Valid(f.Bytes()) && validInput {
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
}

// containerSeeds are bodies of nested ::: blocks (tabs, quizzes, callouts)
// and code fences inside them, unclosed and closed.
func containerSeeds() []string {
	tab := "::: tabs\n::: tab A\n```go\nx := 1\n```\n::: tab B\n> [!NOTE]\n> n\n:::\n"
	quiz := "::: quiz\n1. Q?\n   - [x] yes\n   - [ ] no\n:::\n"
	return []string{
		tab,
		"::: tabs\n::: tab A\n" + quiz + ":::\n",
		strings.Repeat("::: tabs\n::: tab A\n", 12) + "x\n" + strings.Repeat(":::\n", 12),
		strings.Repeat("::: tabs\n::: tab A\n", 30),
		strings.Repeat("> ", 50) + "```sh\necho\n```\n",
		"::::: tabs\n:::: tab A\n::: quiz\n1. Q?\n   - [x] a\n:::\n::::\n:::::\n",
	}
}
