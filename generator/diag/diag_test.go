package diag

import (
	"errors"
	"testing"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"
)

func TestPosString(t *testing.T) {
	tests := []struct {
		pos  Pos
		want string
	}{
		{Pos{File: "content/he/a.md"}, "content/he/a.md"},
		{Pos{File: "content/he/a.md", Line: 7}, "content/he/a.md:7"},
		{Pos{File: "content/he/a.md", Line: 7, Col: 10}, "content/he/a.md:7:10"},
	}
	for _, tt := range tests {
		if got := tt.pos.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.pos, got, tt.want)
		}
	}
}

func TestAt(t *testing.T) {
	src := []byte("ab\nשלום x\n")
	tests := []struct {
		off       int
		line, col int
	}{
		{0, 1, 1},
		{2, 1, 3},
		{3, 2, 1},
		{len("ab\nשלום "), 2, 6},
	}
	for _, tt := range tests {
		got := At("f", src, tt.off)
		if got.Line != tt.line || got.Col != tt.col {
			t.Errorf("At(%d) = %d:%d, want %d:%d", tt.off, got.Line, got.Col, tt.line, tt.col)
		}
	}
}

func TestListSortAndErr(t *testing.T) {
	var l List
	l.Warnf(Pos{File: "b.md", Line: 1}, "unknown key %q", "titel")
	l.Errorf(Pos{File: "a.md", Line: 9, Col: 2}, "broken link")
	l.Errorf(Pos{File: "a.md", Line: 3}, "missing title")
	l.Errorf(Pos{File: "a.md", Line: 3}, "missing title")
	got := l.Sort().String()
	want := "a.md:3: missing title\na.md:9:2: broken link\nb.md:1: warning: unknown key \"titel\"\n"
	if got != want {
		t.Errorf("sorted =\n%s\nwant\n%s", got, want)
	}
	if !l.HasErrors() || l.Err() == nil {
		t.Error("list with errors reports none")
	}
	if w := l.Warnings(); len(w) != 1 || w.HasErrors() {
		t.Errorf("Warnings() = %v", w)
	}
}

func TestSuggest(t *testing.T) {
	cands := []string{"trust", "personalization", "communication", "feedback"}
	tests := []struct{ in, want string }{
		{"trsut", "trust"},
		{"feedbak", "feedback"},
		{"personalisation", "personalization"},
		{"zzzzzz", ""},
	}
	for _, tt := range tests {
		if got := Suggest(tt.in, cands); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDecodeError(t *testing.T) {
	var v map[string]any
	tomlSrc := []byte("a = 1\nb = = 2\n")
	_, tomlErr := toml.Decode(string(tomlSrc), &v)
	var typed struct{ A int }
	_, typeErr := toml.Decode("\nA = \"x\"\n", &typed)
	yamlSrc := []byte("a: 1\nb: [x\nc: 2\n")
	yamlErr := yaml.Unmarshal(yamlSrc, &v)
	scanSrc := []byte("a: 1\nb: : y\n")
	scanErr := yaml.Unmarshal(scanSrc, &v)
	tests := []struct {
		name    string
		src     []byte
		err     error
		want    Pos
		wantMsg string
	}{
		{"toml syntax", tomlSrc, tomlErr, Pos{File: "f", Line: 2, Col: 5}, "expected value but found '=' instead"},
		{"toml type", nil, typeErr, Pos{File: "f", Line: 2}, "incompatible types: TOML value has type string; destination has type integer"},
		{"yaml parser", yamlSrc, yamlErr, Pos{File: "f", Line: 2}, "did not find expected ',' or ']'"},
		{"yaml scanner", scanSrc, scanErr, Pos{File: "f", Line: 2}, "mapping values are not allowed in this context"},
		{"no line", nil, errors.New("boom"), Pos{File: "f", Line: 1}, "boom"},
	}
	for _, tt := range tests {
		if tt.err == nil {
			t.Fatalf("%s: no error to position", tt.name)
		}
		pos, msg := DecodeError("f", tt.src, tt.err)
		if pos != tt.want || msg != tt.wantMsg {
			t.Errorf("%s: DecodeError(%q) = %v, %q; want %v, %q", tt.name, tt.err, pos, msg, tt.want, tt.wantMsg)
		}
	}
}

func TestTOMLKeyLine(t *testing.T) {
	src := []byte("title = \"x\"\n  weight=3\nweightless = 1\n")
	for key, want := range map[string]int{"title": 1, "weight": 2, "weightless": 3, "missing": 1} {
		if got := TOMLKeyLine(src, key); got != want {
			t.Errorf("TOMLKeyLine(%q) = %d, want %d", key, got, want)
		}
	}
}

// TestLinesAgreeWithAt: Lines.At gives At's position for every offset.
func TestLinesAgreeWithAt(t *testing.T) {
	for _, src := range []string{"", "a", "\n", "ab\ncd\n\nאב\nx", "\n\nend"} {
		l := NewLines("f", []byte(src))
		for off := -1; off <= len(src)+1; off++ {
			if got, want := l.At(off), At("f", []byte(src), off); got != want {
				t.Errorf("%q at %d: %v, want %v", src, off, got, want)
			}
		}
	}
}
