package markdown

import (
	"strings"
	"testing"
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
