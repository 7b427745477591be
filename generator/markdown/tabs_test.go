package markdown

import (
	"strings"
	"testing"
)

func TestTabs(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
		problem   string
	}{
		{"two tabs", "::: tabs\n::: tab Salesforce\nפתחו את **Setup**.\n\n```sh\nsf org list\n```\n::: tab HubSpot CRM\nפתחו את Settings.\n:::\n\nאחרי.\n", []string{
			"<div class=\"tabs\">\n<div class=\"tab-panel\" data-label=\"Salesforce\">\n<p class=\"tab-label\">Salesforce</p>\n<p>פתחו את <strong>Setup</strong>.</p>",
			"<pre><code class=\"language-sh\">sf org list\n</code></pre>\n</div>\n<div class=\"tab-panel\" data-label=\"HubSpot CRM\">",
			"<p>פתחו את Settings.</p>\n</div>\n</div>\n<p>אחרי.</p>",
		}, ""},
		{"blank lines", "::: tabs\n\n::: tab A\n\none\n\n::: tab B\n\ntwo\n\n:::\n", []string{
			`data-label="A"`, "<p>one</p>", `data-label="B"`, "<p>two</p>\n</div>\n</div>"}, ""},
		{"label escaped", "::: tabs\n::: tab <b>&\nx\n:::\n", []string{`data-label="&lt;b&gt;&amp;"`}, ""},
		{"tab outside tabs", "::: tab A\ntext\n", []string{"<p>::: tab A"}, "::: tab outside a ::: tabs group"},
		{"text before first tab", "::: tabs\nstray\n::: tab A\nx\n:::\n", []string{`data-label="A"`}, "text in a ::: tabs group before its first ::: tab"},
		{"no tabs", "::: tabs\n:::\n", nil, "a ::: tabs group without tabs"},
		{"indented is code", "    ::: tabs\n", []string{"<pre><code>::: tabs"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, problems := renderAlone(t, tt.src, TabGroups{})
			noInline(t, got)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("missing %q in\n%s", w, got)
				}
			}
			switch {
			case tt.problem == "" && len(problems) > 0:
				t.Errorf("problems: %v", problems)
			case tt.problem != "" && (len(problems) != 1 || !strings.HasPrefix(problems[0].Msg, tt.problem)):
				t.Errorf("problems %+v, want %q", problems, tt.problem)
			}
		})
	}
}
