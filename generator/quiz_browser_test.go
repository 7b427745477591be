package generator

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"rapport/generator/internal/browsertest"
)

// The Hebrew sample's knowledge check: question 1 has its right answer
// second, question 2 (multiple) its first two, question 3 its third.
const heCheck = "he/global-perspective/knowledge-check/"

// waitText waits until the text of the first element matching sel is
// want, and fails the test with what it is after 20 seconds.
func waitText(p browsertest.Tab, sel, want string) {
	p.T.Helper()
	js := fmt.Sprintf(`(document.querySelector(%q) || {}).textContent === %q`, sel, want)
	if _, err := chromedp.Run(p.Ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		p.T.Errorf("%s: %q, want %q", sel, p.Eval(fmt.Sprintf(`(document.querySelector(%q) || {}).textContent || ""`, sel)), want)
	}
}

// answerAll answers every question of the Hebrew knowledge check right, by
// mouse.
func answerAllRight(p browsertest.Tab) {
	p.Do(chromedp.Click(`#q-1-2`), chromedp.Click(`#q-1 .quiz-check`),
		chromedp.Click(`#q-2-1`), chromedp.Click(`#q-2-2`), chromedp.Click(`#q-2 .quiz-check`),
		chromedp.Click(`#q-3-3`), chromedp.Click(`#q-3 .quiz-check`))
}

// TestKnowledgeCheckInBrowser answers the Hebrew knowledge check by
// keyboard, wrong and then right, reads what is announced and the score,
// and checks that the page's progress survives a reload, shows in the
// navigation and on the progress page and the path page.
func TestKnowledgeCheckInBrowser(t *testing.T) {
	p := browsertest.New(t)
	srv, missing := serveSite(t, "/training/")
	base := srv.URL + "/training/"
	p.Do(chromedp.Navigate(base+heCheck), chromedp.WaitVisible(`#q-1 .quiz-check`))

	// Wrong by keyboard: Space chooses the focused answer, Tab reaches
	// Check, Enter presses it.
	p.Do(chromedp.Focus(`#q-1-1`), chromedp.KeyEvent(" "), chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(kb.Enter))
	if got, want := p.Text(`#q-1 .quiz-result`), "לא בדיוק. התשובה הנכונה מסומנת עכשיו."; !strings.HasPrefix(got, want) {
		t.Errorf("wrong answer announces %q, want %q…", got, want)
	}
	if got := p.Text(`#q-1 .quiz-result`); !strings.Contains(got, "טכנולוגיה ככלי") {
		t.Errorf("the chosen answer's feedback is not announced: %q", got)
	}
	if p.Attr(`#q-1 .quiz-result`, "role") != "status" {
		t.Error("result is not a status region")
	}
	if got := p.Text(`#q-1 li.is-answer .quiz-badge`); got != "תשובה נכונה" {
		t.Errorf("right answer not marked after a wrong one: badge %q", got)
	}
	if got := p.Eval(`document.activeElement.className`); got != "quiz-retry" {
		t.Errorf("focus after checking is on %q, want the retry button", got)
	}
	// Retry, then right: the arrow key moves to the next answer.
	p.Do(chromedp.KeyEvent(kb.Enter))
	if got := p.Eval(`document.activeElement.id`); got != "q-1-1" {
		t.Errorf("focus after retry is on %q, want the first answer", got)
	}
	p.Do(chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(kb.Enter))
	if got := p.Text(`#q-1 .quiz-result`); !strings.HasPrefix(got, "נכון!") {
		t.Errorf("right answer announces %q", got)
	}
	if got, want := p.Text(`.quiz-score`), "ציון: תשובה נכונה אחת מתוך 3 שאלות"; got != want {
		t.Errorf("score %q, want %q", got, want)
	}
	// Checking with nothing chosen says so.
	p.Do(chromedp.Click(`#q-2 .quiz-check`))
	if got := p.Text(`#q-2 .quiz-result`); got != "בחרו קודם תשובה." {
		t.Errorf("empty check says %q", got)
	}
	p.Do(chromedp.Click(`#q-2-1`), chromedp.Click(`#q-2-2`), chromedp.Click(`#q-2 .quiz-check`),
		chromedp.Click(`#q-3-3`), chromedp.Click(`#q-3 .quiz-check`))
	if got := p.Text(`.quiz-score`); got != "ציון: 3 תשובות נכונות מתוך 3 שאלות" {
		t.Errorf("score after all right: %q", got)
	}
	if p.Eval(`String(document.querySelector(".progress-done").checked)`) != "true" {
		t.Error("the page is not done when every question is right")
	}

	// A reload keeps it all.
	p.Do(chromedp.Reload(), chromedp.WaitVisible(`.quiz-score`))
	if got := p.Text(`.quiz-score`); got != "ציון: 3 תשובות נכונות מתוך 3 שאלות" {
		t.Errorf("score after reload: %q", got)
	}
	if got := p.Text(`.progress-status`); got != "הושלם: עניתם נכון על כל השאלות בעמוד הזה." {
		t.Errorf("done status after reload: %q", got)
	}
	if got := p.Text(`.site-nav a[aria-current="page"] .progress-tick`); !strings.Contains(got, "הושלם") {
		t.Errorf("no tick in the navigation: %q", got)
	}
	if got := p.Eval(`document.querySelector(".site-nav .article-progress").value + "/" + document.querySelector(".site-nav .article-progress").max`); got != "1/8" {
		t.Errorf("article completion bar %s, want 1/8", got)
	}

	// Mark another page done by hand.
	p.Do(chromedp.Navigate(base+"he/global-perspective/why-it-matters/"), chromedp.WaitVisible(`.progress-done`),
		chromedp.Click(`.progress-done`))

	// The progress page.
	p.Do(chromedp.Navigate(base+"he/progress/"), chromedp.WaitVisible(`[data-export]`))
	row := `tr[data-page="global-perspective/knowledge-check/"]`
	if got := p.Text(row + ` [data-score]`); got != "3/3" {
		t.Errorf("progress page score %q", got)
	}
	if got := p.Text(row + ` [data-state]`); got != "✓ הושלם" {
		t.Errorf("progress page state %q", got)
	}
	if got := p.Text(`.progress-article [data-count]`); got != "2/8" {
		t.Errorf("article completion %q", got)
	}

	// The path page: done steps ticked, the next step named, steps not
	// translated into Hebrew linked in the language that has them.
	p.Do(chromedp.Navigate(base+"he/paths/first-steps/"), chromedp.WaitVisible(`[data-path-next]`))
	if got := p.Text(`[data-path-next]`); got != "השלב הבא: אסטרטגיות לבניית קשרי לקוחות גלובליים" {
		t.Errorf("next step %q", got)
	}
	if got := p.Eval(`document.querySelectorAll(".path-steps li.is-done").length + " " + document.querySelectorAll(".path-steps .not-translated a").length + " " + document.querySelectorAll(".path-steps .not-translated").length`); got != "2 3 3" {
		t.Errorf("path steps done, linked-missing, missing = %s, want 2 3 3", got)
	}
	if len(*missing) > 0 {
		t.Errorf("requests that found nothing: %v", *missing)
	}
}

