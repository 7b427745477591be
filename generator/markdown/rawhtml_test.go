package markdown

import (
	"strings"
	"testing"
)

func TestRawHTML(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
		warnings  []string // the start of each warning, in order
		errors    []string
	}{
		{"issue example", `<div class="note">Important <b>bold</b> note</div>` + "\n",
			[]string{"<div>Important <b>bold</b> note</div>"},
			[]string{"raw HTML: removed attribute class of <div>; the text is kept"}, nil},
		{"safe subset inline", "לחצו <kbd>Ctrl</kbd>+<kbd>C</kbd>, H<sub>2</sub>O, x<sup>2</sup>, <mark>חשוב</mark>, <abbr title=\"Customer Relationship Management\">CRM</abbr><br>שורה\n",
			[]string{"<kbd>Ctrl</kbd>+<kbd>C</kbd>", "H<sub>2</sub>O", "x<sup>2</sup>", "<mark>חשוב</mark>",
				`<abbr title="Customer Relationship Management">CRM</abbr><br>`}, nil, nil},
		{"details around markdown", "<details>\n<summary>עוד</summary>\n\nתוכן **מודגש**.\n\n</details>\n",
			[]string{"<details>\n<summary>עוד</summary>", "<p>תוכן <strong>מודגש</strong>.</p>\n</details>"}, nil, nil},
		{"font removed, text kept", "a <font color=red>אדום</font> b\n",
			[]string{"<p>a אדום b</p>"}, []string{"raw HTML: removed <font>;"}, nil},
		{"script removed", "<script>alert(1)</script>\n\nnext\n",
			[]string{"<p>next</p>"}, []string{"raw HTML: removed <script>;"}, nil},
		{"handler removed", "<span onclick=\"alert(1)\" style=\"color:red\" dir=\"rtl\">x</span>\n",
			[]string{`<span dir="rtl">x</span>`}, []string{"raw HTML: removed attribute onclick of <span>, attribute style of <span>;"}, nil},
		{"javascript is an error", "<a href=\"jav&#x09;ascript:alert(1)\">x</a>\n",
			[]string{"x"}, []string{"raw HTML: removed <a>;"}, []string{"link to \"jav\\tascript:alert(1)\" refused"}},
		{"comment silent", "<!-- note to self -->\n\ntext\n", []string{"<p>text</p>"}, nil, nil},
		{"stray end tag", "</div>\n\ntext\n", []string{"<p>text</p>"}, []string{"raw HTML: removed </div>, which closes nothing"}, nil},
		{"left open", "<div>\n\ntext\n", []string{"<p>text</p>\n</div>"}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, problems := renderAlone(t, tt.src, RawHTML{})
			noInline(t, got)
			if strings.Contains(got, "raw HTML omitted") {
				t.Errorf("goldmark's placeholder in output: %s", got)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("missing %q in\n%s", w, got)
				}
			}
			var warnings, errors []string
			for _, p := range problems {
				if p.Warning {
					warnings = append(warnings, p.Msg)
				} else {
					errors = append(errors, p.Msg)
				}
			}
			check := func(kind string, got, want []string) {
				if len(got) != len(want) {
					t.Fatalf("%s %q, want %q", kind, got, want)
				}
				for i := range want {
					if !strings.HasPrefix(got[i], want[i]) {
						t.Errorf("%s %d = %q, want prefix %q", kind, i, got[i], want[i])
					}
				}
			}
			check("warnings", warnings, tt.warnings)
			check("errors", errors, tt.errors)
		})
	}
}

func TestHTMLText(t *testing.T) {
	if got, want := HTMLText([]byte("<div>Important <b>bold</b> note<br>next &amp; last</div>")), "Important bold note next & last"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
