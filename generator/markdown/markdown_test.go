package markdown

import (
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/text"
)

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Why it matters", "why-it-matters"},
		{"1. התאמה אישית", "1-התאמה-אישית"},
		{"الاستراتيجيات الرئيسية: بناء", "الاستراتيجيات-الرئيسية-بناء"},
		{"ความท้าทาย (Challenges)", "ความท้าทาย-challenges"},
		{"Kulturní rozdíly", "kulturní-rozdíly"},
		{"  --!!  ", ""},
	}
	for _, tt := range tests {
		if got := Slug(tt.in); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSafeURL(t *testing.T) {
	tests := []struct {
		in   string
		safe bool
	}{
		{"https://example.com", true},
		{"metrics.md#nps", true},
		{"mailto:a@b.c", true},
		{"javascript:alert(1)", false},
		{"JaVaScRiPt:alert(1)", false},
		{"javascript&colon;alert(1)", false},
		{"&#106;avascript:alert(1)", false},
		{"&#x6A;avascript:alert(1)", false},
		{"java\tscript:alert(1)", false},
		{"java\nscript:alert(1)", false},
		{" vbscript:msgbox", false},
		{"data:text/html;base64,xx", false},
		{"&amp;#106;avascript:x", false},
	}
	for _, tt := range tests {
		if got := SafeURL([]byte(tt.in)); got != tt.safe {
			t.Errorf("SafeURL(%q) = %v, want %v", tt.in, got, tt.safe)
		}
	}
}

func TestLinksOffsets(t *testing.T) {
	src := []byte("intro\n\nsee [a](x.md#b) and ![i](p.png)\n")
	md := goldmark.New()
	doc := md.Parser().Parse(text.NewReader(src))
	links := Links(doc, src)
	if len(links) != 2 {
		t.Fatalf("got %d links", len(links))
	}
	if got := string(src[links[0].Offset:][:len("x.md#b")]); got != "x.md#b" || links[0].Dest != "x.md#b" {
		t.Errorf("link 0 at %q", got)
	}
	if !links[1].Image || links[1].Dest != "p.png" {
		t.Errorf("link 1 = %+v", links[1])
	}
}

// TestIsExternal is the one rule the link stage and render share; "a.b:c"
// is the case they once disagreed on.
func TestIsExternal(t *testing.T) {
	tests := []struct {
		dest string
		want bool
	}{
		{"https://example.com/x", true},
		{"mailto:a@example.com", true},
		{"//cdn.example.com/s.js", true},
		{"a.b:c", true},
		{"x+y-z:q", true},
		{"page.md", false},
		{"he/a.md#x:y", false},
		{"a/b:c", false},
		{"a?b:c", false},
		{"#top:1", false},
		{":x", false},
		{"", false},
		{"/he/a/", false},
	}
	for _, tt := range tests {
		if got := IsExternal(tt.dest); got != tt.want {
			t.Errorf("IsExternal(%q) = %v, want %v", tt.dest, got, tt.want)
		}
	}
}
