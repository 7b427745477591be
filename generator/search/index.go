package search

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"slices"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/klauspost/compress/gzip"
)

// Doc is one playbook to index.
type Doc struct {
	URL      string // site path
	Title    string
	Sections []Section
}

// Section is the text under one heading; Anchor is the heading's id, ""
// for the text before the first heading.
type Section struct {
	Anchor, Heading, Text string
}

// Build returns the index of docs as gzip-compressed JSON (deterministic:
// the same docs give the same bytes). Titles are indexed as a section of
// their own doc with the anchor "".
func Build(lang string, docs []Doc) []byte {
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzipLevel)
	zw.Write(indexJSON(lang, docs))
	zw.Close()
	return b.Bytes()
}

// gzipLevel is the compression level of the index, with
// github.com/klauspost/compress's gzip writer, which writes the same
// standard gzip stream as compress/gzip, much faster. Measured on the JSON
// of a 2000-page-per-language corpus (cmd/corpus -pages 2000: ar, bg, cs,
// he, th, 92 MB of JSON in all), sizes and compression times summed:
//
//	compress/gzip        level 4: 10.29 MB, 1.48 s
//	compress/gzip        level 5:  9.47 MB, 2.83 s
//	compress/gzip        level 6:  9.06 MB, 4.57 s (DefaultCompression)
//	klauspost/compress   level 5: 10.15 MB, 0.42 s
//	klauspost/compress   level 6:  9.77 MB, 0.51 s
//	klauspost/compress   level 7:  9.79 MB, 1.82 s
//
// Level 6 here is 5.5 times faster than the standard library's level 5 for
// 3% more bytes to download (compression was 13% of a build's CPU).
const gzipLevel = 6

// localPairsBelow is the size of text under which an index leaves out the
// postings of character pairs (Han, kana, Hangul, Thai, Lao, Khmer,
// Myanmar) and says "pairs":"local": search.js then finds them in the
// sections' text when the index loads. Nearly every pair of a few pages of
// Chinese or Japanese is a term of its own, so their postings cost more
// than the text (1.4 to 1.9 times on the test sentences of testdata/langs,
// 0.7 to 0.8 times without them); on a larger site pairs repeat and their
// postings shrink, while finding them in the browser costs about 0.5 ms
// per KB of such text (node, this project's 2-core machine: 232 KB of
// Thai, 34 pages, prepared in 173 ms instead of 57 ms).
const localPairsBelow = 256 << 10

// indexJSON returns the index of docs as the JSON the browser reads,
// written directly (reference_test.go writes the same with json.Marshal):
//
//	{"lang": …, "pairs": "local" (see localPairsBelow),
//	 "docs": [{"u": url, "t": title}, …],
//	 "sections": [[doc, anchor, heading, text], …],
//	 "postings": {term: [section gaps…], …}}
//
// Sections are numbered in order over all docs; postings map a term to the
// sections that contain it, as gaps: the first number is a section, each
// next one is added to the previous (runs of small gaps, mostly 1 for
// common terms, compress to almost nothing).
func indexJSON(lang string, docs []Doc) []byte {
	size := TextSize(docs)
	local := size < localPairsBelow
	// terms numbers the terms in the order met; lists[n] holds the
	// sections of term n. Looking a term up in its reused buffer
	// allocates nothing, only a new term is copied.
	terms := map[string]int{}
	var lists [][]int
	sec := 0
	add := func(t []byte) {
		if local && isPair(t) {
			return
		}
		n, ok := terms[string(t)]
		if !ok {
			n = len(lists)
			terms[string(t)] = n
			lists = append(lists, []int{sec})
			return
		}
		if p := lists[n]; p[len(p)-1] != sec {
			lists[n] = append(p, sec)
		}
	}
	b := make([]byte, 0, 1024+size*5/4)
	b = append(b, `{"lang":`...)
	b = appendJSONString(b, lang)
	if local {
		b = append(b, `,"pairs":"local"`...)
	}
	b = append(b, `,"docs":`...)
	b = appendDocs(b, docs)
	b = append(b, `,"sections":`...)
	var scratch []byte
	for di, d := range docs {
		for _, s := range d.Sections {
			b = append(b, listSep(sec), '[')
			b = strconv.AppendInt(b, int64(di), 10)
			b = append(b, ',')
			b = appendJSONString(b, s.Anchor)
			b = append(b, ',')
			b = appendJSONString(b, s.Heading)
			b = append(b, ',')
			if isCompact(s.Text) {
				b = appendJSONString(b, s.Text)
			} else {
				scratch = appendCompact(scratch[:0], s.Text)
				b = appendJSONString(b, scratch)
			}
			b = append(b, ']')
			// Title, heading and text apart give the terms of
			// d.Title+" "+s.Heading+" "+s.Text: a space ends a word and
			// starts a normalization segment.
			eachTerm(d.Title, add)
			eachTerm(s.Heading, add)
			eachTerm(s.Text, add)
			sec++
		}
	}
	if sec == 0 {
		b = append(b, "null"...)
	} else {
		b = append(b, ']')
	}
	b = append(b, `,"postings":`...)
	b = appendPostings(b, terms, lists)
	return append(b, '}')
}

// appendDocs appends the "docs" list of the index: each doc's URL and
// title, or null.
func appendDocs(b []byte, docs []Doc) []byte {
	if len(docs) == 0 {
		return append(b, "null"...)
	}
	for i, d := range docs {
		b = append(b, listSep(i))
		b = append(b, `{"u":`...)
		b = appendJSONString(b, d.URL)
		b = append(b, `,"t":`...)
		b = appendJSONString(b, d.Title)
		b = append(b, '}')
	}
	return append(b, ']')
}

