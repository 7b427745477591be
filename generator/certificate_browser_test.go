package generator

import (
	"context"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"rapport/generator/internal/browsertest"
)

// TestCertificateInBrowser: the Hebrew article's certificate is refused
// while the article is not complete (saying how far the reader is), then,
// with every page done and the check answered right, shows the name typed,
// the article, the date in Hebrew, the score and that it is self-declared,
// and prints to one page.
func TestCertificateInBrowser(t *testing.T) {
	p := browsertest.New(t)
	srv, missing := serveSite(t, "/")
	base := srv.URL + "/"
	p.Do(chromedp.Navigate(base+heCheck), chromedp.WaitVisible(`#q-1 .quiz-check`))
	answerAllRight(p)

	cert := base + "he/certificate/#article-global-perspective"
	p.Do(chromedp.Navigate(cert), chromedp.WaitVisible(`[data-cert-state]`))
	waitText(p, `[data-cert-state]`, "עדיין לא הושלם בדפדפן הזה: 1 מתוך 8 מדריכים הושלמו.")
	if p.Eval(`String(document.querySelector("[data-cert]").hidden && document.querySelector("[data-cert-print]").disabled)`) != "true" {
		t.Error("an incomplete article shows a certificate or lets it be printed")
	}

	for _, pg := range []string{"", "why-it-matters/", "global-landscape/", "strategies/", "measuring-success/", "pitfalls/", "conclusion/"} {
		p.Do(chromedp.Navigate(base+"he/global-perspective/"+pg), chromedp.WaitVisible(`input.progress-done`), chromedp.Click(`input.progress-done`))
	}
	p.Do(chromedp.Navigate(cert), chromedp.WaitVisible(`#cert-name`), chromedp.SendKeys(`#cert-name`, "דנה לוי"))
	waitText(p, `[data-cert-name]`, "דנה לוי")
	if got, want := p.Text(`[data-cert-course]`), "בניית קשרי לקוחות: פרספקטיבה גלובלית"; got != want {
		t.Errorf("certificate for %q, want %q", got, want)
	}
	if got, want := p.Text(`[data-cert-score]`), "3 תשובות נכונות מתוך 3 שאלות (100%)"; got != want {
		t.Errorf("score %q, want %q", got, want)
	}
	date := p.Text(`[data-cert-date]`)
	if !regexp.MustCompile(`\p{Hebrew}`).MatchString(date) || !strings.Contains(date, time.Now().Format("2006")) {
		t.Errorf("date %q: want today's, with the month in Hebrew", date)
	}
	if got := p.Text(`[data-cert-self]`); !strings.HasPrefix(got, "הצהרה עצמית") {
		t.Errorf("self-declared note reads %q", got)
	}
	prefer := true
	res, err := chromedp.Call(p.Ctx, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &prefer})
	if err != nil {
		t.Fatal(err)
	}
	pdf := res.Data
	if n := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf, -1)); n != 1 {
		t.Errorf("the certificate prints to %d pages, want 1", n)
	}
	if out := os.Getenv("RAPPORT_KEEP_PDF"); out != "" {
		os.WriteFile(out+"-certificate.pdf", pdf, 0o644)
	}
	if len(*missing) > 0 {
		t.Errorf("requests for missing files: %v", *missing)
	}
}

// TestCertificateSurvivesAnyFragment: an address whose fragment is not
// a valid escape (certificate/#%) still gets a working page (it threw
// before any listener was attached), and a name is cut at 100
// characters (22,000 printed a 49-page certificate).
func TestCertificateSurvivesAnyFragment(t *testing.T) {
	p := browsertest.New(t)
	srv, _ := serveSite(t, "/")
	p.Do(chromedp.Navigate(srv.URL+"/he/certificate/#%E0%A4%A"), chromedp.WaitVisible(`#cert-name`))
	waitText(p, `[data-cert-state]`, "עדיין לא הושלם בדפדפן הזה: 0 מתוך 8 מדריכים הושלמו.")
	p.Do(chromedp.SendKeys(`#cert-name`, strings.Repeat("א", 150)))
	if got := p.Eval(`String(Array.from(document.querySelector("#cert-name").value).length)`); got != "100" {
		t.Errorf("a name of 150 characters kept %s", got)
	}
}

