package generator

import (
	"context"
	"fmt"
	"maps"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"rapport/generator/internal/browsertest"
	"rapport/generator/locale"
)

// noScript turns JavaScript off (or on again) for the tab's next pages.
func noScript(off bool) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: off})
		return err
	})
}

// visibleJS defines shown(el): whether a reader can see el on screen.
const visibleJS = `
function shown(el) {
  if (!el) return false;
  const s = getComputedStyle(el), r = el.getBoundingClientRect();
  return s.visibility === "visible" && s.display !== "none" && r.width > 0 && r.height > 0 &&
    r.right > 0 && r.left < innerWidth && r.bottom > 0 && r.top < innerHeight;
}
`

// TestPhoneLayout reads a Hebrew and a Bulgarian playbook on a 390 px
// phone: a compact header with a menu button; the navigation hidden until
// the button opens it as a drawer that keeps focus inside and closes with
// Escape, giving focus back to the button; 24 px tap targets.
func TestPhoneLayout(t *testing.T) {
	p := browsertest.New(t)
	srv, missing := serveSite(t, "/")
	for _, u := range []string{"he/global-perspective/why-it-matters/", "bg/loyalty/why-it-matters/"} {
		p.Do(phone, chromedp.Navigate(srv.URL+"/"+u), chromedp.WaitVisible(`main h1`))
		if h := p.Eval(`String(Math.round(document.querySelector(".site-header").getBoundingClientRect().height))`); mustAtoi(t, h) > 120 {
			t.Errorf("%s: the header is %s px tall on an 844 px screen", u, h)
		}
		if p.Eval(visibleJS+`String(shown(document.querySelector(".site-nav a")))`) != "false" {
			t.Errorf("%s: the navigation shows before the menu is opened", u)
		}
		if p.Eval(visibleJS+`String(shown(document.querySelector("[data-menu-button]")))`) != "true" {
			t.Fatalf("%s: no menu button on a phone", u)
		}
		small := p.Eval(`[...document.querySelectorAll(".site-header a, .site-header button, .site-header select, .breadcrumbs a, .topic-list a, .toc a, .anchor, .lang-switcher a, .prev-next a")]
			.filter(e => e.getClientRects().length).map(e => [e, e.getBoundingClientRect()])
			.filter(([e, r]) => r.height < 24 || r.width < 24).map(([e, r]) => e.className + " " + e.textContent.trim().slice(0, 15) + " " + Math.round(r.width) + "x" + Math.round(r.height)).join("; ")`)
		if small != "" {
			t.Errorf("%s: tap targets under 24 px: %s", u, small)
		}
		p.Do(chromedp.Click(`[data-menu-button]`), chromedp.Sleep(300*time.Millisecond))
		if p.Eval(visibleJS+`String(shown(document.querySelector(".site-nav li a")))`) != "true" {
			t.Fatalf("%s: the menu button does not open the navigation", u)
		}
		if p.Attr(`[data-menu-button]`, "aria-expanded") != "true" {
			t.Errorf("%s: the menu button does not say the drawer is open", u)
		}
		for i := range 40 {
			p.Do(chromedp.KeyEvent(kb.Tab))
			if p.Eval(`String(!!document.activeElement.closest("#site-nav"))`) != "true" {
				t.Errorf("%s: Tab %d left the open drawer for %s", u, i+1, p.Eval(`document.activeElement.outerHTML.slice(0, 80)`))
				break
			}
		}
		p.Do(chromedp.KeyEvent(kb.Escape), chromedp.Sleep(300*time.Millisecond))
		if p.Eval(visibleJS+`String(shown(document.querySelector(".site-nav li a")))`) != "false" {
			t.Errorf("%s: Escape does not close the drawer", u)
		}
		if p.Eval(`String(document.activeElement.matches("[data-menu-button]"))`) != "true" {
			t.Errorf("%s: focus does not go back to the menu button", u)
		}
	}
	// Without JavaScript the menu button still opens the drawer.
	p.Do(noScript(true), chromedp.Navigate(srv.URL+"/he/global-perspective/why-it-matters/"), chromedp.WaitVisible(`main h1`),
		chromedp.Click(`[data-menu-button]`), chromedp.Sleep(300*time.Millisecond))
	if p.Eval(visibleJS+`String(shown(document.querySelector(".site-nav li a")))`) != "true" {
		t.Error("without JavaScript the menu button does not open the navigation")
	}
	p.Do(noScript(false))
	if len(*missing) > 0 {
		t.Errorf("requests that found nothing: %v", *missing)
	}
}

