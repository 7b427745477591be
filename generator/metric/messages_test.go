package metric_test

import (
	"encoding/json"
	"html"
	"os"
	"regexp"
	"strings"
	"testing"

	"rapport/generator/locale"
	"rapport/generator/metric"
)

// fillable is what calculator.js fills in each failure state's message:
// the placeholder it replaces and a value a reader would see there.
var fillable = map[string]map[string]string{
	"invalid_number":   {},
	"negative":         {},
	"not_integer":      {},
	"too_large":        {},
	"above_max":        {"Max": "1,000"},
	"below_min":        {"Min": "5"},
	"division_by_zero": {"Input": "Customers at the start"},
}

var dataAttr = regexp.MustCompile(`data-(messages|checks)="([^"]*)"`)

// TestCalculatorMessagesInEveryLocale renders every metric of the sample
// site in every language with UI strings and reads each failure state's
// message as a reader would after calculator.js fills it: in the page's
// language, with the number or label in place, never "<no value>", an
// unfilled {{.Placeholder}} or a message ID.
func TestCalculatorMessagesInEveryLocale(t *testing.T) {
	bundle, diags := locale.Load(os.DirFS("../../locales"), nil)
	if diags.HasErrors() {
		t.Fatal(diags.Errors())
	}
	src, err := os.ReadFile("../../content/metrics.toml")
	if err != nil {
		t.Fatal(err)
	}
	set, diags := metric.Load("content/metrics.toml", src)
	if diags.HasErrors() {
		t.Fatal(diags.Errors())
	}
	langs := []string{"ar", "bg", "cs", "en", "he", "th"}
	for _, lang := range langs {
		loc := bundle.For(lang)
		for _, id := range set.IDs() {
			m, _ := set.Lookup(id)
			var b strings.Builder
			if err := m.WriteHTML(&b, metric.View{Prefix: "c", Label: loc.S, Dir: "ltr"}); err != nil {
				t.Fatal(err)
			}
			msgs, checks := calculatorData(t, b.String())
			for state, values := range fillable {
				readMessage(t, loc, lang, id+" "+state, "calculator."+state, msgs[state], values)
			}
			for _, c := range checks {
				readMessage(t, loc, lang, id+" check", "", c.Message, nil)
			}
			if len(checks) != len(m.Checks) {
				t.Errorf("%s %s: %d check messages, want %d", lang, id, len(checks), len(m.Checks))
			}
		}
	}
}

type check struct {
	Message string `json:"message"`
}

func calculatorData(t *testing.T, out string) (map[string]string, []check) {
	t.Helper()
	var msgs map[string]string
	var checks []check
	for _, m := range dataAttr.FindAllStringSubmatch(out, -1) {
		v := html.UnescapeString(m[2])
		var err error
		if m[1] == "messages" {
			err = json.Unmarshal([]byte(v), &msgs)
		} else {
			err = json.Unmarshal([]byte(v), &checks)
		}
		if err != nil {
			t.Fatalf("data-%s: %v", m[1], err)
		}
	}
	return msgs, checks
}

// readMessage fills msg as calculator.js does and checks what a reader
// reads. id, when given, must be answered in lang itself, not English.
func readMessage(t *testing.T, loc *locale.Localizer, lang, what, id, msg string, values map[string]string) {
	t.Helper()
	if id != "" {
		if _, from := loc.T(id, nil); from != lang {
			t.Errorf("%s %s: message %s shown in %s, not the page's language", lang, what, id, from)
		}
	}
	for name, value := range values {
		if !strings.Contains(msg, "{{."+name+"}}") {
			t.Errorf("%s %s: %q lacks the {{.%s}} placeholder calculator.js fills", lang, what, msg, name)
		}
		msg = strings.ReplaceAll(msg, "{{."+name+"}}", value)
	}
	switch {
	case strings.TrimSpace(msg) == "":
		t.Errorf("%s %s: empty message", lang, what)
	case strings.Contains(msg, "<no value>"), strings.Contains(msg, "{{"), strings.Contains(msg, "}}"):
		t.Errorf("%s %s: a reader reads %q", lang, what, msg)
	case strings.HasPrefix(msg, "calculator.") || strings.HasPrefix(msg, "metric."):
		t.Errorf("%s %s: a reader reads the message ID %q", lang, what, msg)
	}
	for _, v := range values {
		if !strings.Contains(msg, v) {
			t.Errorf("%s %s: %q does not show %q", lang, what, msg, v)
		}
	}
}
