package metric

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"strconv"
	"strings"
)

// precedence orders operators for parenthesizing MathML.
func precedence(op string) int {
	switch op {
	case "+", "-":
		return 1
	case "*", "/":
		return 2
	case "neg":
		return 3
	}
	return 4
}

// MathML renders the formula as presentation MathML: fractions as mfrac,
// inputs as their localized labels, × and − as operators. dir is the page's
// direction: in a right-to-left page the formula reads right to left, as
// the seeds write it, with mirrored parentheses and numbers left to right.
func (m *Metric) MathML(label func(key string) string, dir string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<math display="block" dir="%s">`, dir)
	b.WriteString("<mrow>")
	b.WriteString(`<mtext>` + html.EscapeString(label("metric."+m.ID+".output")) + `</mtext><mo>=</mo>`)
	writeMath(&b, m.Node, m.ID, label, 0)
	b.WriteString("</mrow></math>")
	return b.String()
}

func writeMath(b *strings.Builder, n *Node, id string, label func(string) string, parent int) {
	p := precedence(n.Op)
	paren := p < parent
	if paren {
		b.WriteString("<mrow><mo>(</mo>")
	}
	switch n.Op {
	case "num":
		b.WriteString("<mn>" + strconv.FormatFloat(n.Value, 'f', -1, 64) + "</mn>")
	case "var":
		b.WriteString("<mtext>" + html.EscapeString(label("metric."+id+"."+n.Name)) + "</mtext>")
	case "neg":
		b.WriteString("<mo>−</mo>")
		writeMath(b, n.Args[0], id, label, p)
	case "/":
		// The fraction bar groups: no parentheses needed inside.
		b.WriteString("<mfrac><mrow>")
		writeMath(b, n.Args[0], id, label, 0)
		b.WriteString("</mrow><mrow>")
		writeMath(b, n.Args[1], id, label, 0)
		b.WriteString("</mrow></mfrac>")
	case "call":
		b.WriteString("<mi>" + n.Name + "</mi><mo>(</mo>")
		for i, a := range n.Args {
			if i > 0 {
				b.WriteString("<mo>,</mo>")
			}
			writeMath(b, a, id, label, 0)
		}
		b.WriteString("<mo>)</mo>")
	default:
		writeMath(b, n.Args[0], id, label, p)
		b.WriteString("<mo>" + map[string]string{"+": "+", "-": "−", "*": "×"}[n.Op] + "</mo>")
		// Right operand of - binds tighter: a − (b − c).
		writeMath(b, n.Args[1], id, label, p+boolInt(n.Op == "-"))
	}
	if paren {
		b.WriteString("<mo>)</mo></mrow>")
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// View is what a calculator block needs to render on a page.
type View struct {
	Prefix string             // unique per page: element IDs start with it
	Values map[string]float64 // defaults from the block; override metrics.toml
	Label  func(key string) string
	Dir    string
	Level  int // heading level of the title, 2 to 6; 0 means 2
}

// WriteHTML writes the calculator: title, explanation, MathML formula, a
// labelled input per input, and an aria-live output. Everything the script
// needs is in data attributes (the formula as data, never code); without the
// script the formula and labels stay readable.
//
// A metric that is not OK (its formula or a check did not parse: Load
// reported why) is an error, and nothing is written.
func (m *Metric) WriteHTML(w io.Writer, v View) error {
	if !m.OK() {
		return fmt.Errorf("metric %s has errors in its definition", m.ID)
	}
	e := html.EscapeString
	L := func(k string) string { return e(v.Label(k)) }
	p := "metric." + m.ID + "."
	formula, _ := json.Marshal(m.Node.Data())
	checks := []map[string]any{}
	for _, c := range m.Checks {
		vars := c.Node.Vars()
		checks = append(checks, map[string]any{"rule": c.Node.Data(), "message": v.Label(p + c.Message), "input": vars[0].Name})
	}
	checksJSON, _ := json.Marshal(checks)
	msgs := map[string]string{}
	for _, k := range []string{"invalid_number", "negative", "not_integer", "too_large", "above_max", "below_min", "division_by_zero",
		"division_by_zero_inputs", "not_computable", "quoted", "ambiguous_number", "scroll_hint"} {
		msgs[k] = v.Label("calculator." + k)
	}
	msgJSON, _ := json.Marshal(msgs)
	var b strings.Builder
	currency := ""
	if m.Currency != "" {
		currency = ` data-currency="` + m.Currency + `"`
	}
	fmt.Fprintf(&b, `<section class="calculator" id="%s" data-metric="%s" data-unit="%s"%s data-decimals="%d" data-formula="%s" data-checks="%s" data-messages="%s" aria-labelledby="%s-title">`+"\n",
		v.Prefix, m.ID, m.Unit, currency, m.Decimals, e(string(formula)), e(string(checksJSON)), e(string(msgJSON)), v.Prefix)
	level := min(max(v.Level, 2), 6)
	fmt.Fprintf(&b, `<h%d id="%s-title">%s</h%d>`+"\n", level, v.Prefix, L(p+"name"), level)
	fmt.Fprintf(&b, "<p>%s</p>\n", L(p+"explain"))
	// A formula wider than the column scrolls: focusable, so a keyboard
	// reader can scroll it too, and named for the screen reader that lands
	// on it.
	fmt.Fprintf(&b, `<div class="calc-formula" tabindex="0" role="group" aria-label="%s">`, L("calculator.formula"))
	b.WriteString(m.MathML(v.Label, v.Dir) + "</div>\n")
	b.WriteString(`<form class="calc-form" method="get" data-calculator-form>` + "\n")
	for _, in := range m.Inputs {
		m.writeInput(&b, in, v)
	}
	b.WriteString("</form>\n")
	fmt.Fprintf(&b, `<p class="calc-result"><span id="%s-out-label">%s</span> <output id="%s-out" data-metric-output="%s" data-value="" aria-live="polite" aria-labelledby="%s-out-label">—</output></p>`+"\n",
		v.Prefix, L(p+"output"), v.Prefix, m.ID, v.Prefix)
	fmt.Fprintf(&b, `<p class="calc-nojs">%s</p>`+"\n", L("calculator.no_js"))
	b.WriteString("</section>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func (m *Metric) writeInput(b *strings.Builder, in Input, v View) {
	e := html.EscapeString
	id := v.Prefix + "-" + in.ID
	key := "metric." + m.ID + "." + in.ID
	attrs := fmt.Sprintf(` data-input="%s" data-kind="%s" data-integer="%t"`, in.ID, in.Kind, in.Whole())
	if lo, ok := in.Lower(); ok {
		attrs += fmt.Sprintf(` data-min="%s"`, num(lo))
	}
	if in.Max != nil {
		attrs += fmt.Sprintf(` data-max="%s"`, num(*in.Max))
	}
	value := ""
	if in.Default != nil {
		value = num(*in.Default)
	}
	if d, ok := v.Values[in.ID]; ok {
		value = num(d)
	}
	fmt.Fprintf(b, `<div class="calc-field"><label for="%s">%s</label>`, id, e(v.Label(key)))
	fmt.Fprintf(b, `<input id="%s" name="%s.%s" type="text" inputmode="decimal" autocomplete="off" value="%s"%s aria-describedby="%s-help %s-error">`,
		id, m.ID, in.ID, value, attrs, id, id)
	fmt.Fprintf(b, `<span class="help" id="%s-help">%s</span><span class="error" id="%s-error" data-error-for="%s"></span></div>`+"\n",
		id, e(v.Label(key+"_help")), id, in.ID)
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
