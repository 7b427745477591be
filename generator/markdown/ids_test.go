package markdown

import (
	"strconv"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
)

// naiveIDs is the plain definition Generate must agree with: the slug, or
// the slug with the smallest free suffix, counted from 1 every time.
type naiveIDs map[string]bool

func (s naiveIDs) generate(text string) string {
	base := Slug(text)
	if base == "" {
		base = "section"
	}
	id := base
	for i := 1; s[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	s[id] = true
	return id
}

func TestIDsAgreeWithDefinition(t *testing.T) {
	headings := []string{"A", "A", "a 1", "A", "", "", "a-1", "A", "a 2", "A", "Bé", "bé", "!!", "A"}
	ids, naive := NewIDs(), naiveIDs{}
	ids.Put([]byte("a-4"))
	naive["a-4"] = true
	var got, want []string
	for _, h := range headings {
		got = append(got, string(ids.Generate([]byte(h), ast.KindHeading)))
		want = append(want, naive.generate(h))
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("ids\n got %q\nwant %q", got, want)
	}
	if w := "a a-1 a-1-1 a-2 section section-1 a-1-2 a-3 a-2-1 a-5 bé bé-1 section-2 a-6"; strings.Join(got, " ") != w {
		t.Errorf("ids %q, want %q", strings.Join(got, " "), w)
	}
}

// BenchmarkEqualHeadings gives ids to 20,000 headings with the same text
// (once 33 s: every heading counted its suffix from 1).
func BenchmarkEqualHeadings(b *testing.B) {
	for b.Loop() {
		ids := NewIDs()
		for range 20_000 {
			ids.Generate([]byte("Step"), ast.KindHeading)
		}
	}
}
