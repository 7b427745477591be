package generator

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"rapport/generator/internal/browsertest"
)

// TestSearchBoxOnEveryPageInBrowser types a Hebrew word into the header's
// search box of the pages that had none, at 390 and 1280 px, and presses
// Enter: the search page opens with results. The pages: the Hebrew 404
// page (he/404.html), the site's one 404.html served for a missing Hebrew
// address (its search box is in its message, as it has no header), and
// the search page itself, whose header keeps the box of every page.
func TestSearchBoxOnEveryPageInBrowser(t *testing.T) {
	p := browsertest.New(t)
	srv, _ := serveSite(t, "/training/")
	base := srv.URL + "/training/"
	for _, vp := range []struct {
		name string
		size chromedp.Action[chromedp.Void]
	}{{"390", phone}, {"1280", desktop}} {
		for _, tt := range []struct{ page, box string }{
			{"he/404.html", `.site-header .site-search input[name=q]`},
			{"he/no-such-page/", `section[lang=he] .site-search input[name=q]`},
			{"he/search/?q=", `.site-header .site-search input[name=q]`},
		} {
			p.Do(vp.size, chromedp.Navigate(base+tt.page), chromedp.WaitVisible(tt.box))
			p.Do(chromedp.SendKeys(tt.box, "לקוחות"), chromedp.KeyEvent(kb.Enter),
				chromedp.WaitVisible(`[data-search-results] li`))
			if got := p.Eval(`location.pathname + ' ' + decodeURIComponent(location.search)`); got != "/training/he/search/ ?q=לקוחות" {
				t.Errorf("%s px, %s: Enter in the search box went to %s", vp.name, tt.page, got)
			}
			if got := p.Eval(`String(document.querySelectorAll('[data-search-results] li').length)`); got == "0" {
				t.Errorf("%s px, %s: no results", vp.name, tt.page)
			}
		}
	}
	// The search page's two forms are told apart by their names.
	p.Do(chromedp.Navigate(base + "he/search/"))
	if got := p.Eval(`[...document.querySelectorAll('[role=search]')].map(f => f.getAttribute('aria-labelledby') || f.getAttribute('aria-label') || '').join('|')`); !strings.HasSuffix(got, "|search-title") {
		t.Errorf("search landmarks' names: %q", got)
	}
}
