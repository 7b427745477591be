package search

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string // must all be present
		absent   []string
	}{
		{"hebrew prefix and Latin term", "הלקוחות משתמשים ב-CRM ו-GDPR", []string{"הלקוחות", "לקוחות", "crm", "gdpr"}, nil},
		{"hebrew niqqud", "לָקוֹחוֹת", []string{"לקוחות"}, nil},
		{"arabic article and diacritics", "العُمَلاءُ والولاء", []string{"العملاء", "عملاء", "والولاء", "ولاء"}, nil},
		{"arabic letter variants", "إدارة علاقات العملاء مُهمّة", []string{"اداره", "مهمه"}, []string{"إدارة"}},
		{"arabic tatweel", "العمـــلاء", []string{"العملاء"}, nil},
		{"czech", "Důvěra je základem každého pevného vztahu.", []string{"důvěra", "základem"}, nil},
		{"bulgarian", "Лоялността на клиентите", []string{"лоялността", "клиентите"}, nil},
		{"thai bigrams", "ลูกค้า", []string{"ลู", "ูก", "กค", "ค้", "้า"}, nil},
		{"thai with latin", "ระบบ CRM ที่ดี", []string{"crm", "ระ", "บบ"}, nil},
		{"nfkc", "ＣＲＭ ﬁle", []string{"crm", "file"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Tokens(tt.in)
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("Tokens(%q) = %q: missing %q", tt.in, got, w)
				}
			}
			for _, w := range tt.absent {
				if slices.Contains(got, w) {
					t.Errorf("Tokens(%q) contains %q", tt.in, w)
				}
			}
		})
	}
}

// seedLines returns non-empty lines of every seed file.
func seedLines(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob("../../../shared/seeds/*.txt")
	if len(files) == 0 {
		t.Skip("seeds not present")
	}
	var lines []string
	for _, f := range files {
		data, _ := os.ReadFile(f)
		for _, l := range strings.Split(string(data), "\n") {
			if strings.TrimSpace(l) != "" {
				lines = append(lines, l)
			}
		}
	}
	return lines
}

// TestTokensAgreeWithJS runs search.js's tokenizer under node on every line
// of the five seeds and compares with Go's, token for token.
func TestTokensAgreeWithJS(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	lines := append(seedLines(t), "العُمَلاءُ", "לָקוֹחוֹת", "ＣＲＭ", "إدارة الولاء", "ความไว้วางใจ")
	input, _ := json.Marshal(lines)
	script := `
const m = {exports: {}};
new Function("module", require("fs").readFileSync(process.argv[1], "utf8"))(m);
const lines = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(lines.map(l => m.exports.tokens(l))));
`
	cmd := exec.Command(node, "-e", script, "../../themes/default/assets/search.js")
	cmd.Stdin = bytes.NewReader(input)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var js [][]string
	if err := json.Unmarshal(out, &js); err != nil {
		t.Fatal(err)
	}
	for i, l := range lines {
		if got := Tokens(l); !slices.Equal(got, js[i]) && !(len(got) == 0 && len(js[i]) == 0) {
			t.Errorf("line %q:\nGo %q\nJS %q", l, got, js[i])
		}
	}
	t.Logf("%d lines tokenized identically", len(lines))
}

// TestIndexSmallerThanText builds an index of each seed and requires it to
// be smaller than the text it indexes, and deterministic.
func TestIndexSmallerThanText(t *testing.T) {
	files, _ := filepath.Glob("../../../shared/seeds/*.txt")
	if len(files) == 0 {
		t.Skip("seeds not present")
	}
	for _, f := range files {
		data, _ := os.ReadFile(f)
		doc := Doc{URL: "x/", Title: "t"}
		for i, para := range strings.Split(string(data), "\n") {
			doc.Sections = append(doc.Sections, Section{Anchor: string(rune('a' + i%26)), Text: para})
		}
		ix := Build("xx", []Doc{doc})
		if !bytes.Equal(ix, Build("xx", []Doc{doc})) {
			t.Errorf("%s: index not deterministic", f)
		}
		text := TextSize([]Doc{doc})
		t.Logf("%s: text %d bytes, index %d bytes (%.0f%%), script form %d bytes", filepath.Base(f), text, len(ix), 100*float64(len(ix))/float64(text), len(Script("xx", ix)))
		if len(ix) >= text {
			t.Errorf("%s: index %d bytes is not smaller than its text (%d bytes)", f, len(ix), text)
		}
		zr, err := gzip.NewReader(bytes.NewReader(ix))
		if err != nil {
			t.Fatal(err)
		}
		var decoded index
		if err := json.NewDecoder(zr).Decode(&decoded); err != nil || len(decoded.Postings) == 0 {
			t.Errorf("%s: index does not decode: %v", f, err)
		}
	}
}
