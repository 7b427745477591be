// Package search builds the per-language search index that the search page
// queries in the browser, with no server.
//
// # Tokens
//
// Text is normalized the same way here (index) and in search.js (query):
// NFKC (which also folds full-width Latin letters and digits and half-width
// katakana to their usual forms), lowercase; Arabic diacritics and tatweel
// removed and alef, ya and ta marbuta variants folded; Hebrew niqqud and
// cantillation removed. Words are runs of letters, marks and digits.
// Arabic words starting with the article or a one-letter prefix (ال، و، ب،
// ل، ف، ك) and Hebrew words starting with a prefix letter (ו ה ב ל מ ש כ)
// are also indexed without it, so "العملاء" finds "للعملاء" and "לקוחות"
// finds "הלקוחות".
//
// Scripts written without spaces between words, or with particles
// attached to them, are indexed as overlapping character pairs (bigrams):
// Han, Hiragana, Katakana, Hangul, Thai, Lao, Khmer and Myanmar (the
// blocks listed in pairedRanges). The rule follows each character's
// script, never the page's language, so a language the project has never
// seen gets working search with no setting, and a Latin term or a number
// inside a Japanese sentence ("CRMの導入", "2024年") is a word of its own.
// A query matches only where all its pairs occur, and the browser then
// checks that each run of such characters of the query occurs whole in the
// text, so precision stays high without a dictionary (and without the
// disagreements between an index-time and a query-time segmenter). A
// one-character query finds the pairs that hold that character in the
// browser, from the index's own list of terms.
//
// A Latin query word typed without diacritics, "duvera", also finds the
// index's terms that differ from it only by them, "důvěra" (ranked below
// an exact match); search.js does that from the index's own list of terms,
// so it costs the index nothing. A query with diacritics finds only that
// form.
//
// # Index
//
// Dictionary.Gather takes, when a page is parsed, its sections' terms
// (each page's distinct terms, as their numbers in the site's Dictionary,
// and the sections holding them) and their text,
// white space collapsed, s2-compressed (the text is most of what pages
// hold for the index: uncompressed, it would add 55 to 90 MB to the peak
// RSS of the 10,000-playbook corpus's build to save about 0.25 s of CPU).
// Dictionary.Pages then writes, per language, every
// doc's URL and title and every section's anchor, heading and text, from
// which the browser shows excerpts, and the postings: for each term, the
// sections holding it, as gaps between section numbers. The whole is a
// compact binary format under gzip (see Pages), smaller than the text it
// indexes; Script wraps the same bytes for pages opened from disk.
package search

import (
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize returns text folded for matching. It keeps the length of the
// text in runes except for removed marks.
func Normalize(text string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(norm.NFKC.String(text)) {
		if r2, keep := fold(r); keep {
			b.WriteRune(r2)
		}
	}
	return b.String()
}

// fold maps one lowercased rune to its matching form, or drops it.
func fold(r rune) (rune, bool) {
	switch {
	case r >= 0x064b && r <= 0x065f, r == 0x0670, r == 0x0640: // harakat, superscript alef, tatweel
		return 0, false
	case r >= 0x0591 && r <= 0x05c7 && unicode.Is(unicode.Mn, r): // niqqud, cantillation
		return 0, false
	case r == 'أ' || r == 'إ' || r == 'آ' || r == 'ٱ':
		return 'ا', true
	case r == 'ى':
		return 'ي', true
	case r == 'ة':
		return 'ه', true
	case r == 0x200c || r == 0x200d || r == 0x200e || r == 0x200f || r == 0x061c || r == 0xad:
		return 0, false
	}
	return r, true
}

// pairedRanges are the blocks of the scripts indexed as character pairs:
// Thai and Lao, Myanmar, Hangul, Khmer, and Han, Hiragana and Katakana
// with their marks (々, ー, the voicing marks). Only letters, marks and
// digits in them count (wordRune): CJK punctuation still separates words.
// search.js's pairedRanges is the same list.
var pairedRanges = [...][2]rune{
	{0x0e00, 0x0eff},   // Thai, Lao
	{0x1000, 0x109f},   // Myanmar
	{0x1100, 0x11ff},   // Hangul Jamo
	{0x1780, 0x17ff},   // Khmer
	{0x19e0, 0x19ff},   // Khmer symbols
	{0x2e80, 0x2fdf},   // CJK and Kangxi radicals
	{0x3005, 0x3007},   // 々 〆 〇
	{0x3021, 0x3029},   // Hangzhou numerals
	{0x3031, 0x3035},   // kana repeat marks
	{0x303b, 0x303c},   // 〻 〼
	{0x3040, 0x30ff},   // Hiragana, Katakana (with ー)
	{0x3130, 0x318f},   // Hangul compatibility jamo
	{0x31f0, 0x31ff},   // Katakana phonetic extensions
	{0x3400, 0x4dbf},   // CJK extension A
	{0x4e00, 0x9fff},   // CJK unified ideographs
	{0xa960, 0xa97f},   // Hangul Jamo extended A
	{0xa9e0, 0xa9ff},   // Myanmar extended B
	{0xaa60, 0xaa7f},   // Myanmar extended A
	{0xac00, 0xd7ff},   // Hangul syllables, Jamo extended B
	{0xf900, 0xfaff},   // CJK compatibility ideographs
	{0x1aff0, 0x1b2ff}, // kana supplements and extensions
	{0x20000, 0x3ffff}, // CJK extensions B and later
}

// paired reports whether r belongs to a script indexed as character pairs.
func paired(r rune) bool {
	if r < pairedRanges[0][0] {
		return false
	}
	for _, b := range pairedRanges {
		if r >= b[0] && r <= b[1] {
			return true
		}
	}
	return false
}

func wordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) }

