package generator

import (
	"context"
	"io/fs"
	"net/url"
	"os"
	"path"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chromedp/chromedp"

	"rapport/generator/internal/browsertest"
)

// langsSite returns the sample site with two pages in each of Japanese,
// Chinese, Korean, Khmer and Lao added, made of the test sentences in
// search/testdata/langs (the first line of each ten a title): languages
// the project has no locale file for, in scripts written without spaces
// between words.
func langsSite(t *testing.T) fs.FS {
	t.Helper()
	site := fstest.MapFS{}
	src := os.DirFS("..")
	for _, dir := range []string{"content", "locales", "themes"} {
		err := fs.WalkDir(src, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(src, p)
			site[p] = &fstest.MapFile{Data: data}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, lang := range []string{"ja", "zh", "ko", "km", "lo"} {
		data, err := os.ReadFile(path.Join("search", "testdata", "langs", lang+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(data)), "\n")
		page := func(title string, body []string, weight string) []byte {
			return []byte("---\ntitle: \"" + title + "\"\nweight: " + weight + "\n---\n\n" + strings.Join(body, "\n\n") + "\n")
		}
		site["content/"+lang+"/_index.md"] = &fstest.MapFile{Data: []byte("---\nweight: 0\n---\n")}
		site["content/"+lang+"/customers/_index.md"] = &fstest.MapFile{Data: page(lines[0], lines[1:10], "0")}
		site["content/"+lang+"/customers/social.md"] = &fstest.MapFile{Data: page(lines[10], lines[11:], "10")}
	}
	return site
}

// TestLangsSiteSearchInBrowser builds the sample site with the pages of
// langsSite and searches it in Chromium: a two-character word from the
// middle of a sentence finds its page first in each of ja, zh, ko; a
// query mixing Latin and Japanese finds the page with both; the other
// languages' results are labelled with their own names; / on a page
// focuses the search box; the portable build, opened from disk, finds the
// same.
func TestLangsSiteSearchInBrowser(t *testing.T) {
	site := langsSite(t)
	res, err := Build(context.Background(), Options{Src: site})
	if err != nil || res.Diags.HasErrors() {
		t.Fatal(err, res.Diags.Errors())
	}
	srv, missing := serveSource(t, site, "/")
	p := browsertest.New(t)
	first := func(base, lang, q string) string {
		t.Helper()
		p.Do(chromedp.Navigate(base+lang+"/search/"+"?q="+url.QueryEscape(q)), chromedp.WaitVisible(`[data-search-results] li a`))
		return p.Eval(`document.querySelector("[data-search-result]").dataset.searchResult`)
	}
	for _, q := range []struct{ lang, word, want string }{
		{"ja", "返信", "ja/customers/"}, // 問い合わせには二十四時間以内に返信する…
		{"ja", "誠実", "ja/customers/social/"},
		{"zh", "倾听", "zh/customers/"}, // …最好的办法是认真倾听他们的意见。
		{"zh", "礼貌", "zh/customers/social/"},
		{"ko", "배려", "ko/customers/"}, // …작은 배려지만…
		{"ko", "댓글", "ko/customers/social/"},
		{"km", "សេវាកម្ម", "km/customers/"},
		{"lo", "ສື່ສັງຄົມ", "lo/customers/social/"},
		{"ja", "CRMを導入", "ja/customers/"},
		{"ja", "ＣＲＭ 操作", "ja/customers/social/"},
	} {
		if got := first(srv.URL+"/", q.lang, q.word); got != q.want && !strings.HasPrefix(got, q.want+"#") {
			t.Errorf("%s %q: first result %q, want %s", q.lang, q.word, got, q.want)
		}
	}
	// 고객 is Korean only: from the Japanese page, the Korean results,
	// labelled 한국어.
	p.Do(chromedp.Navigate(srv.URL+"/ja/search/?q="+url.QueryEscape("고객")), chromedp.WaitVisible(`[data-search-others] section[lang=ko] li a`))
	if name := p.Eval(`document.querySelector("[data-search-others] section[lang=ko] h3").textContent`); name != "한국어" {
		t.Errorf("Korean results labelled %q, want 한국어", name)
	}
	names := p.Eval(`JSON.parse(document.querySelector("script[data-langs]").dataset.langs).map(l => l.lang + "=" + l.name + "/" + l.dir).join(" ")`)
	for _, want := range []string{"zh=中文/ltr", "km=ខ្មែរ/ltr", "lo=ລາວ/ltr", "he=עברית/rtl", "ar=العربية/rtl"} {
		if !strings.Contains(names, want) {
			t.Errorf("other languages %q lack %q", names, want)
		}
	}
	// On a playbook page of the real theme, / puts the cursor in the
	// header's search box.
	p.Do(chromedp.Navigate(srv.URL+"/ja/customers/"), chromedp.WaitVisible(`#site-search-q`), chromedp.KeyEvent("/"))
	if a := p.Eval(`document.activeElement.id`); a != "site-search-q" {
		t.Errorf("/ on a playbook page: focus on %q, want the header's search box", a)
	}
	if len(*missing) > 0 {
		t.Errorf("requests that found nothing: %v", *missing)
	}

	res, err = Build(context.Background(), Options{Src: site, Portable: true})
	if err != nil || res.Diags.HasErrors() {
		t.Fatal(err, res.Diags.Errors())
	}
	dir := t.TempDir()
	for _, f := range res.Files {
		p := path.Join(dir, f.Path)
		os.MkdirAll(path.Dir(p), 0o755)
		os.WriteFile(p, f.Bytes(), 0o644)
	}
	p.Do(chromedp.Navigate("file://"+dir+"/ja/search/index.html?q="+url.QueryEscape("返信")), chromedp.WaitVisible(`[data-search-results] li a`))
	if href := p.Eval(`document.querySelector("[data-search-results] li a").href`); !strings.HasPrefix(href, "file://"+dir+"/ja/customers/index.html") {
		t.Errorf("portable ja 返信: first link %q", href)
	}
}
