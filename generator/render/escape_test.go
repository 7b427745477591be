package render

import (
	"bytes"
	"html/template"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestEscapersAreHTMLTemplates: escHTML, escURL, escURLPath, escURLQuery
// and escURLText write what html/template writes for a value in element
// text, a quoted attribute, <title>, a whole URL attribute, a URL's path
// after its start, a URL's fragment and a refresh's URL, for strings of
// the characters that
// any of its escapers treat specially, letters of other scripts, broken
// UTF-8 and percent escapes.
func TestEscapersAreHTMLTemplates(t *testing.T) {
	tmpl := template.Must(template.New("").Parse(
		`<p>{{.}}</p><p title="{{.}}"></p><title>{{.}}</title><a href="{{.}}"></a><a href="/{{.}}"></a><a href="#{{.}}"></a><meta http-equiv="refresh" content="0; url={{.}}">`))
	parts := []string{"a", "Z", "0", "<", ">", "&", "'", `"`, "+", "\x00", " ", "=", "`", "%", "%2F", "%zz", "#", "?", "/", ":",
		"javascript:", "http:", "HTTPS:", "mailto:", "data:", "א", "ع", "ไ", "\xff", "\u202e", "\ufdd0", "(", ")", "{", "\\", "~", "!", "*", "[", "é"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var s strings.Builder
		for range rng.IntN(8) {
			s.WriteString(parts[rng.IntN(len(parts))])
		}
		var want, got bytes.Buffer
		if err := tmpl.Execute(&want, s.String()); err != nil {
			t.Fatal(err)
		}
		o := w{Buffer: &got}
		o.s("<p>")
		o.h(s.String())
		o.s(`</p><p title="`)
		o.h(s.String())
		o.s(`"></p><title>`)
		o.h(s.String())
		o.s(`</title><a href="`)
		o.u(s.String())
		o.s(`"></a><a href="/`)
		o.un(s.String())
		o.s(`"></a><a href="#`)
		o.uq(s.String())
		o.s(`"></a><meta http-equiv="refresh" content="0; url=`)
		o.uf(s.String())
		o.s(`">`)
		if got.String() != want.String() {
			t.Fatalf("%q:\n got %s\nwant %s", s.String(), got.String(), want.String())
		}
	}
}