// TestPagesFitPhones opens the status page, a home page and a search page
// at 390 px: none may scroll sideways.
func TestPagesFitPhones(t *testing.T) {
	p := browsertest.New(t)
	srv, _ := serveSite(t, "/")
	for _, u := range []string{"status/", "th/", "ar/search/", "he/global-perspective/why-it-matters/"} {
		p.Do(phone, chromedp.Navigate(srv.URL+"/"+u), chromedp.WaitVisible(`main h1`))
		if w := p.Eval(`String(document.documentElement.scrollWidth)`); mustAtoi(t, w) > 390 {
			t.Errorf("%s is %s px wide on a 390 px screen", u, w)
		}
	}
}

// TestThemeChoice picks dark on a light system, reloads (the choice is
// remembered and set by a script that runs before the body is parsed, so
// there is no flash of the light theme), goes back to following the
// system, and reads the status page's cells in both themes.
func TestThemeChoice(t *testing.T) {
	p := browsertest.New(t)
	srv, missing := serveSite(t, "/")
	u := srv.URL + "/he/global-perspective/why-it-matters/"
	p.Do(desktop, scheme("light"), chromedp.Navigate(u), chromedp.WaitVisible(`.site-header [data-theme-choice] select`))
	if got := p.Eval(`[...document.querySelectorAll("head script")].map(s => (s.src ? "src" : "inline") + (s.defer || s.async || s.type === "module" ? " deferred" : "")).join(",")`); !strings.Contains(got, "src") || strings.Contains(got, "inline") {
		t.Errorf("head scripts %q: want one blocking external script (no inline script under the CSP)", got)
	}
	bg := `getComputedStyle(document.documentElement).backgroundColor`
	light := p.Eval(bg)
	chooseTheme(p, "dark")
	dark := p.Eval(bg)
	if dark == light {
		t.Fatalf("choosing dark left the page %s", dark)
	}
	// On reload the stored theme is set by the time the body starts.
	p.Do(chromedp.Navigate(u), chromedp.WaitVisible(`main h1`))
	if got := p.Eval(bg); got != dark || p.Eval(`document.documentElement.dataset.theme || ""`) != "dark" {
		t.Errorf("after reload the page is %s, want the chosen dark %s", got, dark)
	}
	if v := p.Eval(`document.querySelector(".site-header [data-theme-choice] select").value`); v != "dark" {
		t.Errorf("the theme choice shows %q after reload", v)
	}
	chooseTheme(p, "system")
	if got := p.Eval(bg); got != light || p.Eval(`localStorage.getItem("rapport.theme") || ""`) != "" {
		t.Errorf("following the system again: page %s, stored %q", got, p.Eval(`localStorage.getItem("rapport.theme") || ""`))
	}
	for _, s := range []string{"light", "dark"} {
		p.Do(scheme(s), chromedp.Navigate(srv.URL+"/status/"), chromedp.WaitVisible(`.status-table`))
		low := p.Eval(contrastJS + `[...document.querySelectorAll(".status-table td, .status-table td a")].filter(e => contrast(e) < 4.5).length + ""`)
		if low != "0" {
			t.Errorf("status page, %s: %s cells under 4.5:1 contrast", s, low)
		}
	}
	if len(*missing) > 0 {
		t.Errorf("requests that found nothing: %v", *missing)
	}
}

