package generator

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chromedp/chromedp"

	"rapport/generator/internal/browsertest"
	"rapport/generator/locale"
)

// numberSite has, in each language the issue names, a calculator that
// multiplies three decimals (volume) and one whose result is money in euros
// (price).
var numberSite = func() fstest.MapFS {
	fs := fstest.MapFS{"content/metrics.toml": {Data: []byte(`
[[metric]]
id = "volume"
formula = "a * b * c"
unit = "number"
decimals = 2
  [[metric.input]]
  id = "a"
  kind = "number"
  [[metric.input]]
  id = "b"
  kind = "number"
  [[metric.input]]
  id = "c"
  kind = "number"

[[metric]]
id = "price"
formula = "each * count"
unit = "money"
currency = "EUR"
decimals = 2
  [[metric.input]]
  id = "each"
  kind = "money"
  [[metric.input]]
  id = "count"
  kind = "count"
`)}}
	for _, l := range []string{"bg", "cs", "he", "ar", "th"} {
		fs["content/"+l+"/_index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: " + l + "\n---\n" + l + ".\n")}
		fs["content/"+l+"/calc.md"] = &fstest.MapFile{Data: []byte("---\ntitle: " + l + " calc\n---\n# " + l +
			"\n\n```calculator\nmetric: volume\n```\n\n```calculator\nmetric: price\n```\n")}
		fs["locales/"+l+".toml"] = &fstest.MapFile{Data: []byte(`[metric.volume]
name = "V"
explain = "V."
output = "V"
a = "A"
a_help = "A."
b = "B"
b_help = "B."
c = "C"
c_help = "C."
[metric.price]
name = "P"
explain = "P."
output = "P"
each = "E"
each_help = "E."
count = "N"
count_help = "N."
`)}
	}
	return fs
}()

// TestCalculatorReadsNumbersAsTyped types numbers the way readers on phones
// in each language do and reads what the calculator makes of them: a dot
// key's decimal on a Bulgarian or Czech page is a decimal point, an input
// that could be 1.5 or 1500 is refused with a message saying how to write
// it, 1e400 is too large, and a money result names its currency.
func TestCalculatorReadsNumbersAsTyped(t *testing.T) {
	p := browsertest.New(t)
	srv, missing := serveSource(t, numberSite, "/")
	bundle, _ := locale.Load(os.DirFS("../locales"), nil)
	vol := `section[data-metric="volume"] `
	for _, tc := range []struct {
		lang, a, b, c, want string // want is data-value
	}{
		{"bg", "1.5", "2.5", "3", "11.25"},
		{"cs", "1.5", "2.5", "3", "11.25"},
		{"bg", "120.5", "1", "1", "120.5"},
		{"cs", "120,5", "1", "1", "120.5"},
		{"cs", "1 500,5", "1", "1", "1500.5"},
		{"cs", "1.500,5", "1", "1", "1500.5"},
		{"cs", "1.500.000", "1", "1", "1500000"},
		{"cs", "0.500", "1", "1", "0.5"},
		{"he", "1,500", "1", "1", "1500"},
		{"th", "1,500.5", "1", "1", "1500.5"},
		{"th", "๑.๕", "2", "1", "3"},
		{"ar", "١٫٥", "2", "1", "3"},
		{"ar", "1.5", "2", "1", "3"},
	} {
		p.Do(chromedp.Navigate(srv.URL+"/"+tc.lang+"/calc/?volume.a="+tc.a+"&volume.b="+tc.b+"&volume.c="+tc.c),
			chromedp.WaitVisible(vol+`output`))
		if v := p.Attr(vol+`output`, "data-value"); v != tc.want {
			t.Errorf("%s: %s × %s × %s computes %q, want %s", tc.lang, tc.a, tc.b, tc.c, v, tc.want)
		}
	}
	p.Do(chromedp.Navigate(srv.URL+"/cs/calc/?volume.a=1.5&volume.b=2.5&volume.c=3"), chromedp.WaitVisible(vol+`output`))
	if text := p.Text(vol + `output`); text != "11,25" {
		t.Errorf("cs: 1.5 × 2.5 × 3 reads %q, want 11,25", text)
	}

	for _, tc := range []struct{ lang, typed, wantIn string }{
		{"cs", "1.500", "1,5"},
		{"bg", "12.345", "12,345"},
	} {
		p.Do(chromedp.Navigate(srv.URL+"/"+tc.lang+"/calc/?volume.a="+tc.typed+"&volume.b=1&volume.c=1"),
			chromedp.WaitVisible(vol+`output`))
		msg := p.Text(vol + `[data-error-for="a"]`)
		if !strings.Contains(msg, tc.typed) || !strings.Contains(msg, tc.wantIn) || strings.Contains(msg, "{{") {
			t.Errorf("%s: %q is ambiguous; the reader reads %q, want a message with %q and %q", tc.lang, tc.typed, msg, tc.typed, tc.wantIn)
		}
		if inv := p.Attr(vol+`output`, "data-invalid"); inv != "true" {
			t.Errorf("%s: %q was guessed (result %q)", tc.lang, tc.typed, p.Text(vol+`output`))
		}
	}

	price := `section[data-metric="price"] `
	for _, l := range []string{"bg", "cs", "he", "ar", "th"} {
		tooLarge, _ := bundle.For(l).T("calculator.too_large", nil)
		p.Do(chromedp.Navigate(srv.URL+"/"+l+"/calc/?volume.a=1e400&volume.b=1&volume.c=1&price.each=12&price.count=3"),
			chromedp.WaitVisible(vol+`output`))
		if msg := p.Text(vol + `[data-error-for="a"]`); msg != tooLarge {
			t.Errorf("%s: 1e400 reads %q, want %q", l, msg, tooLarge)
		}
		want := p.Eval(`new Intl.NumberFormat("` + l + `", {style: "currency", currency: "EUR"}).format(36)`)
		if text := p.Text(price + `output`); text != want {
			t.Errorf("%s: 12 × 3 in euros reads %q, want %q", l, text, want)
		}
	}
	if len(*missing) > 0 {
		t.Errorf("requests that found nothing: %v", *missing)
	}
}

