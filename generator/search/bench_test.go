package search

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// benchDocs makes a multilingual corpus that needs no files: the sentences
// of TestTokens and TestTokensAgreeWithJS (Hebrew, Arabic, Czech,
// Bulgarian, Thai, marks, NFKC forms), shuffled into 400 pages of 6
// sections.
func benchDocs() []Doc {
	lines := []string{
		"לכן, עסקים חייבים לאמץ גישה ממוקדת לקוח",
		"העצמת הסברה למותג (Brand Advocacy)",
		"העוּלָם הוא כפר גלובלי, ולקוחות מצפים לשירות אישי בכל שפה.",
		"العملاء المخلصون ليسوا مجرد مشترين متكررين؛",
		"قيمة عمر العميل (CLTV) الأعلى: يساهم العملاء",
		"إدارة العمـــلاء مُهمّة وولائهم والاستراتيجيات للعملاء",
		"Budování vztahů se zákazníky: Globální perspektiva",
		"V dnešním propojeném světě je budování pevných vztahů se zákazníky důležitější než kdy jindy.",
		"Příklad: Hotel by mohl používat CRM systém ke sledování preferencí hostů.",
		"По-висока стойност на клиента (CLTV)",
		"Изграждането на лоялност изисква доверие, последователност и разбиране на клиентите.",
		"ลูกค้าที่พึงพอใจ CRM กลยุทธ์ ความไว้วางใจ วัฒนธรรม",
		"ความภักดีของลูกค้าเป็นสิ่งสำคัญสำหรับธุรกิจในยุคปัจจุบัน",
		"ＣＲＭ ﬁle Ⅻ ½ ① x² ÉRA soft\u00adware důvěraลูกค้าCRM",
		"The customer lifetime value (CLTV) grows with trust, 2024 edition.",
	}
	var docs []Doc
	for i := 0; i < 400; i++ {
		d := Doc{URL: fmt.Sprintf("p%d/", i), Title: lines[i%len(lines)]}
		for j := 0; j < 6; j++ {
			var b strings.Builder
			for k := 0; k < 8; k++ {
				b.WriteString(lines[(i*7+j*3+k*5)%len(lines)])
				b.WriteString("\n")
			}
			d.Sections = append(d.Sections, Section{Anchor: fmt.Sprintf("s%d", j), Heading: lines[(i+j)%len(lines)], Text: b.String()})
		}
		docs = append(docs, d)
	}
	return docs
}

// corpusDocs reads the pages of one language of a corpus made by
// cmd/corpus (rapport/content/<lang>/*.md), sections split at "## ".
func corpusDocs(tb testing.TB, dir, lang string) []Doc {
	files, _ := filepath.Glob(filepath.Join(dir, "rapport", "content", lang, "p*.md"))
	if len(files) == 0 {
		tb.Skipf("no corpus in %s (go run ./cmd/corpus -pages 2000 -out %s)", dir, dir)
	}
	var docs []Doc
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		text := string(data)
		d := Doc{URL: filepath.Base(f)}
		if _, rest, ok := strings.Cut(text, "title: "); ok {
			d.Title, _, _ = strings.Cut(rest, "\n")
			d.Title = strings.Trim(d.Title, `"`)
		}
		if i := strings.Index(text, "\n---\n"); i >= 0 {
			text = text[i+5:]
		}
		for j, part := range strings.Split(text, "\n## ") {
			heading, body, _ := strings.Cut(part, "\n")
			d.Sections = append(d.Sections, Section{Anchor: fmt.Sprintf("s%d", j), Heading: heading, Text: body})
		}
		docs = append(docs, d)
	}
	return docs
}

func benchBuild(b *testing.B, lang string, docs []Doc) {
	b.SetBytes(int64(TextSize(docs)))
	b.ReportAllocs()
	for b.Loop() {
		Build(lang, docs)
	}
}