// certSite has, in Hebrew, Arabic and Czech, a one-page path whose page
// asks one question, and a rapport.toml whose pass mark is 100.
var certSite = func() fstest.MapFS {
	fs := fstest.MapFS{
		"rapport.toml":       {Data: []byte("[training]\npass = 100\n")},
		"content/paths.toml": {Data: []byte("[[path]]\nid = \"one\"\nsteps = [\"q.md\"]\n[path.title]\nhe = \"אחד\"\nar = \"واحد\"\ncs = \"Jedna\"\n")},
	}
	for _, l := range []string{"he", "ar", "cs"} {
		fs["content/"+l+"/_index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: " + l + "\n---\n")}
		fs["content/"+l+"/q.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Q " + l + "\n---\nText.\n\n::: quiz\n1 + 1?\n\n- [x] 2\n- [ ] 3\n:::\n")}
	}
	return fs
}()

// TestCertificateNeedsPassAndName seeds this browser's progress: the one
// page done with its question answered wrong is below the pass mark
// (100), so no certificate, and the reader is told the score and the
// mark; answered right, still none until a name is typed; then the score
// reads as each language says one answer of one question. The page has
// the site's header; printed, the certificate fills the page.
func TestCertificateNeedsPassAndName(t *testing.T) {
	p := browsertest.New(t)
	srv, _ := serveSource(t, certSite, "/")
	seed := func(lang string, right bool) string {
		return `localStorage.setItem("rapport-progress:/:` + lang + `", JSON.stringify({format: "rapport-progress", version: 1, site: "/", lang: "` + lang +
			`", updated: null, pages: {"q/": {done: true, doneAt: "2026-12-01T10:00:00.000Z", doneBy: "reader", total: 1, questions: {"q-1": {right: ` +
			map[bool]string{true: "true", false: "false"}[right] + `, tries: 1, at: "2026-12-01T10:00:00.000Z"}}}}})), ""`
	}
	for _, tc := range []struct{ lang, score string }{
		{"he", "תשובה נכונה אחת מתוך שאלה אחת (100%)"},
		{"ar", "إجابة صحيحة واحدة من أصل سؤال واحد (100\u200e%\u200e)"},
		{"cs", "1 správná odpověď z 1 otázky (100\u00a0%)"},
	} {
		for _, vp := range []chromedp.Action[chromedp.Void]{phone, desktop} {
			url := srv.URL + "/" + tc.lang + "/certificate/#path-one"
			p.Do(vp, chromedp.Navigate(url), chromedp.WaitVisible(`[data-cert-state]`))
			p.Eval(seed(tc.lang, false))
			p.Do(chromedp.Reload(), chromedp.WaitVisible(`[data-cert-state]`))
			if hidden, state := p.Eval(`String(document.querySelector("[data-cert]").hidden)`), p.Text(`[data-cert-state]`); hidden != "true" || !strings.Contains(state, "100") {
				t.Errorf("%s: 0 of 1 right with a pass mark of 100: certificate hidden %s, the reader reads %q", tc.lang, hidden, state)
			}
			p.Eval(seed(tc.lang, true))
			p.Do(chromedp.Reload(), chromedp.WaitVisible(`[data-cert-state]`))
			if hidden := p.Eval(`String(document.querySelector("[data-cert]").hidden && document.querySelector("[data-cert-print]").disabled)`); hidden != "true" {
				t.Errorf("%s: a certificate without a name", tc.lang)
			}
			p.Do(chromedp.SendKeys(`#cert-name`, "Dana Levi"))
			waitText(p, `[data-cert-name]`, "Dana Levi")
			if got := p.Text(`[data-cert-score]`); got != tc.score {
				t.Errorf("%s: score %q, want %q", tc.lang, got, tc.score)
			}
			if n := p.Eval(`String(document.querySelectorAll("header.site-header .site-title").length)`); n != "1" {
				t.Errorf("%s: the certificate page has no site header", tc.lang)
			}
		}
		// The LMS's hook: a name given by a script.
		p.Eval(`window.rapportCertificate.setName("Ana Novak"), ""`)
		waitText(p, `[data-cert-name]`, "Ana Novak")
		p.Do(chromedp.EmulateViewport(1123, 794))
		p.Do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
			return err
		}))
		// Printed on A4 landscape (297 × 210 mm, 12 mm margins), the
		// certificate is at least four fifths of the page's height.
		h := p.Eval(`String(document.querySelector("[data-cert]").getBoundingClientRect().height)`)
		t.Logf("%s: printed certificate %s px high", tc.lang, h)
		if mustAtof(t, h) < 0.8*(210-24)*96/25.4 {
			t.Errorf("%s: printed, the certificate is %s px high: it leaves the page half empty", tc.lang, h)
		}
		p.Do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""})
			return err
		}))
	}
}

func mustAtof(t *testing.T, s string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return f
}