// Tokens returns the index terms of text, written in language lang:
// normalized words, their forms without a prefix (Arabic, Hebrew), and the
// character pairs of the paired scripts (Thai, Japanese, Chinese, Korean,
// Lao, Khmer, Myanmar). The rules follow each character's script rather
// than lang, so a Latin term inside Hebrew text, or a Japanese word quoted
// in a Czech page, is indexed and queried alike in every language;
// search.js's tokens(lang, text) returns the same terms.
func Tokens(lang, text string) []string {
	var out []string
	eachTerm(text, func(t []byte) { out = append(out, string(t)) })
	return out
}

// EachToken calls f with every term of text, in order: Tokens without the
// slice, in one pass over the text.
func EachToken(lang, text string, f func(string)) {
	eachTerm(text, func(t []byte) { f(string(t)) })
}

// The tokenizer works on UTF-8 bytes and looks each character up in a
// table instead of asking package unicode and norm about it every time.
// For one rune r, a runeInfo holds fold(unicode.ToLower(r)) and whether
// that is dropped, a word rune, in a paired script, and whether r is
// NFKC-inert.
type runeInfo uint32

const (
	infoRune runeInfo = 1<<21 - 1 // the folded rune
	infoDrop runeInfo = 1 << 21   // fold drops it
	infoWord runeInfo = 1 << 22   // the folded rune is a letter, mark or digit
	infoPair runeInfo = 1 << 23   // the folded rune is in a paired script
	// infoNorm: r is its own NFKC form, has canonical combining class 0
	// and combines with nothing before it, so it starts a normalization
	// segment of its own: text made only of such runes (and ASCII) is
	// NFKC already.
	infoNorm runeInfo = 1 << 24
	// infoBoundary: r starts a normalization segment (canonical combining
	// class 0, combines with nothing before it): NFKC(a+b) is
	// NFKC(a)+NFKC(b) when b starts with r.
	infoBoundary runeInfo = 1 << 25
)

// classify computes the runeInfo of r, infoNorm only if withNorm.
func classify(r rune, withNorm bool) runeInfo {
	var info runeInfo
	if r2, keep := fold(unicode.ToLower(r)); !keep {
		info = infoDrop
	} else {
		info = runeInfo(r2)
		if wordRune(r2) {
			info |= infoWord
			if paired(r2) {
				info |= infoPair
			}
		}
	}
	if s := string(r); withNorm && utf8.ValidRune(r) && norm.NFKC.PropertiesString(s).BoundaryBefore() {
		info |= infoBoundary
		if norm.NFKC.String(s) == s {
			info |= infoNorm
		}
	}
	return info
}

