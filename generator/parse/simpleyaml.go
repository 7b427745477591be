package parse

import (
	"bytes"
	"strconv"
	"unicode/utf8"
)

// decodeSimpleYAML decodes the front matter most pages have without a YAML
// parser: one `key: value` line per known key, each value a quoted or plain
// string on its line, a whole number for weight and a flow list of plain
// topic IDs ([trust, feedback]). It reports false, leaving fm untouched,
// for anything else (comments, block lists, escapes, unknown or repeated
// keys, anything YAML reads another way or rejects): decodeYAML then
// decodes raw with yaml.v3, which positions every error. Both give the same
// Meta, Lines and TopicLines for what this accepts (TestSimpleYAMLSame).
func decodeSimpleYAML(raw []byte, firstLine int, fm *FrontMatter) bool {
	out := FrontMatter{Lines: make(map[string]int, 4)}
	line := firstLine
	for len(raw) > 0 {
		l := raw
		if i := bytes.IndexByte(raw, '\n'); i >= 0 {
			l, raw = raw[:i], raw[i+1:]
		} else {
			raw = nil
		}
		if len(bytes.TrimRight(l, " ")) > 0 && !simpleKeyLine(l, line, &out) {
			return false
		}
		line++
	}
	out.BodyOffset = fm.BodyOffset
	*fm = out
	return true
}

// simpleKeyLine decodes one `key: value` line into fm.
func simpleKeyLine(l []byte, line int, fm *FrontMatter) bool {
	colon := bytes.IndexByte(l, ':')
	if colon <= 0 || colon+1 >= len(l) || l[colon+1] != ' ' {
		return false
	}
	key := string(l[:colon])
	if _, dup := fm.Lines[key]; dup || !isMetaKey(key) {
		return false
	}
	v := bytes.Trim(l[colon+1:], " ")
	if !printable(v) {
		return false
	}
	m := &fm.Meta
	ok := true
	switch key {
	case "weight":
		m.Weight, ok = simpleInt(v)
	case "placeholder":
		m.Placeholder, ok = string(v) == "true", string(v) == "true" || string(v) == "false"
	case "topics":
		m.Topics, ok = simpleList(v)
		for range m.Topics {
			fm.TopicLines = append(fm.TopicLines, line)
		}
	default:
		var s string
		if s, ok = simpleString(v); ok {
			*metaString(m, key) = s
		}
	}
	if !ok {
		return false
	}
	fm.Lines[key] = line
	return true
}

// metaString returns the field of a key whose value is a string.
func metaString(m *Meta, key string) *string {
	switch key {
	case "title":
		return &m.Title
	case "description":
		return &m.Description
	case "translationKey":
		return &m.TranslationKey
	case "slug":
		return &m.Slug
	case "translatedFrom":
		return &m.TranslatedFrom
	case "sourceHash":
		return &m.SourceHash
	}
	return (*string)(&m.Lastmod)
}

// simpleString decodes a "double-quoted" string without escapes, a
// 'single-quoted' one without quotes inside, or a plain string that starts
// with no YAML indicator, has no comment or mapping inside and is not null.
func simpleString(v []byte) (string, bool) {
	if len(v) == 0 {
		return "", false
	}
	if q := v[0]; q == '"' || q == '\'' {
		if len(v) < 2 || v[len(v)-1] != q {
			return "", false
		}
		in := v[1 : len(v)-1]
		if bytes.IndexByte(in, q) >= 0 || bytes.IndexByte(in, '\\') >= 0 {
			return "", false
		}
		return string(in), true
	}
	if bytes.IndexByte([]byte("-?:,[]{}#&*!|>'\"%@`~"), v[0]) >= 0 || v[len(v)-1] == ':' ||
		bytes.Contains(v, []byte(": ")) || bytes.Contains(v, []byte(" #")) {
		return "", false
	}
	switch string(v) {
	case "null", "Null", "NULL":
		return "", false
	}
	return string(v), true
}

// simpleInt decodes a decimal whole number without sign or leading zero.
func simpleInt(v []byte) (int, bool) {
	if len(v) == 0 || len(v) > 9 || (v[0] == '0' && len(v) > 1) {
		return 0, false
	}
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(string(v))
	return n, err == nil
}

// simpleList decodes a flow list of topic IDs: [a, b-c, d_e].
func simpleList(v []byte) ([]string, bool) {
	if len(v) < 2 || v[0] != '[' || v[len(v)-1] != ']' {
		return nil, false
	}
	in := bytes.Trim(v[1:len(v)-1], " ")
	if len(in) == 0 {
		return nil, true
	}
	var items []string
	for item := range bytes.SplitSeq(in, []byte(",")) {
		item = bytes.Trim(item, " ")
		if !simpleID(item) {
			return nil, false
		}
		items = append(items, string(item))
	}
	return items, true
}

// simpleID reports whether s is a plain ASCII ID: a letter, then letters,
// digits, '-' and '_'; not a word YAML reads as null or a boolean in a
// way that could change its text.
func simpleID(s []byte) bool {
	if len(s) == 0 || !isLetter(s[0]) {
		return false
	}
	for _, c := range s {
		if !isLetter(c) && (c < '0' || c > '9') && c != '-' && c != '_' {
			return false
		}
	}
	switch string(s) {
	case "null", "Null", "NULL":
		return false
	}
	return true
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// printable reports whether v is valid UTF-8 made of characters YAML
// allows in a document, tabs and line breaks excluded.
func printable(v []byte) bool {
	for i := 0; i < len(v); {
		c := v[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(v[i:])
		// U+0085, U+2028 and U+2029 are line breaks to YAML.
		if r == utf8.RuneError || r < 0xa0 || r == 0x2028 || r == 0x2029 || (r >= 0xd800 && r <= 0xdfff) || r >= 0xfeff && (r == 0xfeff || r == 0xfffe || r == 0xffff) {
			return false
		}
		i += n
	}
	return true
}