// TestProgressExportImport exports the progress to a file, imports it
// into a fresh browser profile and finds it restored; then resets it,
// accepting the confirmation.
func TestProgressExportImport(t *testing.T) {
	p := browsertest.New(t)
	srv, _ := serveSite(t, "/")
	p.Do(chromedp.Navigate(srv.URL+"/"+heCheck), chromedp.WaitVisible(`#q-1 .quiz-check`))
	answerAllRight(p)
	p.Do(chromedp.Navigate(srv.URL+"/he/progress/"), chromedp.WaitVisible(`[data-export]`))
	// Keep the file the export button makes.
	p.Eval(`window.exported = []; const make = URL.createObjectURL; URL.createObjectURL = b => { window.exported.push(b); return make(b); }; ""`)
	p.Do(chromedp.Click(`[data-export]`))
	data, err := chromedp.Run(p.Ctx, chromedp.Evaluate[string](`window.exported[0].text()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(data, `"format": "rapport-progress"`) || !strings.Contains(data, `"global-perspective/knowledge-check/"`) {
		t.Fatalf("export:\n%s", data)
	}
	file := filepath.Join(t.TempDir(), "progress-he.json")
	os.WriteFile(file, []byte(data), 0o644)

	fresh := browsertest.New(t)
	fresh.Do(chromedp.Navigate(srv.URL+"/he/progress/"), chromedp.WaitVisible(`[data-export]`))
	row := `tr[data-page="global-perspective/knowledge-check/"]`
	if got := fresh.Text(row + ` [data-state]`); got != "טרם הושלם" {
		t.Fatalf("a fresh profile starts with %q", got)
	}
	fresh.Do(chromedp.SetUploadFiles(`[data-import]`, []string{file}))
	waitText(fresh, `[data-progress-message]`, "ההתקדמות יובאה.")
	if got := fresh.Text(row+` [data-state]`) + " " + fresh.Text(row+` [data-score]`); got != "✓ הושלם 3/3" {
		t.Errorf("after import: %q", got)
	}
	// A file of another language is refused.
	bad := filepath.Join(t.TempDir(), "progress-ar.json")
	os.WriteFile(bad, []byte(strings.Replace(data, `"lang": "he"`, `"lang": "ar"`, 1)), 0o644)
	fresh.Do(chromedp.SetUploadFiles(`[data-import]`, []string{bad}))
	waitText(fresh, `[data-progress-message]`, "הקובץ הזה אינו ייצוא התקדמות של האתר הזה בשפה הזו.")
	// Reset asks first.
	chromedp.Listen(fresh.Ctx, func(ev any) {
		if _, ok := ev.(*cdppage.EventJavascriptDialogOpening); ok {
			go chromedp.Run(fresh.Ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
				_, err := cdp.Call(ctx, t, cdppage.HandleJavaScriptDialog, cdppage.HandleJavaScriptDialogParams{Accept: true})
				return err
			}))
		}
	})
	fresh.Do(chromedp.Click(`[data-reset]`))
	waitText(fresh, `[data-progress-message]`, "ההתקדמות אופסה.")
	if got := fresh.Text(row + ` [data-state]`); got != "טרם הושלם" {
		t.Errorf("after reset: %q", got)
	}
}

// TestProgressPortableFromDisk answers a question in a -portable build
// opened from disk (file://) and finds it kept after a reload and on the
// progress page reached through the navigation.
func TestProgressPortableFromDisk(t *testing.T) {
	res, err := Build(context.Background(), Options{Src: os.DirFS(".."), Portable: true})
	if err != nil || res.Diags.HasErrors() {
		t.Fatal(err, res.Diags.Errors())
	}
	dir := t.TempDir()
	for _, f := range res.Files {
		p := filepath.Join(dir, f.Path)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, f.Bytes(), 0o644)
	}
	p := browsertest.New(t)
	p.Do(chromedp.Navigate("file://"+dir+"/th/guide/knowledge-check/index.html"), chromedp.WaitVisible(`#q-1 .quiz-check`),
		chromedp.Click(`#q-1-2`), chromedp.Click(`#q-1 .quiz-check`))
	if got := p.Text(`.quiz-score`); got != "คะแนน: ตอบถูก 1 ข้อ จากทั้งหมด 3 ข้อ" {
		t.Errorf("Thai score %q", got)
	}
	p.Do(chromedp.Reload(), chromedp.WaitVisible(`.quiz-score`))
	if got := p.Text(`#q-1 .quiz-result`); got != "ถูกต้อง!" {
		t.Errorf("after reload from disk, question 1 shows %q", got)
	}
	href := p.Eval(`[...document.querySelectorAll(".site-nav a")].find(a => a.href.includes("/th/progress/")).href`)
	p.Do(chromedp.Navigate(href), chromedp.WaitVisible(`[data-export]`))
	if got := p.Text(`tr[data-page="guide/knowledge-check/"] [data-score]`); got != "1/3" {
		t.Errorf("progress page from disk: score %q", got)
	}
}

// axeScript is axe-core, installed by .ci/run with npm into .ci/npm.
const axeScript = "../.ci/npm/node_modules/axe-core/axe.min.js"

// TestKnowledgeCheckAxe runs axe-core on a Hebrew page with questions, one
// answered wrong (feedback and the marked right answer shown), on the
// Arabic progress page, a Hebrew handout, the Arabic certificate page, the
// status page and the Hebrew search page with results: no violation.
func TestKnowledgeCheckAxe(t *testing.T) {
	axe, err := os.ReadFile(axeScript)
	if err != nil {
		if os.Getenv("RAPPORT_REQUIRE_BROWSER") == "1" {
			t.Fatalf("axe-core is required: %v (.ci/run installs it with npm)", err)
		}
		t.Skipf("axe-core not installed (%v): npm install --prefix .ci/npm axe-core@4", err)
	}
	p := browsertest.New(t)
	srv, _ := serveSite(t, "/")
	run := func(url string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		p.Do(append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(url), chromedp.WaitVisible(`main h1`)}, steps...)...)
		p.Eval(string(axe) + `; ""`)
		got, err := chromedp.Run(p.Ctx, chromedp.Evaluate[string](`axe.run(document, {resultTypes: ["violations"]}).then(r =>
			r.violations.map(v => v.id + " (" + v.impact + "): " + v.nodes.map(n => n.target.join(" ")).join(", ")).join("\n"))`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		if got != "" {
			t.Errorf("axe-core on %s:\n%s", url, got)
		}
	}
	run(srv.URL+"/"+heCheck, chromedp.Click(`#q-1-1`), chromedp.Click(`#q-1 .quiz-check`), chromedp.WaitVisible(`#q-1 .quiz-badge`))
	run(srv.URL + "/ar/progress/")
	// The pages a learner or trainer reaches from there: a handout, a
	// certificate, the translation status and the search page with its
	// two search forms.
	run(srv.URL + "/he/print/global-perspective/")
	run(srv.URL + "/ar/certificate/")
	run(srv.URL + "/status/")
	run(srv.URL+"/he/search/?q=לקוחות", chromedp.WaitVisible(`[data-search-results] li`))
}

// TestProgressImportRefusesBadFiles: an imported file is checked whole
// against the export's schema: a __proto__ page (it polluted every
// object), a null answer, a completion date that is not one (the progress
// page then threw on every load) and a file over 2 MB (it said
// "imported" and saved nothing) are refused with a message naming what is
// wrong, and nothing of them is kept.
func TestProgressImportRefusesBadFiles(t *testing.T) {
	p := browsertest.New(t)
	srv, _ := serveSite(t, "/")
	p.Do(chromedp.Navigate(srv.URL+"/he/progress/"), chromedp.WaitVisible(`[data-export]`))
	head := `{"format": "rapport-progress", "version": 1, "lang": "he", "pages": `
	dir := t.TempDir()
	for i, c := range []struct{ pages, want string }{
		{`{"__proto__": {"done": true}}`, `הרשומה של „__proto__” בקובץ אינה התקדמות תקינה: לא יובא דבר.`},
		{`{"global-perspective/knowledge-check/": {"questions": {"q-1": null}}}`, `הרשומה של „global-perspective/knowledge-check/” בקובץ אינה התקדמות תקינה: לא יובא דבר.`},
		{`{"global-perspective/": {"done": true, "doneAt": "yesterday"}}`, `הרשומה של „global-perspective/” בקובץ אינה התקדמות תקינה: לא יובא דבר.`},
		{`{"a": {"doneBy": "` + strings.Repeat("x", 3<<20) + `"}}`, `הקובץ גדול מדי מכדי להיות ייצוא התקדמות של האתר הזה (יותר מ־2 MB): לא יובא דבר.`},
	} {
		file := filepath.Join(dir, fmt.Sprintf("bad%d.json", i))
		os.WriteFile(file, []byte(head+c.pages+"}\n"), 0o644)
		p.Do(chromedp.SetUploadFiles(`[data-import]`, []string{file}))
		waitText(p, `[data-progress-message]`, c.want)
	}
	if got := p.Eval(`String(({}).done) + " " + String(localStorage.length)`); got != "undefined 0" {
		t.Errorf("after the refused imports: Object.prototype.done and stored keys %q, want \"undefined 0\"", got)
	}
	if got := p.Text(`tr[data-page="global-perspective/"] [data-state]`); got != "טרם הושלם" {
		t.Errorf("a refused import changed the progress: %q", got)
	}
}

// TestVerdictBeforeButtons checks a Hebrew question wrong at 390 and 1280
// px: the verdict follows the answers and comes before the buttons, in the
// page's order (what a screen reader and the Tab key meet) and on screen
// (above "Try again").
func TestVerdictBeforeButtons(t *testing.T) {
	p := browsertest.New(t)
	srv, _ := serveSource(t, mathSite(), "/")
	for _, vp := range []struct {
		name string
		size chromedp.Action[chromedp.Void]
	}{{"390", phone}, {"1280", desktop}} {
		p.Do(vp.size, chromedp.Navigate(srv.URL+"/he/math/"), chromedp.WaitVisible(`#q-1 .quiz-check`))
		p.Do(chromedp.Click(`label[for=q-1-2]`), chromedp.Click(`#q-1 .quiz-check`), chromedp.WaitVisible(`#q-1 .quiz-retry`))
		got := p.Eval(`(() => {
			const q = document.querySelector('#q-1'), res = q.querySelector('.quiz-result');
			const acts = q.querySelector('.quiz-actions'), retry = q.querySelector('.quiz-retry');
			const order = [...q.children].map(c => c.classList[0] || c.tagName.toLowerCase()).join(' ');
			const r = res.getBoundingClientRect(), b = retry.getBoundingClientRect();
			return order + (r.bottom <= b.top ? ' | verdict above' : ' | verdict at ' + r.top + ', button at ' + b.top);
		})()`)
		if want := "fieldset quiz-result quiz-actions quiz-reveal | verdict above"; got != want {
			t.Errorf("%s px: %s, want %s", vp.name, got, want)
		}
	}
}
