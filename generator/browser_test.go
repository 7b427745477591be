package generator

import (
	"context"
	"io/fs"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"rapport/generator/internal/browsertest"
)

// serveSite builds the sample site under base and serves it like a plain
// static server, with the Content-Security-Policy header as well as the
// pages' meta tag. It counts requests that found nothing.
func serveSite(t *testing.T, base string) (*httptest.Server, *[]string) {
	t.Helper()
	return serveSource(t, os.DirFS(".."), base)
}

// serveSource is serveSite for any source folder.
func serveSource(t *testing.T, src fs.FS, base string) (*httptest.Server, *[]string) {
	t.Helper()
	res, err := Build(context.Background(), Options{Src: src, BaseURL: base})
	if err != nil || res.Diags.HasErrors() {
		t.Fatal(err, res.Diags.Errors())
	}
	files := map[string][]byte{}
	for _, f := range res.Files {
		files[f.Path] = f.Bytes()
	}
	var missing []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := strings.CutPrefix(r.URL.Path, base)
		if !ok {
			missing = append(missing, r.URL.Path)
			http.NotFound(w, r)
			return
		}
		if p == "" || strings.HasSuffix(p, "/") {
			p += "index.html"
		}
		data, ok := files[p]
		if !ok {
			missing = append(missing, r.URL.Path)
			w.WriteHeader(404)
			w.Write(files["404.html"])
			return
		}
		w.Header().Set("Content-Type", mime.TypeByExtension(path.Ext(p)))
		w.Header().Set("Content-Security-Policy", "default-src 'self'")
		w.Write(data)
	}))
	t.Cleanup(srv.Close)
	return srv, &missing
}

// TestCalculatorsInBrowser opens calculator pages with query strings, types
// numbers (Arabic-Indic digits on the Arabic page, a decimal comma on the
// Bulgarian one), and reads the results.
func TestCalculatorsInBrowser(t *testing.T) {
	p := browsertest.New(t)
	srv, missing := serveSite(t, "/training/")
	base := srv.URL + "/training/"

	p.Do(chromedp.Navigate(base+"bg/loyalty/measuring-loyalty/?nps.promoters=50&nps.passives=30&nps.detractors=20"),
		chromedp.WaitVisible(`output[data-metric-output="nps"]`))
	if v := p.Attr(`output[data-metric-output="nps"]`, "data-value"); v != "30" {
		t.Errorf("NPS from the URL: data-value = %q, want 30", v)
	}

	sel := `section[data-metric="crr"] `
	p.Do(chromedp.Navigate(base+"ar/loyalty/measuring-loyalty/"),
		chromedp.WaitVisible(sel+`input[data-input="end"]`),
		chromedp.SendKeys(sel+`input[data-input="end"]`, "١٢٠"),
		chromedp.SendKeys(sel+`input[data-input="new"]`, "٣٠"),
		chromedp.SendKeys(sel+`input[data-input="start"]`, "١٠٠"))
	want := p.Eval(`new Intl.NumberFormat("ar", {style: "percent", maximumFractionDigits: 1}).format(0.9)`)
	if v, text := p.Attr(sel+`output`, "data-value"), p.Text(sel+`output`); v != "90" || text != want {
		t.Errorf("Arabic CRR: data-value %q text %q, want 90 and %q", v, text, want)
	}
	url := p.Eval(`location.search`)
	if !strings.Contains(url, "crr.end=") || !strings.Contains(url, "crr.start=") {
		t.Errorf("URL not kept current: %q", url)
	}

	// The URL round trip: opening the kept URL reproduces the result.
	p.Do(chromedp.Navigate(base+"ar/loyalty/measuring-loyalty/"+url), chromedp.WaitVisible(sel+`output`))
	if v := p.Attr(sel+`output`, "data-value"); v != "90" {
		t.Errorf("URL round trip: data-value %q, want 90", v)
	}

	// Impossible input shows a message, never NaN or Infinity.
	churn := `section[data-metric="churn"] `
	p.Do(chromedp.Navigate(base+"ar/loyalty/measuring-loyalty/?churn.lost=-5&churn.start=100&crr.start=0&crr.end=10&crr.new=1"),
		chromedp.WaitVisible(churn+`output`))
	if msg, inv := p.Text(churn+`[data-error-for="lost"]`), p.Attr(churn+`output`, "data-invalid"); msg != "لا يمكن أن تكون هذه القيمة سالبة." || inv != "true" {
		t.Errorf("negative count: message %q, invalid %q", msg, inv)
	}
	if text := p.Text(sel + `output`); strings.Contains(text, "NaN") || strings.Contains(text, "Infinity") || !strings.Contains(text, "صفرًا") {
		t.Errorf("zero customers at start: output %q", text)
	}

	// A decimal comma on a Bulgarian page.
	p.Do(chromedp.Navigate(base+"bg/loyalty/measuring-loyalty/?cltv.purchase_value=12,5&cltv.frequency=4&cltv.lifespan=2"),
		chromedp.WaitVisible(`output[data-metric-output="cltv"]`))
	if v := p.Attr(`output[data-metric-output="cltv"]`, "data-value"); v != "100" {
		t.Errorf("Bulgarian decimal comma: data-value %q, want 100", v)
	}
	if len(*missing) > 0 {
		t.Errorf("requests that found nothing: %v", *missing)
	}
}

