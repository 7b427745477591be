package parse

import (
	"testing"
	"unicode/utf8"
)

// FuzzSplitFrontMatter: any input decodes without panic, the body offset is
// inside the input, and every diagnostic has a line inside the file.
func FuzzSplitFrontMatter(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: x\n---\nbody", "+++\ntitle = 'x'\n+++\n", "---\ntopics: [a, b\n---\n",
		"---\n---\n", "---\ntitle: x\ntitle: y\n---", "\n\n---\nweight: x\n---\n", "---\n: :\n---\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		fm, diags := SplitFrontMatter("f.md", []byte(src))
		if fm.BodyOffset < 0 || fm.BodyOffset > len(src) {
			t.Fatalf("body offset %d outside input of %d bytes", fm.BodyOffset, len(src))
		}
		lines := 1
		for _, c := range src {
			if c == '\n' {
				lines++
			}
		}
		for _, d := range diags {
			if d.Pos.Line < 0 || d.Pos.Line > lines+1 {
				t.Errorf("diagnostic line %d outside a %d-line file: %s", d.Pos.Line, lines, d)
			}
			if !utf8.ValidString(d.Msg) && utf8.ValidString(src) {
				t.Errorf("invalid UTF-8 in message %q", d.Msg)
			}
		}
	})
}
