package search

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"rapport/generator/internal/browsertest"
)

// messages are the search page's UI strings; each plural form names its
// category, so a test can see which one Intl.PluralRules picked.
const messages = `{"loading":"Loading","empty_query":"Type a word","no_results":"Nothing found",` +
	`"others_button":"Search other languages too","results":{"zero":"{{.Count}} [zero]","one":"{{.Count}} [one]","two":"{{.Count}} [two]","few":"{{.Count}} [few]","many":"{{.Count}} [many]","other":"{{.Count}} [other]"},"other_languages":"Other languages"}`

// searchPage returns the search page markup the theme writes, with the
// index as a fetched file or, when portable, as a script, and the other
// languages of langs offered below the results.
func searchPage(lang string, portable bool, langs []string) string {
	var others []map[string]string
	for _, l := range langs {
		if l != lang {
			o := map[string]string{"lang": l, "dir": dir(l), "name": "name of " + l}
			if portable {
				o["script"] = "../../assets/search-" + l + ".js"
			} else {
				o["index"] = "/assets/search-" + l + ".bin"
			}
			others = append(others, o)
		}
	}
	js, _ := json.Marshal(others)
	root := "/"
	if portable {
		root = "../../"
	}
	return fmt.Sprintf(`<!doctype html><html lang="%s" dir="%s"><head><meta charset="utf-8"><title>Search</title>
<script src="/assets/search-keys.js" defer data-search="/%s/search/"></script></head><body>
<header><form class="site-search" role="search" action="/%s/search/"><input id="site-search-q" name="q" type="search"></form></header>
<form role="search" data-search-form action="" method="get"><label for="search-q">Search</label><input id="search-q" name="q" type="search" autocomplete="off"><button type="submit">Search</button></form>
<p data-search-status role="status" aria-live="polite"></p>
<ol data-search-results></ol>
<script src="/assets/search.js" defer data-lang="%s" data-index="/assets/search-%s.bin" data-index-script="/assets/search-%s.js" data-portable="%t" data-root="%s" data-langs="%s" data-messages="%s"></script>
</body></html>`, lang, dir(lang), lang, lang, lang, lang, lang, portable, root, html.EscapeString(string(js)), html.EscapeString(messages))
}

// dir returns the direction of a test language.
func dir(lang string) string {
	if lang == "ar" || lang == "he" {
		return "rtl"
	}
	return "ltr"
}

// otherPage is a page that is not the search page, with the header's
// search box and the script of the search keys.
func otherPage(lang string) string {
	return fmt.Sprintf(`<!doctype html><html lang="%s"><head><meta charset="utf-8"><title>Page</title>
<script src="/assets/search-keys.js" defer data-search="/%s/search/"></script></head><body>
<header><form class="site-search" role="search" action="/%s/search/"><input id="site-search-q" name="q" type="search"></form></header>
<main><p>Text <input id="other-field" type="text"></p></main></body></html>`, lang, lang, lang)
}

