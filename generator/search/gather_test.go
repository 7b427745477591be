package search

import (
	"os"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// gatheredTerms decodes the terms Gather kept of page p, gathered with
// d: each term with the sections holding it (every one for a term of
// the title).
func gatheredTerms(d *Dictionary, p *Page) map[string][]int {
	v := d.view()
	r := reader{b: p.metaBytes(nil)}
	n := r.num()
	for range 3 * n {
		r.num()
	}
	out := map[string][]int{}
	for terms := r.num(); terms > 0; terms-- {
		t := string(v.term(uint32(r.num())))
		var secs []int
		count := r.num()
		for i := range n {
			if count == 0 {
				secs = append(secs, i)
			}
		}
		sec := 0
		for range count {
			sec += r.num()
			secs = append(secs, sec)
		}
		out[t] = secs
	}
	return out
}

// refGathered is what Gather should keep of a page, from refTokens: per
// section, the terms of the title, heading and text.
func refGathered(title string, secs []Section) map[string][]int {
	out := map[string][]int{}
	for i, s := range secs {
		for _, t := range refTokens(title + " " + s.Heading + " " + s.Text) {
			if l := out[t]; len(l) == 0 || l[len(l)-1] != i {
				out[t] = append(l, i)
			}
		}
	}
	return out
}

// checkGathered gathers docs with one dictionary, as parse does page
// after page, and compares each page's terms with refGathered's.
func checkGathered(t *testing.T, name string, docs []Doc) {
	t.Helper()
	d := NewDictionary()
	for i, doc := range docs {
		if len(doc.Sections) == 0 {
			continue
		}
		got, want := gatheredTerms(d, d.Gather(doc.Title, doc.Sections)), refGathered(doc.Title, doc.Sections)
		if !reflect.DeepEqual(got, want) {
			for term, secs := range want {
				if !reflect.DeepEqual(got[term], secs) {
					t.Errorf("%s, page %d: term %q in sections %v, want %v", name, i, term, got[term], secs)
				}
			}
			for term, secs := range got {
				if _, ok := want[term]; !ok {
					t.Errorf("%s, page %d: term %q (sections %v) is not the reference's", name, i, term, secs)
				}
			}
			return
		}
	}
}

// TestGatherAgreesWithReference: the terms Gather keeps of each page,
// character pairs looked up by their runes included (addPair), are
// refTokens', on the synthetic docs, the seeds, the test sentences of
// scripts written as pairs and, when $SEARCH_CORPUS names one, a corpus.
// Unlike the index of a small site, whose pairs are left out
// (localPairsBelow), this sees every pair.
func TestGatherAgreesWithReference(t *testing.T) {
	checkGathered(t, "synthetic", benchDocs())
	for lang, text := range seeds(t) {
		checkGathered(t, "seed "+lang, seedDocs(lang, text))
	}
	var all []Doc
	for _, lang := range []string{"ja", "km", "ko", "lo", "zh"} {
		data, err := os.ReadFile("testdata/langs/" + lang + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		docs := seedDocs(lang, string(data))
		checkGathered(t, "sentences "+lang, docs)
		all = append(all, docs...)
	}
	checkGathered(t, "sentences of every script, one dictionary", all)
	if dir := os.Getenv("SEARCH_CORPUS"); dir != "" {
		for _, lang := range []string{"ar", "bg", "cs", "he", "th"} {
			checkGathered(t, "corpus "+lang, corpusDocs(t, dir, lang))
		}
	}
}

// FuzzGather compares the terms Gather keeps of two pages gathered one
// after the other with one dictionary with refGathered's.
func FuzzGather(f *testing.F) {
	f.Add("ลูกค้าที่พึงพอใจ", "顧客との関係をＣＲＭで管理", "ความภักดีของลูกค้า ｶｽﾀﾏｰ 고객과의 ອະຕິຖິ")
	f.Add("Budování vztahů", "العملاء المخلصون", "לקוחות ולקוחות ﬁle Ⅻ ½\xff\xe0\xb8")
	f.Add("ำน้ำ\u0e33\u0e4d\u0e38", "\u0e48\u0e49 ก\u0e48\u0e49", "各\U00020b9f\u2e80 々ー\u3099")
	f.Fuzz(func(t *testing.T, title, heading, text string) {
		docs := []Doc{
			{Title: title, Sections: []Section{{Heading: heading, Text: text}, {Text: title + text}}},
			{Title: text, Sections: []Section{{Heading: title, Text: strings.Repeat(heading, 2)}}},
		}
		checkGathered(t, "fuzz", docs)
	})
}

// TestPrefixLenAsTheLists: prefixLen, which goes by a word's first
// letter, cuts what refPrefixed, which tries arabicPrefixes and
// hebrewPrefixes in order, cuts, on every word made of a prefix (or
// another letter, or none) and up to four letters after it.
func TestPrefixLenAsTheLists(t *testing.T) {
	starts := append(append([]string{"", "د", "ד", "م"}, arabicPrefixes...), hebrewPrefixes...)
	rests := []string{""}
	for range 4 {
		for _, r := range rests {
			for _, c := range []string{"ا", "ل", "و", "ب", "ה", "ד"} {
				if len(r) < 8 {
					rests = append(rests, r+c)
				}
			}
		}
	}
	n := 0
	for _, p := range starts {
		for _, r := range slices.Compact(rests) {
			if w := p + r; w != "" {
				n++
				if got, want := prefixed(w), refPrefixed(w); !slices.Equal(got, want) {
					t.Fatalf("%q: prefixed %q, the lists %q", w, got, want)
				}
			}
		}
	}
	t.Logf("%d words", n)
}

// BenchmarkGatherLang gathers each language of a corpus in
// $SEARCH_CORPUS (default /tmp/scorpus) apart, page by page with one
// dictionary, as parse's workers do, and reports the process's CPU time
// per pass (getrusage: the collector's too), steadier than ns/op on a
// shared machine.
func BenchmarkGatherLang(b *testing.B) {
	dir := os.Getenv("SEARCH_CORPUS")
	if dir == "" {
		dir = "/tmp/scorpus"
	}
	for _, lang := range []string{"ar", "bg", "cs", "he", "th"} {
		b.Run(lang, func(b *testing.B) {
			docs := corpusDocs(b, dir, lang)
			b.SetBytes(int64(TextSize(docs)))
			dict := NewDictionary()
			for _, d := range docs { // the vocabulary and tables grown
				dict.Gather(d.Title, d.Sections)
			}
			start, n := processCPU(), 0
			for b.Loop() {
				n++
				for _, d := range docs {
					dict.Gather(d.Title, d.Sections)
				}
			}
			b.ReportMetric(float64((processCPU()-start).Microseconds())/1000/float64(n), "cpu-ms/op")
		})
	}
}

// processCPU returns the user and system time the process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
