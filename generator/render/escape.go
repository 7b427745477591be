package render

import (
	"bytes"
	"strings"
)

// The escapers html/template applies in the contexts the generated chrome
// (chrome_gen.go) writes values into, written to give the very same bytes
// (Go's html/template: html.go, url.go, escape.go). chromegen picks the
// helper for the chain of escapers html/template put on each action:
//
//   - text, quoted attribute values and <title> (RCDATA), for a plain
//     string: htmlEscaper, attrEscaper and rcdataEscaper, which replace the
//     same seven characters (htmlReplacementTable); template.HTML in text
//     is written as it is;
//   - URL attributes (href, src, action): urlFilter ("#ZgotmplZ" for a
//     scheme other than http, https or mailto), urlNormalizer (bytes
//     outside RFC 3986's sets percent-encoded, lowercase hex, valid
//     escapes kept) and attrEscaper: escURL; without urlFilter for a value
//     after the URL's start (escURLPath); urlEscaper and attrEscaper in a
//     query or fragment (escURLQuery); urlFilter and attrEscaper for a URL
//     inside an attribute's text, a refresh's content (escURLText).
//
// htmlReplacer decodes runes, but every byte it replaces is ASCII, which
// never occurs inside a multi-byte UTF-8 sequence: scanning bytes is the
// same.

// escHTML writes s escaped for HTML text or a quoted attribute value.
func escHTML(b *bytes.Buffer, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		repl := htmlRepl[s[i]]
		if repl == "" {
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(repl)
		last = i + 1
	}
	b.WriteString(s[last:])
}

// htmlRepl is html/template's htmlReplacementTable, by byte.
var htmlRepl = [256]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// escURL writes s as html/template writes a value that is a whole URL
// attribute (href="{{.}}"): urlFilter, urlNormalizer, attrEscaper.
func escURL(b *bytes.Buffer, s string) {
	if !safeURL(s) {
		b.WriteString("#ZgotmplZ")
		return
	}
	escURLPath(b, s)
}

// escURLText writes s as html/template writes a URL inside an
// attribute's text (<meta http-equiv="refresh" content="0; url={{.}}">):
// urlFilter, attrEscaper.
func escURLText(b *bytes.Buffer, s string) {
	if !safeURL(s) {
		b.WriteString("#ZgotmplZ")
		return
	}
	escHTML(b, s)
}

// escURLPath writes s as html/template writes a value in a URL attribute
// after text that starts the URL (href="/{{.}}"): urlNormalizer,
// attrEscaper.
func escURLPath(b *bytes.Buffer, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '&':
			b.WriteString(s[last:i])
			b.WriteString("&amp;")
		case c == '+':
			b.WriteString(s[last:i])
			b.WriteString("&#43;")
		case urlKeep(c) || c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			continue
		default:
			writePercent(b, s[last:i], c)
		}
		last = i + 1
	}
	b.WriteString(s[last:])
}

// escURLQuery writes s as html/template writes a value in a URL
// attribute's query or fragment (href="#{{.}}"): urlEscaper, which
// percent-encodes every byte but RFC 3986's unreserved ones, and
// attrEscaper, which then has nothing left to replace.
func escURLQuery(b *bytes.Buffer, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			continue
		}
		writePercent(b, s[last:i], c)
		last = i + 1
	}
	b.WriteString(s[last:])
}

// writePercent writes before and then c percent-encoded, in lowercase hex
// as html/template writes it.
func writePercent(b *bytes.Buffer, before string, c byte) {
	b.WriteString(before)
	b.WriteByte('%')
	b.WriteByte(lowerHex[c>>4])
	b.WriteByte(lowerHex[c&15])
}

const lowerHex = "0123456789abcdef"

// urlKeep reports whether urlNormalizer keeps byte c as it is and
// attrEscaper leaves it alone ('&' and '+' are kept by the first and
// replaced by the second).
func urlKeep(c byte) bool {
	switch c {
	case '!', '#', '$', '*', ',', '/', ':', ';', '=', '?', '@', '[', ']', '-', '.', '_', '~':
		return true
	}
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// safeURL is html/template's isSafeURL: a relative URL, or one whose
// scheme is http, https or mailto.
func safeURL(s string) bool {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
			return false
		}
	}
	return true
}
