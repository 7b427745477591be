package parse

import (
	"reflect"
	"testing"

	"rapport/generator/load"
	"rapport/generator/markdown"
	"rapport/generator/search"
)

// TestRestoreLazyIsParse: a page restored from its facts, its body
// fetched from EncodeBody's bytes, is the page Parse made; the body is
// fetched once, only when read, and never by what link and the report
// read; a body cut short does not decode.
func TestRestoreLazyIsParse(t *testing.T) {
	src := []byte("---\ntitle: Calls\ntopics: [a, b]\n---\n# One\n\nText [x](other.md) ![i](p.png)\n\n## Two {#two}\n\nMore.\n")
	md := markdown.New(markdown.Config{})
	dict := search.NewDictionary()
	page, diags := Parse(load.Source{Path: "content/en/calls.md", Lang: "en", Rel: "calls.md", Data: src}, md.Parser(), md.Bodies()("en"), dict)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	snap := page.Snapshot(dict)
	body := snap.EncodeBody(nil)
	facts := snap
	facts.HTML, facts.Search = nil, nil
	var d SnapshotDecoder
	back, shape, err := d.DecodeFacts(string(facts.Encode(nil)))
	if err != nil || back.Shape != nil || shape == "" {
		t.Fatalf("DecodeFacts: %v, shape %v decoded, %q left", err, back.Shape, shape)
	}
	fetched := 0
	got := RestoreLazy(page.Source, back, shape, func() Body {
		fetched++
		b, err := DecodeBody(body)
		if err != nil {
			t.Fatal(err)
		}
		return b
	})
	if !reflect.DeepEqual(got.LinkFacts(), page.LinkFacts()) || !reflect.DeepEqual(got.ShapeFacts(), page.ShapeFacts()) || fetched != 0 {
		t.Fatalf("facts differ, or the body was fetched (%d) for them", fetched)
	}
	if string(got.HTML(nil)) != string(page.HTML(nil)) || got.Gathered() == nil || fetched != 1 {
		t.Fatalf("body differs, or was fetched %d times", fetched)
	}
	if !reflect.DeepEqual(got.Snapshot(dict), snap) {
		t.Fatalf("restored page differs:\n%+v\nwant\n%+v", got.Snapshot(dict), snap)
	}
	for cut := range len(body) {
		if _, err := DecodeBody(body[:cut]); err == nil {
			t.Fatalf("a body cut at %d of %d bytes was read", cut, len(body))
		}
	}
}
