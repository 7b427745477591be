package generator

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"rapport/generator/internal/browsertest"
)

// featuresSite serves testdata/features, the page with every Markdown
// feature in Hebrew and Bulgarian.
func featuresSite(t *testing.T) (string, *[]string) {
	t.Helper()
	srv, missing := serveSource(t, os.DirFS("../testdata/features"), "/")
	return srv.URL + "/", missing
}

// grantClipboard lets the page write and read the clipboard, as a reader's
// click does.
func grantClipboard() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, name := range []string{"clipboard-read", "clipboard-write"} {
			if _, err := cdp.Call(ctx, t, browser.SetPermission, browser.SetPermissionParams{
				Permission: &browser.PermissionDescriptor{Name: name}, Setting: browser.PermissionSettingGranted}); err != nil {
				return err
			}
		}
		return nil
	})
}

// TestCopyButton copies a code block with the keyboard (Enter, then
// Space on another block) and reads the clipboard and the status line.
func TestCopyButton(t *testing.T) {
	p := browsertest.New(t)
	base, missing := featuresSite(t)
	for _, tt := range []struct{ lang, copied string }{{"he", "הקוד הועתק"}, {"bg", "Кодът е копиран"}} {
		p.Do(chromedp.Navigate(base+tt.lang+"/features/"), grantClipboard(),
			chromedp.WaitVisible(`.content > .code .code-copy:not([hidden])`))
		if got := p.Eval(`document.querySelector('.code-status').textContent`); got != "" {
			t.Errorf("%s: status %q before copying", tt.lang, got)
		}
		p.Eval(`document.querySelectorAll('.code-copy')[0].focus(), ""`)
		p.Do(chromedp.KeyEvent(kb.Enter), chromedp.Sleep(300*time.Millisecond))
		if got := p.Eval(`document.querySelectorAll('.code-status')[0].textContent`); got != tt.copied {
			t.Errorf("%s: status after Enter = %q, want %q", tt.lang, got, tt.copied)
		}
		clip, err := chromedp.Run(p.Ctx, chromedp.Evaluate[string](`navigator.clipboard.readText()`,
			chromedp.EvalAsValue, chromedp.EvalAwaitPromise))
		if err != nil || !strings.HasPrefix(clip, "# install the CRM client\ncrm install --verbose=true\n") {
			t.Errorf("%s: clipboard %q (%v), want the first code block", tt.lang, clip, err)
		}
		p.Eval(`document.querySelectorAll('.code-copy')[1].focus(), ""`)
		p.Do(chromedp.KeyEvent(" "), chromedp.Sleep(300*time.Millisecond))
		clip, _ = chromedp.Run(p.Ctx, chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise))
		if !strings.HasPrefix(clip, "sf data query") {
			t.Errorf("%s: Space did not copy the second block: clipboard %q", tt.lang, clip)
		}
	}
	if len(*missing) > 0 {
		t.Errorf("requests that found nothing: %v", *missing)
	}
}

