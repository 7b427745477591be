package search

import (
	"bytes"
	"fmt"
	"testing"
)

// TestCachedPagesIndexTheSame encodes gathered pages as the build cache
// keeps them, reads them back into a new dictionary (another process's)
// and builds the index from them: the same bytes as from the pages
// gathered, whatever order the new dictionary numbers terms in. A
// damaged encoding is refused, never read as another page.
func TestCachedPagesIndexTheSame(t *testing.T) {
	docs := []Doc{
		{URL: "/he/a/", Title: "שיחה קשה", Sections: []Section{{Text: "לקוח כועס מתקשר. שלום שלום"}, {Anchor: "h", Heading: "הקשבה", Text: "מקשיבים עד הסוף"}}},
		{URL: "/th/b/", Title: "การฟัง", Sections: []Section{{Text: "ลูกค้าโทรมาด้วยความโกรธ"}}},
		{URL: "/cs/c/", Title: "Žádné sekce"},
		{URL: "/ja/d/", Title: "客", Sections: []Section{{Anchor: "x", Heading: "お客様", Text: "お客様の話を最後まで聞く。 \xff bad"}}},
	}
	for _, local := range []bool{true, false} {
		d1 := NewDictionary()
		d1.Gather("warm up the numbers", []Section{{Text: "Zebra 客 první"}}) // other numbers than d2's
		var gathered, restored []Entry
		d2 := NewDictionary()
		for i := len(docs) - 1; i >= 0; i-- {
			doc := docs[i]
			if !local { // over localPairsBelow: pairs get postings
				doc.Sections = append(doc.Sections, Section{Text: string(bytes.Repeat([]byte(fmt.Sprintf("word%d ", i)), 60<<10))})
			}
			p := d1.Gather(doc.Title, doc.Sections)
			data := p.AppendBinary([]byte("prefix"), d1)[len("prefix"):]
			back, err := DecodePage(data)
			if err != nil {
				t.Fatalf("%s: %v", doc.URL, err)
			}
			if again := back.AppendBinary(nil, d2); !bytes.Equal(again, data) {
				t.Fatalf("%s: a page read back encodes otherwise", doc.URL)
			}
			gathered = append([]Entry{{URL: doc.URL, Title: doc.Title, Page: p}}, gathered...)
			restored = append([]Entry{{URL: doc.URL, Title: doc.Title, Page: back}}, restored...)
			for cut := range len(data) - 1 { // never a panic, never a term that was not there
				if q, err := DecodePage(data[:cut]); err == nil && q != nil && q.cached != nil {
					if meta := q.resolve(NewDictionary(), nil); len(meta) > 2 && len(meta) >= len(back.resolve(d2, nil)) {
						t.Fatalf("%s: a page cut at %d of %d bytes read as whole", doc.URL, cut, len(data))
					}
				}
			}
		}
		want, got := d1.Pages("he", gathered), d2.Pages("he", restored)
		if !bytes.Equal(want, got) {
			t.Fatalf("local pairs %v: the index of pages read back differs (%d bytes, want %d)", local, len(got), len(want))
		}
		if !bytes.Equal(d2.Pages("he", restored), want) {
			t.Fatal("a second index of the same restored pages differs")
		}
	}
}
