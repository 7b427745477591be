package generator

import (
	"testing"

	"github.com/chromedp/chromedp"

	"rapport/generator/internal/browsertest"
)

// TestFormulasReadableOnPhones opens the calculator pages in Arabic,
// Hebrew, Bulgarian and Thai at 390 px: no word of a formula (a label in
// a fraction included) is set smaller than 80% of the body text, and every
// formula fits its box or says, under it, that it scrolls.
func TestFormulasReadableOnPhones(t *testing.T) {
	p := browsertest.New(t)
	srv, _ := serveSite(t, "/")
	for _, u := range []string{"ar/loyalty/measuring-loyalty/", "he/global-perspective/measuring-success/", "bg/loyalty/measuring-loyalty/", "th/guide/measuring-success/"} {
		p.Do(phone, chromedp.Navigate(srv.URL+"/"+u), chromedp.WaitVisible(`.calculator.js-ready`), chromedp.Sleep(300e6))
		small := p.Eval(`(() => {
			const body = parseFloat(getComputedStyle(document.body).fontSize);
			return [...document.querySelectorAll('.calc-formula mtext, .calc-formula mn')].filter(e => parseFloat(getComputedStyle(e).fontSize) < 0.8 * body - 0.05)
				.map(e => e.closest('.calculator').dataset.metric + ' "' + e.textContent.slice(0, 20) + '" ' + parseFloat(getComputedStyle(e).fontSize).toFixed(1) + 'px of ' + body + 'px').slice(0, 4).join('; ');
		})()`)
		if small != "" {
			t.Errorf("%s at 390 px: formula text too small: %s", u, small)
		}
		silent := p.Eval(`[...document.querySelectorAll(".calc-formula")].filter(b => b.scrollWidth > b.clientWidth + 1).filter(b => {
			const h = b.nextElementSibling; return !(h && h.matches(".calc-scroll-hint") && !h.hidden); }).map(b => b.closest(".calculator").dataset.metric).join(" ")`)
		if silent != "" {
			t.Errorf("%s at 390 px: formulas that scroll without a word: %s", u, silent)
		}
	}
}