// BenchmarkBuild builds indexes of synthetic multilingual docs, of the
// seeds when present, and of a corpus in $SEARCH_CORPUS (default
// /tmp/scorpus) when present.
func BenchmarkBuild(b *testing.B) {
	b.Run("synthetic", func(b *testing.B) { benchBuild(b, "cs", benchDocs()) })
	for _, lang := range []string{"ar", "bg", "cs", "he", "th"} {
		b.Run("seed-"+lang, func(b *testing.B) {
			benchBuild(b, lang, seedDocs(lang, seeds(b)[lang]))
		})
	}
	dir := os.Getenv("SEARCH_CORPUS")
	if dir == "" {
		dir = "/tmp/scorpus"
	}
	for _, lang := range []string{"ar", "bg", "cs", "he", "th"} {
		b.Run("corpus-"+lang, func(b *testing.B) { benchBuild(b, lang, corpusDocs(b, dir, lang)) })
	}
}

// BenchmarkTokens tokenizes the synthetic docs' text without building.
func BenchmarkTokens(b *testing.B) {
	docs := benchDocs()
	b.SetBytes(int64(TextSize(docs)))
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		for _, d := range docs {
			for _, s := range d.Sections {
				EachToken("cs", s.Text, func(string) { n++ })
			}
		}
	}
}

// BenchmarkGather gathers the pages of a corpus in $SEARCH_CORPUS
// (default /tmp/scorpus), every language, as parse does page by page, and
// reports the bytes held per page.
func BenchmarkGather(b *testing.B) {
	dir := os.Getenv("SEARCH_CORPUS")
	if dir == "" {
		dir = "/tmp/scorpus"
	}
	var docs []Doc
	for _, lang := range []string{"ar", "bg", "cs", "he", "th"} {
		docs = append(docs, corpusDocs(b, dir, lang)...)
	}
	b.SetBytes(int64(TextSize(docs)))
	b.ReportAllocs()
	held := 0
	dict := NewDictionary()
	for b.Loop() {
		held = 0
		for _, d := range docs {
			held += dict.Gather(d.Title, d.Sections).Size()
		}
	}
	b.ReportMetric(float64(held)/float64(len(docs)), "held-B/page")
}

// BenchmarkPages builds the index of a corpus's language in
// $SEARCH_CORPUS (default /tmp/scorpus) from pages gathered beforehand,
// as a rebuild does when parsed pages are kept (rapport serve): merging
// the pages' terms, writing and compressing the index.
func BenchmarkPages(b *testing.B) {
	dir := os.Getenv("SEARCH_CORPUS")
	if dir == "" {
		dir = "/tmp/scorpus"
	}
	for _, lang := range []string{"ar", "bg", "cs", "he", "th"} {
		b.Run("corpus-"+lang, func(b *testing.B) {
			docs := corpusDocs(b, dir, lang)
			dict := NewDictionary()
			entries := make([]Entry, len(docs))
			for i, d := range docs {
				entries[i] = Entry{URL: d.URL, Title: d.Title, Page: dict.Gather(d.Title, d.Sections)}
			}
			b.SetBytes(int64(TextSize(docs)))
			b.ReportAllocs()
			for b.Loop() {
				dict.Pages(lang, entries)
			}
		})
	}
}

// BenchmarkUpdate updates a language's index in $SEARCH_CORPUS (see
// BenchmarkPages) after one page's edit, as a one-edit rebuild with the
// build cache does: the last build's Base read back, the edited page
// gathered in a new dictionary (another process's), the index updated
// and its Base encoded for the next build.
func BenchmarkUpdate(b *testing.B) {
	dir := os.Getenv("SEARCH_CORPUS")
	if dir == "" {
		dir = "/tmp/scorpus"
	}
	docs := corpusDocs(b, dir, "he")
	dict := NewDictionary()
	_, base := dict.Update("he", nil, entriesOf(docs), func(i int) *Page { return dict.Gather(docs[i].Title, docs[i].Sections) })
	data := base.AppendBinary(nil)
	edited := slices.Clone(docs)
	edited[0].Sections = slices.Clone(edited[0].Sections)
	edited[0].Sections[0].Text += " edited"
	entries := entriesOf(edited)
	b.SetBytes(int64(TextSize(docs)))
	b.ReportAllocs()
	for b.Loop() {
		base, err := DecodeBase(data)
		if err != nil {
			b.Fatal(err)
		}
		dict := NewDictionary()
		_, next := dict.Update("he", base, entries, func(i int) *Page { return dict.Gather(edited[i].Title, edited[i].Sections) })
		next.AppendBinary(nil)
	}
}