// TestSearchInBrowser runs the queries on the real site: each must
// list first a playbook of that language containing the word; an Arabic
// query with diacritics finds the same pages as without.
func TestSearchInBrowser(t *testing.T) {
	p := browsertest.New(t)
	srv, missing := serveSite(t, "/")
	results := func(lang, q string) []string {
		t.Helper()
		p.Do(chromedp.Navigate(srv.URL+"/"+lang+"/search/?q="+q),
			chromedp.WaitVisible(`[data-search-results] li`))
		return strings.Split(p.Eval(`[...document.querySelectorAll("[data-search-result]")].map(e => e.dataset.searchResult).join("\n")`), "\n")
	}
	res, _ := Build(context.Background(), Options{Src: os.DirFS("..")})
	text := map[string]string{}
	for _, f := range res.Files {
		text[f.Path] = strings.ToLower(string(f.Bytes()))
	}
	for _, q := range []struct{ lang, word string }{
		{"th", "ลูกค้า"}, {"ar", "العملاء"}, {"he", "לקוחות"}, {"bg", "лоялност"}, {"cs", "důvěra"},
	} {
		got := results(q.lang, q.word)
		first, _, _ := strings.Cut(got[0], "#")
		if !strings.HasPrefix(first, q.lang+"/") || !strings.Contains(text[first+"index.html"], strings.ToLower(q.word)) {
			t.Errorf("%s ?q=%s: first result %q is not a %s page containing the word (all: %v)", q.lang, q.word, got[0], q.lang, got)
		}
		if n := p.Eval(`String(document.querySelectorAll("[data-search-results] mark").length)`); n == "0" {
			t.Errorf("%s ?q=%s: no highlighted match in the excerpts", q.lang, q.word)
		}
	}
	plain := results("ar", "العملاء")
	marked := results("ar", "العُمَلاءُ")
	if strings.Join(plain, " ") != strings.Join(marked, " ") {
		t.Errorf("Arabic with diacritics found %v, without %v", marked, plain)
	}
	if len(*missing) > 0 {
		t.Errorf("requests that found nothing: %v", *missing)
	}
}

// TestPortableSearchFromDisk writes a -portable build to disk and searches
// it through file://, where fetch is blocked and the index loads as a script.
func TestPortableSearchFromDisk(t *testing.T) {
	p := browsertest.New(t)
	res, err := Build(context.Background(), Options{Src: os.DirFS(".."), Portable: true})
	if err != nil || res.Diags.HasErrors() {
		t.Fatal(err, res.Diags.Errors())
	}
	dir := t.TempDir()
	for _, f := range res.Files {
		p := path.Join(dir, f.Path)
		os.MkdirAll(path.Dir(p), 0o755)
		os.WriteFile(p, f.Bytes(), 0o644)
	}
	p.Do(chromedp.Navigate("file://"+dir+"/he/search/index.html?q=לקוחות"),
		chromedp.WaitVisible(`[data-search-results] li a`))
	href := p.Eval(`document.querySelector("[data-search-results] li a").href`)
	if !strings.HasPrefix(href, "file://") || !strings.Contains(href, "/he/") || !strings.Contains(href, "index.html") {
		t.Errorf("portable result link %q", href)
	}
	p.Do(chromedp.Navigate(href), chromedp.WaitVisible(`main h1`))
	if h := p.Text(`main h1`); h == "" {
		t.Error("result link does not open a page from disk")
	}
}
