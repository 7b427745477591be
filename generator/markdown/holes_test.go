package markdown

import (
	"bytes"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// TestHolesFilledEqualGoldmark: a body rendered with holes and filled with
// each link's own destination is byte for byte what goldmark renders.
func TestHolesFilledEqualGoldmark(t *testing.T) {
	tests := []string{
		"[a](b.md)",
		`[a *b*](c.md "title & <x>") and ![alt *x*](i.png "t")`,
		"[ref][r] [[nested](x)](y)\n\n[r]: /target \"T\"",
		"![img [link](inside.md) alt](p.png)",
		"<https://example.com/a?b=c&d> [bad](javascript:alert(1))",
		"[sp](<a b.md>) [uni](מדד.md#מדד-nps) [pct](a%20b.md)",
		"- [x](1)\n- ![y](2)\n\n> [z](3)",
		"| a | [b](c) |\n|---|---|\n| ![d](e) | f |",
		"no links at all",
	}
	md := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Linkify))
	plain := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Linkify))
	holes := NewHoles(md)
	for _, src := range tests {
		var want bytes.Buffer
		if err := plain.Convert([]byte(src), &want); err != nil {
			t.Fatal(err)
		}
		doc := md.Parser().Parse(text.NewReader([]byte(src)))
		links := Links(doc, []byte(src))
		var body bytes.Buffer
		hs, err := holes.Render(&body, []byte(src), doc, links)
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		FillHoles(&got, body.Bytes(), hs, func(i int) string { return links[i].Dest })
		if got.String() != want.String() {
			t.Errorf("%q:\n got %q\nwant %q", src, got.String(), want.String())
		}
		var other bytes.Buffer
		FillHoles(&other, body.Bytes(), hs, func(i int) string { return "/X/" })
		if n := bytes.Count(other.Bytes(), []byte("/X/")); n != len(hs) {
			t.Errorf("%q: %d destinations replaced, want %d holes", src, n, len(hs))
		}
	}
}
