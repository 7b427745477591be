package generator

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

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
	if got, want := p.Text(`[data-cert-score]`), "3 מתוך 3 תשובות נכונות (100%)"; got != want {
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
