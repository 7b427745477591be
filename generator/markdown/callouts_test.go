package markdown

import (
	"strings"
	"testing"
)

func TestCallouts(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
		problem   string // the message's start, with its offset
		offset    int
	}{
		{"note", "> [!NOTE]\n> שימו לב.\n", []string{
			`<aside class="callout callout-note">` + "\n" + `<p class="callout-title">[callout.note]</p>` + "\n<p>שימו לב.</p>\n</aside>"}, "", 0},
		{"lower case, blocks", "> [!warning]\n>\n> one\n>\n> - two\n", []string{
			`<aside class="callout callout-warning">`, "<p>one</p>", "<li>two</li>"}, "", 0},
		{"every kind", "> [!TIP]\n> a\n\n> [!IMPORTANT]\n> b\n\n> [!CAUTION]\n> c\n", []string{
			"callout-tip", "[callout.tip]", "callout-important", "callout-caution"}, "", 0},
		{"plain quote", "> [link] text\n", []string{"<blockquote>"}, "", 0},
		{"marker not alone", "> [!NOTE] title\n> text\n", []string{"<blockquote>"}, "", 0},
		{"unknown kind", "text\n\n> [!DANGER]\n> x\n", []string{"<blockquote>"}, `unknown callout kind "DANGER"`, 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, problems := renderAlone(t, tt.src, Callouts{Label: labels})
			noInline(t, got)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("missing %s in\n%s", w, got)
				}
			}
			if strings.Contains(got, "[!") && tt.problem == "" && !strings.Contains(tt.src, "] title") {
				t.Errorf("marker left in output: %s", got)
			}
			switch {
			case tt.problem == "" && len(problems) > 0:
				t.Errorf("problems: %v", problems)
			case tt.problem != "" && (len(problems) != 1 || !strings.HasPrefix(problems[0].Msg, tt.problem) || problems[0].Offset != tt.offset || problems[0].Warning):
				t.Errorf("problems %+v, want one error %q at %d", problems, tt.problem, tt.offset)
			}
		})
	}
}
