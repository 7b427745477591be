package search

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"rapport/generator/internal/browsertest"
)

// messages are the search page's UI strings; each plural form names its
// category, so a test can see which one Intl.PluralRules picked.
const messages = `{"loading":"Loading","empty_query":"Type a word","no_results":"Nothing found",` +
	`"results":{"zero":"{{.Count}} [zero]","one":"{{.Count}} [one]","two":"{{.Count}} [two]","few":"{{.Count}} [few]","many":"{{.Count}} [many]","other":"{{.Count}} [other]"},"other_languages":"Other languages"}`

// searchPage returns the search page markup the lead's theme writes, with
// the index as a fetched file or, when portable, as a script.
func searchPage(lang string, portable bool) string {
	dir := "ltr"
	if lang == "ar" || lang == "he" {
		dir = "rtl"
	}
	return fmt.Sprintf(`<!doctype html><html lang="%s" dir="%s"><head><meta charset="utf-8"><title>Search</title></head><body>
<form role="search" data-search-form action="" method="get"><label for="search-q">Search</label><input id="search-q" name="q" type="search" autocomplete="off"><button type="submit">Search</button></form>
<p data-search-status role="status" aria-live="polite"></p>
<ol data-search-results></ol>
<script src="/assets/search.js" defer data-lang="%s" data-index="/assets/search-%s.bin" data-index-script="/assets/search-%s.js" data-portable="%t" data-messages="%s"></script>
</body></html>`, lang, dir, lang, lang, lang, portable, html.EscapeString(messages))
}

