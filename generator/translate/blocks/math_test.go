package blocks

import (
	"reflect"
	"testing"
)

// TestTokenizeMath: inline math travels to translators as one code, which
// they may move but not change; prices stay text, as in the Markdown.
func TestTokenizeMath(t *testing.T) {
	got := Tokenize(`מה ערכו של $\frac{9}{10}$? $5 and $10, or \$5.`)
	want := []Piece{
		{Text: "מה ערכו של "},
		{Text: `$\frac{9}{10}$`, Code: Ph, ID: 1, Type: "math"},
		{Text: `? $5 and $10, or \$5.`},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %#v\nwant %#v", got, want)
	}
}