// runeBlocks caches the runeInfo of the Basic Multilingual Plane in
// blocks of 256 runes, each computed the first time one of its runes is
// looked up (a page uses few blocks). Blocks are immutable once stored,
// so concurrent builds share them; two goroutines may both compute a
// block, which gives the same values.
var runeBlocks [256]atomic.Pointer[[256]runeInfo]

// lookup returns the runeInfo of r.
func lookup(r rune) runeInfo {
	if r >= 0x10000 || r < 0 {
		return classify(r, false) // the whole text goes through package norm
	}
	b := runeBlocks[r>>8].Load()
	if b == nil {
		b = new([256]runeInfo)
		for i := range b {
			b[i] = classify(r&^0xff|rune(i), true)
		}
		runeBlocks[r>>8].Store(b)
	}
	return b[r&0xff]
}

// infoCache is a tokenizer's last block of runeBlocks: the runes of a
// text mostly come from one or two blocks, so get, inlined, seldom calls
// lookup.
type infoCache struct {
	hi  rune // the block's runes >> 8, or -1
	blk *[256]runeInfo
}

// get returns the runeInfo of r.
func (c *infoCache) get(r rune) runeInfo {
	if r>>8 == c.hi {
		return c.blk[r&0xff]
	}
	return c.miss(r)
}

// miss looks r up and keeps its block.
func (c *infoCache) miss(r rune) runeInfo {
	info := lookup(r)
	if r >= 0 && r < 0x10000 {
		c.hi, c.blk = r>>8, runeBlocks[r>>8].Load()
	}
	return info
}

// asciiLower maps an ASCII word byte (letter, digit) to its lowercase,
// any other ASCII byte to 0, a separator.
var asciiLower = func() (t [utf8.RuneSelf]byte) {
	for c := range t {
		if wordRune(rune(c)) {
			t[c] = byte(unicode.ToLower(rune(c)))
		}
	}
	return t
}()

