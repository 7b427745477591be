package memo

import (
	"html/template"
	"testing"
	"time"
)

type inner struct {
	A, B string
}

type view struct {
	*inner
	Title  string
	Label  template.HTML
	Items  []inner
	Next   *inner
	Data   any
	Counts map[string]int
	When   time.Time
	Skip   string `json:"-"`
	hidden string
}

// TestValue checks that Value tells apart what JSON tells apart, and only
// that: every exported field, element, map entry, pointer and interface
// counts; unexported fields and json:"-" do not; map order does not.
func TestValue(t *testing.T) {
	base := func() view {
		return view{inner: &inner{"a", "b"}, Title: "t", Label: "<b>l</b>", Items: []inner{{"x", "y"}},
			Next: &inner{"n", ""}, Data: &inner{"d", ""}, Counts: map[string]int{"k": 1, "m": 2},
			When: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Skip: "s", hidden: "h"}
	}
	sum := func(v view) Sum { return NewHash().Value(v).Sum() }
	want := sum(base())
	same := map[string]func(*view){
		"unexported field": func(v *view) { v.hidden = "other" },
		`json:"-" field`:   func(v *view) { v.Skip = "other" },
		"map built in another order": func(v *view) {
			v.Counts = map[string]int{}
			v.Counts["m"], v.Counts["k"] = 2, 1
		},
	}
	for name, change := range same {
		v := base()
		change(&v)
		if sum(v) != want {
			t.Errorf("%s: the sum changed", name)
		}
	}
	differ := map[string]func(*view){
		"embedded field":      func(v *view) { v.inner.A = "z" },
		"string":              func(v *view) { v.Title = "u" },
		"HTML":                func(v *view) { v.Label = "<i>l</i>" },
		"element":             func(v *view) { v.Items[0].B = "z" },
		"one more element":    func(v *view) { v.Items = append(v.Items, inner{}) },
		"strings moved":       func(v *view) { v.Items[0] = inner{"xy", ""} },
		"nil pointer":         func(v *view) { v.Next = nil },
		"empty pointed value": func(v *view) { v.Next = &inner{} },
		"interface's value":   func(v *view) { v.Data = &inner{"e", ""} },
		"map value":           func(v *view) { v.Counts["k"] = 3 },
		"map key":             func(v *view) { v.Counts = map[string]int{"j": 1, "m": 2} },
		"time":                func(v *view) { v.When = v.When.Add(time.Second) },
	}
	for name, change := range differ {
		v := base()
		change(&v)
		if sum(v) == want {
			t.Errorf("%s: the same sum", name)
		}
	}
}
