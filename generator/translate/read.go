package translate

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"rapport/generator/diag"
	"rapport/generator/translate/blocks"
)

// Returned is a unit as a translator's file gives it back.
type Returned struct {
	File, Key string
	Source    []blocks.Piece // codes carry IDs only
	Target    []blocks.Piece // nil: no translation
	Review    bool           // still marked for review (XLIFF state, PO fuzzy)
	Line      int            // of the unit in the returned file
}

// Returns is a translator's file read back.
type Returns struct {
	From, Lang string
	Units      []Returned
}

// Read reads an XLIFF 1.2, XLIFF 2.x or PO file. name is the file's name
// for messages.
func Read(name string, data []byte) (*Returns, diag.List) {
	t := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\uFEFF")), " \t\r\n")
	if bytes.HasPrefix(t, []byte("<")) {
		return readXLIFF(name, data)
	}
	return readPO(name, data)
}

type xliffReader struct {
	name  string
	dec   *xml.Decoder
	data  []byte
	r     *Returns
	diags diag.List
	file  string
	unit  *Returned
	// malformed says the XML's syntax error is reported: the decoder
	// gives it again to every later read.
	malformed bool
}

// syntaxError reports the XML's syntax error err, once.
func (x *xliffReader) syntaxError(err error) {
	if !x.malformed {
		x.malformed = true
		x.diags.Errorf(diag.Pos{File: x.name, Line: x.line()}, "not well-formed XML: %v", err)
	}
}

func (x *xliffReader) line() int {
	off := x.dec.InputOffset()
	return bytes.Count(x.data[:off], []byte("\n")) + 1
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func readXLIFF(name string, data []byte) (*Returns, diag.List) {
	x := &xliffReader{name: name, dec: xml.NewDecoder(bytes.NewReader(data)), data: data, r: &Returns{}}
	for {
		tok, err := x.dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			x.syntaxError(err)
			break
		}
		if e, ok := tok.(xml.StartElement); ok {
			x.start(e)
		}
	}
	if x.r.Lang == "" && !x.diags.HasErrors() {
		x.diags.Errorf(diag.Pos{File: name, Line: 1}, "no target language: not an XLIFF file made by rapport translate export")
	}
	return x.r, x.diags
}

func (x *xliffReader) langs(from, lang string, line int) {
	if from == "" {
		return
	}
	if x.r.From == "" {
		x.r.From, x.r.Lang = from, lang
		return
	}
	if from != x.r.From || lang != x.r.Lang {
		x.diags.Errorf(diag.Pos{File: x.name, Line: line}, "this part is from %s to %s, the file's start from %s to %s: one language per file", from, lang, x.r.From, x.r.Lang)
	}
}

func (x *xliffReader) start(e xml.StartElement) {
	line := x.line()
	switch e.Name.Local {
	case "xliff":
		x.langs(attr(e, "srcLang"), attr(e, "trgLang"), line)
	case "file":
		x.file = attr(e, "original")
		x.langs(attr(e, "source-language"), attr(e, "target-language"), line)
	case "trans-unit", "unit":
		x.r.Units = append(x.r.Units, Returned{File: x.file, Key: attr(e, "id"), Line: line})
		x.unit = &x.r.Units[len(x.r.Units)-1]
	case "segment":
		if x.unit != nil {
			x.unit.Review = attr(e, "state") == "initial" || strings.Contains(attr(e, "subState"), "review")
		}
	case "source", "target":
		if x.unit == nil {
			return
		}
		if e.Name.Local == "target" && attr(e, "state") != "" {
			st := attr(e, "state")
			x.unit.Review = strings.HasPrefix(st, "needs-") || st == "new"
		}
		ps := x.inline(e.Name.Local)
		if e.Name.Local == "source" {
			x.unit.Source = ps
		} else {
			x.unit.Target = ps
			if ps == nil {
				x.unit.Target = []blocks.Piece{}
			}
		}
	}
}

// inline reads the content of a source or target element up to its end.
func (x *xliffReader) inline(end string) []blocks.Piece {
	var ps []blocks.Piece
	var open []int
	for {
		tok, err := x.dec.Token()
		if err != nil {
			x.syntaxError(err)
			return ps
		}
		switch t := tok.(type) {
		case xml.CharData:
			ps = append(ps, blocks.Piece{Text: string(t)})
		case xml.StartElement:
			id, err := strconv.Atoi(attr(t, "id"))
			if err != nil {
				x.diags.Errorf(diag.Pos{File: x.name, Line: x.line()}, "unit %s: <%s id=%q>: an inline code rapport did not write", x.unit.Key, t.Name.Local, attr(t, "id"))
				continue
			}
			switch t.Name.Local {
			case "x", "ph":
				ps = append(ps, blocks.Piece{Code: blocks.Ph, ID: id})
			case "g", "pc":
				ps = append(ps, blocks.Piece{Code: blocks.Open, ID: id})
				open = append(open, id)
			default:
				x.diags.Errorf(diag.Pos{File: x.name, Line: x.line()}, "unit %s: <%s>: an inline code rapport did not write (it writes <x/>, <g>, <ph/>, <pc>)", x.unit.Key, t.Name.Local)
			}
		case xml.EndElement:
			switch {
			case t.Name.Local == end:
				return merge(ps)
			case (t.Name.Local == "g" || t.Name.Local == "pc") && len(open) > 0:
				ps = append(ps, blocks.Piece{Code: blocks.Close, ID: open[len(open)-1]})
				open = open[:len(open)-1]
			}
		}
	}
}

