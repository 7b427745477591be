package markdown

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark/util"
)

func TestCodeBlocks(t *testing.T) {
	src := "```sh\n# install the CRM client\ncrm install --verbose=true\n```\n\n    indented <b>\n\n```nosuchlang\na < b\n```\n"
	got, _ := renderAlone(t, src, CodeBlocks{Label: labels})
	noInline(t, got)
	for _, want := range []string{
		`<div class="code">`,
		`<button type="button" class="code-copy" hidden data-copied="[code.copied]" data-failed="[code.copy_failed]">[code.copy]</button> <span class="code-status" role="status"></span>`,
		`<pre class="chroma" dir="ltr" tabindex="0"><code class="language-sh"><span class="c1"># install the CRM client</span>`,
		`--verbose<span class="o">=</span><span class="nb">true</span>`,
		"<pre class=\"chroma\" dir=\"ltr\" tabindex=\"0\"><code>indented &lt;b&gt;\n</code></pre>",
		`<code class="language-nosuchlang">a &lt; b` + "\n</code>",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in\n%s", want, got)
		}
	}
	if strings.Count(got, `dir="ltr"`) != 3 {
		t.Errorf("want every block left to right: %s", got)
	}
}

// TestCodeBlocksLeaveOthers checks that blocks other extensions own are
// not turned into code: formulas stay formulas.
func TestCodeBlocksLeaveOthers(t *testing.T) {
	got, _ := renderAlone(t, "```formula\na = b\n```\n", Formulas{}, CodeBlocks{Label: labels})
	if strings.Contains(got, "code-copy") {
		t.Errorf("formula rendered as code: %s", got)
	}
}

// TestCodeBlocksBudget: blocks chroma cannot highlight in time are shown
// unhighlighted, whole and escaped, with a warning at the fence naming
// the language; the page's other blocks are still highlighted. Jungle and
// JSONata loop forever on these; apacheconf is quadratic on a run of '<'
// (48 s for 30 KB before the budget).
func TestCodeBlocksBudget(t *testing.T) {
	big := strings.Repeat("a <b>\n", MaxHighlightBytes/6+1)
	cases := []struct{ lang, code, why string }{
		{"jungle", "x = \"y\"\n", "chroma's Jungle lexer can run forever"},
		{"jsonata", "\\\n", "chroma's JSONata lexer can run forever"},
		{"go", big, "over the 64 KB highlighted"},
		{"apacheconf", strings.Repeat("<", 30000) + "\n", "highlighting took over"},
	}
	for _, c := range cases {
		src := "# T\n\n```" + c.lang + "\n" + c.code + "```\n\n```sh\necho ok\n```\n"
		got, problems := renderAlone(t, src, CodeBlocks{Label: labels})
		if len(problems) != 1 || !problems[0].Warning || problems[0].Offset != len("# T\n\n```") ||
			!strings.Contains(problems[0].Msg, `"`+c.lang+`"`) || !strings.Contains(problems[0].Msg, c.why) {
			t.Errorf("%s: problems %+v, want one warning at the fence naming the language and %q", c.lang, problems, c.why)
		}
		if !strings.Contains(got, `<code class="language-`+c.lang+`">`+string(util.EscapeHTML([]byte(c.code)))+"</code>") {
			t.Errorf("%s: block not shown whole and unhighlighted", c.lang)
		}
		if !strings.Contains(got, `<span class="nb">echo</span>`) {
			t.Errorf("%s: the next block was not highlighted: %s", c.lang, got[len(got)-400:])
		}
	}
}

// TestHighlighterAbandoned: while maxAbandoned highlightings that ran out
// of time still run, no more are started.
func TestHighlighterAbandoned(t *testing.T) {
	h := NewHighlighter()
	h.abandoned.Store(maxAbandoned)
	html, why := h.Highlight("sh", "echo ok\n")
	if string(html) != "echo ok\n" || !strings.Contains(why, "still being highlighted") {
		t.Errorf("got %q, %q; want it unhighlighted, saying why", html, why)
	}
	h.abandoned.Store(0)
	if html, why := h.Highlight("sh", "echo ok\n"); why != "" || !strings.Contains(string(html), `class="nb"`) {
		t.Errorf("got %q, %q; want it highlighted", html, why)
	}
}
