package search

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"
)

// TestResultsAsBefore runs the same queries with search.js on the index
// and on the JSON index it replaced (refIndexJSON, what Build wrote
// before), built from the same docs, and requires the same results in the
// same order, and search.js to decode both to the same docs, sections
// and postings: the test sentences of every script (Japanese, Chinese,
// Korean, Khmer, Lao, Thai, Arabic, Hebrew, Bulgarian, Czech), the sample
// site's and the testdata sites' pages, and a corpus in $SEARCH_CORPUS
// when set. Queries are words of the text as written, pairs of them, one
// character of a paired script, words without diacritics and a word
// absent from the text.
func TestResultsAsBefore(t *testing.T) {
	sets := map[string][]Doc{}
	for lang, text := range allTexts(t) {
		sets["text-"+lang] = seedDocs(lang, text)
	}
	for name, site := range map[string]string{"sample": "../../content", "features": "../../testdata/features/content", "site": "../../testdata/site/content"} {
		for lang, docs := range siteDocs(t, site) {
			sets[name+"-"+lang] = docs
		}
	}
	if dir := os.Getenv("SEARCH_CORPUS"); dir != "" {
		for _, lang := range []string{"ar", "bg", "cs", "he", "th"} {
			sets["corpus-"+lang] = corpusDocs(t, dir, lang)
		}
	}
	dir := t.TempDir()
	indexes := map[string]string{}
	var queries []query
	for name, docs := range sets {
		var old bytes.Buffer
		zw := gzip.NewWriter(&old)
		zw.Write(refIndexJSON("xx", docs))
		zw.Close()
		indexes["old-"+name] = filepath.Join(dir, "old-"+name)
		indexes["new-"+name] = filepath.Join(dir, "new-"+name)
		if os.WriteFile(indexes["old-"+name], old.Bytes(), 0o644) != nil || os.WriteFile(indexes["new-"+name], Build("xx", docs), 0o644) != nil {
			t.Fatal("cannot write the indexes")
		}
		for _, q := range queryWords(docs) {
			queries = append(queries, query{Lang: "old-" + name, Q: q}, query{Lang: "new-" + name, Q: q})
		}
	}
	names := slices.Sorted(maps.Keys(sets))
	var pairs [][2]string
	for _, name := range names {
		pairs = append(pairs, [2]string{"old-" + name, "new-" + name})
	}
	load, same := runIndexes(t, indexes, queries, 1, 3, pairs)
	for i, name := range names {
		if !same[i] {
			t.Errorf("%s: search.js decodes the index to other docs, sections or postings than the JSON index's", name)
		}
		o, _ := os.Stat(indexes["old-"+name])
		n, _ := os.Stat(indexes["new-"+name])
		t.Logf("%-20s index %8d bytes, before %8d (%3.0f%%); load and prepare in node %5.1f ms, before %5.1f ms", name, n.Size(), o.Size(), 100*float64(n.Size())/float64(o.Size()), load["new-"+name], load["old-"+name])
	}
	found := 0
	for i := 0; i < len(queries); i += 2 {
		old, cur := queries[i], queries[i+1]
		if !slices.Equal(old.Results, cur.Results) {
			t.Errorf("%s %q: results %q, before %q", cur.Lang, cur.Q, cur.Results, old.Results)
		}
		if len(cur.Results) > 0 {
			found++
		}
	}
	t.Logf("%d doc sets, %d queries, %d with results", len(sets), len(queries)/2, found)
	if found < len(queries)/4 {
		t.Errorf("only %d of %d queries found anything: the comparison proves little", found, len(queries)/2)
	}
}

// queryWords picks queries from docs' text: about 30 words as written,
// two-word queries, the first character of words in a paired script,
// words without their diacritics, and a word no doc has.
func queryWords(docs []Doc) []string {
	var words []string
	for _, d := range docs {
		words = append(words, strings.Fields(d.Title)...)
		for _, s := range d.Sections {
			words = append(words, strings.Fields(s.Heading+" "+s.Text)...)
		}
	}
	if len(words) == 0 {
		return nil
	}
	out := []string{"zzqxv"}
	step := max(1, len(words)/30)
	for i := 0; i < len(words); i += step {
		w := words[i]
		out = append(out, w)
		if i+1 < len(words) {
			out = append(out, w+" "+words[i+1])
		}
		if r := []rune(w); paired(r[0]) {
			out = append(out, string(r[0]))
		}
		if s := stripMarks(w); s != w {
			out = append(out, s)
		}
	}
	return out
}

// siteDocs reads a site's content folder into docs per language: each
// Markdown file's title and its text cut into sections at "## "
// headings, front matter left out. The comparison needs text, not the
// parse stage's exact sections.
func siteDocs(t *testing.T, content string) map[string][]Doc {
	out := map[string][]Doc{}
	filepath.WalkDir(content, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(path, ".md") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(content, path)
		lang, _, _ := strings.Cut(filepath.ToSlash(rel), "/")
		text := string(data)
		d := Doc{URL: filepath.ToSlash(rel)}
		if _, rest, ok := strings.Cut(text, "title: "); ok {
			d.Title, _, _ = strings.Cut(rest, "\n")
			d.Title = strings.Trim(d.Title, `"'`)
		}
		if _, body, ok := strings.Cut(strings.TrimPrefix(text, "---\n"), "\n---\n"); ok && strings.HasPrefix(text, "---\n") {
			text = body
		}
		for j, part := range strings.Split(text, "\n## ") {
			heading, body, _ := strings.Cut(part, "\n")
			if j == 0 {
				heading, body = "", part
			}
			d.Sections = append(d.Sections, Section{Anchor: fmt.Sprintf("s%d", j), Heading: heading, Text: body})
		}
		out[lang] = append(out[lang], d)
		return nil
	})
	if len(out) == 0 {
		t.Fatalf("no pages in %s", content)
	}
	return out
}
