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

// TestMergeOrder: a list taken through its sorting permutation merges as
// the sorted list does.
func TestMergeOrder(t *testing.T) {
	a := []File{{Path: "he/b"}, {Path: "ar/z"}, {Path: "he/a"}, {Path: "bg/c"}}
	order := []int{1, 3, 2, 0} // ar/z bg/c he/a he/b
	b := []File{{Path: "assets/x"}, {Path: "he/a", Data: []byte("b")}, {Path: "zz"}}
	got := MergeOrder(a, order, b)
	want := []string{"ar/z", "assets/x", "bg/c", "he/a", "he/a", "he/b", "zz"}
	if !slices.Equal(paths(got), want) || got[4].Data == nil {
		t.Errorf("MergeOrder = %v, want %v with b's he/a second", paths(got), want)
	}
}

func paths(files []File) []string {
	var out []string
	for _, f := range files {
		out = append(out, f.Path)
	}
	return out
}
