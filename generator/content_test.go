package generator

import (
	"context"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"rapport/generator/output"
)

// These tests build the real sample content in ../content.

// buildSample builds the repository's own site once per test binary.
func buildSample(t *testing.T) *Result {
	t.Helper()
	res, err := Build(context.Background(), Options{Src: os.DirFS(".."), BaseURL: "/"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Diags.HasErrors() {
		t.Fatalf("the sample content does not build:\n%s", res.Diags.Errors())
	}
	return res
}

var (
	tagRE   = regexp.MustCompile(`(?s)<[^>]*>`)
	spaceRE = regexp.MustCompile(`\s+`)
)

// text returns the visible text of an HTML page: tags removed, entities
// decoded, white space collapsed.
func text(page []byte) string {
	s := tagRE.ReplaceAllString(string(page), " ")
	return spaceRE.ReplaceAllString(html.UnescapeString(s), " ")
}

// seedLangs maps each seed file to its language (testdata/seeds/README.md).
var seedLangs = map[string]string{
	"000_db0798af14abfb32.txt": "he",
	"001_579ba6cf8eb63a48.txt": "bg",
	"002_9ead045ea2550fc5.txt": "cs",
	"003_6df939288c6f6192.txt": "ar",
	"004_9476e2f0d63a2606.txt": "th",
}

// TestSeedLinesPublished checks that every line of every seed playbook
// appears, verbatim, in the built pages of its language.
func TestSeedLinesPublished(t *testing.T) {
	seeds := filepath.Join("..", "testdata", "seeds") // the seed playbooks, verbatim
	res := buildSample(t)
	texts := map[string]*strings.Builder{}
	for _, f := range res.Files {
		lang, _, ok := strings.Cut(f.Path, "/")
		if ok && strings.HasSuffix(f.Path, ".html") {
			if texts[lang] == nil {
				texts[lang] = &strings.Builder{}
			}
			texts[lang].WriteString(text(f.Bytes()))
		}
	}
	for file, lang := range seedLangs {
		data, err := os.ReadFile(filepath.Join(seeds, file))
		if err != nil {
			t.Fatal(err)
		}
		all := texts[lang].String()
		missing := 0
		for i, line := range strings.Split(string(data), "\n") {
			line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "- "))
			if line == "" {
				continue
			}
			if !strings.Contains(all, spaceRE.ReplaceAllString(line, " ")) {
				missing++
				if missing <= 5 {
					t.Errorf("%s:%d (%s): line not published: %q", file, i+1, lang, line)
				}
			}
		}
		if missing > 5 {
			t.Errorf("%s: %d lines not published in all", file, missing)
		}
	}
}

var htmlTagRE = regexp.MustCompile(`<html lang="([^"]+)" dir="([^"]+)">`)

// TestLangAndDir checks every page of each language folder declares that
// language and its direction.
func TestLangAndDir(t *testing.T) {
	res := buildSample(t)
	want := map[string]string{"he": "rtl", "ar": "rtl", "bg": "ltr", "cs": "ltr", "th": "ltr"}
	seen := map[string]int{}
	for _, f := range res.Files {
		lang, _, _ := strings.Cut(f.Path, "/")
		dir, ok := want[lang]
		if !ok || !strings.HasSuffix(f.Path, ".html") {
			continue
		}
		m := htmlTagRE.FindSubmatch(f.Bytes())
		if m == nil || string(m[1]) != lang || string(m[2]) != dir {
			t.Errorf("%s: <html> is %q, want lang=%q dir=%q", f.Path, m, lang, dir)
		}
		seen[lang]++
	}
	for lang := range want {
		if seen[lang] < 3 {
			t.Errorf("%s: only %d pages built", lang, seen[lang])
		}
	}
}

var alternateRE = regexp.MustCompile(`<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">`)

