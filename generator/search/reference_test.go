package search

import (
	"bytes"
	"encoding/json"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/klauspost/compress/gzip"
	"golang.org/x/text/unicode/norm"
)

// refTokens is the tokenizer written plainly, rune by rune through
// packages unicode and norm: EachToken must give the same terms.
func refTokens(text string) []string {
	var out []string
	if !norm.NFKC.IsNormalString(text) {
		text = norm.NFKC.String(text)
	}
	var word []rune
	emit := func() {
		for start := 0; start < len(word); {
			end, pair := start, paired(word[start])
			for end < len(word) && paired(word[end]) == pair {
				end++
			}
			run := word[start:end]
			switch {
			case !pair:
				out = append(out, refPrefixed(string(run))...)
			case len(run) == 1:
				out = append(out, string(run))
			default:
				for i := 0; i+1 < len(run); i++ {
					out = append(out, string(run[i:i+2]))
				}
			}
			start = end
		}
		word = word[:0]
	}
	for _, r := range text {
		r2, keep := fold(unicode.ToLower(r))
		switch {
		case !keep:
		case wordRune(r2):
			word = append(word, r2)
		default:
			emit()
		}
	}
	emit()
	return out
}

func refPrefixed(w string) []string {
	out := []string{w}
	rs := []rune(w)
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

func checkRef(t *testing.T, text string) bool {
	t.Helper()
	got, want := Tokens("", text), refTokens(text)
	if !slices.Equal(got, want) {
		t.Errorf("Tokens(%q)\n got %q\nwant %q", text, got, want)
		return false
	}
	return true
}

// TestTokensAgreeWithReference compares the tokenizer with refTokens on
// the seeds, a corpus when present, and random text mixing scripts,
// marks, compatibility characters and invalid UTF-8.
func TestTokensAgreeWithReference(t *testing.T) {
	for _, tt := range benchDocs() {
		checkRef(t, tt.Title)
		for _, s := range tt.Sections {
			checkRef(t, s.Text)
		}
	}
	files, _ := filepath.Glob(seedDir + "/00*.txt")
	if len(files) != len(seedLangs) {
		t.Fatalf("%s: %d seed files, want %d", seedDir, len(files), len(seedLangs))
	}
	if dir := os.Getenv("SEARCH_CORPUS"); dir != "" {
		more, _ := filepath.Glob(filepath.Join(dir, "rapport", "content", "*", "p*.md"))
		files = append(files, more...)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range paragraphs(string(data)) {
			if !checkRef(t, p) {
				break
			}
		}
	}
	t.Logf("%d files", len(files))
	pool := []rune("aZé9 ,.-–\u00ad\u200cXşśÅÉꞋ\u0301\u0308\u0327\u034f" +
		"לקוחותהו\u05b0\u05b8\u05bc\u05c1\u0591" +
		"العملاءوبلفكأإآٱىة\u064b\u064e\u0651\u0653\u0654\u0670\u0640\u061c\u06f1" +
		"ลูกค้าที่พึงพอใจ\u0e48\u0e49\u0e38\u0e3a" +
		"ำน้ำ\u0e33\u0e4d\u0e38\u0e48\u0e49\u0e4b\u0e39\u0f73\u0f71\u0f72\u0344\u0bc6\u0bbe\u09be\u0b3e" +
		"顧客との関係をＣＲＭで管理ｶｽﾀﾏｰｻﾎﾟｰﾄ々ー\u3099\u309a고객과의가" +
		"ອະຕິຖິລູກຄ້າ\u0ec8ការទុកចិត្ត\u17d2ဖောက်သည်\U00020b9f\u2e80\u3000、。\uff61" +
		"клиентаЁЙ\u0419\u0306ＣＲＭﬁⅫ½①x²ǅİıßẞΣς\u1100\u1161\u11a8가各\U0001D400\U0001F600\uFFFD\uFF9E")
	rnd := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b []byte
		for range rnd.IntN(40) {
			switch rnd.IntN(50) {
			case 0:
				b = append(b, 0xff) // invalid UTF-8
			case 1:
				b = append(b, "\xe0\xb8"...) // truncated Thai
			case 2:
				for range 28 + rnd.IntN(8) { // over 30 non-starters: NFKC inserts U+034F
					b = utf8.AppendRune(b, []rune("\u0301\u0308\u05b0\u0e48\u064e")[rnd.IntN(5)])
				}
			case 3, 4, 5, 6:
				b = append(b, ' ')
			default:
				b = utf8.AppendRune(b, pool[rnd.IntN(len(pool))])
			}
		}
		if !checkRef(t, string(b)) {
			break
		}
	}
}

