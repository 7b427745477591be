package link

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

// TestPlaceInIsPlace: the places of every page of a site made with one
// reused buffer, each taken before the next is made, are the pages' own
// places, and name each list's pages by address in order.
func TestPlaceInIsPlace(t *testing.T) {
	c := genConfig{langs: []string{"he", "bg"}, pages: 60, sections: 3, keys: 0.2, topics: benchConfig.topics}
	s, _ := Link(c.langs, genPages(rand.New(rand.NewPCG(7, 8)), c), nil, c.topics)
	var buf []string
	for _, p := range s.Pages {
		var got Place
		got, buf = p.PlaceIn(buf)
		got = Place{URL: got.URL, Lang: got.Lang, Kind: got.Kind, Parent: got.Parent, Prev: got.Prev, Next: got.Next,
			Children: append([]string(nil), got.Children...), Translations: append([]string(nil), got.Translations...),
			Related: append([]string(nil), got.Related...), Hrefs: got.Hrefs}
		want := Place{URL: p.URL, Lang: p.Lang.Tag, Kind: p.Kind, Parent: urlOf(p.Parent), Prev: urlOf(p.Prev), Next: urlOf(p.Next), Hrefs: p.Hrefs}
		for _, q := range p.Children {
			want.Children = append(want.Children, q.URL)
		}
		for _, q := range p.Translations {
			want.Translations = append(want.Translations, q.URL)
		}
		for _, q := range p.Related {
			want.Related = append(want.Related, q.URL)
		}
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(p.Place(), want) {
			t.Fatalf("%s: PlaceIn %+v, Place %+v, want %+v", p.URL, got, p.Place(), want)
		}
	}
}
