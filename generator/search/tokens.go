// Package search builds the per-language search index that the search page
// queries in the browser, with no server.
//
// # Tokens
//
// Text is normalized the same way here (index) and in search.js (query):
// NFKC, lowercase; Arabic diacritics and tatweel removed and alef, ya and
// ta marbuta variants folded; Hebrew niqqud and cantillation removed. Words
// are runs of letters, marks and digits. Arabic words starting with the
// article or a one-letter prefix (ال، و، ب، ل، ف، ك) and Hebrew words starting
// with a prefix letter (ו ה ב ל מ ש כ) are also indexed without it, so "العملاء"
// finds "للعملاء" and "לקוחות" finds "הלקוחות". Thai, written without spaces,
// is indexed as overlapping character pairs (bigrams); a query matches only
// where all its pairs occur, and the browser then checks the whole query
// occurs in the text, so precision stays high without a dictionary.
// A Latin query word typed without diacritics, "duvera", also finds the
// index's terms that differ from it only by them, "důvěra" (ranked below
// an exact match); search.js does that from the index's own list of terms,
// so it costs the index nothing. A query with diacritics finds only that
// form.
//
// # Index
//
// Build writes, per language, every doc's URL and title and every
// section's anchor, heading and text (white space collapsed), from which
// the browser shows excerpts, and the postings: for each term, the
// sections holding it, as gaps between section numbers. The whole is gzip
// JSON, smaller than the text it indexes; Script wraps the same bytes for
// pages opened from disk.
package search

import (
	"strings"
	"unicode"

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

func isThai(r rune) bool { return r >= 0x0e00 && r <= 0x0e7f }

func wordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) }

// Tokens returns the index terms of text, written in language lang:
// normalized words, their forms without a prefix (Arabic, Hebrew), and Thai
// bigrams. The rules follow each character's script rather than lang, so a
// Latin term inside Hebrew text, or a Thai word quoted in a Czech page, is
// indexed and queried alike in every language; search.js's tokens(lang,
// text) returns the same terms.
func Tokens(lang, text string) []string {
	var out []string
	EachToken(lang, text, func(t string) { out = append(out, t) })
	return out
}

// EachToken calls f with every term of text, in order: Tokens without the
// slice, in one pass over the text.
func EachToken(lang, text string, f func(string)) {
	if !norm.NFKC.IsNormalString(text) {
		text = norm.NFKC.String(text)
	}
	word := make([]rune, 0, 32)
	for _, r := range text {
		r2, keep := fold(unicode.ToLower(r))
		if !keep {
			continue
		}
		if wordRune(r2) {
			word = append(word, r2)
			continue
		}
		if len(word) > 0 {
			wordTerms(word, f)
			word = word[:0]
		}
	}
	if len(word) > 0 {
		wordTerms(word, f)
	}
}

// wordTerms emits the terms of one normalized word: Thai runs as bigrams,
// other runs as the word and its form without a prefix.
func wordTerms(rs []rune, f func(string)) {
	start := 0
	for start < len(rs) {
		end := start
		thai := isThai(rs[start])
		for end < len(rs) && isThai(rs[end]) == thai {
			end++
		}
		run := rs[start:end]
		switch {
		case !thai:
			w := string(run)
			for _, t := range prefixed(w) {
				f(t)
			}
		case len(run) == 1:
			f(string(run))
		default:
			for i := 0; i+1 < len(run); i++ {
				f(string(run[i : i+2]))
			}
		}
		start = end
	}
}

var (
	arabicPrefixes = []string{"وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ل", "ف", "ك"}
	hebrewPrefixes = []string{"ו", "ה", "ב", "ל", "מ", "ש", "כ"}
)

// prefixed returns the word and, for Arabic and Hebrew, the word without
// its first prefix when at least three letters remain.
func prefixed(w string) []string {
	out := []string{w}
	rs := []rune(w)
	if len(rs) == 0 {
		return out
	}
	var prefixes []string
	switch {
	case rs[0] >= 0x0600 && rs[0] <= 0x06ff:
		prefixes = arabicPrefixes
	case rs[0] >= 0x05d0 && rs[0] <= 0x05ea:
		prefixes = hebrewPrefixes
	}
	for _, p := range prefixes {
		if rest, ok := strings.CutPrefix(w, p); ok && len([]rune(rest)) >= 3 {
			return append(out, rest)
		}
	}
	return out
}