// TestHreflangBothWays checks that when page A names B as its translation,
// B names A, and that every alternate exists.
func TestHreflangBothWays(t *testing.T) {
	res := buildSample(t)
	files := map[string]output.File{}
	for _, f := range res.Files {
		files[f.Path] = f
	}
	pairs := 0
	for _, f := range res.Files {
		if !strings.HasSuffix(f.Path, "index.html") || strings.Count(f.Path, "/") < 2 || strings.Contains(f.Path, "/topics/") || strings.Contains(f.Path, "/search/") {
			continue
		}
		self := "/" + strings.TrimSuffix(f.Path, "index.html")
		for _, m := range alternateRE.FindAllSubmatch(f.Bytes(), -1) {
			href := string(m[2])
			if href == self || string(m[1]) == "x-default" {
				continue
			}
			other, ok := files[strings.TrimPrefix(href, "/")+"index.html"]
			if !ok {
				t.Errorf("%s: alternate %s does not exist", f.Path, href)
				continue
			}
			back := false
			for _, n := range alternateRE.FindAllSubmatch(other.Data, -1) {
				back = back || string(n[2]) == self
			}
			if !back {
				t.Errorf("%s names %s as its translation, but not the other way", f.Path, href)
			}
			pairs++
		}
	}
	if pairs < 4 {
		t.Errorf("only %d translation links found: he/cs and bg/ar should be linked", pairs)
	}
}

var hrefRE = regexp.MustCompile(`(?:href|src)="([^"#?]*)`)

// TestNoBrokenLinksUnderBase builds with -base-url /training/ and checks that
// every local href and src resolves to a published file.
func TestNoBrokenLinksUnderBase(t *testing.T) {
	res, err := Build(context.Background(), Options{Src: os.DirFS(".."), BaseURL: "/training/"})
	if err != nil || res.Diags.HasErrors() {
		t.Fatal(err, res.Diags.Errors())
	}
	files := map[string]bool{}
	for _, f := range res.Files {
		files[f.Path] = true
	}
	checked := 0
	for _, f := range res.Files {
		if !strings.HasSuffix(f.Path, ".html") {
			continue
		}
		for _, m := range hrefRE.FindAllSubmatch(f.Bytes(), -1) {
			u := html.UnescapeString(string(m[1]))
			if u == "" || strings.Contains(u, "://") || strings.HasPrefix(u, "mailto:") {
				continue
			}
			if !strings.HasPrefix(u, "/training/") {
				t.Errorf("%s: link %q ignores the base URL", f.Path, u)
				continue
			}
			p := strings.TrimPrefix(u, "/training/")
			if p == "" || strings.HasSuffix(p, "/") {
				p += "index.html"
			}
			if !files[p] {
				t.Errorf("%s: broken link %q", f.Path, u)
			}
			checked++
		}
	}
	if checked < 100 {
		t.Errorf("only %d links checked", checked)
	}
	if !slices.ContainsFunc(res.Files, func(f output.File) bool { return f.Path == "sitemap.xml" }) {
		t.Error("no sitemap.xml")
	}
}

var listLinkRE = regexp.MustCompile(`<li><a href="/([^"]+)"`)

// TestTopicPagesListExactlyTheirPages checks, for every language and topic,
// that the topic page lists all and only the pages tagged with it: the
// page's own language first, then the others.
func TestTopicPagesListExactlyTheirPages(t *testing.T) {
	res := buildSample(t)
	files := map[string][]byte{}
	for _, f := range res.Files {
		files[f.Path] = f.Bytes()
	}
	tagged := map[string][]string{} // topic → URLs in language order
	for _, p := range res.Site.Pages {
		for _, topic := range p.Parsed.Meta.Topics {
			tagged[topic] = append(tagged[topic], p.URL)
		}
	}
	if len(tagged["trust"]) == 0 {
		t.Fatal("no page of the sample is on trust")
	}
	for _, l := range res.Site.Langs {
		for topic, urls := range tagged {
			page := files[l.Tag+"/topics/"+topic+"/index.html"]
			if page == nil {
				t.Errorf("%s: no page for topic %s", l.Tag, topic)
				continue
			}
			main := page[strings.Index(string(page), "<main"):]
			main = main[strings.Index(string(main), "</nav>"):] // after the breadcrumbs
			var got []string
			for _, m := range listLinkRE.FindAllSubmatch(main, -1) {
				got = append(got, string(m[1]))
			}
			var want []string
			for _, u := range urls {
				if strings.HasPrefix(u, l.Tag+"/") {
					want = append(want, u)
				}
			}
			for _, u := range urls {
				if !strings.HasPrefix(u, l.Tag+"/") {
					want = append(want, u)
				}
			}
			if !sameSet(got, want) {
				t.Errorf("%s/topics/%s lists %v, want %v", l.Tag, topic, got, want)
			}
			for i, u := range got {
				own := strings.HasPrefix(u, l.Tag+"/")
				if own != (i < countLang(want, l.Tag)) {
					t.Errorf("%s/topics/%s: %s out of place: own language first", l.Tag, topic, u)
				}
			}
		}
	}
	he := string(files["he/topics/trust/index.html"])
	if !strings.Contains(he, `hreflang="cs" lang="cs" dir="ltr"`) || !strings.Contains(he, `hreflang="ar" lang="ar" dir="rtl"`) {
		t.Error("he/topics/trust does not label the other languages' pages with hreflang, lang and dir")
	}
}

