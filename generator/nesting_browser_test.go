package generator

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"rapport/generator/internal/browsertest"
)

// TestNestingInBrowser reads testdata/nesting in Hebrew and Bulgarian:
// switches to the second tab of a group and answers the knowledge check
// inside it, and chooses a tab of a group nested in a tab, which leaves the
// outer group's choice alone.
func TestNestingInBrowser(t *testing.T) {
	p := browsertest.New(t)
	srv, missing := serveSource(t, os.DirFS("../testdata/nesting"), "/")
	// shown lists, for each tab group in page order, its selected tab and
	// how many of its own panels show.
	shown := func() string {
		return p.Eval(`[...document.querySelectorAll('.tabs')].map(g => {
			const own = [...g.children];
			const tab = own.find(c => c.classList.contains('tab-list'))?.querySelector('[aria-selected=true]')?.textContent;
			return tab + ':' + own.filter(c => c.classList.contains('tab-panel') && !c.hidden).length;
		}).join(' ')`)
	}
	for _, tt := range []struct{ lang, right, phone, summary string }{
		{"he", "נכון!", "טלפון", "סיכום"},
		{"bg", "Вярно!", "Телефон", "Обобщение"},
	} {
		p.Do(chromedp.Navigate(srv.URL+"/"+tt.lang+"/nesting/"), chromedp.WaitVisible(`.tab-list [role=tab]`))
		p.Eval(`localStorage.clear(), ""`)
		p.Do(chromedp.Reload(), chromedp.WaitVisible(`#q-1 .quiz-check`))
		if got, want := shown(), "Salesforce:1 "+tt.phone+":1 "+firstWord(tt.lang)+":1"; got != want {
			t.Errorf("%s at first: %q, want %q", tt.lang, got, want)
		}
		if p.Eval(`String(document.querySelector('#q-2').checkVisibility())`) != "false" {
			t.Errorf("%s: the check of the second tab shows before its tab is chosen", tt.lang)
		}
		// The second tab, by keyboard: its check shows; answer it right.
		p.Eval(`document.querySelector('.content > .tabs [role=tab]').focus(), ""`)
		key := kb.ArrowRight
		if tt.lang == "he" {
			key = kb.ArrowLeft
		}
		p.Do(chromedp.KeyEvent(key), chromedp.Sleep(100*time.Millisecond))
		if got := shown(); !strings.HasPrefix(got, "HubSpot:1 ") {
			t.Errorf("%s after the arrow key: %q, want HubSpot", tt.lang, got)
		}
		p.Do(chromedp.WaitVisible(`#q-2 .quiz-check`), chromedp.Click(`label[for=q-2-1]`), chromedp.Click(`#q-2 .quiz-check`))
		if got := p.Text(`#q-2 .quiz-result`); !strings.HasPrefix(got, tt.right) {
			t.Errorf("%s: the check inside the tab says %q, want %q…", tt.lang, got, tt.right)
		}
		// The nested group: choosing its second tab keeps the outer choice.
		p.Do(chromedp.Click(`.tab-panel .tabs [role=tab]:nth-child(2)`), chromedp.Sleep(100*time.Millisecond))
		if got, want := shown(), "HubSpot:1 "+tt.phone+":1 "+tt.summary+":1"; got != want {
			t.Errorf("%s after choosing %s in the nested group: %q, want %q", tt.lang, tt.summary, got, want)
		}
		if n := p.Eval(`String(document.querySelectorAll('.tab-label:not([hidden])').length)`); n != "0" {
			t.Errorf("%s: %s labels still shown above panels", tt.lang, n)
		}
	}
	if len(*missing) > 0 {
		t.Errorf("requests that found nothing: %v", *missing)
	}
}

// firstWord is the first tab of the nested group in lang.
func firstWord(lang string) string {
	return map[string]string{"he": "פתיחה", "bg": "Начало"}[lang]
}
