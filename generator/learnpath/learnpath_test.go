package learnpath

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	good := "# paths\n[[path]]\nid = \"first\"\nsteps = [\n  \"a/b.md\",\n  \"key:nps\",\n]\n[path.title]\nhe = \"ראשון\"\n"
	tests := []struct {
		name, src string
		want      []string // "line: start of message"
		steps     int
	}{
		{"valid", good, nil, 2},
		{"unknown key", "[[path]]\nid = \"a\"\nstep = [\"x.md\"]\nsteps = [\"x.md\"]\n[path.title]\nen = \"A\"\n", []string{"3: unknown key \"path.step\""}, 1},
		{"no steps", "[[path]]\nid = \"a\"\n[path.title]\nen = \"A\"\n", []string{"1: path \"a\" has no steps"}, 0},
		{"no title", "\n[[path]]\nid = \"a\"\nsteps = [\"x.md\"]\n", []string{"2: path \"a\" has no title"}, 1},
		{"bad id", "[[path]]\nid = \"A b\"\nsteps = [\"x.md\"]\n", []string{"1: path id \"A b\""}, -1},
		{"twice", "[[path]]\nid = \"a\"\nsteps = [\"x.md\"]\ntitle = {en = \"A\"}\n[[path]]\nid = \"a\"\nsteps = [\"x.md\"]\ntitle = {en = \"A\"}\n", []string{"5: path \"a\" is defined twice"}, 1},
		{"syntax", "[[path]\n", []string{"1:7: expected end of table array name"}, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			paths, diags := Parse("content/paths.toml", []byte(tt.src))
			var got []string
			for _, d := range diags {
				got = append(got, strings.TrimPrefix(d.String(), "content/paths.toml:"))
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Errorf("got %q, want prefix %q", got[i], tt.want[i])
				}
			}
			if tt.steps >= 0 && (len(paths) != 1 || len(paths[0].Steps) != tt.steps) {
				t.Errorf("paths = %+v, want one with %d steps", paths, tt.steps)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	src := "[[path]]\nid = \"first\"\nsteps = [\n  \"a/b.md\",\n  \"a/bb.md\",\n  \"key:nps\",\n]\ntitle = {en = \"A\"}\n"
	paths, diags := Parse("p.toml", []byte(src))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	known := map[string]bool{"a/b.md": true, "a/c.md": true}
	diags = Check("p.toml", paths, func(r string) bool { return known[r] }, []string{"a/b.md", "a/c.md"})
	var got []string
	for _, d := range diags {
		got = append(got, d.String())
	}
	want := []string{
		`p.toml:5: unknown step "a/bb.md" of path "first": no page in any language has this path or translationKey (did you mean "a/b.md"?)`,
		`p.toml:6: unknown step "key:nps" of path "first": no page in any language has this path or translationKey`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if p := paths[0]; p.TitleIn("he") != "A" || p.TitleIn("en") != "A" {
		t.Errorf("TitleIn fallback: %q", p.TitleIn("he"))
	}
}