func countLang(urls []string, lang string) (n int) {
	for _, u := range urls {
		if strings.HasPrefix(u, lang+"/") {
			n++
		}
	}
	return n
}

func sameSet(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

// TestEveryPlaybookLinksTopicsAndRelated is the topics issue's acceptance:
// every playbook page links its topics and at least one related playbook.
func TestEveryPlaybookLinksTopicsAndRelated(t *testing.T) {
	res := buildSample(t)
	for _, f := range res.Files {
		if !strings.HasSuffix(f.Path, "index.html") || strings.Count(f.Path, "/") < 3 {
			continue // language homes, topics and search are not playbooks
		}
		s := string(f.Bytes())
		if strings.Contains(f.Path, "/topics/") || strings.Contains(f.Path, "/search/") ||
			strings.Contains(f.Path, "/progress/") || strings.Contains(f.Path, "/paths/") ||
			strings.Contains(f.Path, "/print/") {
			continue
		}
		if !strings.Contains(s, `class="topic-list"`) {
			t.Errorf("%s: no topic links", f.Path)
		}
		if !strings.Contains(s, `class="related"`) {
			t.Errorf("%s: no related playbooks", f.Path)
		}
	}
}

// TestCzechGapsReported is the translation issue's acceptance on the real
// content: the Czech article lacks every list of the Hebrew one, and the
// report names those sections.
func TestCzechGapsReported(t *testing.T) {
	res := buildSample(t)
	want := []string{"Kulturní rozdíly", "Personalizace", "Aktivní naslouchání", "Mechanizmy zpětné vazby"}
	var msgs []string
	for _, f := range res.Report.Findings {
		if f.Lang == "cs" && f.Kind == "divergent" {
			msgs = append(msgs, f.Pos.String()+": "+f.Msg)
		}
	}
	all := strings.Join(msgs, "\n")
	for _, w := range want {
		if !strings.Contains(all, `section "`+w+`" has no list`) {
			t.Errorf("Czech section %q without its list is not reported; got:\n%s", w, all)
		}
	}
	for _, f := range res.Report.Findings {
		if f.Lang != "cs" && f.Kind == "divergent" {
			t.Errorf("unexpected divergence outside Czech: %s", f.Diagnostic)
		}
	}
}

// TestTOCLinksHeadings: every "On this page" entry links, by its id as
// written (not percent-encoded), a heading of the same page.
func TestTOCLinksHeadings(t *testing.T) {
	res := buildSample(t)
	tocRE := regexp.MustCompile(`(?s)<nav class="toc".*?</nav>`)
	hrefRE := regexp.MustCompile(`href="#([^"]*)"`)
	checked := 0
	for _, f := range res.Files {
		page := string(f.Bytes())
		toc := tocRE.FindString(page)
		if toc == "" {
			continue
		}
		for _, m := range hrefRE.FindAllStringSubmatch(toc, -1) {
			checked++
			if strings.Contains(m[1], "%") {
				t.Errorf("%s: toc href #%s is percent-encoded", f.Path, m[1])
			}
			if !strings.Contains(page, `id="`+m[1]+`"`) {
				t.Errorf("%s: toc links #%s, which no element has", f.Path, m[1])
			}
		}
	}
	if checked == 0 {
		t.Fatal("no table of contents in the sample site")
	}
}
