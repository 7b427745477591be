package generator

import (
	"testing"

	"github.com/chromedp/chromedp"

	"rapport/generator/internal/browsertest"
)

// TestStatusPageInBrowser reads the sample's /status/ at 390 and 1280 px:
// the row of a playbook written in Hebrew and translated into Czech is
// titled in Hebrew (lang="he", right to left), and why its Czech
// translation is divergent is text on the page, under the row, inside the
// viewport's width, not a tooltip.
func TestStatusPageInBrowser(t *testing.T) {
	p := browsertest.New(t)
	srv, _ := serveSite(t, "/training/")
	for _, vp := range []struct {
		name string
		size chromedp.Action[chromedp.Void]
	}{{"390", phone}, {"1280", desktop}} {
		p.Do(vp.size, chromedp.Navigate(srv.URL+"/training/status/"), chromedp.WaitVisible(`.status-table`))
		got := p.Eval(`(() => {
			const a = document.querySelector('.status-table a[href$="he/global-perspective/strategies/"]');
			const row = a.closest('tr'), th = row.querySelector('th');
			const why = row.nextElementSibling;
			const li = why && why.classList.contains('status-why') ? why.querySelector('li') : null;
			const r = li ? li.getBoundingClientRect() : null;
			return [th.lang, th.dir, th.textContent,
				li && li.checkVisibility() ? 'why shown' : 'why hidden',
				li ? li.textContent.slice(0, 21) : '',
				r && r.left >= 0 && r.right <= innerWidth ? 'fits' : 'overflows',
				document.querySelectorAll('.status-table td[title]').length + ' tooltips'].join(' | ');
		})()`)
		want := "he | rtl | אסטרטגיות לבניית קשרי לקוחות גלובליים | why shown | Čeština: divergent: s | fits | 0 tooltips"
		if got != want {
			t.Errorf("%s px: %s\nwant %s", vp.name, got, want)
		}
	}
}
