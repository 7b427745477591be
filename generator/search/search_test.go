package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		lang, in string
		want     []string
	}{
		// Sentences from the seeds (testdata/seeds at the repository root).
		{"he", "לכן, עסקים חייבים לאמץ גישה ממוקדת לקוח", []string{"לכן", "עסקים", "חייבים", "לאמץ", "אמץ", "גישה", "ממוקדת", "מוקדת", "לקוח", "קוח"}},
		{"he", "העצמת הסברה למותג (Brand Advocacy)", []string{"העצמת", "עצמת", "הסברה", "סברה", "למותג", "מותג", "brand", "advocacy"}},
		{"ar", "العملاء المخلصون ليسوا مجرد مشترين متكررين؛", []string{"العملاء", "عملاء", "المخلصون", "مخلصون", "ليسوا", "يسوا", "مجرد", "مشترين", "متكررين"}},
		{"ar", "قيمة عمر العميل (CLTV) الأعلى: يساهم العملاء", []string{"قيمه", "عمر", "العميل", "عميل", "cltv", "الاعلي", "اعلي", "يساهم", "العملاء", "عملاء"}},
		{"cs", "Budování vztahů se zákazníky: Globální perspektiva", []string{"budování", "vztahů", "se", "zákazníky", "globální", "perspektiva"}},
		{"bg", "По-висока стойност на клиента (CLTV)", []string{"по", "висока", "стойност", "на", "клиента", "cltv"}},
		{"th", "ลูกค้าที่พึงพอใจ CRM", []string{"ลู", "ูก", "กค", "ค้", "้า", "าท", "ที", "ี่", "่พ", "พึ", "ึง", "งพ", "พอ", "อใ", "ใจ", "crm"}},
		{"th", "กลยุทธ์", []string{"กล", "ลย", "ยุ", "ุท", "ทธ", "ธ์"}},
		// Marks and letter variants the seeds do not have.
		{"he", "לָקוֹחוֹת", []string{"לקוחות", "קוחות"}},
		{"ar", "العُمَلاءُ وولائهم", []string{"العملاء", "عملاء", "وولائهم", "ولائهم"}},
		{"ar", "إدارة العمـــلاء مُهمّة", []string{"اداره", "العملاء", "عملاء", "مهمه"}},
		{"th", "ก", []string{"ก"}},
		{"th", "důvěraลูก", []string{"důvěra", "ลู", "ูก"}},
		{"cs", "ＣＲＭ ﬁle", []string{"crm", "file"}},
		{"cs", " – ", nil},
		// Scripts indexed as character pairs, mixed with Latin words and
		// numbers (sentences of testdata/langs).
		{"ja", "CRMを導入すると", []string{"crm", "を導", "導入", "入す", "する", "ると"}},
		{"ja", "2024年の調査", []string{"2024", "年の", "の調", "調査"}},
		{"zh", "引入CRM系统以后，客户", []string{"引入", "crm", "系统", "统以", "以后", "客户"}},
		{"ko", "고객과의 관계", []string{"고객", "객과", "과의", "관계"}},
		{"km", "អតិថិជន", []string{"អត", "តិ", "ិថ", "ថិ", "ិជ", "ជន"}},
		{"lo", "ລູກຄ້າ CRM", []string{"ລູ", "ູກ", "ກຄ", "ຄ້", "້າ", "crm"}},
		{"my", "ဖောက်သည်", []string{"ဖေ", "ော", "ာက", "က်", "်သ", "သည", "ည်"}},
		{"ja", "新幹線", []string{"新幹", "幹線"}},
		{"ja", "々ー", []string{"々ー"}}, // marks of repetition and length are paired letters
		{"zh", "客", []string{"客"}},
		{"zh", "客、户。", []string{"客", "户"}}, // CJK punctuation separates
		// NFKC folds full-width Latin letters and digits and half-width
		// katakana (with their voicing marks) to the usual forms.
		{"ja", "ＣＲＭ２０２４", []string{"crm2024"}},
		{"ja", "ｶｽﾀﾏｰｻﾎﾟｰﾄ", Tokens("ja", "カスタマーサポート")},
		{"ja", "ｶﾞｲﾄﾞ", []string{"ガイ", "イド"}},
		{"ko", "\u1100\u1161\u11a8", []string{"각"}}, // conjoining jamo compose
		{"xx", "顧客", []string{"顧客"}},                // a language never seen: the script decides
	}
	for _, tt := range tests {
		if got := Tokens(tt.lang, tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Tokens(%q, %q)\n got %q\nwant %q", tt.lang, tt.in, got, tt.want)
		}
	}
}

// seedLangs names the language of each seed file by its number.
var seedLangs = map[string]string{"000": "he", "001": "bg", "002": "cs", "003": "ar", "004": "th"}

// seedDir holds the seed playbooks, the sentences the sample site is made
// of, verbatim (testdata/seeds/README.md says which file is which).
const seedDir = "../../testdata/seeds"

// seeds returns the text of each seed by language. A seed missing fails
// the test: they are part of the repository.
func seeds(t testing.TB) map[string]string {
	t.Helper()
	out := map[string]string{}
	for num, lang := range seedLangs {
		files, _ := filepath.Glob(seedDir + "/" + num + "_*.txt")
		if len(files) != 1 {
			t.Fatalf("seed %s (%s): want one file %s/%s_*.txt, found %d", num, lang, seedDir, num, len(files))
		}
		data, err := os.ReadFile(files[0])
		if err != nil {
			t.Fatal(err)
		}
		out[lang] = string(data)
	}
	return out
}