// TestNFKCInert checks the premise of the NFKC shortcut: text whose runes
// are each NFKC-inert (nfkcInert) is NFKC, for every such rune of the
// Basic Multilingual Plane next to ASCII, combining-prone starters and
// other such runes.
func TestNFKCInert(t *testing.T) {
	var inert []rune
	for r := rune(0x80); r < 0x10000; r++ {
		if lookup(r)&infoNorm != 0 {
			inert = append(inert, r)
		}
	}
	others := []rune("aeoAuzḍ가ᄀ\u0e01\u05d0\u0627я")
	rnd := rand.New(rand.NewPCG(3, 4))
	for _, r := range inert {
		for _, o := range append(others, inert[rnd.IntN(len(inert))]) {
			for _, s := range []string{string(r) + string(o), string(o) + string(r)} {
				if lookup(o)&infoNorm == 0 && o >= 0x80 {
					continue
				}
				if norm.NFKC.String(s) != s {
					t.Fatalf("%q (%U, %U) is not NFKC", s, r, o)
				}
			}
		}
	}
	t.Logf("%d inert runes", len(inert))
}

// TestCompact compares isCompact and appendCompact with strings.Fields
// and strings.Join.
func TestCompact(t *testing.T) {
	pool := []string{"a", "ž", "ก", " ", "  ", "\t", "\n", "\u00a0", "\u2003", "\u3000", "\u0085", "\xff", "\xe2\x80", "x y", "\xe2", "\x80", "\xc2", "\x85", "\u1680", "\u2028", "\u205f", "\xe3\x80", "\u2003"[1:], "\u00a0"[1:], "ц", "\u3000"[:2]}
	rnd := rand.New(rand.NewPCG(5, 6))
	for range 50000 {
		var b strings.Builder
		for range rnd.IntN(8) {
			b.WriteString(pool[rnd.IntN(len(pool))])
		}
		s := b.String()
		want := strings.Join(strings.Fields(s), " ")
		if got := string(appendCompact([]byte("x"), s)); got != "x"+want {
			t.Fatalf("appendCompact(%q) = %q, want %q", s, got, "x"+want)
		}
		if isCompact(s) != (s == want) {
			t.Fatalf("isCompact(%q) = %v", s, isCompact(s))
		}
	}
}

// index is the JSON the browser reads (see indexJSON), for json.Marshal. Sections are numbered in order over
// all docs; postings map a term to the sections that contain it, as gaps:
// the first number is a section, each next one is added to the previous
// (runs of small gaps, mostly 1 for common terms, compress to almost
// nothing).
type index struct {
	Lang     string           `json:"lang"`
	Pairs    string           `json:"pairs,omitempty"` // "local": see localPairsBelow
	Docs     []indexDoc       `json:"docs"`
	Sections [][4]any         `json:"sections"` // doc, anchor, heading, text
	Postings map[string][]int `json:"postings"`
}

type indexDoc struct {
	URL   string `json:"u"`
	Title string `json:"t"`
}

// refIndexJSON is Build's JSON written plainly, with refTokens.
func refIndexJSON(lang string, docs []Doc) []byte {
	ix := index{Lang: lang, Postings: map[string][]int{}}
	local := TextSize(docs) < localPairsBelow
	if local {
		ix.Pairs = "local"
	}
	for di, d := range docs {
		ix.Docs = append(ix.Docs, indexDoc{URL: d.URL, Title: d.Title})
		for _, s := range d.Sections {
			sec := len(ix.Sections)
			ix.Sections = append(ix.Sections, [4]any{di, s.Anchor, s.Heading, strings.Join(strings.Fields(s.Text), " ")})
			for _, t := range refTokens(d.Title + " " + s.Heading + " " + s.Text) {
				if r, _ := utf8.DecodeRuneInString(t); local && paired(r) {
					continue
				}
				p := ix.Postings[t]
				if len(p) == 0 || p[len(p)-1] != sec {
					ix.Postings[t] = append(p, sec)
				}
			}
		}
	}
	for _, p := range ix.Postings {
		for i := len(p) - 1; i > 0; i-- {
			p[i] -= p[i-1]
		}
	}
	data, _ := json.Marshal(ix)
	return data
}

// TestIndexAgreesWithReference decodes the index (decodeIndex) and
// compares it, as JSON, with refIndexJSON's index of the same docs (the
// JSON index the browser read before): on the synthetic docs, the seeds
// and, when $SEARCH_CORPUS names one, a corpus.
func TestIndexAgreesWithReference(t *testing.T) {
	check := func(name, lang string, docs []Doc) {
		if got, want := decodedJSON(t, Build(lang, docs)), refIndexJSON(lang, docs); !bytes.Equal(got, want) {
			t.Errorf("%s: index differs from the reference (%d, %d bytes of JSON)", name, len(got), len(want))
		}
	}
	check("synthetic", "cs", benchDocs())
	check("empty", "cs", nil)
	check("doc without sections", "cs", []Doc{{URL: "a/", Title: "Title words"}, {URL: "b/", Title: "Title", Sections: []Section{{Text: "words"}}}})
	for lang, text := range seeds(t) {
		check("seed "+lang, lang, seedDocs(lang, text))
	}
	if dir := os.Getenv("SEARCH_CORPUS"); dir != "" {
		for _, lang := range []string{"ar", "bg", "cs", "he", "th"} {
			check("corpus "+lang, lang, corpusDocs(t, dir, lang))
		}
	}
}

