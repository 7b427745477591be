package markdown

import (
	"runtime"
	"strings"
	"testing"

	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// nestedTabs is a page of n tab groups, each in a tab of the one before.
func nestedTabs(n int) []byte {
	return []byte(strings.Repeat("::: tabs\n::: tab A\nx\n", n) + strings.Repeat(":::\n", n))
}

// parseBytes returns the bytes allocated while parsing and rendering src
// with rapport's Markdown, and the problems found.
func parseBytes(t *testing.T, md *Markdown, src []byte) (uint64, []Problem) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	pc := parser.NewContext(parser.WithIDs(NewIDs()))
	doc := md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	h := md.Bodies()("he")
	if _, err := h.Render(h.Buffer(), src, doc, nil); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, Problems(pc)
}

// TestNestedTabsMemoryLinear: nested `::: tabs` took memory growing with
// the square of the page (goldmark keeps a record per open block per
// line): a 92 KB page took 748 MB. Past MaxContainerDepth blocks are not
// opened, so four times the page takes about four times the memory, and
// the page fails with one error.
func TestNestedTabsMemoryLinear(t *testing.T) {
	md := New(Config{})
	small, large := nestedTabs(1000), nestedTabs(4000)
	parseBytes(t, md, small) // warm up
	s, _ := parseBytes(t, md, small)
	l, problems := parseBytes(t, md, large)
	t.Logf("%d bytes: %d KB allocated (%d a byte); %d bytes: %d KB (%d a byte)", len(small), s>>10, s/uint64(len(small)), len(large), l>>10, l/uint64(len(large)))
	if ratio := float64(l) / float64(s); ratio > 6 {
		t.Errorf("4x the input allocated %.1fx the memory, want about 4x", ratio)
	}
	if perByte := l / uint64(len(large)); perByte > 400 {
		t.Errorf("%d bytes allocated per input byte", perByte)
	}
	if len(problems) == 0 || !strings.Contains(problems[0].Msg, "nest at most") {
		t.Errorf("problems %v, want the nesting limit first", problems)
	}
}

// FuzzContainers parses `:::` blocks nested, mismatched and unclosed in
// every way: no panic, every problem inside the source, and no fence line
// shown as a paragraph's text unless its colons were escaped.
func FuzzContainers(f *testing.F) {
	for _, s := range []string{
		"::: tabs\n::: tab A\n::: quiz\nQ?\n- [x] a\n- [ ] b\n:::\n::: tab B\nb\n:::\n",
		":::: tabs\n::: tab A\nx\n:::\n::: tab B\n::::\n",
		"- a\n\n  ::: quiz\n  Q\n:::\n> ::: tabs\n> ::: tab X\n",
		"::: note\n:::::\n```\n:::\n```\n::: tab\n:::tabs :::\n",
		strings.Repeat("::: tabs\n::: tab A\n", 12) + strings.Repeat(":::\n", 14),
	} {
		f.Add(s)
	}
	md := New(Config{})
	f.Fuzz(func(t *testing.T, src string) {
		pc := parser.NewContext(parser.WithIDs(NewIDs()))
		doc := md.Parser().Parse(text.NewReader([]byte(src)), parser.WithContext(pc))
		for _, p := range Problems(pc) {
			if p.Offset < 0 || p.Offset > len(src) {
				t.Errorf("problem at %d, outside %d bytes: %s", p.Offset, len(src), p.Msg)
			}
		}
		h := md.Bodies()("he")
		out := h.Buffer()
		if _, err := h.Render(out, []byte(src), doc, nil); err != nil {
			t.Fatal(err)
		}
		// An escaped colon (::\:, &#58;::) is how a trainer shows the
		// colons as text.
		escaped := strings.ContainsAny(src, `\&`)
		if i := strings.Index(out.String(), "<p>:::"); i >= 0 && !escaped {
			t.Errorf("a fence line shown as text: %q", out.String()[i:min(i+40, out.Len())])
		}
	})
}
