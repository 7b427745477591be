package generator

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"rapport/generator/internal/browsertest"
)

// scheme emulates the reader's system color scheme: "light" or "dark".
func scheme(name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: name}}})
		return err
	})
}

// phone and desktop are the two widths every layout test reads at.
var (
	phone   = chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch)
	desktop = chromedp.EmulateViewport(1280, 900)
)

// contrastJS defines contrast(el): the contrast ratio of el's text color
// against the first opaque background behind it.
const contrastJS = `
function lum(c) {
  const m = c.match(/[\d.]+/g).map(Number);
  const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(m[0]) + 0.7152 * f(m[1]) + 0.0722 * f(m[2]);
}
function bg(el) {
  for (; el; el = el.parentElement) {
    const c = getComputedStyle(el).backgroundColor;
    const m = c.match(/[\d.]+/g);
    if (m && (m.length < 4 || Number(m[3]) > 0.9)) return c;
  }
  return "rgb(255, 255, 255)";
}
function contrast(el) {
  const a = lum(getComputedStyle(el).color), b = lum(bg(el));
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}
`

// TestCalculatorErrorContrast reads the calculator's error messages in
// light and dark: both must reach 4.5:1 against their background (the red
// was 2.4:1 in dark mode).
func TestCalculatorErrorContrast(t *testing.T) {
	p := browsertest.New(t)
	srv, _ := serveSource(t, messageSite, "/")
	for _, s := range []string{"light", "dark"} {
		p.Do(scheme(s), chromedp.Navigate(srv.URL+"/he/score/?score.points=-1&score.attempts=0&score.rating=5"),
			chromedp.WaitVisible(`section.calculator.js-ready`))
		got := p.Eval(contrastJS + `[...document.querySelectorAll('.calculator .error:not(:empty), .calculator output[data-invalid]')]
			.map(e => e.textContent.slice(0, 20) + " " + contrast(e).toFixed(2)).join("\n")`)
		if got == "" {
			t.Fatalf("%s: no error shown", s)
		}
		for _, line := range strings.Split(got, "\n") {
			var ratio float64
			f := strings.Fields(line)
			if _, err := fmt.Sscan(f[len(f)-1], &ratio); err != nil || ratio < 4.5 {
				t.Errorf("%s: error text %q has contrast below 4.5:1", s, line)
			}
		}
	}
}

// TestFormulasFitInBrowser opens the calculator pages of every direction at
// phone and desktop widths: a formula wider than its box must be reachable
// by keyboard (focusable, named) and scroll with the arrow keys towards its
// hidden end; the page itself must not scroll sideways.
func TestFormulasFitInBrowser(t *testing.T) {
	p := browsertest.New(t)
	srv, _ := serveSite(t, "/")
	pages := []string{"ar/loyalty/measuring-loyalty/", "he/global-perspective/measuring-success/",
		"bg/loyalty/measuring-loyalty/", "th/guide/measuring-success/"}
	clipped := 0
	for _, vp := range []chromedp.Action[chromedp.Void]{phone, desktop} {
		for _, u := range pages {
			p.Do(vp, chromedp.Navigate(srv.URL+"/"+u), chromedp.WaitVisible(`.calc-formula`))
			if w := p.Eval(`String(document.documentElement.scrollWidth - document.documentElement.clientWidth)`); w != "0" {
				t.Errorf("%s at %s px: the page scrolls sideways by %s px", u, p.Eval(`String(innerWidth)`), w)
			}
			n := p.Eval(`String(document.querySelectorAll(".calc-formula").length)`)
			for i := range mustAtoi(t, n) {
				sel := `document.querySelectorAll(".calc-formula")[` + strconv.Itoa(i) + `]`
				if p.Eval(`String(`+sel+`.scrollWidth > `+sel+`.clientWidth + 1)`) != "true" {
					continue
				}
				clipped++
				if p.Eval(sel+`.getAttribute("tabindex")`) != "0" || p.Eval(sel+`.getAttribute("aria-label") || ""`) == "" {
					t.Errorf("%s formula %d is clipped but not focusable and named", u, i)
					continue
				}
				if clipped > 1 && i > 0 {
					continue // one keyboard scroll a page and direction is enough
				}
				key := kb.ArrowRight
				if p.Eval(`getComputedStyle(`+sel+`).direction`) == "rtl" {
					key = kb.ArrowLeft
				}
				before := p.Eval(`String(` + sel + `.scrollLeft)`)
				p.Eval(sel + `.focus(), ""`)
				p.Do(chromedp.KeyEvent(key+key+key+key), chromedp.Sleep(400*time.Millisecond))
				if after := p.Eval(`String(` + sel + `.scrollLeft)`); after == before {
					t.Errorf("%s formula %d: arrow keys do not scroll it (scrollLeft stays %s)", u, i, before)
				}
			}
		}
	}
	if clipped == 0 {
		t.Error("no formula wider than its box at 390 px: the test checked nothing")
	}
}

func mustAtoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
