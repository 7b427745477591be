package search

import (
	"bytes"
	stdgzip "compress/gzip"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"

	"rapport/generator/memo"
)

// site is a language's docs for TestUpdateEqualsPages.
type site []Doc

// sumOf is a doc's Entry.Sum: what its entry is made from.
func sumOf(d Doc) memo.Sum {
	h := memo.NewHash().Strings(d.URL, d.Title)
	for _, s := range d.Sections {
		h.Strings(s.Anchor, s.Heading, s.Text)
	}
	return h.Sum()
}

// edits are the steps of TestUpdateEqualsPages, each a change of the
// site before it: every kind of change an index can see.
var edits = []struct {
	name string
	edit func(s site) site
}{
	{"a sentence added: new terms, the same sections", func(s site) site {
		s[3].Sections[0].Text += " Zebras negotiate quietly."
		return s
	}},
	{"a page's terms all changed", func(s site) site {
		s[5].Sections = []Section{{Text: "entirely different vocabulary here"}, {Anchor: "b", Heading: "Other", Text: "more words"}}
		return s
	}},
	{"a heading added: every later section renumbered", func(s site) site {
		s[1].Sections = append(s[1].Sections, Section{Anchor: "new", Heading: "Escalation", Text: "call the manager"})
		return s
	}},
	{"a section removed", func(s site) site {
		s[8].Sections = s[8].Sections[:1]
		return s
	}},
	{"a page added in the middle", func(s site) site {
		return slices.Insert(s, 4, Doc{URL: "/he/added/", Title: "Added page", Sections: []Section{{Text: "fresh unique termxyz and common words"}}})
	}},
	{"a page removed, its only term gone", func(s site) site {
		return slices.Delete(s, 2, 3)
	}},
	{"a page renamed: it moves", func(s site) site {
		d := s[0]
		d.URL = "/he/zz-renamed/"
		return append(s[1:], d)
	}},
	{"a title changed", func(s site) site {
		s[6].Title = "A new title for the page"
		return s
	}},
	{"a page without sections", func(s site) site {
		s[7].Sections = nil
		return s
	}},
	{"nothing changed", func(s site) site { return s }},
	{"the long text removed: below localPairsBelow", func(s site) site {
		for i := range s {
			s[i].Sections = slices.DeleteFunc(slices.Clone(s[i].Sections), func(x Section) bool { return x.Anchor == "long" })
		}
		return s
	}},
	{"the first and the last pages changed", func(s site) site {
		s[0].Sections[0].Text += " first"
		s[len(s)-1].Sections[0].Text += " last"
		return s
	}},
	{"every page changed", func(s site) site {
		for i := range s {
			s[i].Title += " v2"
		}
		return s
	}},
	{"Thai text: pairs", func(s site) site {
		s[2].Sections[0].Text += " ลูกค้าโทรมาด้วยความโกรธ 客様"
		return s
	}},
	{"all pages but one removed", func(s site) site { return s[3:4] }},
	{"pages back, one with a long text", func(s site) site { return append(s, testSite(true)[4:]...) }},
}

// testSite returns the site TestUpdateEqualsPages starts from; big makes
// its text pass localPairsBelow.
func testSite(big bool) site {
	var s site
	for i := range 12 {
		d := Doc{URL: fmt.Sprintf("/he/p%02d/", i), Title: fmt.Sprintf("Playbook %d שיחה", i)}
		for j := range 1 + i%3 {
			text := fmt.Sprintf("customer call number%d section%d לקוח כועס ลูกค้า common", i, j)
			if i == 2 {
				text += " onlyhere"
			}
			d.Sections = append(d.Sections, Section{Anchor: fmt.Sprintf("s%d", j), Heading: fmt.Sprintf("Step %d", j), Text: text})
		}
		if big && i == 11 {
			d.Sections = append(d.Sections, Section{Anchor: "long", Text: strings.Repeat("filler words ", localPairsBelow/12)})
		}
		s = append(s, d)
	}
	return s
}

// TestUpdateEqualsPages makes a series of edits of a site and, after
// each, updates the index from the last one's Base (encoded and read
// back, in a new dictionary, as the next process would): the same bytes
// as Pages of all the pages, with the pages of only the docs that
// changed asked for. It runs from a site with the local pairs and from
// one without, each crossing localPairsBelow.
func TestUpdateEqualsPages(t *testing.T) {
	for _, big := range []bool{false, true} {
		s := testSite(big)
		var base *Base
		for _, e := range edits {
			s = e.edit(slices.Clone(s))
			want := indexIn("he", s)
			dict := NewDictionary()
			asked := map[string]bool{}
			got, next := dict.Update("he", base, entriesOf(s), func(i int) *Page {
				asked[s[i].URL] = true
				return dict.Gather(s[i].Title, s[i].Sections)
			})
			if !bytes.Equal(got, want) {
				t.Fatalf("big %v, %s: the updated index differs from the clean one (%d bytes, want %d)", big, e.name, len(got), len(want))
			}
			if base != nil && e.name == "nothing changed" && len(asked) > 0 {
				t.Errorf("big %v, %s: pages asked for: %v", big, e.name, asked)
			}
			if base != nil && e.name == "a sentence added: new terms, the same sections" && len(asked) != 1 {
				t.Errorf("big %v, %s: pages asked for: %v, want one", big, e.name, asked)
			}
			back, err := DecodeBase(next.AppendBinary(nil))
			if err != nil {
				t.Fatalf("big %v, %s: %v", big, e.name, err)
			}
			base = back
		}
	}
}

