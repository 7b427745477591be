package render

import (
	"strings"
	"testing"
)

func TestStackFormula(t *testing.T) {
	long := func(n int) string { return "<mtext>" + strings.Repeat("a", n) + "</mtext>" }
	row := func(parts ...string) string {
		return `<math display="block" dir="ltr"><mrow>` + strings.Join(parts, "") + `</mrow></math>`
	}
	times, eq := "<mo>×</mo>", "<mo>=</mo>"
	line := func(parts ...string) string {
		return "<mtr><mtd><mrow>" + strings.Join(parts, "") + "</mrow></mtd></mtr>"
	}
	frac := func(num, den string) string { return "<mfrac>" + num + den + "</mfrac>" }
	tests := []struct{ name, in, want string }{
		{"fits", row(long(10), eq, long(10), times, "<mn>100</mn>"), row(long(10), eq, long(10), times, "<mn>100</mn>")},
		{"broken after operators", row(long(30), eq, long(30), times, long(30), times, long(30)),
			`<math display="block" dir="ltr"><mtable>` + line(long(30), eq, long(30), times) + line(long(30), times, long(30)) + `</mtable></math>`},
		{"a piece wider than the column stays whole", row(long(90), eq, long(10)),
			`<math display="block" dir="ltr"><mtable>` + line(long(90), eq) + line(long(10)) + `</mtable></math>`},
		{"a numerator too wide is broken", row(long(10), eq, frac("<mrow>"+long(40)+"<mo>−</mo>"+long(40)+"</mrow>", "<mrow>"+long(10)+"</mrow>")),
			`<math display="block" dir="ltr"><mrow>` + long(10) + eq + frac("<mtable>"+line(long(40), "<mo>−</mo>")+line(long(40))+"</mtable>", "<mrow>"+long(10)+"</mrow>") + `</mrow></math>`},
		{"marks take no room", row("<mtext>"+strings.Repeat("กิ", 60)+"</mtext>", eq, "<mn>1</mn>"), row("<mtext>"+strings.Repeat("กิ", 60)+"</mtext>", eq, "<mn>1</mn>")},
		{"not one row", `<math display="block"><mi>x</mi><mi>y</mi></math>`, `<math display="block"><mi>x</mi><mi>y</mi></math>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := stackFormula(tt.in, 40); got != tt.want {
				t.Errorf("stackFormula\n got %s\nwant %s", got, tt.want)
			}
		})
	}
	body := "<p>a</p>" + row(long(30), eq, long(30), times, long(30)) + "<p>b</p>" + row(long(5), eq, long(5))
	if got := stackFormulas(body, 40); !strings.HasPrefix(got, "<p>a</p>") || strings.Count(got, "<mtable>") != 1 || !strings.HasSuffix(got, "<p>b</p>"+row(long(5), eq, long(5))) {
		t.Errorf("stackFormulas: %s", got)
	}
	if c := handoutColumn(210); c < 34 || c > 38 {
		t.Errorf("A4 column %.1f em, want about 36", c)
	}
}
