package parse

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
)

func TestSplitFrontMatter(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		title string
		want  string // diagnostics, one a line
		body  string
	}{
		{name: "yaml", src: "---\ntitle: אמון\ntopics: [trust, feedback]\nweight: 3\n---\nbody\n", title: "אמון", body: "body\n"},
		{name: "toml", src: "+++\ntitle = \"Důvěra\"\ntopics = [\"trust\"]\n+++\nbody\n", title: "Důvěra", body: "body\n"},
		{name: "blank lines before", src: "\n\n---\ntitle: x\n---\nb", title: "x", body: "b"},
		{name: "syntax error line", src: "---\ntitle: x\ntopics: [a\nweight: 1\n---\n", want: "f.md:3: invalid YAML front matter"},
		{name: "unclosed list on the first line", src: "---\ntitle: [broken\n---\n", want: "f.md:2: invalid YAML front matter"},
		{name: "unclosed list further down", src: "---\na: 1\nb: 2\ntitle: [broken\nc: 3\n---\n", want: "f.md:4: invalid YAML front matter"},
		{name: "mapping error line", src: "---\ntitle: x\nbad: : y\n---\n", want: "f.md:3: invalid YAML front matter: mapping values"},
		{name: "unknown key suggests", src: "---\ntitle: x\ntitel: y\n---\n", title: "x", want: "f.md:3: warning: unknown front matter key \"titel\" is ignored (did you mean \"title\"?)"},
		{name: "duplicate key", src: "---\ntitle: x\ntitle: y\n---\n", title: "x", want: "f.md:3:1: duplicate front matter key \"title\" (first set on line 2)"},
		{name: "wrong type topics", src: "---\ntitle: x\ntopics: \"trust\"\n---\n", title: "x", want: "f.md:3:9: topics must be a list"},
		{name: "wrong type weight", src: "---\ntitle: x\nweight: heavy\n---\n", title: "x", want: "f.md:3:9: weight must be a whole number"},
		{name: "not closed", src: "---\ntitle: x\n", want: "f.md:1:1: front matter is not closed"},
		{name: "toml error line", src: "+++\ntitle = \"x\"\nweight = = 1\n+++\n", want: "f.md:3: invalid TOML front matter"},
		{name: "none", src: "just text\n", body: "just text\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fm, diags := SplitFrontMatter("f.md", []byte(tt.src))
			got := diags.String()
			if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
				t.Errorf("diagnostics = %q, want containing %q", got, tt.want)
			}
			if fm.Meta.Title != tt.title {
				t.Errorf("title = %q, want %q", fm.Meta.Title, tt.title)
			}
			if tt.body != "" && tt.src[fm.BodyOffset:] != tt.body {
				t.Errorf("body = %q, want %q", tt.src[fm.BodyOffset:], tt.body)
			}
		})
	}
}

func TestTopicLines(t *testing.T) {
	fm, diags := SplitFrontMatter("f.md", []byte("---\ntitle: x\ntopics:\n  - trust\n  - trsut\n---\n"))
	if len(diags) != 0 {
		t.Fatal(diags)
	}
	if got := fm.TopicLines; len(got) != 2 || got[0] != 4 || got[1] != 5 {
		t.Errorf("TopicLines = %v, want [4 5]", got)
	}
}

func TestReadingWords(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"one two three", 3},
		{"בניית קשרי לקוחות", 3},
		{"ความสัมพันธ์", 2}, // 8 letters, 4 marks: ceil(8/5)
		{"CRM ลูกค้า", 1 + 1},
	}
	for _, tt := range tests {
		if got := ReadingWords(tt.in); got != tt.want {
			t.Errorf("ReadingWords(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

// readingWordsRef is ReadingWords written plainly with the unicode tables.
func readingWordsRef(s string) int {
	words, thai := 0, 0
	inWord := false
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Thai, r):
			if !unicode.IsMark(r) {
				thai++
			}
			inWord = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if !inWord {
				words++
			}
			inWord = true
		case unicode.IsMark(r):
		default:
			inWord = false
		}
	}
	return words + (thai+thaiCharsPerWord-1)/thaiCharsPerWord
}

// TestReadingWordsTable: the table-driven count equals the plain one on
// random text drawn from every plane's letters, marks, digits and spaces.
func TestReadingWordsTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	pool := []rune{' ', '\n', '-', '.', 'a', 'Z', '7', 'é', '\u0301', 'ש', '\u05b8', 'ع', '\u064e', 'ก', '\u0e31', '\u0e48', '๑', 'Ж', '字', '𝒜', '\U0001F600', '\u200d'}
	for range 2000 {
		var b strings.Builder
		for range rng.IntN(40) {
			switch rng.IntN(8) {
			case 0, 1:
				b.WriteRune(rune(rng.IntN(0x30000)))
			case 2: // not always UTF-8
				b.WriteByte(byte(rng.IntN(256)))
			default:
				b.WriteRune(pool[rng.IntN(len(pool))])
			}
		}
		if got, want := ReadingWords(b.String()), readingWordsRef(b.String()); got != want {
			t.Fatalf("ReadingWords(%q) = %d, want %d", b.String(), got, want)
		}
	}
}

// TestPlaceholderKey: placeholder is true or false in YAML (simple or
// not) and TOML; anything else is an error at its line.
func TestPlaceholderKey(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want bool
		err  string
	}{
		{"---\ntitle: A\nplaceholder: true\n---\n", true, ""},
		{"---\ntitle: A # comment\nplaceholder: true\n---\n", true, ""},
		{"---\nplaceholder: false\n---\n", false, ""},
		{"+++\nplaceholder = true\n+++\n", true, ""},
		{"---\ntitle: A\nplaceholder: yes\n---\n", false, `a.md:3:14: placeholder must be true or false, not "yes"`},
	} {
		fm, diags := SplitFrontMatter("a.md", []byte(tc.src))
		if fm.Meta.Placeholder != tc.want || strings.TrimSpace(diags.String()) != tc.err {
			t.Errorf("%q: placeholder %v, diagnostics %q; want %v, %q", tc.src, fm.Meta.Placeholder, diags.String(), tc.want, tc.err)
		}
	}
}
