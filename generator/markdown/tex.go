package markdown

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The TeX that inline math ([Maths]) accepts, turned into presentation
// MathML without a script: the part of LaTeX that training material
// needs. Numbers (1.5, 1,000), letters (a run of Latin letters is one
// upright name: NPS), words in other scripts (as text), operators (- as −,
// * as ×), groups {…}, x^2 and x_i, \frac{a}{b}, \sqrt{x}, \sqrt[3]{x},
// \text{…}, \left( and \right), spaces (\, \; \quad) and the symbols of
// texSymbols. Anything else is shown as written and reported.

// mnode is one MathML element: a token (mn, mi, mo, mtext) with its text,
// or a layout element (mrow, mfrac, msqrt, mroot, msup, msub) with its
// children.
type mnode struct {
	tag, text, attr string
	kids            []*mnode
}

// texSymbols are the commands that stand for one character.
var texSymbols = map[string]string{
	"times": "×", "cdot": "⋅", "div": "÷", "pm": "±", "mp": "∓", "le": "≤", "leq": "≤",
	"ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠", "approx": "≈", "equiv": "≡", "sim": "∼",
	"to": "→", "rightarrow": "→", "leftarrow": "←", "Rightarrow": "⇒", "infty": "∞",
	"sum": "∑", "prod": "∏", "ldots": "…", "cdots": "⋯", "dots": "…", "in": "∈",
	"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "lambda": "λ",
	"mu": "μ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "φ", "omega": "ω",
	"Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Pi": "Π", "Sigma": "Σ",
	"Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
	"%": "%", "$": "$", "#": "#", "&": "&", "_": "_", "{": "{", "}": "}",
}

// texSpaces are the spacing commands and their widths.
var texSpaces = map[string]string{",": "0.17em", ":": "0.22em", ";": "0.28em", " ": "0.25em", "quad": "1em", "qquad": "2em", "!": "0"}

// texOperators are the characters shown as operators, as they are shown.
var texOperators = map[rune]string{'-': "−", '*': "×", '\'': "′"}

// texParser reads one formula; unknown collects the commands it did not
// know, with their byte offsets.
type texParser struct {
	s       string
	i       int
	unknown []texUnknown
}

type texUnknown struct {
	at   int
	name string
}

// parseTeX returns the formula's MathML tree and the commands not known.
func parseTeX(s string) (*mnode, []texUnknown) {
	p := &texParser{s: s}
	return &mnode{tag: "mrow", kids: p.all()}, p.unknown
}

// all reads rows to the end: a stray } ends a row, the rest follows it.
func (p *texParser) all() []*mnode {
	var kids []*mnode
	for p.i < len(p.s) {
		kids = append(kids, p.row()...)
	}
	return kids
}

// row reads atoms, each with its scripts, up to a closing brace (which
// it consumes) or the end.
func (p *texParser) row() []*mnode {
	var kids []*mnode
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '}':
			p.i++
			return kids
		case c == ' ' || c == '\t' || c == '\n':
			p.i++
		default:
			if a := p.atom(); a != nil {
				kids = append(kids, p.scripts(a))
			}
		}
	}
	return kids
}

// scripts reads x^a, x_b and x_b^a after the base.
func (p *texParser) scripts(base *mnode) *mnode {
	var sub, sup *mnode
	for p.i < len(p.s) && (p.s[p.i] == '^' || p.s[p.i] == '_') {
		c := p.s[p.i]
		if c == '^' && sup != nil || c == '_' && sub != nil {
			break // x_1_2: the second script gets an empty base of its own
		}
		p.i++
		if c == '^' {
			sup = p.arg()
		} else {
			sub = p.arg()
		}
	}
	switch {
	case sub != nil && sup != nil:
		return &mnode{tag: "msubsup", kids: []*mnode{base, sub, sup}}
	case sub != nil:
		return &mnode{tag: "msub", kids: []*mnode{base, sub}}
	case sup != nil:
		return &mnode{tag: "msup", kids: []*mnode{base, sup}}
	}
	return base
}

// arg reads a command's argument or a script: a group or one atom.
func (p *texParser) arg() *mnode {
	for p.i < len(p.s) && p.s[p.i] == ' ' {
		p.i++
	}
	if p.i >= len(p.s) || p.s[p.i] == '}' {
		return &mnode{tag: "mrow"}
	}
	if p.s[p.i] == '{' {
		p.i++
		return &mnode{tag: "mrow", kids: p.row()}
	}
	if a := p.atom(); a != nil {
		return a
	}
	return &mnode{tag: "mrow"}
}

// atom reads one token, group or command; nil for a command that shows
// nothing (\left).
func (p *texParser) atom() *mnode {
	r, n := utf8.DecodeRuneInString(p.s[p.i:])
	switch {
	case r == '{':
		p.i++
		return &mnode{tag: "mrow", kids: p.row()}
	case r == '\\':
		return p.command()
	case r == '^' || r == '_':
		return &mnode{tag: "mrow"} // a script with no base: scripts reads it
	case r < utf8.RuneSelf && isDigitByte(byte(r)):
		return &mnode{tag: "mn", text: p.span(isNumberRune)}
	case r < utf8.RuneSelf && unicode.IsLetter(r):
		return &mnode{tag: "mi", text: p.span(func(r rune, _ int) bool { return r < utf8.RuneSelf && unicode.IsLetter(r) })}
	case unicode.IsLetter(r):
		return &mnode{tag: "mtext", text: strings.TrimSpace(p.span(p.isWordRune))}
	}
	p.i += n
	if s, ok := texOperators[r]; ok {
		return &mnode{tag: "mo", text: s}
	}
	return &mnode{tag: "mo", text: string(r)}
}

