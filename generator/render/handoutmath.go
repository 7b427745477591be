package render

import (
	"html"
	"strings"
	"unicode"
)

// A calculator's formula too wide for a printed page is broken into lines
// on the handout, as calculator.js breaks it on screen: after operators,
// each line no wider than the column, as a MathML table of rows (browsers
// do not break MathML lines). On screen the script measures; a handout is
// laid out by the print engine, where no script runs again, so the width
// is estimated from the formula's text: printedEm per character (measured
// in print: 0.47 em for Cyrillic labels, less for Thai), an operator opEm,
// against the calculator's column on the site's paper (handoutColumn).
const (
	printedEm = 0.5
	opEm      = 1.5
)

// handoutColumn is the width, in em, a formula may take on a handout
// printed on paper (config.Print) that is widthMM wide: the page less
// style.css's margins (16 mm a side) and the calculator's padding and
// border (34 px), at 16 px to the em, with a tenth to spare.
func handoutColumn(widthMM float64) float64 {
	px := (widthMM-32)*96/25.4 - 34
	return 0.9 * px / 16
}

// stackFormulas breaks each block formula of a handout's body that is
// wider than column (em) into lines (see stackFormula).
func stackFormulas(body string, column float64) string {
	const open, end = `<math display="block"`, "</math>"
	var out strings.Builder
	for {
		i := strings.Index(body, open)
		if i < 0 {
			break
		}
		j := strings.Index(body[i:], end)
		if j < 0 {
			break
		}
		j += i + len(end)
		out.WriteString(body[:i])
		out.WriteString(stackFormula(body[i:j], column))
		body = body[j:]
	}
	out.WriteString(body)
	return out.String()
}

// stackFormula breaks math, one <math> element whose only child is an
// mrow, into lines when it is wider than column: first the numerators and
// denominators too wide by themselves, then its row. Anything else is
// returned as it is.
func stackFormula(math string, column float64) string {
	start := strings.IndexByte(math, '>') + 1
	inner := math[start : len(math)-len("</math>")]
	kids := elements(inner)
	if len(kids) != 1 || tagName(kids[0]) != "mrow" || width(kids[0]) <= column {
		return math
	}
	row := children(kids[0])
	for i, k := range row {
		if tagName(k) != "mfrac" {
			continue
		}
		parts := children(k)
		for j, p := range parts {
			if tagName(p) == "mrow" && width(p) > column {
				parts[j] = stackRow(children(p), column)
			}
		}
		row[i] = openTag(k) + strings.Join(parts, "") + "</mfrac>"
	}
	return math[:start] + stackRow(row, column) + "</math>"
}

// stackRow lays pieces out as lines no wider than column, broken after
// operators, as an mtable; a piece wider than that stays whole on its line.
func stackRow(pieces []string, column float64) string {
	var lines [][]string
	used := 0.0
	for i, p := range pieces {
		w := width(p)
		if len(lines) == 0 || used+w > column && i > 0 && tagName(pieces[i-1]) == "mo" {
			lines = append(lines, nil)
			used = 0
		}
		lines[len(lines)-1] = append(lines[len(lines)-1], p)
		used += w
	}
	if len(lines) < 2 {
		return "<mrow>" + strings.Join(pieces, "") + "</mrow>"
	}
	var b strings.Builder
	b.WriteString("<mtable>")
	for _, l := range lines {
		b.WriteString("<mtr><mtd><mrow>" + strings.Join(l, "") + "</mrow></mtd></mtr>")
	}
	b.WriteString("</mtable>")
	return b.String()
}

// width estimates how wide MathML element e prints, in em.
func width(e string) float64 {
	switch tagName(e) {
	case "mo":
		return opEm
	case "mfrac", "mtable": // the widest part, the widest line
		w := 0.0
		for _, c := range children(e) {
			w = max(w, width(c))
		}
		return w
	case "mtext", "mn", "mi", "ms":
		n := 0
		for _, r := range html.UnescapeString(e[len(openTag(e)) : len(e)-len(tagName(e))-3]) {
			if !unicode.Is(unicode.Mn, r) {
				n++
			}
		}
		return float64(n) * printedEm
	}
	w := 0.0
	for _, c := range children(e) {
		w += width(c)
	}
	return w
}

// children returns the child elements of element e.
func children(e string) []string {
	if strings.HasSuffix(e, "/>") {
		return nil
	}
	return elements(e[len(openTag(e)) : len(e)-len(tagName(e))-3])
}

// elements splits s, a sequence of whole elements (text between them is
// dropped), into them.
func elements(s string) []string {
	var out []string
	depth, start := 0, -1
	for i := 0; i < len(s); {
		lt := strings.IndexByte(s[i:], '<')
		if lt < 0 {
			break
		}
		lt += i
		gt := strings.IndexByte(s[lt:], '>')
		if gt < 0 {
			break
		}
		gt += lt + 1
		switch tag := s[lt:gt]; {
		case strings.HasPrefix(tag, "</"):
			depth--
		case !strings.HasSuffix(tag, "/>"):
			if depth == 0 {
				start = lt
			}
			depth++
		case depth == 0:
			out = append(out, tag)
		}
		if depth == 0 && start >= 0 {
			out = append(out, s[start:gt])
			start = -1
		}
		i = gt
	}
	return out
}

// openTag returns e's opening tag.
func openTag(e string) string { return e[:strings.IndexByte(e, '>')+1] }

// tagName returns the name of element e.
func tagName(e string) string {
	n := strings.IndexFunc(e[1:], func(r rune) bool { return r == ' ' || r == '>' || r == '/' })
	if n < 0 {
		return ""
	}
	return e[1 : 1+n]
}
