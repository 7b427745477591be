package translate

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"rapport/generator/translate/blocks"
)

// Formats: XLIFF 1.2 (what most CAT tools take), XLIFF 2.1 and PO.
const (
	XLIFF12 = "xliff"
	XLIFF21 = "xliff2"
	PO      = "po"
)

// Write writes ex in a format.
func Write(w io.Writer, ex *Export, format string) error {
	var b strings.Builder
	switch format {
	case XLIFF12:
		writeXLIFF12(&b, ex)
	case XLIFF21:
		writeXLIFF21(&b, ex)
	case PO:
		writePO(&b, ex)
	default:
		return fmt.Errorf("unknown format %q: xliff, xliff2 or po", format)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// esc escapes text for XML content and attributes; characters XML cannot
// hold are left out (they cannot be in valid Markdown text either).
func esc(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\n' || r == '\t':
			fmt.Fprintf(&b, "&#%d;", r)
		case r < 0x20 || r == utf8.RuneError || r == 0xFFFE || r == 0xFFFF:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// escText escapes element content, keeping line breaks as they are.
func escText(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(esc(s), "&#10;", "\n"), "&#9;", "\t")
}

func unitName(f File, u Unit) string { return f.Source + "#" + u.Key }

func writeXLIFF12(b *strings.Builder, ex *Export) {
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	b.WriteString("<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n")
	for _, f := range ex.Files {
		fmt.Fprintf(b, "  <file original=\"%s\" source-language=\"%s\" target-language=\"%s\" datatype=\"x-markdown\" tool-id=\"rapport\">\n",
			esc(f.Source), ex.From, ex.Lang)
		b.WriteString("    <header>\n      <tool tool-id=\"rapport\" tool-name=\"rapport\"/>\n")
		fmt.Fprintf(b, "      <note from=\"rapport\">%s</note>\n", esc(fileNote(ex, f)))
		b.WriteString("    </header>\n    <body>\n")
		for _, u := range f.Units {
			writeUnit12(b, f, u)
		}
		b.WriteString("    </body>\n  </file>\n")
	}
	b.WriteString("</xliff>\n")
}

func fileNote(ex *Export, f File) string {
	return fmt.Sprintf("Page %q; translation: %s; source direction: %s, target direction: %s", f.Title, f.Target, ex.SrcDir, ex.Dir)
}

func writeUnit12(b *strings.Builder, f File, u Unit) {
	fmt.Fprintf(b, "      <trans-unit id=\"%s\" resname=\"%s\" restype=\"x-%s\" xml:space=\"preserve\">\n", u.Key, esc(unitName(f, u)), u.Kind)
	fmt.Fprintf(b, "        <source>%s</source>\n", inline12(u.Source))
	if u.Target != nil {
		state := ` state="translated"`
		if u.State == NeedsReview {
			state = ` state="needs-review-translation"`
		}
		if u.Prefilled != "" {
			state += ` state-qualifier="leveraged-tm"`
		}
		fmt.Fprintf(b, "        <target%s>%s</target>\n", state, inline12(u.Target))
	}
	fmt.Fprintf(b, "        <context-group purpose=\"location\"><context context-type=\"sourcefile\">%s</context><context context-type=\"linenumber\">%d</context></context-group>\n", esc(f.Source), u.Line)
	for _, n := range notes(u) {
		annotates := ""
		if n.previous {
			annotates = ` annotates="source"`
		}
		fmt.Fprintf(b, "        <note from=\"rapport\"%s>%s</note>\n", annotates, escText(n.text))
	}
	b.WriteString("      </trans-unit>\n")
}

type note struct {
	text     string
	previous bool
}

func notes(u Unit) []note {
	ctx := u.Kind
	if u.Context != "" {
		ctx += " in " + u.Context
	}
	out := []note{{text: ctx}}
	switch {
	case u.Prefilled != "":
		out = append(out, note{text: "Pre-filled from " + u.Prefilled + ", where the same text is translated: check it fits here."})
	case u.State == NeedsReview && u.Prev != "":
		out = append(out, note{text: "Previous source: " + u.Prev, previous: true})
	case u.State == NeedsReview:
		out = append(out, note{text: "The source page changed since this translation; its previous text is not in the site's history."})
	}
	return out
}

var ctype12 = map[string]string{"bold": "bold", "italic": "italic", "link": "link", "br": "lb"}

func ctype(typ string) string {
	if c, ok := ctype12[typ]; ok {
		return c
	}
	return "x-" + typ
}

func inline12(ps []blocks.Piece) string {
	var b strings.Builder
	for _, p := range ps {
		switch p.Code {
		case blocks.TextPiece:
			b.WriteString(escText(p.Text))
		case blocks.Ph:
			fmt.Fprintf(&b, `<x id="%d" ctype="%s"/>`, p.ID, ctype(p.Type))
		case blocks.Open:
			fmt.Fprintf(&b, `<g id="%d" ctype="%s">`, p.ID, ctype(p.Type))
		case blocks.Close:
			b.WriteString("</g>")
		}
	}
	return b.String()
}

// fileID is an XLIFF 2 file id (an XML name token) for the n-th file.
func fileID(n int) string { return fmt.Sprintf("f%d", n+1) }

func writeXLIFF21(b *strings.Builder, ex *Export) {
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	fmt.Fprintf(b, "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.1\" srcLang=\"%s\" trgLang=\"%s\">\n", ex.From, ex.Lang)
	for n, f := range ex.Files {
		fmt.Fprintf(b, "  <file id=\"%s\" original=\"%s\" srcDir=\"%s\" trgDir=\"%s\">\n", fileID(n), esc(f.Source), ex.SrcDir, ex.Dir)
		fmt.Fprintf(b, "    <notes><note category=\"rapport\">%s</note></notes>\n", esc(fileNote(ex, f)))
		for _, u := range f.Units {
			writeUnit21(b, f, u)
		}
		b.WriteString("  </file>\n")
	}
	b.WriteString("</xliff>\n")
}

func writeUnit21(b *strings.Builder, f File, u Unit) {
	fmt.Fprintf(b, "    <unit id=\"%s\" name=\"%s\" type=\"rapport:%s\">\n      <notes>\n", u.Key, esc(unitName(f, u)), u.Kind)
	fmt.Fprintf(b, "        <note category=\"location\">%s:%d</note>\n", esc(f.Source), u.Line)
	for _, n := range notes(u) {
		cat := "context"
		if n.previous {
			cat = "previous-source"
		}
		fmt.Fprintf(b, "        <note category=\"%s\">%s</note>\n", cat, escText(n.text))
	}
	b.WriteString("      </notes>\n")
	codes := blocks.Codes(u.Source)
	if len(codes) > 0 {
		b.WriteString("      <originalData>")
		for _, p := range u.Source {
			switch p.Code {
			case blocks.Ph, blocks.Open:
				fmt.Fprintf(b, `<data id="d%d">%s</data>`, p.ID, escText(p.Text))
			case blocks.Close:
				fmt.Fprintf(b, `<data id="d%de">%s</data>`, p.ID, escText(p.Text))
			}
		}
		b.WriteString("</originalData>\n")
	}
	state := ""
	switch {
	case u.Target != nil && u.State == NeedsReview:
		state = ` state="initial" subState="rapport:needs-review"`
	case u.Target != nil:
		state = ` state="translated"`
	}
	fmt.Fprintf(b, "      <segment%s>\n        <source xml:space=\"preserve\">%s</source>\n", state, inline21(u.Source, codes))
	if u.Target != nil {
		fmt.Fprintf(b, "        <target xml:space=\"preserve\">%s</target>\n", inline21(u.Target, codes))
	}
	b.WriteString("      </segment>\n    </unit>\n")
}

var type21 = map[string]string{"bold": "fmt", "italic": "fmt", "strike": "fmt", "code": "fmt", "link": "link", "image": "image", "br": "fmt"}

func inline21(ps []blocks.Piece, codes map[int]blocks.Piece) string {
	var b strings.Builder
	for _, p := range ps {
		typ := type21[p.Type]
		if typ == "" {
			typ = "other"
		}
		_, known := codes[p.ID]
		switch {
		case p.Code == blocks.TextPiece:
			b.WriteString(escText(p.Text))
		case p.Code == blocks.Ph && known:
			fmt.Fprintf(&b, `<ph id="%d" dataRef="d%d" type="%s" subType="rapport:%s"/>`, p.ID, p.ID, typ, p.Type)
		case p.Code == blocks.Ph:
			fmt.Fprintf(&b, `<ph id="%d" type="%s" subType="rapport:%s"/>`, p.ID, typ, p.Type)
		case p.Code == blocks.Open && known:
			fmt.Fprintf(&b, `<pc id="%d" dataRefStart="d%d" dataRefEnd="d%de" type="%s" subType="rapport:%s">`, p.ID, p.ID, p.ID, typ, p.Type)
		case p.Code == blocks.Open:
			fmt.Fprintf(&b, `<pc id="%d" type="%s" subType="rapport:%s">`, p.ID, typ, p.Type)
		case p.Code == blocks.Close:
			b.WriteString("</pc>")
		}
	}
	return b.String()
}