// firstNonInert returns the index of the first rune of text that is not
// NFKC-inert (ASCII is), or of its first invalid UTF-8, or len(text).
func firstNonInert(text string, c *infoCache) int {
	for i := 0; i < len(text); {
		if text[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := decodeRune(text, i)
		if size == 1 || c.get(r)&infoNorm == 0 {
			return i
		}
		i += size
	}
	return len(text)
}

// decodeRune is utf8.DecodeRuneInString(s[i:]) with the two- and
// three-byte runes of the scripts indexed decoded inline.
func decodeRune(s string, i int) (rune, int) {
	if c := s[i]; c >= 0xc2 && c < 0xe0 && i+1 < len(s) {
		if c1 := s[i+1]; c1&0xc0 == 0x80 {
			return rune(c&0x1f)<<6 | rune(c1&0x3f), 2
		}
	} else if c >= 0xe0 && c < 0xf0 && i+2 < len(s) {
		// Not overlong (E0 then 80..9F: Thai, Lao start E0 B8..BA),
		// not a surrogate (ED then A0..BF: Hangul is ED 80..9F).
		if c1, c2 := s[i+1], s[i+2]; c1&0xc0 == 0x80 && c2&0xc0 == 0x80 && (c != 0xe0 || c1 >= 0xa0) && (c != 0xed || c1 < 0xa0) {
			return rune(c&0x0f)<<12 | rune(c1&0x3f)<<6 | rune(c2&0x3f), 3
		}
	}
	return utf8.DecodeRuneInString(s[i:])
}

// appendRune is utf8.AppendRune with the two- and three-byte runes of
// the scripts indexed encoded inline (r is a valid rune, as folded runes
// are).
func appendRune(b []byte, r rune) []byte {
	switch {
	case r < 0x80:
		return append(b, byte(r))
	case r < 0x800:
		return append(b, 0xc0|byte(r>>6), 0x80|byte(r)&0x3f)
	case r < 0xd800 || r >= 0xe000 && r < 0x10000:
		return append(b, 0xe0|byte(r>>12), 0x80|byte(r>>6)&0x3f, 0x80|byte(r)&0x3f)
	}
	return utf8.AppendRune(b, r)
}

// terms accumulates the current run of word runes, in a paired script or
// not, and emits its terms.
type terms struct {
	f func([]byte)
	// pair, when not nil, is called instead of f with each character
	// pair and its runes (a gatherer looks pairs up by their runes).
	pair   func(a, b rune, term []byte)
	buf    []byte // the run; for a paired run, only its last rune
	paired bool   // the run is in a paired script
	n      int    // runes in the paired run
	last   rune   // the paired run's last rune
	info   infoCache
}

// eachTerm calls f with every term of text, in order, in a buffer that f
// must not keep.
//
// It reads NFKC(text) without normalizing the whole text: NFKC(a+b+c) is
// NFKC(a)+NFKC(b)+NFKC(c) when b and c start with a segment boundary
// (infoBoundary), and NFKC(a) is a when a is NFKC-inert, so only the
// segments around runes that are not inert go through package norm.
//
// It reports whether text is valid UTF-8, which it learns on the way:
// firstNonInert stops at the first invalid byte, so only the segments
// from there need checking.
func eachTerm(text string, f func([]byte)) (valid bool) {
	return eachTermPairs(text, f, nil)
}

// eachTermPairs is eachTerm calling pair, when not nil, instead of f with
// the character pairs of the paired scripts.
func eachTermPairs(text string, f func([]byte), pair func(a, b rune, term []byte)) (valid bool) {
	var stack [64]byte
	t := terms{f: f, pair: pair, buf: stack[:0], info: infoCache{hi: -1}}
	valid = true
	for {
		k := firstNonInert(text, &t.info)
		if k == len(text) {
			t.words(text)
			break
		}
		start, end := segmentStart(text, k), segmentEnd(text, k)
		valid = valid && utf8.ValidString(text[k:end])
		t.words(text[:start])
		t.words(nfkcPiece(text[start:end]))
		text = text[end:]
	}
	t.flush()
	return valid
}

// nfkcPiece returns NFKC(piece), remembering it when piece is one rune
// (Thai ำ, say, is often a segment of its own).
func nfkcPiece(piece string) string {
	r, size := decodeRune(piece, 0)
	if size != len(piece) || size == 1 {
		// String returns piece itself, allocating nothing, when a quick
		// check finds it normal; IsNormalString would allocate to check.
		return norm.NFKC.String(piece)
	}
	if s, ok := runeNFKC.Load(r); ok {
		return s.(string)
	}
	s := norm.NFKC.String(piece)
	runeNFKC.Store(r, s)
	return s
}

// runeNFKC maps a rune to its NFKC form, for the runes nfkcPiece met
// alone.
var runeNFKC sync.Map

// boundaryAt reports whether a rune starting a segment starts at text[i].
func boundaryAt(text string, i int) bool {
	if text[i] < utf8.RuneSelf {
		return true
	}
	r, size := decodeRune(text, i)
	return size > 1 && lookup(r)&infoBoundary != 0
}

// segmentStart returns the start of the last segment that begins at or
// before text[k]: the last boundary rune at or before k, or 0.
func segmentStart(text string, k int) int {
	for i := k; i > 0; i-- {
		if !utf8.RuneStart(text[i]) {
			continue
		}
		if boundaryAt(text, i) {
			return i
		}
	}
	return 0
}

// segmentEnd returns the first boundary rune after the rune at text[k],
// or len(text).
func segmentEnd(text string, k int) int {
	_, size := decodeRune(text, k)
	for i := k + size; i < len(text); i++ {
		if utf8.RuneStart(text[i]) && boundaryAt(text, i) {
			return i
		}
	}
	return len(text)
}

// words adds the words of text, which is NFKC, to the run. The run's
// bytes are kept in a local variable while it grows, and in t.buf when
// a method of t reads them: storing into *t on every byte cost the
// garbage collector's write barrier.
func (t *terms) words(text string) {
	buf := t.buf
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf {
			i++
			if c = asciiLower[c]; c == 0 {
				t.buf = buf
				t.flush()
				buf = t.buf
				continue
			}
			if t.paired {
				t.flush()
				buf = t.buf
			}
			buf = append(buf, c)
			continue
		}
		var r rune
		if c := text[i]; c >= 0xc2 && c < 0xe0 && i+1 < len(text) && text[i+1]&0xc0 == 0x80 {
			r = rune(c&0x1f)<<6 | rune(text[i+1]&0x3f) // decodeRune's two bytes, inlined
			i += 2
		} else {
			var size int
			r, size = decodeRune(text, i)
			i += size
		}
		info := t.info.get(r)
		switch {
		case info&infoDrop != 0:
		case info&infoWord == 0:
			t.buf = buf
			t.flush()
			buf = t.buf
		case info&infoPair != 0:
			t.buf = buf
			t.pairedRune(rune(info & infoRune))
			buf = t.buf
		default:
			if t.paired {
				t.flush()
				buf = t.buf
			}
			buf = appendRune(buf, rune(info&infoRune))
		}
	}
	t.buf = buf
}

