package blocks

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the .want files of testdata/cut.txtar")

// TestCut cuts the pages of testdata/cut.txtar and compares every block
// (line, kind, key and text) with the file's .want.
func TestCut(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/cut.txtar")
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range ar.Files {
		name, ok := strings.CutSuffix(f.Name, ".md")
		if !ok {
			continue
		}
		var b strings.Builder
		for _, x := range Cut(f.Name, f.Data).Blocks {
			fmt.Fprintf(&b, "%d %s %s: %s\n", x.Line, x.Kind, x.Key, strings.ReplaceAll(x.Text, "\n", "⏎"))
		}
		want := &ar.Files[i+1]
		if want.Name != name+".want" {
			t.Fatalf("%s is not followed by %s.want", f.Name, name)
		}
		if *update {
			want.Data = []byte(b.String())
			continue
		}
		if got := b.String(); got != string(want.Data) {
			t.Errorf("%s:\ngot\n%s\nwant\n%s", f.Name, got, want.Data)
		}
		if k := Kinds(f.Data); len(k) != strings.Count(b.String(), "\n") {
			t.Errorf("%s: Kinds %q has not a letter per block", f.Name, k)
		}
	}
	if *update {
		os.WriteFile("testdata/cut.txtar", txtar.Format(ar), 0o644)
	}
}

// TestReplaceKeepsMarkers: a block's text replaced keeps its markers.
func TestReplaceKeepsMarkers(t *testing.T) {
	ar, _ := txtar.ParseFile("testdata/cut.txtar")
	for _, f := range ar.Files {
		if !strings.HasSuffix(f.Name, ".md") {
			continue
		}
		p := Cut(f.Name, f.Data)
		for _, b := range p.Blocks {
			lines := Replace(append([]string(nil), p.Lines...), b, b.Text)
			if got := strings.Join(lines, "\n"); got != string(f.Data) && b.Kind != "title" && b.Kind != "description" {
				t.Errorf("%s: %s %s replaced by its own text changes the page", f.Name, b.Kind, b.Key)
			}
		}
	}
}

func BenchmarkKinds(b *testing.B) {
	var pages [][]byte
	fs.WalkDir(os.DirFS("../testdata/site"), ".", func(p string, d fs.DirEntry, err error) error {
		if strings.HasSuffix(p, ".md") {
			data, _ := os.ReadFile("../testdata/site/" + p)
			pages = append(pages, data)
		}
		return nil
	})
	b.ResetTimer()
	for range b.N {
		for _, p := range pages {
			Kinds(p)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(pages)), "ns/page")
}

// FuzzKinds: Kinds, which cuts without keys or texts, gives a letter for
// each block Cut gives, and the same letter.
func FuzzKinds(f *testing.F) {
	ar, err := txtar.ParseFile("testdata/cut.txtar")
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range ar.Files {
		if strings.HasSuffix(file.Name, ".md") {
			f.Add(file.Data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var want []byte
		for _, b := range Cut("x.md", data).Blocks {
			want = append(want, kindLetters[b.Kind])
		}
		if got := Kinds(data); got != string(want) {
			t.Fatalf("Kinds = %q, Cut's kinds %q", got, want)
		}
	})
}

// headingRE is what heading reads, as a regexp.
var headingRE = regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*#*\s*$`)

var headingLines = []string{"# A", "## Two words ##", "###### Six", "####### Seven", "#NoSpace", "#", "# ", "#  ##  ",
	"# #", "## a # b ##  ", "#\tTab\t#\t", " # Indented", "## ends in hash#", "## x\r", "# \xff\xfe #", "### ##x##", "\t# t", "## #### ##"}

// TestHeadingIsTheRegexp: heading reads each line as headingRE does.
func TestHeadingIsTheRegexp(t *testing.T) {
	for _, line := range headingLines {
		checkHeading(t, line)
	}
}

// FuzzHeading: heading reads any line as headingRE does.
func FuzzHeading(f *testing.F) {
	for _, line := range headingLines {
		f.Add(line)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if !strings.Contains(line, "\n") {
			checkHeading(t, line)
		}
	})
}

func checkHeading(t *testing.T, line string) {
	t.Helper()
	m, ok := heading(line)
	want := headingRE.FindStringSubmatch(line)
	if ok != (want != nil) || ok && (m[0] != want[0] || m[1] != want[1] || m[2] != want[2]) {
		t.Errorf("heading(%q) = %q, %v; the regexp gives %q", line, m, ok, want)
	}
}