// testLangs are the languages of the test sentences in testdata/langs,
// written for these tests: scripts without spaces between words, or with
// particles attached to them.
var testLangs = []string{"ja", "zh", "ko", "km", "lo"}

// langTexts returns the test sentences of each of testLangs.
func langTexts(t testing.TB) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, lang := range testLangs {
		data, err := os.ReadFile(filepath.Join("testdata", "langs", lang+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		out[lang] = string(data)
	}
	return out
}

// allTexts returns the seeds and the test sentences, by
// language.
func allTexts(t testing.TB) map[string]string {
	t.Helper()
	out := langTexts(t)
	for lang, text := range seeds(t) {
		out[lang] = text
	}
	return out
}

// paragraphs returns the non-blank lines of text.
func paragraphs(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

// TestTokensAgreeWithJS runs search.js's tokenizer under node on every line
// of the five seeds, of the test sentences (testdata/langs) and of text at
// each edge of the paired blocks, and compares with Go's, token for token, and the
// normalized text of both of search.js's normalizers with Normalize's.
func TestTokensAgreeWithJS(t *testing.T) {
	node := nodePath(t)
	type line struct{ Lang, Text string }
	lines := []line{{"ar", "العُمَلاءُ"}, {"he", "לָקוֹחוֹת"}, {"cs", "ＣＲＭ"}, {"ar", "إدارة الولاء"}, {"th", "ความไว้วางใจ"},
		{"he", "בְּרֵאשִׁית׃ מְקוֹם־אַחֵר"}, {"ar", "مُـــهِمّة\u200fجداً"}, {"cs", "ÉRA soft\u00adware"}, {"th", "důvěraลูกค้าCRM"}, {"cs", "Ⅻ ½ ① x²"},
		{"ja", "ｶｽﾀﾏｰｻﾎﾟｰﾄ ＣＲＭ２０２４年"}, {"ja", "顧客\u0301管理 e\u3099"}, {"ko", "\u1100\u1161\u11a8 고객"}}
	// Each edge of the paired blocks, between letters of both kinds.
	for _, b := range pairedRanges {
		for _, r := range []rune{b[0] - 1, b[0], b[0] + 1, b[1] - 1, b[1], b[1] + 1} {
			lines = append(lines, line{"xx", "a" + string(r) + "ก" + string(r) + "x" + string(r) + string(r) + " " + string(r)})
		}
	}
	for lang, text := range allTexts(t) {
		for _, p := range paragraphs(text) {
			lines = append(lines, line{lang, p})
		}
	}
	input, _ := json.Marshal(lines)
	script := `
const m = {exports: {}};
new Function("module", require("fs").readFileSync(process.argv[1], "utf8"))(m);
const lines = JSON.parse(require("fs").readFileSync(0, "utf8"));
const x = m.exports;
process.stdout.write(JSON.stringify(lines.map(l => ({tokens: x.tokens(l.Lang, l.Text), text: x.normalizeText(l.Text), mapped: x.normalize(l.Text).text}))));
`
	cmd := exec.Command(node, "-e", script, "../../themes/default/assets/search.js")
	cmd.Stdin = bytes.NewReader(input)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var js []struct {
		Tokens       []string
		Text, Mapped string
	}
	if err := json.Unmarshal(out, &js); err != nil {
		t.Fatal(err)
	}
	for i, l := range lines {
		if got := Tokens(l.Lang, l.Text); !slices.Equal(got, js[i].Tokens) && !(len(got) == 0 && len(js[i].Tokens) == 0) {
			t.Errorf("%s line %q:\nGo %q\nJS %q", l.Lang, l.Text, got, js[i].Tokens)
		}
		if got := Normalize(l.Text); got != js[i].Text || got != js[i].Mapped {
			t.Errorf("%s line %q normalized:\nGo               %q\nJS normalizeText %q\nJS normalize     %q", l.Lang, l.Text, got, js[i].Text, js[i].Mapped)
		}
	}
	t.Logf("%d lines tokenized identically", len(lines))
}

// seedDocs makes docs of a seed's text: pages of ten paragraphs, each
// paragraph a section.
func seedDocs(lang, text string) []Doc {
	var docs []Doc
	for i, p := range paragraphs(text) {
		if i%10 == 0 {
			docs = append(docs, Doc{URL: fmt.Sprintf("%s/p%d/", lang, i/10), Title: p})
			continue
		}
		d := &docs[len(docs)-1]
		d.Sections = append(d.Sections, Section{Anchor: fmt.Sprintf("s%d", i), Heading: "", Text: p})
	}
	return docs
}

// TestIndexSmallerThanText builds an index of each seed and of the test
// sentences of each language and requires it to
// be smaller than the text it indexes, and deterministic.
func TestIndexSmallerThanText(t *testing.T) {
	for lang, text := range allTexts(t) {
		docs := seedDocs(lang, text)
		ix := Build(lang, docs)
		if !bytes.Equal(ix, Build(lang, docs)) {
			t.Errorf("%s: index not deterministic", lang)
		}
		size := TextSize(docs)
		t.Logf("%s: text %d bytes, index %d bytes (%.0f%%), script form %d bytes", lang, size, len(ix), 100*float64(len(ix))/float64(size), len(Script(lang, ix)))
		if len(ix) >= size {
			t.Errorf("%s: index %d bytes is not smaller than its text (%d bytes)", lang, len(ix), size)
		}
		if decoded := decodeIndex(t, ix); len(decoded.Postings) == 0 || decoded.Lang != lang {
			t.Errorf("%s: index decodes to %d terms, language %q", lang, len(decoded.Postings), decoded.Lang)
		}
	}
}