func isDigitByte(c byte) bool { return '0' <= c && c <= '9' }

// isNumberRune: digits, and a . or , between digits.
func isNumberRune(r rune, next int) bool {
	return '0' <= r && r <= '9' || (r == '.' || r == ',') && next >= 0 && isDigitByte(byte(next))
}

// isWordRune: a letter or mark of any script, or a space followed by one
// (words in Hebrew, Arabic or Thai stay one text).
func (p *texParser) isWordRune(r rune, next int) bool {
	if r == ' ' {
		return next >= utf8.RuneSelf
	}
	return r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsMark(r))
}

// span reads runes while ok(rune, next byte or -1) holds.
func (p *texParser) span(ok func(r rune, next int) bool) string {
	start := p.i
	for p.i < len(p.s) {
		r, n := utf8.DecodeRuneInString(p.s[p.i:])
		next := -1
		if p.i+n < len(p.s) {
			next = int(p.s[p.i+n])
		}
		if !ok(r, next) {
			break
		}
		p.i += n
	}
	return p.s[start:p.i]
}

// command reads a command from its backslash.
func (p *texParser) command() *mnode {
	at := p.i
	p.i++
	name := p.span(func(r rune, _ int) bool { return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' })
	if name == "" && p.i < len(p.s) {
		_, n := utf8.DecodeRuneInString(p.s[p.i:])
		name = p.s[p.i : p.i+n]
		p.i += n
	}
	if s, ok := texSymbols[name]; ok {
		tag := "mo"
		if unicode.IsLetter([]rune(s)[0]) || s == "∞" {
			tag = "mi"
		}
		return &mnode{tag: tag, text: s}
	}
	if w, ok := texSpaces[name]; ok {
		return &mnode{tag: "mspace", attr: ` width="` + w + `"`}
	}
	return p.layout(at, name)
}

// layout reads the commands with arguments.
func (p *texParser) layout(at int, name string) *mnode {
	switch name {
	case "frac", "dfrac", "tfrac":
		return &mnode{tag: "mfrac", kids: []*mnode{p.arg(), p.arg()}}
	case "sqrt":
		if p.i < len(p.s) && p.s[p.i] == '[' {
			end := strings.IndexByte(p.s[p.i:], ']')
			if end > 0 {
				sub := &texParser{s: p.s[p.i+1 : p.i+end]}
				index := sub.all()
				for _, u := range sub.unknown {
					p.unknown = append(p.unknown, texUnknown{at: p.i + 1 + u.at, name: u.name})
				}
				p.i += end + 1
				return &mnode{tag: "mroot", kids: []*mnode{p.arg(), {tag: "mrow", kids: index}}}
			}
		}
		return &mnode{tag: "msqrt", kids: []*mnode{p.arg()}}
	case "text", "textrm", "mathrm", "operatorname", "mbox":
		return &mnode{tag: "mtext", text: p.rawArg()}
	case "left", "right", "big", "Big":
		if p.i < len(p.s) && p.s[p.i] == '.' {
			p.i++
		}
		return nil // the delimiter after it is an operator
	}
	p.unknown = append(p.unknown, texUnknown{at: at, name: name})
	return &mnode{tag: "mtext", text: `\` + name}
}

// rawArg reads a {…} argument as text, braces nesting.
func (p *texParser) rawArg() string {
	for p.i < len(p.s) && p.s[p.i] == ' ' {
		p.i++
	}
	if p.i >= len(p.s) || p.s[p.i] != '{' {
		return ""
	}
	depth, start := 0, p.i+1
	for ; p.i < len(p.s); p.i++ {
		switch p.s[p.i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				p.i++
				return p.s[start : p.i-1]
			}
		}
	}
	return p.s[start:]
}

// writeMathML writes n as MathML.
func writeMathML(b *strings.Builder, n *mnode) {
	b.WriteString("<" + n.tag + n.attr + ">")
	b.WriteString(html.EscapeString(n.text))
	for _, k := range n.kids {
		writeMathML(b, k)
	}
	b.WriteString("</" + n.tag + ">")
}

// writeMathText writes n as plain text, for search, headings, names and
// places that show text only: fractions as a/b, scripts as ^ and _, roots
// as √ (an index before it: 3√z).
func writeMathText(b *strings.Builder, n *mnode) {
	seps := map[string][]string{"mfrac": {"", "/"}, "msup": {"", "^"}, "msub": {"", "_"},
		"msubsup": {"", "_", "^"}, "msqrt": {"√"}, "mroot": {"√", ""}}[n.tag]
	switch n.tag {
	case "mspace":
		b.WriteString(" ")
	case "mo":
		if n.text != "(" && n.text != ")" && n.text != "′" && n.text != "," {
			b.WriteString(" " + n.text + " ")
			return
		}
	case "mroot": // index first
		n = &mnode{tag: n.tag, kids: []*mnode{n.kids[1], n.kids[0]}}
		seps = []string{"", "√"}
	}
	b.WriteString(n.text)
	for i, k := range n.kids {
		if i < len(seps) {
			b.WriteString(seps[i])
		}
		grouped := seps != nil && len(k.kids) > 1
		if grouped {
			b.WriteString("(")
		}
		writeMathText(b, k)
		if grouped {
			b.WriteString(")")
		}
	}
}

// mathText returns the formula as plain text ("a/b", "x^2", "−", "×").
func mathText(n *mnode) string {
	var b strings.Builder
	writeMathText(&b, n)
	return strings.Join(strings.Fields(b.String()), " ")
}