// merge joins neighbouring text pieces.
func merge(ps []blocks.Piece) []blocks.Piece {
	var out []blocks.Piece
	for _, p := range ps {
		if n := len(out); n > 0 && p.Code == blocks.TextPiece && out[n-1].Code == blocks.TextPiece {
			out[n-1].Text += p.Text
			continue
		}
		out = append(out, p)
	}
	return out
}

// po is one entry of a PO file being read.
type po struct {
	ctx, id, str []string // the strings' parts; nil when absent
	fuzzy        bool
	line         int
	field        *[]string
}

func readPO(name string, data []byte) (*Returns, diag.List) {
	var diags diag.List
	r := &Returns{}
	var entries []po
	cur := po{}
	end := func() {
		if cur.id != nil {
			entries = append(entries, cur)
		}
		cur = po{}
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if cur.id != nil && cur.str != nil && (strings.HasPrefix(line, "#") || strings.HasPrefix(line, "msgctxt") || strings.HasPrefix(line, "msgid ")) {
			end()
		}
		if err := cur.add(line, n); err != "" {
			diags.Errorf(diag.Pos{File: name, Line: n}, "%s", err)
		}
	}
	end()
	for _, e := range entries {
		poEntry(name, e, r, &diags)
	}
	if r.Lang == "" && !diags.HasErrors() {
		diags.Errorf(diag.Pos{File: name, Line: 1}, "no Language in the header: not a PO file made by rapport translate export")
	}
	return r, diags
}

func (e *po) add(line string, n int) string {
	switch {
	case line == "" || strings.HasPrefix(line, "#|") || strings.HasPrefix(line, "#~"):
	case strings.HasPrefix(line, "#,"):
		e.fuzzy = e.fuzzy || strings.Contains(line, "fuzzy")
	case strings.HasPrefix(line, "#"):
	case strings.HasPrefix(line, "msgctxt "), strings.HasPrefix(line, "msgid "), strings.HasPrefix(line, "msgstr "):
		key, val, _ := strings.Cut(line, " ")
		field := map[string]*[]string{"msgctxt": &e.ctx, "msgid": &e.id, "msgstr": &e.str}[key]
		if e.line == 0 || key == "msgctxt" {
			e.line = n
		}
		*field, e.field = []string{}, field
		return e.more(val)
	case strings.HasPrefix(line, `"`):
		if e.field == nil {
			return "a string outside msgctxt, msgid or msgstr"
		}
		return e.more(line)
	default:
		return fmt.Sprintf("not PO: %q", line)
	}
	return ""
}

func (e *po) more(val string) string {
	s, err := strconv.Unquote(val)
	if err != nil {
		return fmt.Sprintf("a PO string is not closed or has an unknown escape: %s", val)
	}
	*e.field = append(*e.field, s)
	return ""
}

func poEntry(name string, e po, r *Returns, diags *diag.List) {
	id, str := strings.Join(e.id, ""), strings.Join(e.str, "")
	if id == "" && e.ctx == nil {
		for _, h := range strings.Split(str, "\n") {
			k, v, _ := strings.Cut(h, ":")
			switch strings.TrimSpace(k) {
			case "Language":
				r.Lang = strings.TrimSpace(v)
			case "X-Source-Language":
				r.From = strings.TrimSpace(v)
			}
		}
		return
	}
	file, key, _ := strings.Cut(strings.Join(e.ctx, ""), "#")
	u := Returned{File: file, Key: key, Review: e.fuzzy, Line: e.line}
	var err string
	if u.Source, err = unplaceholder(id); err != "" {
		diags.Errorf(diag.Pos{File: name, Line: e.line}, "msgid: %s", err)
	}
	if str != "" {
		if u.Target, err = unplaceholder(str); err != "" {
			diags.Errorf(diag.Pos{File: name, Line: e.line}, "unit %s: msgstr: %s", key, err)
		}
	}
	r.Units = append(r.Units, u)
}

// unplaceholder reads the placeholder form back into pieces.
func unplaceholder(s string) ([]blocks.Piece, string) {
	var ps []blocks.Piece
	var text strings.Builder
	flush := func() {
		if text.Len() > 0 {
			ps = append(ps, blocks.Piece{Text: text.String()})
			text.Reset()
		}
	}
	for i := 0; i < len(s); i++ {
		if s[i] != '{' {
			text.WriteByte(s[i])
			continue
		}
		if strings.HasPrefix(s[i:], "{{") {
			text.WriteByte('{')
			i++
			continue
		}
		end := strings.IndexByte(s[i:], '}')
		p, ok := placeholder(s[i+1 : i+max(end, 1)])
		if end < 0 || !ok {
			return ps, fmt.Sprintf("a lone \"{\" at %q: inline codes are {1}, {/1} and {1/}; write a brace as {{", clip(s[i:]))
		}
		flush()
		ps = append(ps, p)
		i += end
	}
	flush()
	return ps, ""
}

func placeholder(s string) (blocks.Piece, bool) {
	kind := blocks.Open
	switch {
	case strings.HasPrefix(s, "/"):
		kind, s = blocks.Close, s[1:]
	case strings.HasSuffix(s, "/"):
		kind, s = blocks.Ph, s[:len(s)-1]
	}
	id, err := strconv.Atoi(s)
	return blocks.Piece{Code: kind, ID: id}, err == nil && id > 0
}

func clip(s string) string {
	if r := []rune(s); len(r) > 12 {
		return string(r[:12]) + "…"
	}
	return s
}
