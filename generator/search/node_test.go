package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// query is one search for runQueries, and its outcome in search.js.
type query struct {
	Lang    string   `json:"lang"`
	Q       string   `json:"q"`
	Results []string `json:"-"` // "URL#anchor", best first
	Ms      float64  `json:"-"` // best query time over the repeats
}

// nodePath returns the path of node, which runs search.js for these
// tests; without it they skip, unless RAPPORT_REQUIRE_NODE=1 (set by
// .ci/run) makes that a failure.
func nodePath(t testing.TB) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("RAPPORT_REQUIRE_NODE") == "1" {
			t.Fatal("node is required (RAPPORT_REQUIRE_NODE=1) but not installed: apt-get install -y nodejs")
		}
		t.Skip("node not installed (apt-get install -y nodejs)")
	}
	return node
}

// runQueries builds an index of each language's docs, runs the queries
// with search.js under node (testdata/query.js) and fills in their results
// and times. It returns the index load times in milliseconds.
func runQueries(t testing.TB, docs map[string][]Doc, queries []query, repeat int) map[string]float64 {
	t.Helper()
	nodePath(t)
	dir := t.TempDir()
	indexes := map[string]string{}
	for lang, d := range docs {
		indexes[lang] = filepath.Join(dir, lang+".bin")
		if err := os.WriteFile(indexes[lang], Build(lang, d), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	load, _ := runIndexes(t, indexes, queries, repeat, 1, nil)
	return load
}

// runIndexes runs the queries with search.js under node on the index
// files named (query.Lang names one), as runQueries does.
// Each index is loaded loads times, and its best load time returned.
// For each pair of index names in same, it reports whether search.js
// decodes both to the same docs, sections and postings.
func runIndexes(t testing.TB, indexes map[string]string, queries []query, repeat, loads int, same [][2]string) (map[string]float64, []bool) {
	t.Helper()
	node := nodePath(t)
	in, _ := json.Marshal(map[string]any{"script": "../../themes/default/assets/search.js", "indexes": indexes, "queries": queries, "repeat": repeat, "loads": loads, "same": same})
	cmd := exec.Command(node, "testdata/query.js")
	cmd.Stdin = bytes.NewReader(in)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node testdata/query.js: %v", err)
	}
	var got struct {
		Queries []struct {
			Results []string
			Ms      float64
		}
		LoadMs map[string]float64
		Same   []bool
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	for i := range queries {
		queries[i].Results, queries[i].Ms = got.Queries[i].Results, got.Queries[i].Ms
	}
	return got.LoadMs, got.Same
}

// contains reports whether text holds word the way a search means it,
// for each run of the normalized word (wordRuns): a run of paired
// characters must occur whole in the normalized text; any other run, or its
// form without a prefix, must be among the text's terms or, for a Latin
// run typed without diacritics, differ from one only by them. It is a
// brute-force twin of the index.
func contains(lang, text, word string) bool {
	runs := wordRuns(Normalize(word))
	for _, w := range runs {
		if !containsRun(lang, text, w) {
			return false
		}
	}
	return len(runs) > 0
}

func containsRun(lang, text, w string) bool {
	if strings.ContainsFunc(w, paired) {
		return strings.Contains(Normalize(text), w)
	}
	terms := Tokens(lang, text)
	if !strings.ContainsFunc(w, func(r rune) bool { return !unicode.Is(unicode.Latin, r) }) && stripMarks(w) == w {
		for i, t := range terms {
			terms[i] = stripMarks(t)
		}
	}
	return slices.ContainsFunc(prefixed(w), func(w string) bool { return slices.Contains(terms, w) })
}

// wordRuns splits normalized text into words (runs of letters, marks and
// digits) and each word into its runs of paired and of other characters.
func wordRuns(s string) []string {
	var out []string
	start, prev := -1, false
	for i, r := range s + " " {
		word := wordRune(r) && i < len(s)
		if start >= 0 && (!word || paired(r) != prev) {
			out = append(out, s[start:i])
			start = -1
		}
		if word && start < 0 {
			start, prev = i, paired(r)
		}
	}
	return out
}

// matching returns the URLs of the docs that contain word, sorted, and
// whether one of them has it in its title.
func matching(lang string, docs []Doc, word string) (urls []string, inTitle bool) {
	for _, d := range docs {
		found := false
		for _, s := range d.Sections {
			found = found || contains(lang, d.Title+" "+s.Heading+" "+s.Text, word)
		}
		if found {
			urls = append(urls, d.URL)
			inTitle = inTitle || contains(lang, d.Title, word)
		}
	}
	sort.Strings(urls)
	return urls, inTitle
}

// TestSearchInNode runs one-word queries on the index of each seed and of
// the test sentences in search.js and compares the docs found with a
// brute-force scan of the text: no doc missing, none extra (in the paired
// scripts, the phrase check removes docs that only have the word's
// character pairs), and a doc with the word in its title first when there
// is one.
func TestSearchInNode(t *testing.T) {
	words := map[string][]string{
		"th": {"ลูกค้า", "ความภักดี", "กลยุทธ์", "ความไว้วางใจ", "วัฒนธรรม", "CRM"},
		"ar": {"العملاء", "العُمَلاء", "الولاء", "استراتيجيات", "CRM"},
		"he": {"לקוחות", "לָקוֹחוֹת", "נאמנות", "אסטרטגיות", "CRM"},
		"bg": {"лоялност", "клиентите", "CRM"},
		"cs": {"důvěra", "duvera", "zákazníky", "zakazniky", "Zákazníky", "CRM"},
		// Words from the middle of sentences, one character, mixed
		// scripts, full- and half-width forms.
		"ja": {"顧客", "満足", "信頼", "導入", "新幹線", "幹線", "CRM", "ＣＲＭ", "カスタマーサポート", "ｶｽﾀﾏｰ", "客", "2024年", "顧客満足度", "CRMを導入", "９時"},
		"zh": {"客户", "满意度", "信任", "系统", "CRM系统", "投诉", "会员", "客", "2024年", "合作伙伴"},
		"ko": {"고객", "만족도", "신뢰", "관계", "고객과의", "CRM을", "설문", "고", "2024년"},
		"km": {"អតិថិជន", "ការទុកចិត្ត", "សេវាកម្ម", "CRM", "បុគ្គលិក", "2024"},
		"lo": {"ລູກຄ້າ", "ຄວາມໄວ້ວາງໃຈ", "ການບໍລິການ", "CRM", "ພະນັກງານ", "ສື່ສັງຄົມ"},
	}
	docs := map[string][]Doc{}
	var queries []query
	for lang, text := range allTexts(t) {
		docs[lang] = seedDocs(lang, text)
		for _, w := range words[lang] {
			queries = append(queries, query{Lang: lang, Q: w})
		}
	}
	runQueries(t, docs, queries, 1)
	for _, q := range queries {
		want, inTitle := matching(q.Lang, docs[q.Lang], q.Q)
		var got []string
		for _, r := range q.Results {
			got = append(got, strings.SplitN(r, "#", 2)[0])
		}
		first := ""
		if len(got) > 0 {
			first = got[0]
		}
		sort.Strings(got)
		if !slices.Equal(got, want) || len(want) == 0 {
			t.Errorf("%s %q: got docs %q, want %q", q.Lang, q.Q, got, want)
			continue
		}
		if d := docs[q.Lang][slices.IndexFunc(docs[q.Lang], func(d Doc) bool { return d.URL == first })]; inTitle && !contains(q.Lang, d.Title, q.Q) {
			t.Errorf("%s %q: first result %s does not have the word in its title, another doc does", q.Lang, q.Q, first)
		}
		t.Logf("%s %q: %d of %d docs", q.Lang, q.Q, len(got), len(docs[q.Lang]))
	}
}

// TestThaiPrecision measures, on the Thai seed with one section per
// paragraph, how many sections each word's letter pairs select (all pairs
// present, in any order), how many of them really contain the word, and
// that search.js, which adds the phrase check, returns exactly those.
func TestThaiPrecision(t *testing.T) {
	words := []string{"ลูกค้า", "ความภักดี", "กลยุทธ์", "ความไว้วางใจ", "วัฒนธรรม", "ความพึงพอใจ", "ข้อมูล", "รักษา", "ค่า", "ตลาด", "ค้าลูก", "ภักดีความ"}
	pairPrecision(t, "th", paragraphs(seeds(t)["th"]), words, false)
}

// TestPairsPrecision does the same on the test sentences of the other
// paired scripts, one doc per sentence, with words from the middle of
// sentences, pairs that occur only across two words (幹線 of 新幹線 alone
// is a word too), mixed scripts and one character.
func TestPairsPrecision(t *testing.T) {
	words := map[string][]string{
		"ja": {"顧客", "関係", "満足度", "信頼", "返信", "新幹線", "幹線", "CRMを導入", "担当者", "客", "時", "ｻﾎﾟｰﾄ", "係を", "客と"},
		"zh": {"客户", "关系", "满意度", "信任", "回复", "系统", "CRM系统", "投诉", "客", "长期", "户的", "期的"},
		"ko": {"고객", "관계", "만족도", "신뢰", "답변", "고객과의", "CRM을", "고", "객의", "조사"},
		"km": {"អតិថិជន", "ការទុកចិត្ត", "សេវាកម្ម", "បុគ្គលិក", "ឆ្លើយតប", "ជន"},
		"lo": {"ລູກຄ້າ", "ຄວາມໄວ້ວາງໃຈ", "ການບໍລິການ", "ພະນັກງານ", "ຕອບ", "ຄ້າ"},
	}
	for lang, text := range langTexts(t) {
		pairPrecision(t, lang, paragraphs(text), words[lang], true)
	}
}

// pairPrecision makes one doc of each paragraph and searches each word in
// search.js: it must return exactly the docs whose normalized text holds
// the word (brute force), and it logs how many docs the pairs alone would
// have selected (for a word of one character: the docs holding it). Each
// word must be found when mustFind.
func pairPrecision(t *testing.T, lang string, paras, words []string, mustFind bool) {
	t.Helper()
	var docs []Doc
	for i, p := range paras {
		docs = append(docs, Doc{URL: fmt.Sprintf("%s/p%d/", lang, i), Title: lang, Sections: []Section{{Anchor: fmt.Sprintf("p%d", i), Text: p}}})
	}
	var queries []query
	for _, w := range words {
		queries = append(queries, query{Lang: lang, Q: w})
	}
	runQueries(t, map[string][]Doc{lang: docs}, queries, 1)
	for _, q := range queries {
		pairs := Tokens(lang, q.Q)
		var cands, truth []string
		for _, d := range docs {
			terms := Tokens(lang, d.Sections[0].Text)
			if !slices.ContainsFunc(pairs, func(p string) bool { return !slices.Contains(terms, p) }) || utf8.RuneCountInString(q.Q) == 1 && contains(lang, d.Sections[0].Text, q.Q) {
				cands = append(cands, d.URL)
			}
			if contains(lang, d.Sections[0].Text, q.Q) {
				truth = append(truth, d.URL)
			}
		}
		sort.Strings(truth)
		got := slices.Clone(q.Results)
		for i := range got {
			got[i] = strings.SplitN(got[i], "#", 2)[0]
		}
		sort.Strings(got)
		if !slices.Equal(got, truth) || mustFind && len(truth) == 0 {
			t.Errorf("%s %q: search.js found %q, want the %d paragraphs that contain it %q", lang, q.Q, got, len(truth), truth)
		}
		t.Logf("%s %-14s pairs alone: %3d paragraphs, %3d contain the word (precision %s); with the phrase check: %d, precision %s",
			lang, q.Q, len(cands), len(truth), ratio(len(truth), len(cands)), len(got), ratio(len(truth), len(got)))
	}
}

// ratio formats a/b, or "-" when b is 0.
func ratio(a, b int) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", float64(a)/float64(b))
}

// largeDocs makes n synthetic pages of a seed's text: each takes twenty
// paragraphs from a different place, the first as its title.
func largeDocs(lang, text string, n int) []Doc {
	paras := paragraphs(text)
	docs := make([]Doc, n)
	for i := range docs {
		at := i * 7
		docs[i] = Doc{URL: fmt.Sprintf("%s/page-%d/", lang, i), Title: paras[at%len(paras)]}
		for j := 1; j < 20; j++ {
			p := paras[(at+j)%len(paras)]
			docs[i].Sections = append(docs[i].Sections, Section{Anchor: fmt.Sprintf("s%d", j), Heading: strings.Join(strings.Fields(p)[:1], ""), Text: p})
		}
	}
	return docs
}

// TestLargeIndexQueries runs search.js on a 2000-page Thai, a 2000-page
// Hebrew and a 2000-page Japanese index under node: every real word must
// be found. It also logs each query's time (best of five, excerpt marks
// of the first 50 results included) as a measurement; timings are never
// asserted, since the machine is shared and noisy (targets are checked by
// reading these figures).
func TestLargeIndexQueries(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: builds three 2000-page indexes")
	}
	s := seeds(t)
	docs := map[string][]Doc{"th": largeDocs("th", s["th"], 2000), "he": largeDocs("he", s["he"], 2000), "ja": largeDocs("ja", langTexts(t)["ja"], 2000)}
	queries := []query{
		{Lang: "ja", Q: "顧客"}, {Lang: "ja", Q: "満足度"}, {Lang: "ja", Q: "CRMを導入"}, {Lang: "ja", Q: "客"}, {Lang: "ja", Q: "顧客 信頼"},
		{Lang: "th", Q: "ลูกค้า"}, {Lang: "th", Q: "ความภักดี"}, {Lang: "th", Q: "กลยุทธ์ ลูกค้า"}, {Lang: "th", Q: "ความไว้วางใจ"}, {Lang: "th", Q: "CRM"}, {Lang: "th", Q: "ค้าลูก"},
		{Lang: "he", Q: "לקוחות"}, {Lang: "he", Q: "נאמנות"}, {Lang: "he", Q: "אסטרטגיות לקוחות"}, {Lang: "he", Q: "CRM"}, {Lang: "he", Q: "ל"},
	}
	words := map[string]bool{"顧客": true, "満足度": true, "CRMを導入": true, "客": true, "ลูกค้า": true, "ความภักดี": true, "ความไว้วางใจ": true, "CRM": true, "לקוחות": true, "נאמנות": true}
	load := runQueries(t, docs, queries, 5)
	for lang, d := range docs {
		ix := Build(lang, d)
		t.Logf("%s: %d pages, text %.1f MB, index %.1f MB, load and prepare in node %.0f ms", lang, len(d), float64(TextSize(d))/1e6, float64(len(ix))/1e6, load[lang])
	}
	for _, q := range queries {
		t.Logf("%s %-20q %5d results in %6.1f ms", q.Lang, q.Q, len(q.Results), q.Ms)
		if words[q.Q] && len(q.Results) == 0 {
			t.Errorf("%s %q: no results on an index made of text that contains it", q.Lang, q.Q)
		}
	}
}