// serveSearch serves /<lang>/search/ (and /<lang>/portable/, the same page
// loading the script form of the index) for each language's docs, under
// the Content-Security-Policy default-src 'self'.
func serveSearch(t *testing.T, docs map[string][]Doc) *httptest.Server {
	t.Helper()
	js, err := os.ReadFile("../../themes/default/assets/search.js")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{"/assets/search.js": js}
	for lang, d := range docs {
		ix := Build(lang, d)
		files["/assets/search-"+lang+".bin"] = ix
		files["/assets/search-"+lang+".js"] = Script(lang, ix)
		files["/"+lang+"/search/"] = []byte(searchPage(lang, false))
		files["/"+lang+"/portable/"] = []byte(searchPage(lang, true))
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Security-Policy", "default-src 'self'")
		switch {
		case strings.HasSuffix(r.URL.Path, ".js"):
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		case strings.HasSuffix(r.URL.Path, ".bin"):
			w.Header().Set("Content-Type", "application/octet-stream")
		default:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		}
		w.Write(data)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// tab is a browser tab on a search page.
type tab struct{ browsertest.Tab }

// open loads a search page and waits until the search has reported in its
// status line, returning the results as "URL#anchor".
func (p tab) open(u string) []string {
	p.T.Helper()
	p.Do(chromedp.Navigate(u))
	return p.results()
}

// results waits for the status line to report a search and returns the
// listed results.
func (p tab) results() []string {
	p.T.Helper()
	p.Do(chromedp.Poll[chromedp.Void](`(s => s && s !== "Loading")(document.querySelector("[data-search-status]").textContent)`))
	r := p.Eval(`[...document.querySelectorAll("[data-search-result]")].map(e => e.dataset.searchResult).join("\n")`)
	if r == "" {
		return nil
	}
	return strings.Split(r, "\n")
}

// TestSearchPageInBrowser searches each language's seed docs in Chromium:
// the first result holds the word, with it marked in the excerpt and its
// title linking to the section; the count uses the language's plural
// category; Arabic diacritics in the query change nothing.
func TestSearchPageInBrowser(t *testing.T) {
	p := tab{browsertest.New(t)}
	docs := map[string][]Doc{}
	for lang, text := range seeds(t) {
		docs[lang] = seedDocs(lang, text)
	}
	srv := serveSearch(t, docs)
	tests := []struct {
		lang, q, category string
	}{
		{"th", "ลูกค้า", "other"},
		{"ar", "العملاء", "few"},
		{"he", "לקוחות", "other"},
		{"bg", "лоялност", "other"},
		{"cs", "důvěra", "one"},
	}
	for _, tt := range tests {
		got := p.open(srv.URL + "/" + tt.lang + "/search/?q=" + url.QueryEscape(tt.q))
		if len(got) == 0 {
			t.Errorf("%s %q: no results", tt.lang, tt.q)
			continue
		}
		if d := docByURL(docs[tt.lang], strings.SplitN(got[0], "#", 2)[0]); d == nil || !docContains(tt.lang, *d, tt.q) {
			t.Errorf("%s %q: first result %s does not contain the word", tt.lang, tt.q, got[0])
		}
		if href := p.Eval(`document.querySelector("[data-search-results] li a").getAttribute("href")`); href != "/"+got[0] {
			t.Errorf("%s %q: first link goes to %q, want %q", tt.lang, tt.q, href, "/"+got[0])
		}
		if m := p.Eval(`document.querySelector("[data-search-results] li mark")?.textContent ?? ""`); !contains(tt.lang, m, tt.q) {
			t.Errorf("%s %q: first excerpt marks %q", tt.lang, tt.q, m)
		}
		if s := p.Eval(`document.querySelector("[data-search-status]").textContent`); !strings.HasSuffix(s, "["+tt.category+"]") {
			t.Errorf("%s %q: status %q for %d results, want the %q form", tt.lang, tt.q, s, len(got), tt.category)
		}
	}
	plain := p.open(srv.URL + "/ar/search/?q=" + url.QueryEscape("العملاء"))
	if marked := p.open(srv.URL + "/ar/search/?q=" + url.QueryEscape("العُمَلاء")); strings.Join(marked, " ") != strings.Join(plain, " ") {
		t.Errorf("ar with diacritics: got %q, want %q", marked, plain)
	}
	accented := p.open(srv.URL + "/cs/search/?q=" + url.QueryEscape("důvěra"))
	if plain := p.open(srv.URL + "/cs/search/?q=duvera"); len(plain) == 0 || strings.Join(plain, " ") != strings.Join(accented, " ") {
		t.Errorf("cs without diacritics: got %q, want %q", plain, accented)
	}
	if m := p.Eval(`document.querySelector("[data-search-results] li mark")?.textContent ?? ""`); Normalize(m) != "důvěra" {
		t.Errorf("cs without diacritics: first excerpt marks %q, want důvěra", m)
	}
	if got := p.open(srv.URL + "/cs/search/?q=qqqxyz"); len(got) != 0 || p.Eval(`document.querySelector("[data-search-status]").textContent`) != "Nothing found" {
		t.Errorf("cs nonsense query: got %q, status %q", got, p.Eval(`document.querySelector("[data-search-status]").textContent`))
	}
}

// TestSearchTypingAndKeyboard types a query, checks the address follows it
// and ArrowDown moves to the first result; then searches the portable page,
// which loads the index as a script.
func TestSearchTypingAndKeyboard(t *testing.T) {
	p := tab{browsertest.New(t)}
	docs := map[string][]Doc{}
	for lang, text := range seeds(t) {
		docs[lang] = seedDocs(lang, text)
	}
	srv := serveSearch(t, docs)
	p.Do(chromedp.Navigate(srv.URL+"/he/search/"), chromedp.WaitVisible(`#search-q`), chromedp.SendKeys(`#search-q`, "נאמנות"))
	// The address follows the typed query once the search has run.
	p.Do(chromedp.Poll[chromedp.Void](`new URLSearchParams(location.search).get("q") === "נאמנות"`))
	if got := p.results(); len(got) == 0 {
		t.Fatal("typing: no results")
	}
	p.Do(chromedp.KeyEvent(kb.ArrowDown))
	if got, want := p.Eval(`document.activeElement.getAttribute("href") ?? ""`), p.Eval(`document.querySelector("[data-search-results] a").getAttribute("href")`); got != want {
		t.Errorf("ArrowDown: focus on %q, want the first result %q", got, want)
	}
	fetched := p.open(srv.URL + "/th/search/?q=" + url.QueryEscape("กลยุทธ์"))
	portable := p.open(srv.URL + "/th/portable/?q=" + url.QueryEscape("กลยุทธ์"))
	if len(portable) == 0 || strings.Join(portable, " ") != strings.Join(fetched, " ") {
		t.Errorf("portable page: got %q, want %q", portable, fetched)
	}
	if n := p.Eval(`String(document.querySelectorAll("script[src$='search-th.js']").length)`); n != "1" {
		t.Errorf("portable page: %s index scripts inserted, want 1", n)
	}
}

// docByURL returns the doc with the URL, or nil.
func docByURL(docs []Doc, u string) *Doc {
	for i := range docs {
		if docs[i].URL == u {
			return &docs[i]
		}
	}
	return nil
}

// docContains reports whether some section of d (with the title) holds word.
func docContains(lang string, d Doc, word string) bool {
	for _, s := range d.Sections {
		if contains(lang, d.Title+" "+s.Heading+" "+s.Text, word) {
			return true
		}
	}
	return false
}
