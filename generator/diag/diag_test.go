package diag

import "testing"

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