// TestTableOfContents reads the contents of an Arabic and a Thai page,
// whose headings carry their own numbers: no second number before them. On
// a wide screen the contents sit beside the text, stay in view while it
// scrolls, and mark the section being read.
func TestTableOfContents(t *testing.T) {
	p := browsertest.New(t)
	srv, _ := serveSite(t, "/")
	for _, u := range []string{"ar/loyalty/strategies/", "th/guide/strategies/", "bg/loyalty/strategies/"} {
		p.Do(desktop, chromedp.Navigate(srv.URL+"/"+u), chromedp.WaitVisible(`main h1`))
		if p.Eval(`String(!!document.querySelector(".toc"))`) != "true" {
			t.Fatalf("%s has no table of contents", u)
		}
		double := p.Eval(`[...document.querySelectorAll(".toc li")].filter(li => getComputedStyle(li).listStyleType !== "none" && /^\s*[\d٠-٩๐-๙]/.test(li.textContent)).length + ""`)
		if double != "0" {
			t.Errorf("%s: %s contents entries numbered twice", u, double)
		}
		beside := p.Eval(`(() => { const t = document.querySelector(".toc").getBoundingClientRect(), c = document.querySelector(".content").getBoundingClientRect();
			return String(t.right <= c.left || t.left >= c.right); })()`)
		if beside != "true" {
			t.Errorf("%s at 1280 px: the contents are not beside the text", u)
		}
		p.Eval(`(() => { const hs = document.querySelectorAll(".content h2[id]"); hs[hs.length - 1].scrollIntoView(); return ""; })()`)
		p.Do(chromedp.Sleep(300 * time.Millisecond))
		if p.Eval(visibleJS+`String(shown(document.querySelector(".toc")))`) != "true" {
			t.Errorf("%s: the contents scroll away with the text", u)
		}
		want := p.Eval(`(() => { const hs = document.querySelectorAll(".content h2[id]"); return hs[hs.length - 1].id; })()`)
		if got := p.Eval(`decodeURIComponent((document.querySelector(".toc a[aria-current]") || {getAttribute: () => "#"}).getAttribute("href").slice(1))`); got != want {
			t.Errorf("%s: the contents mark %q as being read, want %q", u, got, want)
		}
	}
}

// focusEmulation makes the tab behave as if its window had focus, so :focus
// styles apply in headless Chromium.
var focusEmulation = chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
	_, err := cdp.Call(ctx, t, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
	return err
})

// TestHeadingLinks reaches a heading's # link by keyboard: it is focusable,
// named, and visible when focused.
func TestHeadingLinks(t *testing.T) {
	p := browsertest.New(t)
	srv, _ := serveSite(t, "/")
	p.Do(phone, focusEmulation, chromedp.Navigate(srv.URL+"/he/global-perspective/global-landscape/"), chromedp.WaitVisible(`main h1`))
	got := p.Eval(`(() => { const a = document.querySelector(".content .anchor"); a.focus();
		return [document.activeElement === a, a.getAttribute("aria-hidden"), a.getAttribute("aria-label") || "", getComputedStyle(a).opacity].join("|"); })()`)
	f := strings.Split(got, "|")
	if f[0] != "true" || f[1] != "" || f[2] == "" || f[3] != "1" {
		t.Errorf("heading link: focused %s, aria-hidden %q, name %q, opacity %s when focused", f[0], f[1], f[2], f[3])
	}
}

// TestSearchPageLandmarks reads the search page's landmarks (search forms
// must have different names, or only one be there) and measures how much
// the layout shifts when results come in.
func TestSearchPageLandmarks(t *testing.T) {
	p := browsertest.New(t)
	srv, _ := serveSite(t, "/")
	p.Do(phone, chromedp.Navigate(srv.URL+"/he/"), chromedp.WaitVisible(`main h1`))
	p.Do(chromedp.Navigate(srv.URL+"/he/search/?q=לקוחות"), chromedp.WaitVisible(`[data-search-results] li`), chromedp.Sleep(500*time.Millisecond))
	names := p.Eval(`[...document.querySelectorAll("[role=search], search")].filter(e => e.getClientRects().length).map(e => e.getAttribute("aria-label") || e.getAttribute("aria-labelledby") || "").join("|")`)
	seen := map[string]bool{}
	for _, n := range strings.Split(names, "|") {
		if seen[n] {
			t.Errorf("two search landmarks named %q", n)
		}
		seen[n] = true
	}
	cls, err := chromedp.Run(p.Ctx, chromedp.Evaluate[string](`new Promise(done => {
		new PerformanceObserver(l => done(String(l.getEntries().filter(e => !e.hadRecentInput).reduce((s, e) => s + e.value, 0)))).observe({type: "layout-shift", buffered: true});
		setTimeout(() => done("0"), 1000); })`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	var shift float64
	fmt.Sscan(cls, &shift)
	if shift > 0.05 {
		t.Errorf("the search page shifts by %s (cumulative layout shift) as results come in", cls)
	}
}

// chooseTheme picks a theme in the header's theme choice, as a reader does.
func chooseTheme(p browsertest.Tab, theme string) {
	p.T.Helper()
	p.Eval(`(() => { const s = document.querySelector(".site-header [data-theme-choice] select"); s.value = "` + theme + `";
		s.dispatchEvent(new Event("change")); return ""; })()`)
}

// media emulates a CSS media type ("print"), or the screen again ("").
func media(typ string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: typ})
		return err
	})
}