// stripMarks returns s decomposed without its combining marks.
func stripMarks(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Mn, r) {
			return -1
		}
		return r
	}, norm.NFD.String(s))
}

// TestRanking checks search.js's order: a word in the title before one in
// a heading before one in the text, more places before fewer; the exact
// form before one matched without diacritics in the same place; Hebrew
// prefixes on either side; Japanese words inside sentences, alone and with
// a Latin term.
func TestRanking(t *testing.T) {
	docs := map[string][]Doc{
		"cs": {
			{URL: "cs/text/", Title: "Vztahy", Sections: []Section{{Text: "Důvěra roste pomalu."}}},
			{URL: "cs/plain/", Title: "Vztahy", Sections: []Section{{Text: "Slovo duvera bez diakritiky."}}},
			{URL: "cs/heading/", Title: "Zákazníci", Sections: []Section{{Text: "Úvod."}, {Anchor: "duvera", Heading: "Důvěra", Text: "Jak ji budovat."}}},
			{URL: "cs/title/", Title: "Důvěra zákazníků", Sections: []Section{{Text: "Úvod."}}},
			{URL: "cs/both/", Title: "Důvěra", Sections: []Section{{Anchor: "vztahy", Heading: "Vztahy", Text: "Důvěra a vztahy."}}},
		},
		"he": {
			{URL: "he/a/", Title: "שירות", Sections: []Section{{Text: "הלקוחות שלנו"}}},
			{URL: "he/b/", Title: "לקוחות", Sections: []Section{{Text: "שירות"}}},
			{URL: "he/c/", Title: "אחר", Sections: []Section{{Text: "מוצר"}}},
		},
		"ja": {
			{URL: "ja/text/", Title: "CRMの基本", Sections: []Section{{Text: "顧客満足度を高めるためにCRMを使います。"}}},
			{URL: "ja/heading/", Title: "サポート窓口", Sections: []Section{{Text: "受付時間"}, {Anchor: "m", Heading: "満足度の測り方", Text: "アンケートを行います。"}}},
			{URL: "ja/title/", Title: "顧客満足度の調べ方", Sections: []Section{{Text: "定期的なアンケートを行います。"}}},
			{URL: "ja/other/", Title: "信頼", Sections: []Section{{Text: "満足しているお客様は長く付き合ってくれます。"}}},
		},
	}
	tests := []struct {
		lang, q string
		want    []string
	}{
		{"cs", "důvěra", []string{"cs/both/#vztahy", "cs/title/", "cs/heading/#duvera", "cs/text/"}},
		{"cs", "Důvěra vztahy", []string{"cs/both/#vztahy", "cs/text/"}},
		{"cs", "duvera", []string{"cs/both/#vztahy", "cs/title/", "cs/heading/#duvera", "cs/plain/", "cs/text/"}},
		{"he", "לקוחות", []string{"he/b/", "he/a/"}},
		{"he", "ללקוחות", []string{"he/b/", "he/a/"}},
		// A word from the middle of a sentence: title, heading, text; 満足
		// alone (ja/other/) is not 満足度.
		{"ja", "満足度", []string{"ja/title/", "ja/heading/#m", "ja/text/"}},
		{"ja", "満足", []string{"ja/title/", "ja/heading/#m", "ja/text/", "ja/other/"}},
		// Latin and Japanese in one query: pages with both, typed with a
		// space, without one, or in full-width letters.
		{"ja", "CRM 満足度", []string{"ja/text/"}},
		{"ja", "ＣＲＭ満足度", []string{"ja/text/"}},
	}
	var queries []query
	for _, tt := range tests {
		queries = append(queries, query{Lang: tt.lang, Q: tt.q})
	}
	runQueries(t, docs, queries, 1)
	for i, tt := range tests {
		if got := queries[i].Results; !slices.Equal(got, tt.want) {
			t.Errorf("%s %q: got %q, want %q", tt.lang, tt.q, got, tt.want)
		}
	}
}

