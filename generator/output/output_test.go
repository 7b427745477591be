package output

import (
	"slices"
	"testing"
)

// TestMerge: Merge gives what sorting both lists together gives, a's
// file first at a path both have, for a long list beside a short one and
// for lists that end first or start later.
func TestMerge(t *testing.T) {
	files := func(paths ...string) []File {
		var out []File
		for _, p := range paths {
			out = append(out, File{Path: p})
		}
		return out
	}
	for _, tt := range []struct{ a, b, want []File }{
		{files("a", "c", "e", "g"), files("b", "f"), files("a", "b", "c", "e", "f", "g")},
		{files("b", "c"), files("a", "d"), files("a", "b", "c", "d")},
		{files(), files("a"), files("a")},
		{files("a"), files(), files("a")},
		{files("a", "b"), files("c", "d"), files("a", "b", "c", "d")},
	} {
		if got := Merge(tt.a, tt.b); !slices.EqualFunc(got, tt.want, func(x, y File) bool { return x.Path == y.Path }) {
			t.Errorf("Merge(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
	same := Merge([]File{{Path: "x", Data: []byte("a")}}, []File{{Path: "x", Data: []byte("b")}})
	if len(same) != 2 || string(same[0].Data) != "a" || string(same[1].Data) != "b" {
		t.Errorf("two files at one path: %v, want a's first", same)
	}
}