// TestPrint prints a page with a calculator and an external link: the
// calculator is kept on one sheet with its formula, its inputs are lines to
// write on (or show the values from the address), and the link's target is
// printed after it.
func TestPrint(t *testing.T) {
	p := browsertest.New(t)
	src := maps.Clone(messageSite)
	src["content/he/score.md"] = &fstest.MapFile{Data: []byte("---\ntitle: ניקוד\n---\nראו [המדריך](https://example.org/guide).\n\n```calculator\nmetric: score\n```\n")}
	srv, _ := serveSource(t, src, "/")
	p.Do(desktop, chromedp.Navigate(srv.URL+"/he/score/?score.points=3"), chromedp.WaitVisible(`section.calculator.js-ready`), media("print"))
	got := p.Eval(`(() => { const c = document.querySelector(".calculator"), f = c.querySelector(".calc-formula"), i = c.querySelector("input");
		const a = getComputedStyle(document.querySelector('.content a[href^="https:"]'), "::after").content;
		return [getComputedStyle(c).breakInside, getComputedStyle(f).display, f.scrollWidth <= f.clientWidth + 1, getComputedStyle(i).borderBottomStyle,
			i.value, a, getComputedStyle(document.querySelector(".site-header")).display].join("|"); })()`)
	f := strings.Split(got, "|")
	if f[0] != "avoid" || f[1] == "none" || f[2] != "true" || f[3] != "solid" || f[4] != "3" || !strings.Contains(f[5], "https://example.org/guide") || f[6] != "none" {
		t.Errorf("print: calculator break-inside %s, formula shown %s and whole %s, input line %s, value %q, link suffix %s, header %s",
			f[0], f[1], f[2], f[3], f[4], f[5], f[6])
	}
	p.Do(media(""))
}

// acceptLanguage sets the browser's preferred languages (navigator.languages).
func acceptLanguage(langs string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{
			UserAgent: "Mozilla/5.0 rapport-test", AcceptLanguage: langs})
		return err
	})
}

// TestNotFoundSpeaksTheReadersLanguage opens missing pages on a server
// that, like GitHub Pages, has only the one 404.html: under /he/ the page
// speaks Hebrew; at the root, the browser's preferred language among the
// site's; with none of them, every language's message is shown to choose.
func TestNotFoundSpeaksTheReadersLanguage(t *testing.T) {
	p := browsertest.New(t)
	srv, _ := serveSite(t, "/training/")
	bundle, _ := locale.Load(os.DirFS("../locales"), nil)
	shownTitles := `[...document.querySelectorAll("main h1")].filter(h => h.getClientRects().length).map(h => h.textContent).join("|")`
	for _, tc := range []struct{ path, accept, lang string }{
		{"he/no-such-playbook/", "en-US,en", "he"},
		{"ar/loyalty/gone/", "th", "ar"},
		{"no-such-page/", "fr-FR,th-TH,en", "th"},
		{"no-such-page/", "bg", "bg"},
		{"xx/no-such-page/", "fr,de", ""},
	} {
		p.Do(acceptLanguage(tc.accept), chromedp.Navigate(srv.URL+"/training/"+tc.path), chromedp.WaitReady(`main h1`), chromedp.Sleep(100*time.Millisecond))
		titles := p.Eval(shownTitles)
		if tc.lang == "" {
			if n := strings.Count(titles, "|") + 1; n < 5 {
				t.Errorf("%s with %s: %d languages offered (%s), want every language to choose from", tc.path, tc.accept, n, titles)
			}
			continue
		}
		want := bundle.For(tc.lang).S("notfound.title")
		if titles != want || p.Eval(`document.documentElement.lang`) != tc.lang {
			t.Errorf("%s with %s: the page reads %q in lang %q, want %q in %s", tc.path, tc.accept, titles, p.Eval(`document.documentElement.lang`), want, tc.lang)
		}
		if href := p.Eval(`[...document.querySelectorAll("main a")].find(a => a.getClientRects().length).getAttribute("href")`); href != "/training/"+tc.lang+"/" {
			t.Errorf("%s: the way back leads to %s, want /training/%s/", tc.path, href, tc.lang)
		}
	}
}