// serveSearch serves /<lang>/search/ (and /<lang>/portable/, the same page
// loading the script form of the index) for each language's docs, and
// /<lang>/page/, another page, under the Content-Security-Policy
// default-src 'self'. Every request is counted in hits.
func serveSearch(t *testing.T, docs map[string][]Doc) *searchServer {
	t.Helper()
	files := map[string][]byte{}
	for _, name := range []string{"search.js", "search-keys.js"} {
		js, err := os.ReadFile("../../themes/default/assets/" + name)
		if err != nil {
			t.Fatal(err)
		}
		files["/assets/"+name] = js
	}
	var langs []string
	for lang := range docs {
		langs = append(langs, lang)
	}
	slices.Sort(langs)
	for lang, d := range docs {
		ix := Build(lang, d)
		files["/assets/search-"+lang+".bin"] = ix
		files["/assets/search-"+lang+".js"] = Script(lang, ix)
		files["/"+lang+"/search/"] = []byte(searchPage(lang, false, langs))
		files["/"+lang+"/portable/"] = []byte(searchPage(lang, true, langs))
		files["/"+lang+"/page/"] = []byte(otherPage(lang))
	}
	srv := &searchServer{}
	srv.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		srv.mu.Lock()
		srv.paths = append(srv.paths, r.URL.Path)
		srv.mu.Unlock()
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

// searchServer is serveSearch's server and the paths it was asked for.
type searchServer struct {
	*httptest.Server
	mu    sync.Mutex
	paths []string
}

// requested reports whether path was requested.
func (s *searchServer) requested(path string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Contains(s.paths, path)
}

// tab is a browser tab on a search page.
type tab struct{ browsertest.Tab }

// across waits until js is true, across a navigation that a key started
// (evaluating fails while the next page replaces the current one).
func (p tab) across(js string) {
	p.T.Helper()
	for range 100 {
		if ok, err := chromedp.Run(p.Ctx, chromedp.Evaluate[bool](js)); err == nil && ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	p.T.Fatalf("not true after 10 s: %s", js)
}

// open loads a search page and waits until the search has reported in its
// status line, returning the results as "URL#anchor".
func (p tab) open(u string) []string {
	p.T.Helper()
	p.Do(chromedp.Navigate(u))
	return p.results()
}

// results waits for the status line to report a search and returns the
// page language's listed results (not the other languages', which may
// arrive at any moment after).
func (p tab) results() []string {
	p.T.Helper()
	p.Do(chromedp.Poll[chromedp.Void](`(s => s && s !== "Loading")(document.querySelector("[data-search-status]").textContent)`))
	r := p.Eval(`[...document.querySelectorAll("[data-search-results] [data-search-result]")].map(e => e.dataset.searchResult).join("\n")`)
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
	docs := map[string][]Doc{}
	for lang, text := range seeds(t) {
		docs[lang] = seedDocs(lang, text)
	}
	srv := serveSearch(t, docs)
	p := tab{browsertest.New(t)}
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
	docs := map[string][]Doc{}
	for lang, text := range seeds(t) {
		docs[lang] = seedDocs(lang, text)
	}
	srv := serveSearch(t, docs)
	p := tab{browsertest.New(t)}
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

// testLangDocs returns docs of the test sentences of testdata/langs, one
// doc per ten lines as seedDocs makes them.
func testLangDocs(t *testing.T) map[string][]Doc {
	docs := map[string][]Doc{}
	for lang, text := range langTexts(t) {
		docs[lang] = seedDocs(lang, text)
	}
	return docs
}

// TestPairedScriptInBrowser searches the Japanese test sentences end to
// end in Chromium, fetched and from the portable page: a word from the
// middle of a sentence, one in half-width katakana, a query mixing Latin
// and Japanese; each first result holds the word, marked in its excerpt.
func TestPairedScriptInBrowser(t *testing.T) {
	docs := testLangDocs(t)
	srv := serveSearch(t, docs)
	p := tab{browsertest.New(t)}
	for _, q := range []string{"満足度", "新幹線", "ｻﾎﾟｰﾄ", "CRMを導入", "ＣＲＭ 担当者"} {
		fetched := p.open(srv.URL + "/ja/search/?q=" + url.QueryEscape(q))
		if len(fetched) == 0 {
			t.Errorf("ja %q: no results", q)
			continue
		}
		if d := docByURL(docs["ja"], strings.SplitN(fetched[0], "#", 2)[0]); d == nil || !docContains("ja", *d, q) {
			t.Errorf("ja %q: first result %s does not contain the query", q, fetched[0])
		}
		if m := p.Eval(`document.querySelector("[data-search-results] li mark")?.textContent ?? ""`); m == "" || !strings.Contains(Normalize(q), Normalize(m)) {
			t.Errorf("ja %q: first excerpt marks %q", q, m)
		}
		portable := p.open(srv.URL + "/ja/portable/?q=" + url.QueryEscape(q))
		if strings.Join(portable, " ") != strings.Join(fetched, " ") {
			t.Errorf("ja %q portable: got %q, want %q", q, portable, fetched)
		}
		if href, want := p.Eval(`document.querySelector("[data-search-results] li a").getAttribute("href")`), "../../"+strings.Replace(fetched[0], "/#", "/index.html#", 1); href != want && href != "../../"+fetched[0]+"index.html" {
			t.Errorf("ja %q portable: first link %q, want %q", q, href, want)
		}
	}
}

// TestOtherLanguagesInBrowser checks the results of the other languages:
// offered by a button when the page's language has results, their indexes
// fetched only then; shown at once when it has none; each language's list
// labelled with its name, in its language and direction; also from the
// portable page, where the indexes load as scripts.
func TestOtherLanguagesInBrowser(t *testing.T) {
	srv := serveSearch(t, testLangDocs(t))
	p := tab{browsertest.New(t)}
	if got := p.open(srv.URL + "/ja/search/?q=CRM"); len(got) == 0 {
		t.Fatal("ja CRM: no results")
	}
	if p.Eval(`String(document.querySelector("[data-search-others-button]").hidden)`) != "false" || p.Eval(`String(document.querySelector("[data-search-others]").hidden)`) != "true" {
		t.Error("ja CRM: the other languages are not offered by a button, or shown before asked for")
	}
	if srv.requested("/assets/search-ko.bin") {
		t.Error("ja CRM: the Korean index was fetched before the reader asked for other languages")
	}
	p.Do(chromedp.Click(`[data-search-others-button]`))
	p.Do(chromedp.Poll[chromedp.Void](`document.querySelectorAll("[data-search-others] section:not([hidden]) li").length > 0`))
	shown := p.Eval(`[...document.querySelectorAll("[data-search-others] section:not([hidden])")].map(s => s.lang + " " + s.dir + " " + s.querySelector("h3").textContent).join(";")`)
	if want := "km ltr name of km;ko ltr name of ko;lo ltr name of lo;zh ltr name of zh"; shown != want {
		t.Errorf("ja CRM, other languages: %q, want %q", shown, want)
	}
	if s := p.Eval(`document.querySelector("[data-search-others-status]").textContent`); !strings.HasSuffix(s, "[other]") {
		t.Errorf("ja CRM, other languages: status %q", s)
	}
	// A Korean word on the Japanese page: no Japanese result, the Korean
	// ones at once, linked from the page's root.
	if got := p.open(srv.URL + "/ja/search/?q=" + url.QueryEscape("고객")); len(got) != 0 {
		t.Errorf("ja 고객: Japanese results %q", got)
	}
	p.Do(chromedp.Poll[chromedp.Void](`document.querySelectorAll("[data-search-others] section[lang=ko] li").length > 0`))
	if v := p.Eval(`[...document.querySelectorAll("[data-search-others] section:not([hidden])")].map(s => s.lang).join(" ")`); v != "ko" {
		t.Errorf("ja 고객: other languages shown %q, want ko", v)
	}
	if href := p.Eval(`document.querySelector("[data-search-others] section[lang=ko] li a").getAttribute("href")`); !strings.HasPrefix(href, "/ko/") {
		t.Errorf("ja 고객: Korean link %q", href)
	}
	p.open(srv.URL + "/ja/portable/?q=" + url.QueryEscape("고객"))
	p.Do(chromedp.Poll[chromedp.Void](`document.querySelectorAll("[data-search-others] section[lang=ko] li").length > 0`))
	if href := p.Eval(`document.querySelector("[data-search-others] section[lang=ko] li a").getAttribute("href")`); !strings.HasPrefix(href, "../../ko/") || !strings.Contains(href, "index.html") {
		t.Errorf("ja 고객 portable: Korean link %q", href)
	}
	if n := p.Eval(`String(document.querySelectorAll("script[src$='search-ko.js']").length)`); n != "1" {
		t.Errorf("ja 고객 portable: %s Korean index scripts, want 1", n)
	}
}

// TestSearchKeysInBrowser checks / and Ctrl+K: on another page they focus
// the header's search box, unless the reader is typing in a field (/ only);
// with the box hidden they open the search page, which starts focused; in
// the results, arrow keys move between the box and the links, Enter
// follows one.
func TestSearchKeysInBrowser(t *testing.T) {
	srv := serveSearch(t, testLangDocs(t))
	p := tab{browsertest.New(t)}
	active := func() string {
		return p.Eval(`document.activeElement.id || document.activeElement.getAttribute("href") || ""`)
	}
	p.Do(chromedp.Navigate(srv.URL+"/ja/page/"), chromedp.WaitVisible(`#other-field`))
	p.Do(chromedp.KeyEvent("/"))
	if a := active(); a != "site-search-q" {
		t.Errorf("/ on a page: focus on %q, want the header's search box", a)
	}
	p.Do(chromedp.Focus(`#other-field`), chromedp.KeyEvent("/"))
	if a, v := active(), p.Eval(`document.querySelector("#other-field").value`); a != "other-field" || v != "/" {
		t.Errorf("/ typed in a field: focus on %q, field %q; want the field to get the /", a, v)
	}
	p.Do(chromedp.KeyEvent("k", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	if a := active(); a != "site-search-q" {
		t.Errorf("Ctrl+K in a field: focus on %q, want the header's search box", a)
	}
	p.Eval(`document.querySelector(".site-search").hidden = true; ""`)
	p.Do(chromedp.Focus(`#other-field`), chromedp.KeyEvent("k", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	p.across(`location.pathname === "/ja/search/" && document.activeElement?.id === "search-q" && document.readyState === "complete"`)
	time.Sleep(200 * time.Millisecond) // let chromedp see the new page's context before navigating again

	results := p.open(srv.URL + "/ja/search/?q=" + url.QueryEscape("顧客"))
	if len(results) < 2 {
		t.Fatalf("ja 顧客: %d results, want 2 or more", len(results))
	}
	p.Do(chromedp.Focus(`#search-q`), chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown))
	second := p.Eval(`document.querySelectorAll("[data-search-results] li a")[1].getAttribute("href")`)
	if a := active(); a != second {
		t.Errorf("ArrowDown twice: focus on %q, want the second result %q", a, second)
	}
	p.Do(chromedp.KeyEvent(kb.ArrowUp), chromedp.KeyEvent(kb.ArrowUp))
	if a := active(); a != "search-q" {
		t.Errorf("ArrowUp twice: focus on %q, want the search box", a)
	}
	p.Do(chromedp.KeyEvent("/"))
	if v := p.Eval(`document.querySelector("#search-q").value`); v != "顧客/" {
		t.Errorf("/ typed in the search box: value %q, want the / typed", v)
	}
	p.Do(chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Enter))
	p.across(`location.pathname !== "/ja/search/"`)
	if u := p.Eval(`location.pathname + location.hash`); !strings.HasPrefix(u, "/ja/") {
		t.Errorf("Enter on a result: at %q", u)
	}
}
