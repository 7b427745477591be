package markdown

import (
	"strings"
	"testing"
)

func TestTaskLists(t *testing.T) {
	got, _ := renderAlone(t, "- [ ] להתקשר ללקוח\n- [x] לשלוח סיכום\n\n* רגיל\n", TaskLists{})
	noInline(t, got)
	for _, want := range []string{
		`<ul class="tasks">`,
		`<li class="task"><input disabled="" type="checkbox"> להתקשר ללקוח</li>`,
		`<li class="task"><input checked="" disabled="" type="checkbox"> לשלוח סיכום</li>`,
		"<ul>\n<li>רגיל</li>",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in\n%s", want, got)
		}
	}
}