// TestTabs chooses tabs with the mouse and the keyboard: arrow keys follow
// the reading direction, the choice holds for every group of the page and
// the next visit.
func TestTabs(t *testing.T) {
	p := browsertest.New(t)
	base, _ := featuresSite(t)
	selected := func() string {
		return p.Eval(`[...document.querySelectorAll('.tabs')].map(g =>
			[...g.querySelectorAll('[role=tab]')].filter(t => t.getAttribute('aria-selected') === 'true').map(t => t.textContent).join('+') + ':' +
			[...g.querySelectorAll('[role=tabpanel]')].filter(p => !p.hidden).length).join(' ')`)
	}
	p.Do(chromedp.Navigate(base+"he/features/"), chromedp.WaitVisible(`.tab-list [role=tab]`))
	p.Eval(`localStorage.clear(), ""`)
	p.Do(chromedp.Reload(), chromedp.WaitVisible(`.tab-list [role=tab]`))
	if got := selected(); got != "Salesforce:1 Salesforce:1" {
		t.Fatalf("at first: %q, want the first tab of each group, one panel shown", got)
	}
	if n := p.Eval(`String(document.querySelectorAll('.tab-label:not([hidden])').length)`); n != "0" {
		t.Errorf("%s labels still shown above panels", n)
	}
	p.Do(chromedp.Click(`.content > .tabs [role=tab]:nth-child(2)`), chromedp.Sleep(100*time.Millisecond))
	if got := selected(); got != "HubSpot:1 HubSpot:1" {
		t.Errorf("after clicking HubSpot in the first group: %q, want HubSpot in both", got)
	}
	// Right to left: ArrowLeft goes to the next tab (wrapping), Home to the first.
	p.Eval(`document.querySelector('[role=tab][aria-selected=true]').focus(), ""`)
	p.Do(chromedp.KeyEvent(kb.ArrowLeft), chromedp.Sleep(100*time.Millisecond))
	if got, focus := selected(), p.Eval(`document.activeElement.textContent`); got != "Salesforce:1 Salesforce:1" || focus != "Salesforce" {
		t.Errorf("ArrowLeft on an RTL page: %q, focus on %q; want the next tab (wrapping to Salesforce), focused", got, focus)
	}
	p.Do(chromedp.KeyEvent(kb.End), chromedp.Sleep(100*time.Millisecond))
	if got := selected(); got != "HubSpot:1 HubSpot:1" {
		t.Errorf("End: %q", got)
	}
	if idx := p.Eval(`String(document.activeElement.tabIndex)`); idx != "0" {
		t.Errorf("the focused tab has tabIndex %s, want 0 (roving tabindex)", idx)
	}
	p.Do(chromedp.Navigate(base+"bg/features/"), chromedp.WaitVisible(`.tab-list [role=tab]`))
	if got := selected(); got != "HubSpot:1 HubSpot:1" {
		t.Errorf("next page: %q, want the remembered HubSpot", got)
	}
	p.Eval(`document.querySelector('[role=tab][aria-selected=true]').focus(), ""`)
	p.Do(chromedp.KeyEvent(kb.ArrowRight), chromedp.Sleep(100*time.Millisecond))
	if got := selected(); got != "Salesforce:1 Salesforce:1" {
		t.Errorf("ArrowRight on an LTR page from the last tab: %q, want Salesforce", got)
	}
	p.Do(chromedp.KeyEvent(kb.ArrowLeft), chromedp.Sleep(100*time.Millisecond))
	if got := selected(); got != "HubSpot:1 HubSpot:1" {
		t.Errorf("ArrowLeft on an LTR page: %q, want HubSpot", got)
	}
}

// TestFootnoteLinks follows a footnote reference to its note and the
// back-link to the text, and checks the page fits a phone.
func TestFootnoteLinks(t *testing.T) {
	p := browsertest.New(t)
	base, missing := featuresSite(t)
	for _, lang := range []string{"he", "bg"} {
		p.Do(phone, chromedp.Navigate(base+lang+"/features/"), chromedp.WaitVisible(`sup a[href="#fn:1"]`))
		if w := p.Eval(`String(document.documentElement.scrollWidth - document.documentElement.clientWidth)`); w != "0" {
			t.Errorf("%s at 390 px: the page scrolls sideways by %s px", lang, w)
		}
		p.Do(chromedp.Click(`sup a[href="#fn:2"]`), chromedp.Sleep(300*time.Millisecond))
		if got := p.Eval(`location.hash + " " + (document.querySelector(':target')?.textContent.trim().slice(0, 12) || "")`); !strings.HasPrefix(got, "#fn:2 ") {
			t.Errorf("%s: after the reference: %q", lang, got)
		}
		if in := p.Eval(`String((r => r.top >= 0 && r.top < innerHeight)(document.getElementById('fn:2').getBoundingClientRect()))`); in != "true" {
			t.Errorf("%s: note 2 is not on screen after its reference", lang)
		}
		p.Do(chromedp.Click(`#fn\:2 .footnote-backref`), chromedp.Sleep(300*time.Millisecond))
		if got := p.Eval(`location.hash`); got != "#fnref:2" {
			t.Errorf("%s: after the back-link: %q, want #fnref:2", lang, got)
		}
		if in := p.Eval(`(r => r.top >= 0 && r.top < innerHeight ? "true" : r.top + " " + innerHeight + " " + scrollY)(document.getElementById('fnref:2').getBoundingClientRect())`); in != "true" {
			t.Errorf("%s: the reference is not on screen after the back-link: %s", lang, in)
		}
	}
	if len(*missing) > 0 {
		t.Errorf("requests that found nothing: %v", *missing)
	}
}