// TestMarksInNode checks the ranges search.js marks in an excerpt: the
// text as written, where NFKC changed its length before the match
// (half-width katakana, ligatures, conjoining jamo) or inside it.
func TestMarksInNode(t *testing.T) {
	node := nodePath(t)
	tests := []struct {
		Text  string
		Forms []string
		Want  []string
	}{
		{"ｶｽﾀﾏｰｻﾎﾟｰﾄの窓口。既存顧客の維持", []string{"顧客"}, []string{"顧客"}},
		{"ｻﾎﾟｰﾄ", []string{"サポート"}, []string{"ｻﾎﾟｰﾄ"}},
		{"ﬁle e\u0301 ＣＲＭを導入", []string{"導入", "crm"}, []string{"ＣＲＭ", "導入"}},
		{"\u1100\u1161\u11a8 고객과의", []string{"고객"}, []string{"고객"}},
		{"العُمَلاءُ", []string{"العملاء"}, []string{"العُمَلاءُ"}},
	}
	in, _ := json.Marshal(tests)
	script := `
const m = {exports: {}};
new Function("module", require("fs").readFileSync(process.argv[1], "utf8"))(m);
const tests = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(tests.map(tt => m.exports.marks(tt.Text, tt.Forms).map(s => tt.Text.slice(s[0], s[1])))));
`
	cmd := exec.Command(node, "-e", script, "../../themes/default/assets/search.js")
	cmd.Stdin = bytes.NewReader(in)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var got [][]string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	for i, tt := range tests {
		if !slices.Equal(got[i], tt.Want) {
			t.Errorf("marks(%q, %q) = %q, want %q", tt.Text, tt.Forms, got[i], tt.Want)
		}
	}
}
