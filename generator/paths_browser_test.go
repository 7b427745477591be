package generator

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chromedp/chromedp"

	"rapport/generator/internal/browsertest"
)

// TestPathsGuideInBrowser follows the sample site's learning path as a
// Hebrew and an Arabic reader would, on a phone and a desktop: from the
// home page to the list of paths, to the path, to its first step, whose
// banner says where the reader is and what comes next; the pager follows
// the path across articles, and into another language where a step is
// not translated; the path's breadcrumb leads back to the list of paths.
func TestPathsGuideInBrowser(t *testing.T) {
	p := browsertest.New(t)
	srv, missing := serveSite(t, "/")
	for _, vp := range []chromedp.Action[chromedp.Void]{phone, desktop} {
		for _, tc := range []struct{ lang, first, position, second, third string }{
			{"he", "1", "שלב 1 מתוך 6", "global-perspective/strategies/", "global-perspective/knowledge-check/"},
			{"ar", "4", "الخطوة 4 من 6", "loyalty/measuring-loyalty/", "loyalty/knowledge-check/"},
		} {
			p.Do(vp, chromedp.Navigate(srv.URL+"/"+tc.lang+"/"), chromedp.WaitVisible(`.home-paths`))
			if href := p.Attr(`.home-paths h2 a`, "href"); !strings.HasSuffix(href, "/"+tc.lang+"/paths/") {
				t.Errorf("%s home: the paths heading links %q", tc.lang, href)
			}
			p.Do(chromedp.Click(`.home-paths h2 a`), chromedp.WaitVisible(`.paths-page .path-card h2 a`))
			p.Do(chromedp.Click(`.paths-page .path-card h2 a`), chromedp.WaitVisible(`.path-steps`))
			if href := p.Eval(`document.querySelectorAll(".breadcrumbs a")[1].getAttribute("href")`); !strings.HasSuffix(href, "/"+tc.lang+"/paths/") {
				t.Errorf("%s path page: breadcrumb %q does not lead to the list of paths", tc.lang, href)
			}
			p.Do(chromedp.Click(`.path-steps li:nth-child(`+tc.first+`) a`), chromedp.WaitVisible(`.path-banner`))
			if got := p.Text(`.path-banner .path-banner-step`); got != tc.position {
				t.Errorf("%s step %s: banner says %q, want %q", tc.lang, tc.first, got, tc.position)
			}
			if href := p.Attr(`.path-banner a[data-path-next]`, "href"); !strings.Contains(href, tc.second) || !strings.Contains(href, "path=first-steps") {
				t.Errorf("%s step %s: next step %q, want %s", tc.lang, tc.first, href, tc.second)
			}
			if n := p.Eval(`String(document.querySelectorAll(".path-banner a[href*='/paths/first-steps/']").length)`); n != "1" {
				t.Errorf("%s step %s: the banner links its path %s times", tc.lang, tc.first, n)
			}
			// The pager of the path's next step leads to the one after it,
			// not to the next page of its article.
			p.Do(chromedp.Click(`.path-banner a[data-path-next]`), chromedp.WaitVisible(`.path-banner`))
			if href := p.Attr(`.prev-next a.next`, "href"); !strings.Contains(href, tc.third) {
				t.Errorf("%s: Next leads to %q, want the path's next step %s", tc.lang, href, tc.third)
			}
		}
	}
	// Hebrew has steps 1-3; its step 3 leads on to step 4 in Arabic.
	p.Do(chromedp.Navigate(srv.URL+"/he/global-perspective/knowledge-check/?path=first-steps"), chromedp.WaitVisible(`.path-banner`))
	if href, lang := p.Attr(`.prev-next a.next`, "href"), p.Attr(`.path-banner a[data-path-next]`, "lang"); !strings.Contains(href, "/ar/loyalty/cultural-considerations/") || lang != "ar" {
		t.Errorf("he step 3: Next leads to %q (lang %q), want the Arabic step 4", href, lang)
	}
	if len(*missing) > 0 {
		t.Errorf("requests that found nothing: %v", *missing)
	}
}

