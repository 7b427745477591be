package translate

import (
	"fmt"
	"strconv"
	"strings"

	"rapport/generator/translate/blocks"
)

// PO placeholders: inline codes are written {1}…{/1} (paired) and {2/}
// (standalone); a literal "{" in the text is written "{{".

func placeholders(ps []blocks.Piece) string {
	var b strings.Builder
	for _, p := range ps {
		switch p.Code {
		case blocks.TextPiece:
			b.WriteString(strings.ReplaceAll(p.Text, "{", "{{"))
		case blocks.Ph:
			fmt.Fprintf(&b, "{%d/}", p.ID)
		case blocks.Open:
			fmt.Fprintf(&b, "{%d}", p.ID)
		case blocks.Close:
			fmt.Fprintf(&b, "{/%d}", p.ID)
		}
	}
	return b.String()
}

func writePO(b *strings.Builder, ex *Export) {
	b.WriteString("# Translation of a rapport site, made by rapport translate export.\n")
	b.WriteString("# Inline codes: {1}…{/1} around text (a link, emphasis), {2/} alone (code, a\n")
	b.WriteString("# footnote reference, a line break); move them, keep them all. \"{{\" is a \"{\".\n")
	b.WriteString("msgid \"\"\nmsgstr \"\"\n")
	header := []string{
		"Project-Id-Version: rapport",
		"Language: " + ex.Lang,
		"Language-Team: " + ex.Lang,
		"Last-Translator: ",
		"PO-Revision-Date: ",
		"MIME-Version: 1.0",
		"Content-Type: text/plain; charset=UTF-8",
		"Content-Transfer-Encoding: 8bit",
		"X-Source-Language: " + ex.From,
		"X-Text-Direction: " + ex.Dir,
	}
	for _, h := range header {
		fmt.Fprintf(b, "%s\n", poQuote(h+"\n"))
	}
	for _, f := range ex.Files {
		for _, u := range f.Units {
			writePOUnit(b, f, u)
		}
	}
}

func writePOUnit(b *strings.Builder, f File, u Unit) {
	b.WriteString("\n")
	for _, n := range notes(u) {
		if n.previous {
			continue
		}
		for _, l := range strings.Split(n.text, "\n") {
			fmt.Fprintf(b, "#. %s\n", l)
		}
	}
	fmt.Fprintf(b, "#: %s:%d\n", f.Source, u.Line)
	if u.State == NeedsReview && u.Target != nil {
		b.WriteString("#, fuzzy\n")
		if u.Prev != "" {
			fmt.Fprintf(b, "#| msgid %s\n", strings.ReplaceAll(poQuote(placeholders(blocks.Tokenize(u.Prev))), "\n", "\n#| "))
		}
	}
	fmt.Fprintf(b, "msgctxt %s\n", poQuote(unitName(f, u)))
	fmt.Fprintf(b, "msgid %s\n", poQuote(placeholders(u.Source)))
	fmt.Fprintf(b, "msgstr %s\n", poQuote(placeholders(u.Target)))
}

// poQuote writes a PO string, split after each "\n" as gettext does.
func poQuote(s string) string {
	if !strings.Contains(strings.TrimSuffix(s, "\n"), "\n") {
		return poEscape(s)
	}
	var parts []string
	for _, l := range strings.SplitAfter(s, "\n") {
		if l != "" {
			parts = append(parts, poEscape(l))
		}
	}
	return "\"\"\n" + strings.Join(parts, "\n")
}

func poEscape(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 {
				b.WriteString(strconv.QuoteRune(r))
				continue
			}
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
