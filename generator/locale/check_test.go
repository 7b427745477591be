package locale

import (
	"strings"
	"testing"

	"rapport"
	"rapport/generator/load"
)

// TestSiteStringsAreData: a site's message may use the placeholders the
// built-in English message of its ID uses, and nothing else; a file with
// any other template action is refused whole, with every problem at its
// line, and the language's strings fall back to the built-in ones.
func TestSiteStringsAreData(t *testing.T) {
	good := "[certificate]\nnot_complete = \"Hotovo {{.Done}} z {{.Total}}\"\n"
	b, diags := Load(rapport.Locales(), []load.Source{{Path: "locales/cs.toml", Lang: "cs", Data: []byte(good)}})
	if len(diags) != 0 {
		t.Fatalf("declared placeholders refused: %v", diags)
	}
	if got, _ := b.For("cs").T("certificate.not_complete", map[string]any{"Done": 2, "Total": 3}); got != "Hotovo 2 z 3" {
		t.Errorf("got %q", got)
	}
	bad := "[certificate]\nnot_complete = \"{{.Done}} z {{.Total}} {{.Path}}\"\n\n[nav]\nskip = '{{template \"x\"}}'\n"
	b, diags = Load(rapport.Locales(), []load.Source{{Path: "locales/cs.toml", Lang: "cs", Data: []byte(bad)}})
	want := []string{
		`locales/cs.toml:2: certificate.not_complete: "{{.Path}}" is not allowed in a UI string: only its placeholders {{.Done}}, {{.Total}} may be used, written exactly so`,
		`locales/cs.toml:5: nav.skip: "{{template \"x\"}}" is not allowed in a UI string: this string takes no placeholders; write plain text`,
	}
	if len(diags) != len(want) {
		t.Fatalf("got %v, want %d errors", diags, len(want))
	}
	for i, w := range want {
		if diags[i].String() != w {
			t.Errorf("got  %s\nwant %s", diags[i], w)
		}
	}
	if got, _ := b.For("cs").T("nav.skip", nil); strings.Contains(got, "{{") {
		t.Errorf("the refused file was used: %q", got)
	}
}
