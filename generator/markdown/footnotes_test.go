package markdown

import (
	"strings"
	"testing"
)

// TestFootnotesNeeded: without the extension a note is a link reference
// definition and its reference a link to a file named after the note's
// text (the link check reported `link to missing file "הערה."`). What the
// extension renders is in testdata/footnotes.txt.
func TestFootnotesNeeded(t *testing.T) {
	plain, _ := renderAlone(t, "טקסט עם הערה[^1].\n\n[^1]: הערה.\n")
	if !strings.Contains(plain, `href="%D7%94%D7%A2%D7%A8%D7%94."`) {
		t.Errorf("expected goldmark alone to make a link of the footnote, got %s", plain)
	}
}

func TestFootnoteNumberInLabel(t *testing.T) {
	label := func(id string) string { return "note ^^" }
	got, _ := renderAlone(t, "a[^x] b[^y]\n\n[^x]: one\n[^y]: two\n", Footnotes{Label: label})
	if !strings.Contains(got, `title="note 2"`) || !strings.Contains(got, `<span class="visually-hidden">note 2</span>`) {
		t.Errorf("^^ not replaced by the note's number: %s", got)
	}
}