// decodeIndex reads an index as search.js's decode does, into the JSON
// index's form (postings as gaps).
func decodeIndex(t testing.TB, gz []byte) index {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil || !bytes.HasPrefix(b, []byte(magic)) {
		t.Fatalf("index does not decode: %v", err)
	}
	r := reader{b: b, i: len(magic)}
	flags, n := r.num(), r.num()
	end := r.i + n
	blob := utf16.Encode([]rune(string(b[end:])))
	if !utf8.Valid(b[end:]) {
		t.Fatal("index strings are not valid UTF-8")
	}
	str := func() string {
		n := r.num()
		s := string(utf16.Decode(blob[:n]))
		blob = blob[n:]
		return s
	}
	ix := index{Lang: str(), Postings: map[string][]int{}}
	if flags&flagLocalPairs != 0 {
		ix.Pairs = "local"
	}
	var counts []int
	for range r.num() {
		ix.Docs = append(ix.Docs, indexDoc{URL: str(), Title: str()})
		counts = append(counts, r.num())
	}
	for d, n := range counts {
		for range n {
			ix.Sections = append(ix.Sections, [4]any{d, str(), str(), str()})
		}
	}
	prev := ""
	for range r.num() {
		shared := r.num()
		term := string(utf16.Decode(utf16.Encode([]rune(prev))[:shared])) + str()
		p := make([]int, r.num())
		for i := range p {
			p[i] = r.num()
		}
		ix.Postings[term], prev = p, term
	}
	if len(blob) != 0 || r.i != end {
		t.Fatalf("index has %d code units and %d bytes of numbers left over", len(blob), end-r.i)
	}
	return ix
}

// reencoded returns the JSON index data decoded and encoded again:
// invalid UTF-8 in a string, which json.Marshal writes as the escape
// \ufffd, is then the character U+FFFD itself, as in a decoded index.
func reencoded(t testing.TB, data []byte) []byte {
	var ix index
	if err := json.Unmarshal(data, &ix); err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(ix)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// decodedJSON returns the decoded index as refIndexJSON writes it.
func decodedJSON(t testing.TB, gz []byte) []byte {
	data, err := json.Marshal(decodeIndex(t, gz))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestDecodeRune compares decodeRune with utf8.DecodeRuneInString on
// every one-, two- and three-byte sequence and some four-byte ones.
func TestDecodeRune(t *testing.T) {
	check := func(s string) {
		r, size := decodeRune(s, 0)
		if r2, size2 := utf8.DecodeRuneInString(s); r != r2 || size != size2 {
			t.Fatalf("decodeRune(%q) = %U, %d, want %U, %d", s, r, size, r2, size2)
		}
	}
	for a := range 256 {
		check(string([]byte{byte(a)}))
		for b := range 256 {
			check(string([]byte{byte(a), byte(b)}))
			for c := range 256 {
				check(string([]byte{byte(a), byte(b), byte(c)}))
			}
			check(string([]byte{byte(a), byte(b), 0x80, 0x80}))
		}
	}
}

// TestIndexEscapes compares the decoded index with refIndexJSON's on
// docs whose strings hold JSON's special characters, invalid UTF-8 and
// characters outside the Basic Multilingual Plane (two UTF-16 code units
// in the browser).
func TestIndexEscapes(t *testing.T) {
	pool := []string{"a", "ž", " ", "\n", "\t", "\"", "\\", "<", ">", "&", "\x00", "\x1f", "\b", "\f", "\r", "\x7f", "\xff", "\xe2\x80", "\u2028", "\u2029", "\u00a0", "\U0001F600", "\U00020000", "ก", "'", "/", "\ufeff"}
	rnd := rand.New(rand.NewPCG(7, 8))
	str := func() string {
		var b strings.Builder
		for range rnd.IntN(10) {
			b.WriteString(pool[rnd.IntN(len(pool))])
		}
		return b.String()
	}
	for range 200 {
		var docs []Doc
		for range rnd.IntN(4) {
			d := Doc{URL: str(), Title: str()}
			for range rnd.IntN(3) {
				d.Sections = append(d.Sections, Section{Anchor: str(), Heading: str(), Text: str()})
			}
			docs = append(docs, d)
		}
		if got, want := decodedJSON(t, Build("x<", docs)), reencoded(t, refIndexJSON("x<", docs)); !bytes.Equal(got, want) {
			t.Fatalf("index of %q\n got %s\nwant %s", docs, got, want)
		}
	}
}

// TestUTF16Len compares utf16Len with the length of the UTF-16 encoding
// on random valid text of every length of rune.
func TestUTF16Len(t *testing.T) {
	pool := []string{"a", "ž", "ก", "\u0800", "\uffff", "\U0001F600", "\U00010000", " ", "я"}
	rnd := rand.New(rand.NewPCG(13, 14))
	for range 20000 {
		var b strings.Builder
		for range rnd.IntN(40) {
			b.WriteString(pool[rnd.IntN(len(pool))])
		}
		if got, want := utf16Len([]byte(b.String())), len(utf16.Encode([]rune(b.String()))); got != want {
			t.Fatalf("utf16Len(%q) = %d, want %d", b.String(), got, want)
		}
	}
}
