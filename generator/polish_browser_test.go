package generator

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chromedp/chromedp"

	"rapport/generator/internal/browsertest"
)

// overflowJS lists the boxes whose own text runs out of them sideways onto
// their neighbours (a word wider than its table column, a label wider than
// its button): each line of text is measured against its box.
const overflowJS = `(() => {
  const out = [];
  for (const e of document.querySelectorAll("body *")) {
    if (!e.getClientRects().length || e.getBoundingClientRect().width <= 1 || /^(inline|contents)$/.test(getComputedStyle(e).display)) continue;
    const box = e.getBoundingClientRect();
    for (const n of e.childNodes) {
      if (n.nodeType !== 3 || !n.textContent.trim()) continue;
      const r = document.createRange();
      r.selectNodeContents(n);
      const bad = [...r.getClientRects()].find(q => q.width && (q.left < box.left - 1 || q.right > box.right + 1));
      if (bad) {
        out.push(e.tagName.toLowerCase() + "." + e.className + " " + JSON.stringify(n.textContent.trim().slice(0, 30)) +
          " text " + Math.round(bad.left) + ".." + Math.round(bad.right) + " box " + Math.round(box.left) + ".." + Math.round(box.right));
        break;
      }
    }
  }
  return out.join("; ");
})()`

// TestNoTextOverflows reads the pages a trainee and a trainer open, on a
// phone and on a desktop, in the right-to-left languages and Thai: no
// text may run out of its box onto another (the status table's language
// names overlapped on a phone), and the site title is not cut short (it
// was beside the status page's theme choice).
func TestNoTextOverflows(t *testing.T) {
	p := browsertest.New(t)
	srv, _ := serveSite(t, "/")
	pages := []string{"status/", "th/", "he/global-perspective/knowledge-check/", "ar/loyalty/measuring-loyalty/",
		"ar/progress/", "he/paths/first-steps/", "he/search/?q=%D7%90%D7%9E%D7%95%D7%9F", "he/paths/first-steps/print/",
		"ar/certificate/", "th/guide/knowledge-check/", "bg/loyalty/measuring-loyalty/"}
	for _, size := range []chromedp.Action[chromedp.Void]{phone, desktop} {
		for _, u := range pages {
			p.Do(size, chromedp.Navigate(srv.URL+"/"+u), chromedp.WaitReady(`body`))
			if got := p.Eval(overflowJS); got != "" {
				t.Errorf("%s: text runs out of its box: %s", u, got)
			}
			if got := p.Eval(`(e => e && e.scrollHeight > e.clientHeight + 1 ? e.textContent.trim() : "")(document.querySelector(".site-title"))`); got != "" {
				t.Errorf("%s: the site title %q is cut short", u, got)
			}
		}
	}
}

// TestSearchExcerptsCutBetweenWords: an excerpt starts and ends on a word
// boundary, never with a piece of a word ("…ן דומה" in Hebrew). The site
// has one language (its search page found nothing: no other languages
// was "null", not "[]").
func TestSearchExcerptsCutBetweenWords(t *testing.T) {
	body := strings.Repeat("obchodníci ", 20) + "důvěra " + strings.Repeat("zákazníci ", 30)
	src := fstest.MapFS{
		"content/cs/_index.md": {Data: []byte("---\ntitle: Domů\n---\n")},
		"content/cs/a.md":      {Data: []byte("---\ntitle: Stránka\n---\n" + body + "\n")},
	}
	p := browsertest.New(t)
	srv, _ := serveSource(t, src, "/")
	p.Do(chromedp.Navigate(srv.URL+"/cs/search/?q=d%C5%AFv%C4%9Bra"), chromedp.WaitVisible(`[data-search-results] mark`))
	got := p.Text(`[data-search-results] .excerpt`)
	if !strings.HasPrefix(got, "…obchodníci ") || !strings.HasSuffix(got, " zákazníci…") || !strings.Contains(got, "důvěra") {
		t.Errorf("excerpt %q: want it to start and end with whole words", got)
	}
}

// TestShortcutsReadLeftToRight: on the Hebrew and Arabic handouts, the
// Mac shortcut in the print hint reads ⌘P as on the keyboard, not P⌘ (the
// ⌘, a neutral symbol after a right-to-left word, took its direction).
func TestShortcutsReadLeftToRight(t *testing.T) {
	p := browsertest.New(t)
	srv, _ := serveSite(t, "/")
	for _, u := range []string{"he/print/global-perspective/", "ar/print/loyalty/"} {
		p.Do(chromedp.Navigate(srv.URL+"/"+u), chromedp.WaitVisible(`h1`))
		got := p.Eval(`(() => {
		  const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		  for (let n; (n = w.nextNode());) {
		    const i = n.textContent.indexOf("⌘P");
		    if (i < 0) continue;
		    const at = k => { const r = document.createRange(); r.setStart(n, k); r.setEnd(n, k + 1); return r.getBoundingClientRect().left; };
		    return at(i) < at(i + 1) ? "⌘P" : "P⌘";
		  }
		  return "none";
		})()`)
		if got != "⌘P" {
			t.Errorf("%s: the print hint shows %s", u, got)
		}
	}
}

// TestWrappedHeaderToolsStayAtTheEnd: when the header's tools take two
// lines (the Arabic switcher names four languages as not translated), the
// theme choice that wraps sits at the end side with the other tools, not
// under the site title.
func TestWrappedHeaderToolsStayAtTheEnd(t *testing.T) {
	p := browsertest.New(t)
	srv, _ := serveSite(t, "/")
	p.Do(desktop, chromedp.Navigate(srv.URL+"/ar/loyalty/measuring-loyalty/"), chromedp.WaitVisible(`.site-header .theme-choice`))
	got := p.Eval(`(() => {
	  const r = e => document.querySelector(".site-header " + e).getBoundingClientRect();
	  const title = r(".site-title"), theme = r(".theme-choice");
	  return theme.top >= title.bottom && theme.right > innerWidth / 2 ? "under the title" : "at the end";
	})()`)
	if got != "at the end" {
		t.Errorf("the wrapped theme choice is %s", got)
	}
}
