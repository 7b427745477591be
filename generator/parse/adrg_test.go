package parse

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"rapport/generator/diag"
)

// TestSplitFrontMatterRules checks what adrg/frontmatter finds against the
// rules rapport documents, written out here as a plain scan (splitByRules):
// blank lines, then a delimiter line (--- or +++, spaces around it
// ignored), then everything up to the next line that is the same
// delimiter. On random pages made of delimiters, keys, blank and odd lines,
// both must give the same front matter, body offset and diagnostics.
func TestSplitFrontMatterRules(t *testing.T) {
	pieces := []string{
		"---", "+++", " --- ", "---\t", "----", "--- x", "++", "---yaml", "\u00a0---",
		"title: x", "title = 'x'", "weight: 2", "weight = 2", "topics: [a, b", "title: [",
		"", " ", "\t", "\u00a0", "body", "# heading", ": :", "a = = 1", "\u202bx",
	}
	ends := []string{"\n", "\r\n", "\n\n"}
	r := rand.New(rand.NewPCG(5, 6))
	found := 0
	for i := 0; i < 30000; i++ {
		var b strings.Builder
		n := r.IntN(8)
		delim := pieces[r.IntN(3)] // most pages open and close one
		for j := 0; j < n; j++ {
			piece := pieces[r.IntN(len(pieces))]
			if (j == 0 || j == n-1-r.IntN(2)) && r.IntN(4) > 0 {
				piece = delim
			}
			b.WriteString(piece)
			if j < n-1 || r.IntN(2) == 0 {
				b.WriteString(ends[r.IntN(len(ends))])
			}
		}
		src := []byte(b.String())
		got, gotDiags := SplitFrontMatter("f.md", src)
		want, wantDiags := splitByRules("f.md", src)
		if got.BodyOffset != want.BodyOffset || gotDiags.String() != wantDiags.String() || !reflect.DeepEqual(got, want) {
			t.Fatalf("%q:\nadrg  %+v %q\nrules %+v %q", src, got, gotDiags.String(), want, wantDiags.String())
		}
		if want.BodyOffset > 0 {
			found++
		}
	}
	if found < 10000 {
		t.Errorf("front matter found in %d of 30000 pages: the test checks too little", found)
	}
}

// splitByRules is SplitFrontMatter without adrg/frontmatter: the front
// matter found by a scan of the lines.
func splitByRules(file string, src []byte) (*FrontMatter, diag.List) {
	var diags diag.List
	fm := &FrontMatter{Lines: map[string]int{}}
	open, kind := openingDelimiter(src)
	if kind == "" {
		return fm, diags
	}
	start := open + bytes.IndexByte(src[open:], '\n') + 1
	if start == open {
		diags.Errorf(diag.At(file, src, open), "front matter is not closed: add a line %q after it", kind)
		return fm, diags
	}
	for off := start; ; {
		end := bytes.IndexByte(src[off:], '\n')
		next := off + end + 1
		if end < 0 {
			next = len(src)
		}
		if string(bytes.TrimSpace(src[off:next])) == kind {
			line := diag.At(file, src, open).Line + 1
			if kind == "+++" {
				decodeTOML(file, src[start:off], line, fm, &diags)
			} else {
				decodeYAML(file, src[start:off], line, fm, &diags)
			}
			fm.BodyOffset = next
			stripBidiControls(file, fm, &diags)
			return fm, diags
		}
		if end < 0 {
			diags.Errorf(diag.At(file, src, open), "front matter is not closed: add a line %q after it", kind)
			return fm, diags
		}
		off = next
	}
}

// TestSplitFrontMatterCopiesNoBody: adrg/frontmatter reads the page line by
// line and stops at the front matter's end, instead of copying the whole
// page into a buffer of its own (which made it 0.5 GB of a 10,000-playbook
// build's allocations).
func TestSplitFrontMatterCopiesNoBody(t *testing.T) {
	src := []byte("---\ntitle: x\n---\n" + strings.Repeat("a line of the body, long enough to count\n", 25000))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	const runs = 20
	for range runs {
		if fm, diags := SplitFrontMatter("f.md", src); fm.BodyOffset != 17 || len(diags) > 0 {
			t.Fatalf("body at %d, %v", fm.BodyOffset, diags)
		}
	}
	runtime.ReadMemStats(&after)
	if per := (after.TotalAlloc - before.TotalAlloc) / runs; per > 64<<10 {
		t.Errorf("%d bytes allocated a page of %d bytes: the body is copied", per, len(src))
	}
}

// BenchmarkSplitFrontMatter: a playbook of the benchmark corpus (cmd/corpus).
func BenchmarkSplitFrontMatter(b *testing.B) {
	src := []byte("---\ntitle: \"מחסומי שפה 2\"\ntopics: [customer-service, metrics]\nweight: 2\n---\n## אמפתיה\n\n" +
		strings.Repeat("[הגישה](p00685.md) לטכנולוגיה משתנה בין מדינות. עסקים חייבים לשקול את התשתית הטכנולוגית.\n\n", 60))
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if fm, _ := SplitFrontMatter("f.md", src); fm.Meta.Weight != 2 {
			b.Fatal(fm.Meta)
		}
	}
}
