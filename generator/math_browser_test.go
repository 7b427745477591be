package generator

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chromedp/chromedp"

	"rapport/generator/internal/browsertest"
)

// mathSite is a Hebrew page whose knowledge check has math in its
// question, answers and feedback.
func mathSite() fstest.MapFS {
	return fstest.MapFS{
		"content/he/_index.md": {Data: []byte("---\nweight: 0\n---\nאתר לדוגמה.\n")},
		"content/he/math.md": {Data: []byte(`---
title: שבר
lastmod: 2026-12-07
---
היחס הוא $\frac{P}{N}$ בכל חודש.

::: quiz
מה ערכו של $\frac{9}{10}$?

- [x] $0.9$
  > נכון: $9 \div 10 = 0.9$ בדיוק.
- [ ] $9^{10}$
  > לא: זו חזקה.
:::
`)},
	}
}

// TestMathInKnowledgeCheckInBrowser reads a Hebrew knowledge check with
// $…$ in its question, answers and feedback: each is laid out as math (a
// fraction's numerator above its denominator), reads left to right inside
// the right-to-left sentence, and leaves the sentence's question mark at
// the sentence's end (left of the formula); the right answer shown after a
// wrong one is math too.
func TestMathInKnowledgeCheckInBrowser(t *testing.T) {
	p := browsertest.New(t)
	srv, missing := serveSource(t, mathSite(), "/")
	p.Do(chromedp.Navigate(srv.URL+"/he/math/"), chromedp.WaitVisible(`#q-1 .quiz-check`))
	if got := p.Text(`#q-1 legend`); strings.Contains(got, "$") || strings.Contains(got, `\frac`) {
		t.Fatalf("the question prints its TeX: %q", got)
	}
	// The fraction is a fraction: 9 above 10.
	if got := p.Eval(`(() => {
		const f = document.querySelector('#q-1 legend bdi[dir=ltr] math mfrac');
		if (!f) return 'no mfrac';
		const [n, d] = [...f.children].map(c => c.getBoundingClientRect());
		return n.bottom <= d.top + 1 ? 'stacked' : 'side by side: ' + n.bottom + ' ' + d.top;
	})()`); got != "stacked" {
		t.Errorf("question's fraction: %s", got)
	}
	// The question mark ends the right-to-left sentence: left of the math.
	if got := p.Eval(`(() => {
		const b = document.querySelector('#q-1 legend bdi.math');
		const r = document.createRange();
		r.selectNodeContents(b.nextSibling);
		const q = r.getBoundingClientRect(), m = b.getBoundingClientRect();
		return q.right <= m.left + 1 ? 'left' : 'at ' + q.left + ', math ' + m.left + '-' + m.right;
	})()`); got != "left" {
		t.Errorf("the question mark after the math: %s", got)
	}
	// Answer wrong: the chosen answer's feedback shows, its math reads left
	// to right (9 first, 0.9 last), and the right answer's feedback and the
	// revealed right answer are math.
	p.Do(chromedp.Click(`label[for=q-1-2]`), chromedp.Click(`#q-1 .quiz-check`))
	if got := p.Eval(`(() => {
		const m = document.querySelector('#q-1-1').closest('li').querySelector('.quiz-feedback math');
		if (!m || !m.checkVisibility()) return 'no visible math in the feedback';
		const ns = m.querySelectorAll('mn');
		const first = ns[0].getBoundingClientRect(), last = ns[ns.length-1].getBoundingClientRect();
		return ns[0].textContent + (first.left < last.left ? ' left of ' : ' right of ') + ns[ns.length-1].textContent;
	})()`); got != "9 left of 0.9" {
		t.Errorf("feedback's math: %s", got)
	}
	if got := p.Eval(`String(document.querySelectorAll('#q-1 .quiz-reveal .quiz-right math mn').length)`); got != "1" {
		t.Errorf("the revealed right answer has %s numbers in math, want 1 (0.9)", got)
	}
	if got := p.Text(`#q-1 .quiz-result`); !strings.HasPrefix(got, "לא בדיוק") {
		t.Errorf("wrong answer says %q", got)
	}
	// Every answer is named (an answer that is only math too): axe finds
	// nothing, the check answered.
	if axe, err := os.ReadFile(axeScript); err == nil {
		p.Eval(string(axe) + `; ""`)
		got, err := chromedp.Run(p.Ctx, chromedp.Evaluate[string](`axe.run(document, {resultTypes: ["violations"]}).then(r =>
			r.violations.map(v => v.id + ": " + v.nodes.map(n => n.target.join(" ")).join(", ")).join("\n"))`, chromedp.EvalAwaitPromise))
		if err != nil || got != "" {
			t.Errorf("axe-core: %v %s", err, got)
		}
	} else if os.Getenv("RAPPORT_REQUIRE_BROWSER") == "1" {
		t.Errorf("axe-core is required: %v", err)
	}
	if len(*missing) > 0 {
		t.Errorf("requests that found nothing: %v", *missing)
	}
}