// appendPostings appends the "postings" object of the index: for each
// term, in sorted order, lists[terms[term]] as gaps (it turns the lists
// into gaps in place).
func appendPostings(b []byte, terms map[string]int, lists [][]int) []byte {
	b = append(b, '{')
	keys := make([]string, 0, len(terms))
	for t := range terms {
		keys = append(keys, t)
	}
	slices.Sort(keys) // as json.Marshal sorts a map's keys: deterministic
	for i, t := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, t)
		b = append(b, ':')
		p := lists[terms[t]]
		for i := len(p) - 1; i > 0; i-- {
			p[i] -= p[i-1]
		}
		for i, n := range p {
			b = append(b, listSep(i))
			b = strconv.AppendInt(b, int64(n), 10)
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// isPair reports whether term t is a character pair, or a lone character,
// of a paired script.
func isPair(t []byte) bool {
	if len(t) == 0 || t[0] < 0xe0 {
		return false // one- and two-byte runes are not paired
	}
	r, _ := utf8.DecodeRune(t)
	return paired(r)
}

// listSep returns what comes before element i of a JSON array.
func listSep(i int) byte {
	if i == 0 {
		return '['
	}
	return ','
}

// appendJSONString appends s as a JSON string the way json.Marshal writes
// it: <, > and & escaped, invalid UTF-8 as U+FFFD, U+2028 and U+2029
// escaped.
func appendJSONString[S string | []byte](b []byte, s S) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if jsonSafe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		if c >= 0xc2 && c < 0xe0 && i+1 < len(s) && s[i+1]&0xc0 == 0x80 { // valid, two bytes
			i += 2
			continue
		}
		if c > 0xe0 && c < 0xf0 && c != 0xed && c != 0xe2 && i+2 < len(s) && s[i+1]&0xc0 == 0x80 && s[i+2]&0xc0 == 0x80 {
			i += 3 // valid, three bytes, not U+2028 or U+2029
			continue
		}
		var buf [utf8.UTFMax]byte
		r, size := utf8.DecodeRune(buf[:copy(buf[:], s[i:])])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

const hexDigits = "0123456789abcdef"

// jsonSafe holds the ASCII bytes json.Marshal writes as they are.
var jsonSafe = func() (t [utf8.RuneSelf]bool) {
	for c := ' '; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// appendCompact appends s with its white space collapsed, which the page
// shows as one space anyway: strings.Join(strings.Fields(s), " ").
func appendCompact(b []byte, s string) []byte {
	start, n := -1, len(b) // start of the word being read
	for i := 0; i < len(s); {
		if start >= 0 && !maySpace[s[i]] {
			i++
			continue
		}
		space, size := spaceAt(s, i)
		switch {
		case space && start >= 0:
			b = append(b, s[start:i]...)
			start = -1
		case !space && start < 0:
			if len(b) > n {
				b = append(b, ' ')
			}
			start = i
		}
		i += size
	}
	if start >= 0 {
		b = append(b, s[start:]...)
	}
	return b
}

// isCompact reports whether appendCompact would append s itself: its only
// white space is single spaces between words.
func isCompact(s string) bool {
	afterSpace := true // or at the start
	for i := 0; i < len(s); {
		if !afterSpace && !maySpace[s[i]] {
			i++
			continue
		}
		space, size := spaceAt(s, i)
		if space && (afterSpace || s[i] != ' ') {
			return false
		}
		afterSpace = space
		i += size
	}
	return !afterSpace || s == ""
}

// spaceAt reports whether the rune at s[i] is white space
// (unicode.IsSpace), and its length. Only the bytes that can start white
// space are decoded; stepping over the others one at a time meets the
// same white space as decoding every rune, since those bytes can be
// neither in a rune starting with one of them nor such a rune's end.
func spaceAt(s string, i int) (bool, int) {
	switch c := s[i]; {
	case c < utf8.RuneSelf:
		return asciiSpace[c] != 0, 1
	case c == 0xc2 || c == 0xe1 || c == 0xe2 || c == 0xe3: // U+0085, U+00A0, U+1680, U+2000..U+205F, U+3000
		r, size := utf8.DecodeRuneInString(s[i:])
		return unicode.IsSpace(r), size
	}
	return false, 1
}

// maySpace holds the bytes that may start white space: spaceAt is false
// for the others, and their length is 1.
var maySpace = func() (t [256]bool) {
	for c := range t {
		t[c] = asciiSpace[c] != 0 || c == 0xc2 || c == 0xe1 || c == 0xe2 || c == 0xe3
	}
	return t
}()

var asciiSpace = [256]uint8{'\t': 1, '\n': 1, '\v': 1, '\f': 1, '\r': 1, ' ': 1}

// Script wraps an index in JavaScript for pages opened from disk, where
// fetch is blocked: it registers the compressed bytes, base64-encoded, on
// a global that search.js reads.
func Script(lang string, gz []byte) []byte {
	var b bytes.Buffer
	b.WriteString(`(self.rapportSearch = self.rapportSearch || {})[`)
	l, _ := json.Marshal(lang)
	b.Write(l)
	b.WriteString(`] = "`)
	b.WriteString(base64.StdEncoding.EncodeToString(gz))
	b.WriteString("\";\n")
	return b.Bytes()
}

// TextSize is the size in bytes of the plain text an index covers, to
// compare with the index's size.
func TextSize(docs []Doc) int {
	n := 0
	for _, d := range docs {
		n += len(d.Title)
		for _, s := range d.Sections {
			n += len(s.Heading) + len(s.Text)
		}
	}
	return n
}
