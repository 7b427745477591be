package markdown

import (
	"strings"
	"testing"
)

func TestFootnotes(t *testing.T) {
	src := "טקסט עם הערה[^1] ועוד[^a] ושוב[^1].\n\n[^1]: הערה.\n[^a]: שנייה.\n"
	got, problems := renderAlone(t, src, Footnotes{Label: labels})
	noInline(t, got)
	for _, want := range []string{
		`<sup id="fnref:1"><a href="#fn:1" class="footnote-ref" title="[md.footnote_link]" role="doc-noteref">1</a></sup>`,
		`<sup id="fnref1:1"><a href="#fn:1"`, // the second reference to note 1
		`<sup id="fnref:2"><a href="#fn:2"`,
		`<section class="footnotes" role="doc-endnotes">` + "\n" + `<h2 class="footnotes-title">[md.footnotes]</h2>`,
		`<li id="fn:1">`,
		`<a href="#fnref:1" class="footnote-backref" role="doc-backlink"><span aria-hidden="true">↩</span><span class="visually-hidden">[md.footnote_back]</span></a>`,
		`<a href="#fnref1:1" class="footnote-backref"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in\n%s", want, got)
		}
	}
	if len(problems) != 0 {
		t.Errorf("problems: %v", problems)
	}
	// Without the extension the note is a link reference definition and
	// the reference a link to a file named after the note's text: the
	// link check reported `link to missing file "הערה."`.
	plain, _ := renderAlone(t, src)
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
