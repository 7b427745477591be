package markdown

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"rapport/generator/diag"
	"rapport/generator/metric"
)

var update = flag.Bool("update", false, "rewrite the expected HTML and problems of testdata/*.txt with what the code gives")

// The case files testdata/*.txt hold, for each Markdown extension, whole
// inputs and the whole HTML rapport renders of them, in the format of
// goldmark's extension/_test/*.txt:
//
//	3: a description
//	//- - - - - - - - -//
//	the Markdown (a final newline is added)
//	//- - - - - - - - -//
//	the HTML
//	//- - - - - - - - -//
//	line:col: each error, in the order reported ("warning line:col: …")
//	//= = = = = = = = = = = = = = = = = = = = = = = =//
//
// The problems section is left out when there are none. Each case is
// parsed with all of rapport's extensions, as a Hebrew page
// (content/he/page.md) whose UI strings are their IDs in brackets, and
// rendered without the link holes of a build; no output may hold inline
// script or style (the pages' CSP blocks them). `go test -run TestCases
// -update` rewrites the expected parts; review the diff.
const (
	caseSep  = "//- - - - - - - - -//"
	caseEnd  = "//= = = = = = = = = = = = = = = = = = = = = = = =//"
	casePage = "content/he/page.md"
)

type mdCase struct {
	header, markdown, html, problems string
}

func TestCases(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no case files: %v", err)
	}
	md := caseMarkdown(t)
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			cases := readCases(t, file)
			for i := range cases {
				c := &cases[i]
				html, problems := renderCase(t, md, c.markdown)
				noInline(t, html)
				if *update {
					c.html, c.problems = html, problems
					continue
				}
				if html != c.html || problems != c.problems {
					t.Errorf("%s case %s\n--- markdown\n%s--- got\n%s%s--- want\n%s%s", file, c.header, c.markdown, html, problems, c.html, c.problems)
				}
			}
			if *update {
				writeCases(t, file, cases)
			}
		})
	}
}

// caseMarkdown is rapport's Markdown as the cases use it.
func caseMarkdown(t *testing.T) *Markdown {
	src, err := os.ReadFile("testdata/metrics.toml")
	if err != nil {
		t.Fatal(err)
	}
	set, diags := metric.Load("testdata/metrics.toml", src)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	return New(Config{
		Metrics: set,
		Lang:    func(code string) Lang { return Lang{Code: code, Dir: "rtl", Label: labels} },
		Images:  map[string]ImageSize{"content/he/img/wide.png": {600, 300}, "content/shared.png": {10, 20}},
		// as rapport.toml's [assets] imageHosts = ["example.com"]
		ImageHosts: func(host string) bool { return host == "example.com" },
	})
}

// renderCase returns the HTML of src and its problems, one a line.
func renderCase(t *testing.T, md *Markdown, src string) (string, string) {
	pc := parser.NewContext(parser.WithIDs(NewIDs()))
	SetPagePath(pc, casePage)
	doc := md.Parser().Parse(text.NewReader([]byte(src)), parser.WithContext(pc))
	var out bytes.Buffer
	if err := md.goldmark(md.cfg.Lang("he")).Renderer().Render(&out, []byte(src), doc); err != nil {
		t.Fatal(err)
	}
	var problems strings.Builder
	for _, p := range Problems(pc) {
		pos := diag.At(casePage, []byte(src), p.Offset)
		if p.Warning {
			problems.WriteString("warning ")
		}
		fmt.Fprintf(&problems, "%d:%d: %s\n", pos.Line, pos.Col, p.Msg)
	}
	return out.String(), problems.String()
}

func readCases(t *testing.T, file string) []mdCase {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	var cases []mdCase
	for i := 0; i < len(lines); {
		if strings.TrimSpace(lines[i]) == "" {
			i++
			continue
		}
		c := mdCase{header: lines[i]}
		if n, _, _ := strings.Cut(c.header, ":"); !isNumber(n) || i+1 >= len(lines) || lines[i+1] != caseSep {
			t.Fatalf("%s:%d: want a case number and then %s", file, i+1, caseSep)
		}
		var parts []string
		var part strings.Builder
		for i += 2; i < len(lines) && lines[i] != caseEnd; i++ {
			if lines[i] == caseSep && len(parts) < 2 {
				parts = append(parts, part.String())
				part.Reset()
				continue
			}
			part.WriteString(lines[i] + "\n")
		}
		if i == len(lines) || len(parts) == 0 {
			t.Fatalf("%s: case %q is not ended by %s, or has no HTML part", file, c.header, caseEnd)
		}
		parts = append(parts, part.String(), "")
		c.markdown, c.html, c.problems = parts[0], parts[1], parts[2]
		cases = append(cases, c)
		i++
	}
	return cases
}

func isNumber(s string) bool {
	_, err := strconv.Atoi(strings.TrimSpace(s))
	return err == nil
}

func writeCases(t *testing.T, file string, cases []mdCase) {
	var b strings.Builder
	for i, c := range cases {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(c.header + "\n" + caseSep + "\n" + c.markdown + caseSep + "\n" + c.html)
		if c.problems != "" {
			b.WriteString(caseSep + "\n" + c.problems)
		}
		b.WriteString(caseEnd + "\n")
	}
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