// TestCodeBlockSide checks that a code block runs left to right and sits
// on the page's start side: the right edge in Hebrew, the left in
// Bulgarian.
func TestCodeBlockSide(t *testing.T) {
	p := browsertest.New(t)
	base, _ := featuresSite(t)
	for _, tt := range []struct{ lang, side string }{{"he", "right"}, {"bg", "left"}} {
		p.Do(desktop, chromedp.Navigate(base+tt.lang+"/features/"), chromedp.WaitVisible(`.content > .code pre`))
		got := p.Eval(`(() => { const pre = document.querySelector('.code pre'), box = document.querySelector('.content').getBoundingClientRect(), r = pre.getBoundingClientRect();
			return getComputedStyle(pre).direction + " " + (Math.abs(r.right - box.right) < 2 ? "right" : Math.abs(r.left - box.left) < 2 ? "left" : "neither") })()`)
		if got != "ltr "+tt.side {
			t.Errorf("%s: code block %q, want ltr %s", tt.lang, got, tt.side)
		}
	}
}

// TestLastUpdatedDate reads the "last updated" date as dates.js writes it:
// in the page's language, and in the Buddhist era on a Thai page.
func TestLastUpdatedDate(t *testing.T) {
	p := browsertest.New(t)
	src := fstest.MapFS{}
	for _, l := range []string{"he", "th", "bg"} {
		src["content/"+l+"/_index.md"] = &fstest.MapFile{Data: []byte("---\nweight: 0\n---\n")}
		src["content/"+l+"/a.md"] = &fstest.MapFile{Data: []byte("---\ntitle: a\nlastmod: 2026-11-30\n---\nx\n")}
	}
	srv, _ := serveSource(t, src, "/")
	for _, tt := range []struct{ lang, want string }{{"he", "30 בנובמבר 2026"}, {"th", "2569"}, {"bg", "30 ноември 2026"}} {
		p.Do(chromedp.Navigate(srv.URL+"/"+tt.lang+"/a/"), chromedp.WaitVisible(`.page-meta time`), chromedp.Sleep(200*time.Millisecond))
		if got := p.Eval(`document.querySelector('.page-meta time').textContent`); !strings.Contains(got, tt.want) {
			t.Errorf("%s: date %q, want it to contain %q", tt.lang, got, tt.want)
		}
	}
}

// TestAuthoringContrast reads callout titles, highlighted code, copy
// buttons and tabs in light and dark, from the system or chosen by the
// reader: each must reach 4.5:1 against the background behind it.
func TestAuthoringContrast(t *testing.T) {
	p := browsertest.New(t)
	src := os.DirFS("../testdata/features")
	srv, _ := serveSource(t, src, "/")
	// The system's scheme, then the other one chosen with the theme
	// toggle (data-theme on the root), which every colour must follow too.
	for _, c := range []struct{ system, chosen string }{{"light", ""}, {"dark", ""}, {"light", "dark"}, {"dark", "light"}} {
		s := c.system + "/" + c.chosen
		p.Do(scheme(c.system), chromedp.Navigate(srv.URL+"/he/features/"), chromedp.WaitVisible(`.content > .code .code-copy:not([hidden])`))
		if c.chosen != "" {
			p.Eval(`document.documentElement.setAttribute("data-theme", "` + c.chosen + `"), ""`)
		}
		got := p.Eval(contrastJS + `[...document.querySelectorAll('.callout-title, .chroma span[class]:not(.line):not(.cl), .code-copy, .tab-list [role=tab], .footnote-ref, kbd')]
			.filter(e => e.offsetParent && e.textContent.trim())
			.map(e => e.className + " " + e.textContent.trim().slice(0, 12) + " " + contrast(e).toFixed(2)).join("\n")`)
		lines := strings.Split(got, "\n")
		if len(lines) < 15 {
			t.Fatalf("%s: only %d elements measured", s, len(lines))
		}
		for _, line := range lines {
			f := strings.Fields(line)
			if r, err := strconv.ParseFloat(f[len(f)-1], 64); err != nil || r < 4.5 {
				t.Errorf("%s: %q is below 4.5:1", s, line)
			}
		}
	}
}
