package metric

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse: any formula parses or fails with an error positioned inside
// the text; a parsed formula evaluates without panicking, and its data form
// and MathML are produced for any input.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"((end - new) / start) * 100", "min(a, b) + round(-c)", "a <= b", "((((", "1e9", "a / 0", "-(-(-a))", "max()", "a,b", "1.5e3 * a", "1 <= 2", "a <= (b", "2e", "a $ b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		n, err := Parse(src, true)
		if err != nil {
			se, ok := err.(*SyntaxError)
			if !ok || se.Pos < 0 || se.Pos > len(src) {
				t.Fatalf("error %v not positioned inside %q", err, src)
			}
			if utf8.ValidString(src) && !utf8.ValidString(se.Msg) {
				t.Errorf("message is not UTF-8: %q", se.Msg)
			}
			return
		}
		vars := map[string]float64{}
		for _, v := range n.Vars() {
			vars[v.Name] = 3
		}
		n.Eval(vars)
		n.Data()
		m := &Metric{ID: "x", Node: n}
		if out := m.MathML(func(k string) string { return k }, "rtl"); !strings.HasPrefix(out, "<math") {
			t.Errorf("MathML %q", out)
		}
	})
}