// pairedRune adds a rune of a paired script to the run, emitting the
// pair it ends.
func (t *terms) pairedRune(r rune) {
	if !t.paired {
		t.flush()
		t.paired = true
	}
	t.n++
	prev := t.last
	t.last = r
	if t.n == 1 {
		t.buf = appendRune(t.buf, r)
		return
	}
	last := len(t.buf)
	t.buf = appendRune(t.buf, r)
	if t.pair != nil {
		t.pair(prev, r, t.buf)
	} else {
		t.f(t.buf)
	}
	t.buf = t.buf[:copy(t.buf, t.buf[last:])]
}

// flush emits the terms of the run that ends, if any: a lone rune of a
// paired script, or a word and its form without a prefix.
func (t *terms) flush() {
	switch {
	case len(t.buf) == 0:
	case t.paired:
		if t.n == 1 {
			t.f(t.buf)
		}
	default:
		t.f(t.buf)
		if n := prefixLen(t.buf); n > 0 {
			t.f(t.buf[n:])
		}
	}
	t.buf, t.paired, t.n = t.buf[:0], false, 0
}

var (
	arabicPrefixes = []string{"وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ل", "ف", "ك"}
	hebrewPrefixes = []string{"ו", "ה", "ב", "ל", "מ", "ש", "כ"}
)

// prefixed returns the word and, for Arabic and Hebrew, the word without
// its first prefix when at least three letters remain.
func prefixed(w string) []string {
	if n := prefixLen([]byte(w)); n > 0 {
		return []string{w, w[n:]}
	}
	return []string{w}
}

// prefixLen returns the length in bytes of the first prefix of the
// Arabic or Hebrew word w that leaves at least three letters, or 0.
// It goes by w's first letter rather than through the lists: a Hebrew
// prefix is one letter, and an Arabic one is a letter and the article
// after it (وال، بال، فال، كال; لل for ل), which comes first in
// arabicPrefixes, or the letter alone (ال has no letter alone).
func prefixLen(w []byte) int {
	if len(w) < 2 || w[0] < 0xd7 || w[0] > 0xd9 {
		return 0 // not a letter that starts a prefix: they are U+05D1..U+0648
	}
	switch r := rune(w[0]&0x1f)<<6 | rune(w[1]&0x3f); r { // two bytes each
	case 'ב', 'ה', 'ו', 'כ', 'ל', 'מ', 'ש': // hebrewPrefixes
		return leaves3(w, 2)
	case 'و', 'ب', 'ف', 'ك':
		if n := leaves3(w, 6); n > 0 && string(w[2:6]) == "ال" {
			return n
		}
		return leaves3(w, 2)
	case 'ل':
		if n := leaves3(w, 4); n > 0 && string(w[2:4]) == "ل" {
			return n
		}
		return leaves3(w, 2)
	case 'ا':
		if n := leaves3(w, 4); n > 0 && string(w[2:4]) == "ل" {
			return n
		}
	}
	return 0
}

// leaves3 returns n when w[n:] holds at least three runes, else 0.
func leaves3(w []byte, n int) int {
	if len(w) > n && atLeast3Runes(w[n:]) {
		return n
	}
	return 0
}

// atLeast3Runes reports whether b holds at least three runes.
// b is valid UTF-8 (a word the tokenizer built), so its runes are its
// bytes that are not continuation bytes (10xxxxxx).
func atLeast3Runes(b []byte) bool {
	n := 0
	for _, c := range b {
		if c&0xc0 != 0x80 {
			if n++; n == 3 {
				return true
			}
		}
	}
	return false
}
