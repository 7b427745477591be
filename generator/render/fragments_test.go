package render

import (
	"bytes"
	"html/template"
	"testing"
)

// TestCachedEachIsExecution: cachedEach gives what executing the template
// for each item gives, for items that differ in any one field, in any
// order and repeated (so answers come from the cache).
func TestCachedEachIsExecution(t *testing.T) {
	f := newFragments()
	tmpl := template.Must(template.New("").Funcs(f.funcs()).Parse(
		`{{define "item"}}[{{.Href}}|{{.Text}}|{{.Note}}|{{.Lang}}|{{.Dir}}|{{.LangName}}|{{.Label}}|{{.Foreign}}|{{.Current}}|{{range .Children}}{{.Text}}{{.Current}};{{end}}|{{.Pages}}]{{end}}` +
			`{{define "list"}}{{cachedEach "item" .}}{{end}}`))
	f.tmpl = tmpl
	base := Item{Href: "/a/", Text: "a", Lang: "he", Dir: "rtl"}
	variants := []Item{base}
	for _, change := range []func(*Item){
		func(it *Item) { it.Href = "/b/" },
		func(it *Item) { it.Text = "b" },
		func(it *Item) { it.Note = "n" },
		func(it *Item) { it.Lang = "ar" },
		func(it *Item) { it.Dir = "ltr" },
		func(it *Item) { it.LangName = "x" },
		func(it *Item) { it.Label = "<b>l</b>" },
		func(it *Item) { it.Foreign = true },
		func(it *Item) { it.Current = true },
		func(it *Item) { it.Children = []Item{{Text: "c"}} },
		func(it *Item) { it.Children = []Item{{Text: "c", Current: true}} },
		func(it *Item) { it.Href, it.Text = "/a/1:a", "" }, // field boundaries
		func(it *Item) { it.Pages = `["a/"]` },
	} {
		it := base
		change(&it)
		variants = append(variants, it)
	}
	items := append(append([]Item{}, variants...), variants...)
	for i, j := 0, len(items)-1; i < j; i, j = i+1, j-1 {
		items[i], items[j] = items[j], items[i]
	}
	var want bytes.Buffer
	for _, it := range items {
		if err := tmpl.ExecuteTemplate(&want, "item", it); err != nil {
			t.Fatal(err)
		}
	}
	for round := range 2 {
		var got bytes.Buffer
		if err := tmpl.ExecuteTemplate(&got, "list", items); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("round %d:\n got %s\nwant %s", round, got.String(), want.String())
		}
	}
	// One per distinct item, and the list, long enough to be kept whole.
	if n := len(f.m); n != len(variants)+1 || len(items) < listMin {
		t.Errorf("%d cached fragments of %d items, want one per distinct item (%d) and the list", n, len(items), len(variants))
	}
}
