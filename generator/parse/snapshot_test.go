package parse

import (
	"reflect"
	"testing"

	"rapport/generator/load"
	"rapport/generator/markdown"
	"rapport/generator/search"
)

// fill sets every field of v, at every depth, to a value of its own
// (strings, numbers, bools, two elements in each slice and map), by
// reflection: a field of Snapshot that Encode or DecodeSnapshot forgets
// then reads back as its zero value.
func fill(t *testing.T, v reflect.Value, n *int) {
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString("s" + string(rune('a'+*n%26)) + "\u05d0")
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(*n * 37))
	case reflect.Uint8:
		v.SetUint(uint64(*n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(t, v.Index(i), n)
		}
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		for range 2 {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			fill(t, k, n)
			fill(t, e, n)
			v.SetMapIndex(k, e)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if !v.Type().Field(i).IsExported() {
				t.Fatalf("%s.%s is not exported: the cache cannot see it", v.Type(), v.Type().Field(i).Name)
			}
			fill(t, v.Field(i), n)
		}
	default:
		t.Fatalf("a field of kind %s in Snapshot: teach fill and Encode about it", v.Kind())
	}
}

// TestSnapshotRoundTrip: every field of a Snapshot survives Encode and
// DecodeSnapshot; every shorter encoding is refused.
func TestSnapshotRoundTrip(t *testing.T) {
	var s Snapshot
	n := 0
	fill(t, reflect.ValueOf(&s).Elem(), &n)
	data := s.Encode([]byte("x"))[1:]
	back, err := DecodeSnapshot(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s, back) {
		t.Fatalf("round trip:\n%+v\nread back as\n%+v", s, back)
	}
	for cut := range len(data) {
		if _, err := DecodeSnapshot(data[:cut]); err == nil {
			t.Fatalf("an encoding cut at %d of %d bytes was read", cut, len(data))
		}
	}
	if _, err := DecodeSnapshot(append(data, 0)); err == nil {
		t.Fatal("an encoding with a byte more was read")
	}
}

// TestRestoreIsParse: a page restored from its encoded snapshot is the
// page Parse made, but for what a build never reads again (its syntax
// nodes, the sections dropped for search).
func TestRestoreIsParse(t *testing.T) {
	src := []byte("---\ntitle: Calls\ntopics: [a, b]\n---\n# One\n\nText [x](other.md) ![i](p.png)\n\n## Two {#two}\n\nMore.\n")
	md := markdown.New(markdown.Config{})
	dict := search.NewDictionary()
	page, diags := Parse(load.Source{Path: "content/en/calls.md", Lang: "en", Rel: "calls.md", Data: src}, md.Parser(), md.Bodies()("en"), dict)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	snap := page.Snapshot(dict)
	back, err := DecodeSnapshot(snap.Encode(nil))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Restore(page.Source, back)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Snapshot(dict), snap) || !reflect.DeepEqual(got.LinkFacts(), page.LinkFacts()) ||
		!reflect.DeepEqual(got.ShapeFacts(), page.ShapeFacts()) || string(got.HTML(nil)) != string(page.HTML(nil)) {
		t.Fatalf("restored page differs:\n%+v\nwant\n%+v", got.Snapshot(dict), snap)
	}
}