// TestDivisionByZeroNamesTheInputs sets every NPS answer count to zero on
// the Hebrew, Arabic and Bulgarian pages: the message names the inputs
// whose sum is the divisor, never "0".
func TestDivisionByZeroNamesTheInputs(t *testing.T) {
	p := browsertest.New(t)
	srv, _ := serveSite(t, "/")
	bundle, _ := locale.Load(os.DirFS("../locales"), nil)
	for _, u := range []string{"he/global-perspective/measuring-success/", "ar/loyalty/measuring-loyalty/", "bg/loyalty/measuring-loyalty/"} {
		lang := u[:2]
		p.Do(chromedp.Navigate(srv.URL+"/"+u+"?nps.promoters=0&nps.passives=0&nps.detractors=0"),
			chromedp.WaitVisible(`output[data-metric-output="nps"]`))
		text := p.Text(`output[data-metric-output="nps"]`)
		for _, in := range []string{"promoters", "passives", "detractors"} {
			label, _ := bundle.For(lang).T("metric.nps."+in, nil)
			if label == "" {
				label = p.Text(`section[data-metric="nps"] label[for$="-` + in + `"]`)
			}
			if !strings.Contains(text, label) {
				t.Errorf("%s: the message %q does not name %q", lang, text, label)
			}
		}
		if strings.Contains(text, "„0”") || strings.Contains(text, "«0»") || strings.Contains(text, "„0“") {
			t.Errorf("%s: the message names 0 as an input: %q", lang, text)
		}
	}
}

// TestInvalidFieldLooksInvalid compares an invalid calculator field with a
// valid one, light and dark, at both widths: its border changes color and
// stands out from the background (3:1, WCAG's non-text contrast).
func TestInvalidFieldLooksInvalid(t *testing.T) {
	p := browsertest.New(t)
	srv, _ := serveSource(t, numberSite, "/")
	for _, vp := range []chromedp.Action[chromedp.Void]{phone, desktop} {
		for _, s := range []string{"light", "dark"} {
			for _, l := range []string{"he", "bg"} {
				p.Do(vp, scheme(s), chromedp.Navigate(srv.URL+"/"+l+"/calc/?volume.a=x&volume.b=2&volume.c=1"),
					chromedp.WaitVisible(`section.calculator.js-ready`))
				got := p.Eval(contrastJS + `(() => {
					const bad = document.querySelector('[data-input="a"]'), good = document.querySelector('[data-input="b"]');
					const cb = getComputedStyle(bad), cg = getComputedStyle(good);
					const c = (col) => { const x = document.createElement("span"); x.style.color = col; document.body.append(x);
						const r = contrast(x); x.remove(); return r; };
					return [bad.getAttribute("aria-invalid"), cb.borderInlineStartColor !== cg.borderInlineStartColor,
						parseFloat(cb.borderInlineStartWidth) >= 2, c(cb.borderInlineStartColor) >= 3].join(" ");
				})()`)
				if got != "true true true true" {
					t.Errorf("%s %s %s: invalid field (aria-invalid, border color differs, border ≥ 2px, 3:1) = %s",
						l, s, p.Eval(`String(innerWidth)`), got)
				}
			}
		}
	}
}

