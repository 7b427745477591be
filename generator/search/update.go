package search

import (
	"bytes"
	"slices"

	"github.com/klauspost/compress/s2"

	"rapport/generator/memo"
)

// Update returns the index of entries, the very bytes Pages gives for
// them with their pages, and its Base, for the next build. Entries whose
// Sum base holds (in the same order among themselves) are taken from it:
// their nums, text and postings, with their sections numbered anew, so
// that an edit of one page costs its language's index that page's terms
// and a copy of the rest, not every page's terms merged again. page(i)
// gives entries[i]'s Page (their Page fields are not read), and is called
// once for each entry base does not hold, or for every entry when base is
// nil or cannot be used (another language's, holding none of the
// entries, or made on the other side of localPairsBelow).
func (d *Dictionary) Update(lang string, base *Base, entries []Entry, page func(int) *Page) ([]byte, *Base) {
	entries = slices.Clone(entries)
	for i := range entries {
		entries[i].Page = nil
	}
	old := base.match(lang, entries)
	if old == nil {
		fetch(entries, nil, page)
		return d.pages(lang, entries, true)
	}
	size := 0
	for i := range entries {
		if j := old[i]; j >= 0 {
			size += base.docs[j].size
			continue
		}
		entries[i].Page = page(i)
		size += entries[i].Page.textSize()
	}
	if size < localPairsBelow != base.lay.local {
		fetch(entries, old, page)
		return d.pages(lang, entries, true)
	}
	return d.merge(lang, base, entries, old)
}

// fetch gives every entry taken from the base (old[i] >= 0, or all when
// old is nil) its Page.
func fetch(entries []Entry, old []int32, page func(int) *Page) {
	for i := range entries {
		if old == nil || old[i] >= 0 {
			entries[i].Page = page(i)
		}
	}
}

// match returns, for each entry, the number of base's doc of the same
// Sum, or -1 when base has none or it comes before a doc already taken
// (the docs taken keep their order); nil when base cannot be used.
func (b *Base) match(lang string, entries []Entry) []int32 {
	if b == nil || b.lay == nil || b.lang != lang {
		return nil
	}
	at := make(map[memo.Sum]int32, len(b.docs))
	for j, d := range b.docs {
		at[d.sum] = int32(j)
	}
	old := make([]int32, len(entries))
	last, found := int32(-1), 0
	for i, e := range entries {
		j, ok := at[e.Sum]
		if !ok || j <= last || e.Sum == (memo.Sum{}) {
			old[i] = -1
			continue
		}
		old[i], last = j, j
		found++
	}
	if found == 0 {
		return nil
	}
	return old
}

// merge returns the index of entries and its Base: the docs taken from
// base (old[i] >= 0) as base has them, the others from their pages.
func (d *Dictionary) merge(lang string, base *Base, entries []Entry, old []int32) ([]byte, *Base) {
	lay := base.lay
	p := newPostings(d, entries, lay.local)
	// remap gives base's section s its number in the new index, or -1.
	remap := make([]int32, lay.first[len(lay.docs)])
	for i := range remap {
		remap[i] = -1
	}
	var buf []byte
	for i, e := range entries {
		j := old[i]
		if j < 0 {
			buf = p.addEntry(e, buf)
			continue
		}
		dn := lay.docs[j]
		p.docs = appendNums(p.docs, dn.url, dn.title, dn.sections)
		p.sects = append(p.sects, base.raw[lay.sects[j]:lay.sects[j+1]]...)
		for s := range int32(dn.sections) {
			remap[lay.first[j]+s] = int32(p.secs) + s
		}
		p.secs += dn.sections
	}
	ix := &written{lang: lang, local: lay.local, docs: p.docs, sects: p.sects}
	ix.terms, ix.lists = mergeTerms(lay, remap, p)
	texts := pageTexts(entries)
	ix.text = func(i int) []byte {
		if j := old[i]; j >= 0 {
			return base.raw[lay.texts[j]:lay.texts[j+1]]
		}
		return texts(i)
	}
	ix.size = func(i int) int {
		if j := old[i]; j >= 0 {
			return base.docs[j].size
		}
		return entries[i].Page.textSize()
	}
	return ix.compress(entries, base, true)
}

// mergeTerms returns the terms of base's layout and of p in sorted
// order, each with its sections: base's renumbered (remap), without
// those of docs left out, and p's.
func mergeTerms(lay *layout, remap []int32, p *postings) ([][]byte, [][]int32) {
	order := p.order()
	total := 0
	for _, l := range lay.lists {
		total += len(l)
	}
	for _, l := range p.lists {
		total += len(l)
	}
	flat := make([]int32, 0, total) // every list, one after another
	terms := make([][]byte, 0, len(lay.terms)+len(order))
	lists := make([][]int32, 0, cap(terms))
	var scratch []int32
	for i, k := 0, 0; i < len(lay.terms) || k < len(order); {
		c := 1 // p's term comes first
		switch {
		case k == len(order):
			c = -1
		case i < len(lay.terms):
			c = bytes.Compare(lay.terms[i], p.dict.term(p.ids[order[k]]))
		}
		start := len(flat)
		var t []byte
		if c <= 0 {
			t = lay.terms[i]
			for _, s := range lay.lists[i] {
				if n := remap[s]; n >= 0 {
					flat = append(flat, n)
				}
			}
			i++
		}
		if c >= 0 {
			t = p.dict.term(p.ids[order[k]])
			scratch = mergeSorted(scratch[:0], flat[start:], p.lists[order[k]])
			flat = append(flat[:start], scratch...)
			k++
		}
		if len(flat) > start {
			terms = append(terms, t)
			lists = append(lists, flat[start:len(flat):len(flat)])
		}
	}
	return terms, lists
}

// mergeSorted appends to out the sorted lists a and b merged.
func mergeSorted(out, a, b []int32) []int32 {
	for len(a) > 0 && len(b) > 0 {
		if a[0] < b[0] {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return append(append(out, a...), b...)
}

// pageTexts returns the text of entries[i]'s page, s2-decoded (valid
// until the next call).
func pageTexts(entries []Entry) func(i int) []byte {
	var buf, z []byte
	return func(i int) []byte {
		e := entries[i]
		if e.Page == nil {
			return nil
		}
		t := e.Page.textBytes(z)
		if t == nil {
			return nil
		}
		if e.Page.spilled != nil {
			z = t // read back into z: it may take the next page's
		}
		text, err := s2.Decode(buf[:cap(buf)], t)
		if err != nil {
			panic("search: a page's gathered text does not decode: " + err.Error()) // written by Gather: a bug
		}
		buf = text
		return text
	}
}