// entriesOf returns s's entries without their pages.
func entriesOf(s site) []Entry {
	out := make([]Entry, len(s))
	for i, d := range s {
		out[i] = Entry{URL: d.URL, Title: d.Title, Sum: sumOf(d)}
	}
	return out
}

// TestBaseRefused: a Base of another language, or one cut short or
// damaged, is not used, and the index is the clean one.
func TestBaseRefused(t *testing.T) {
	s := testSite(false)
	want := indexIn("he", s)
	d0 := NewDictionary()
	_, base := d0.Update("he", nil, entriesOf(s), func(i int) *Page { return d0.Gather(s[i].Title, s[i].Sections) })
	data := base.AppendBinary(nil)
	for cut := range len(data) {
		if _, err := DecodeBase(data[:cut]); err == nil {
			t.Fatalf("a Base cut at %d of %d bytes read back", cut, len(data))
		}
	}
	back, err := DecodeBase(data)
	if err != nil {
		t.Fatal(err)
	}
	dict := NewDictionary()
	asked := 0
	got, _ := dict.Update("ar", back, entriesOf(s), func(i int) *Page { asked++; return dict.Gather(s[i].Title, s[i].Sections) })
	wantAr := indexIn("ar", s)
	if !bytes.Equal(got, wantAr) || asked != len(s) {
		t.Fatalf("another language's Base was used (%d pages asked for)", asked)
	}
	got, _ = dict.Update("he", back, entriesOf(s), nil)
	if !bytes.Equal(got, want) {
		t.Fatal("the index from an unchanged site's Base differs")
	}
}

// indexIn returns the index of s as Pages makes it for lang.
func indexIn(lang string, s site) []byte {
	dict := NewDictionary()
	entries := entriesOf(s)
	for i, d := range s {
		entries[i].Page = dict.Gather(d.Title, d.Sections)
	}
	return dict.Pages(lang, entries)
}

// FuzzDecodeBase feeds damaged Bases to DecodeBase and what it reads to
// Update: an error or an index, never a panic.
func FuzzDecodeBase(f *testing.F) {
	s := testSite(false)
	d0 := NewDictionary()
	_, base := d0.Update("he", nil, entriesOf(s), func(i int) *Page { return d0.Gather(s[i].Title, s[i].Sections) })
	f.Add(base.AppendBinary(nil))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := DecodeBase(data)
		if err != nil {
			return
		}
		dict := NewDictionary()
		dict.Update("he", b, entriesOf(s), func(i int) *Page { return dict.Gather(s[i].Title, s[i].Sections) })
	})
}

// TestUpdateTakesChunks updates a site of about 1 MB of text, several
// chunks (see Chunks), after edits of one page: the same bytes as Pages,
// which the standard library's gzip reads back as the index, and only
// the chunks about the edit deflated again.
func TestUpdateTakesChunks(t *testing.T) {
	var s site
	for i := range 300 {
		d := Doc{URL: fmt.Sprintf("/cs/p%03d/", i), Title: fmt.Sprintf("Příručka %d", i)}
		for j := range 4 {
			var b strings.Builder
			for k := range 60 {
				fmt.Fprintf(&b, "slovo%d zákazník%d věta%d ", (i*7+j*13+k)%997, (i+k)%31, k%17)
			}
			d.Sections = append(d.Sections, Section{Anchor: fmt.Sprintf("s%d", j), Heading: fmt.Sprintf("Krok %d", j), Text: b.String()})
		}
		s = append(s, d)
	}
	var base *Base
	for _, e := range []struct {
		name string
		edit func(s site) site
	}{
		{"the first build", func(s site) site { return s }},
		{"a word added", func(s site) site { s[150].Sections[1].Text += " nové"; return s }},
		{"a heading added", func(s site) site {
			s[200].Sections = append(slices.Clone(s[200].Sections), Section{Anchor: "n", Heading: "Nový", Text: "text"})
			return s
		}},
		{"nothing changed", func(s site) site { return s }},
	} {
		s = e.edit(slices.Clone(s))
		want := indexIn("cs", s)
		dict := NewDictionary()
		got, next := dict.Update("cs", base, entriesOf(s), func(i int) *Page { return dict.Gather(s[i].Title, s[i].Sections) })
		if !bytes.Equal(got, want) {
			t.Fatalf("%s: the updated index differs from the clean one (%d bytes, want %d)", e.name, len(got), len(want))
		}
		zr, err := stdgzip.NewReader(bytes.NewReader(got))
		if err != nil {
			t.Fatal(err)
		}
		raw, err := io.ReadAll(zr)
		if err != nil || !bytes.HasPrefix(raw, []byte(magic)) || len(raw) != next.n {
			t.Fatalf("%s: compress/gzip reads %d bytes (%v), want the index's %d", e.name, len(raw), err, next.n)
		}
		t.Logf("%s: %d of %d chunks deflated", e.name, next.made, len(next.chunks))
		switch {
		case len(next.chunks) < 4:
			t.Fatalf("%s: %d chunks, want 4 or more", e.name, len(next.chunks))
		case base == nil && next.made != len(next.chunks):
			t.Errorf("%s: %d of %d chunks deflated, want all", e.name, next.made, len(next.chunks))
		case base != nil && next.made > len(next.chunks)/2:
			t.Errorf("%s: %d of %d chunks deflated, want fewer", e.name, next.made, len(next.chunks))
		}
		if base, err = DecodeBase(next.AppendBinary(nil)); err != nil {
			t.Fatal(err)
		}
	}
}