// TestPathCompleteOnlyWhenEveryStepIs marks the Hebrew steps of the
// sample path done: three of six, not complete, no certificate. Then the
// three steps read in Arabic, which Hebrew does not have: complete.
func TestPathCompleteOnlyWhenEveryStepIs(t *testing.T) {
	p := browsertest.New(t)
	srv, _ := serveSite(t, "/")
	store := func(lang string, pages ...string) string {
		var b strings.Builder
		for i, pg := range pages {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(`"` + pg + `": {"done": true, "doneAt": "2026-12-01T10:00:00.000Z", "doneBy": "reader"}`)
		}
		return `localStorage.setItem("rapport-progress:/:` + lang + `", JSON.stringify({format: "rapport-progress", version: 1, site: "/", lang: "` + lang +
			`", updated: null, pages: {` + b.String() + `}})), ""`
	}
	p.Do(chromedp.Navigate(srv.URL + "/he/paths/first-steps/"))
	p.Eval(store("he", "global-perspective/why-it-matters/", "global-perspective/strategies/", "global-perspective/knowledge-check/"))
	p.Do(chromedp.Reload(), chromedp.WaitVisible(`[data-count]`))
	if got := p.Text(`.path-page [data-count]`); got != "3/6" {
		t.Errorf("three Hebrew steps of six done: the path page counts %q", got)
	}
	if next := p.Eval(`document.querySelector("[data-path-next]").textContent`); !strings.Contains(next, "") || strings.Contains(next, "השלמתם") {
		t.Errorf("three of six: the path page says %q", next)
	}
	p.Do(chromedp.Navigate(srv.URL+"/he/certificate/#path-first-steps"), chromedp.WaitReady(`[data-cert-state]`))
	if hidden := p.Eval(`String(document.querySelector("[data-cert]").hidden)`); hidden != "true" {
		t.Error("three of six: a certificate is issued")
	}
	p.Eval(store("ar", "loyalty/cultural-considerations/", "loyalty/measuring-loyalty/", "loyalty/knowledge-check/"))
	p.Do(chromedp.Navigate(srv.URL+"/he/paths/first-steps/"), chromedp.WaitVisible(`[data-count]`))
	if got := p.Text(`.path-page [data-count]`); got != "6/6" {
		t.Errorf("every step done, three in Arabic: the path page counts %q", got)
	}
	if next := p.Text(`[data-path-next]`); next != "השלמתם את המסלול הזה." {
		t.Errorf("every step done: the path page says %q", next)
	}
}

// TestPathWithoutTitleShowsATitle builds a site whose path has an English
// title only: its Czech page, banner and home page show that title, never
// the path's id.
func TestPathWithoutTitleShowsATitle(t *testing.T) {
	src := fstest.MapFS{
		"content/en/_index.md": {Data: []byte("---\ntitle: Home\n---\n")},
		"content/en/a.md":      {Data: []byte("---\ntitle: A\n---\nText.\n")},
		"content/cs/_index.md": {Data: []byte("---\ntitle: Domů\n---\n")},
		"content/cs/a.md":      {Data: []byte("---\ntitle: A\n---\nText.\n")},
		"content/paths.toml":   {Data: []byte("[[path]]\nid = \"onboarding\"\nsteps = [\"a.md\"]\n[path.title]\nen = \"Getting started\"\n")},
	}
	res, err := Build(context.Background(), Options{Src: src})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Files {
		if f.Path != "cs/paths/onboarding/index.html" && f.Path != "cs/a/index.html" && f.Path != "cs/index.html" && f.Path != "cs/paths/index.html" {
			continue
		}
		html := string(f.Bytes())
		if !strings.Contains(html, "Getting started") || strings.Contains(html, ">onboarding<") || strings.Contains(html, "<title>onboarding") {
			t.Errorf("%s: no title, or the raw id, where the path is named", f.Path)
		}
	}
}

// TestDefaultLanguageLeadsTheRoot opens the site's root with and without
// defaultLanguage: with it, the browser lands on that language's home
// (the root page lists it first); without, the root is the chooser.
func TestDefaultLanguageLeadsTheRoot(t *testing.T) {
	p := browsertest.New(t)
	plain, _ := serveSource(t, numberSite, "/")
	withDefault := fstest.MapFS{"rapport.toml": {Data: []byte("defaultLanguage = \"th\"\n")}}
	for k, v := range numberSite {
		withDefault[k] = v
	}
	srv, missing := serveSource(t, withDefault, "/")
	p.Do(chromedp.Navigate(plain.URL+"/"), chromedp.WaitVisible(`.language-list`))
	if path := p.Eval(`location.pathname`); path != "/" {
		t.Errorf("without defaultLanguage the root leads to %s", path)
	}
	p.Do(chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(`.home`))
	if path := p.Eval(`location.pathname`); path != "/th/" {
		t.Errorf("defaultLanguage = th: the root leads to %s", path)
	}
	res, _ := Build(context.Background(), Options{Src: withDefault})
	for _, f := range res.Files {
		if f.Path == "index.html" && !strings.Contains(string(f.Bytes()), `<li lang="th" dir="ltr" class="default"><a href="/th/"`) {
			t.Errorf("the root page does not list th first:\n%s", f.Bytes())
		}
	}
	if len(*missing) > 0 {
		t.Errorf("requests that found nothing: %v", *missing)
	}
}