// TestFormulasScaleToFit opens the calculator pages the issue names at
// 1280 px, light and dark: every formula fits its box (set smaller where
// needed); at 390 px a formula that still does not fit says so in a line
// under it, in the page's language.
func TestFormulasScaleToFit(t *testing.T) {
	p := browsertest.New(t)
	srv, _ := serveSite(t, "/")
	for _, u := range []string{"bg/loyalty/measuring-loyalty/", "ar/loyalty/measuring-loyalty/", "th/guide/measuring-success/"} {
		p.Do(desktop, chromedp.Navigate(srv.URL+"/"+u), chromedp.WaitVisible(`.calculator.js-ready`))
		if clipped := p.Eval(`[...document.querySelectorAll(".calc-formula")].filter(b => b.scrollWidth > b.clientWidth + 1).map(b => b.closest(".calculator").dataset.metric + " " + b.scrollWidth + "/" + b.clientWidth).join(", ")`); clipped != "" {
			t.Errorf("%s at 1280 px: formulas cut off: %s", u, clipped)
		}
		p.Do(phone, chromedp.Navigate(srv.URL+"/"+u), chromedp.WaitVisible(`.calculator.js-ready`))
		got := p.Eval(`[...document.querySelectorAll(".calc-formula")].filter(b => b.scrollWidth > b.clientWidth + 1).map(b => {
			const h = b.nextElementSibling; return h && h.matches(".calc-scroll-hint") && !h.hidden && h.textContent.length > 10 && getComputedStyle(h).display !== "none" ? "" : b.closest(".calculator").dataset.metric; }).join(" ").trim()`)
		if got != "" {
			t.Errorf("%s at 390 px: formulas that scroll without a word: %s", u, got)
		}
	}
}

// TestPhonesReadTheTextFirst opens playbooks and the progress page in
// Thai, Hebrew and Bulgarian at 390 and 1280 px: on a phone "On this
// page" is folded (the text starts on the first screen) and opens with
// its button; the progress table's state and score cells never break
// inside a word, at either width.
func TestPhonesReadTheTextFirst(t *testing.T) {
	p := browsertest.New(t)
	srv, _ := serveSite(t, "/")
	for _, u := range []string{"th/guide/strategies/", "he/global-perspective/strategies/", "bg/loyalty/strategies/"} {
		p.Do(phone, chromedp.Navigate(srv.URL+"/"+u), chromedp.WaitVisible(`.content p`))
		if top := p.Eval(`String(Math.round(document.querySelector(".content p").getBoundingClientRect().top))`); mustAtoi(t, top) > 844 {
			t.Errorf("%s at 390 px: the text starts at y=%s, below the first screen", u, top)
		}
		if exp := p.Eval(`(document.querySelector(".toc-toggle") || {getAttribute: () => "none"}).getAttribute("aria-expanded")`); exp != "false" {
			t.Errorf("%s at 390 px: contents toggle aria-expanded=%s, want false", u, exp)
		}
		p.Do(chromedp.Click(`.toc-toggle`))
		if shown := p.Eval(`String(!document.querySelector(".toc ol").hidden)`); shown != "true" {
			t.Errorf("%s at 390 px: the contents button does not open them", u)
		}
		p.Do(desktop, chromedp.Navigate(srv.URL+"/"+u), chromedp.WaitVisible(`.toc ol`))
	}
	for i, vp := range []chromedp.Action[chromedp.Void]{phone, desktop} {
		for _, l := range []string{"th", "he", "bg"} {
			p.Do(vp, chromedp.Navigate(srv.URL+"/"+l+"/progress/"), chromedp.WaitVisible(`.progress-article table`))
			cells := `".progress-article th"`
			if i == 1 {
				cells = `".progress-article th, .progress-article td:not(:first-child)"`
			}
			broken := p.Eval(`[...document.querySelectorAll(` + cells + `)].filter(c => {
				const r = document.createRange(); r.selectNodeContents(c); const lines = new Set([...r.getClientRects()].map(x => Math.round(x.top))).size;
				return lines > (c.matches("th") ? c.textContent.trim().split(/\s+/).length : 1); }).map(c => c.textContent.trim()).slice(0, 3).join(", ")`)
			if broken != "" {
				t.Errorf("%s progress at %s px: cells on two lines: %s", l, p.Eval(`String(innerWidth)`), broken)
			}
			if w := p.Eval(`String(document.documentElement.scrollWidth - document.documentElement.clientWidth)`); w != "0" {
				t.Errorf("%s progress at %s px: the page scrolls sideways by %s px", l, p.Eval(`String(innerWidth)`), w)
			}
		}
	}
}

// TestHeaderNamesUntranslatedOnce opens a Bulgarian and a Czech playbook
// that three or four languages lack, at 1280 and 390 px: "not translated
// yet" is shown once, and at 1280 px the header is one row.
func TestHeaderNamesUntranslatedOnce(t *testing.T) {
	p := browsertest.New(t)
	srv, _ := serveSite(t, "/")
	for _, u := range []string{"bg/loyalty/measuring-loyalty/", "cs/global-perspective/strategies/"} {
		p.Do(desktop, chromedp.Navigate(srv.URL+"/"+u), chromedp.WaitVisible(`.site-header .lang-switcher`))
		shown := p.Eval(visibleJS + `String([...document.querySelectorAll(".site-header .missing-note")].filter(e => e.getBoundingClientRect().width > 1).length)`)
		if shown != "1" {
			t.Errorf("%s at 1280 px: \"not translated yet\" shown %s times", u, shown)
		}
		if rows := p.Eval(`String(new Set([...document.querySelectorAll(".site-header .lang-switcher li")].map(li => Math.round(li.getBoundingClientRect().top))).size)`); rows != "1" {
			t.Errorf("%s at 1280 px: the language switcher takes %s rows", u, rows)
		}
	}
}
