package generator

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chromedp/chromedp"

	"rapport/generator/internal/browsertest"
	"rapport/generator/locale"
)

// messageSite is a small site whose one calculator can reach every failure
// state: a count (negative, not whole, too large, not a number), a number
// with a minimum and a maximum, a divisor that can be zero, and a check.
var messageSite = fstest.MapFS{
	"content/metrics.toml": {Data: []byte(`
[[metric]]
id = "score"
formula = "points / attempts * rating"
unit = "number"
decimals = 1
  [[metric.input]]
  id = "points"
  kind = "count"
  [[metric.input]]
  id = "attempts"
  kind = "count"
  [[metric.input]]
  id = "rating"
  kind = "number"
  min = 2
  max = 10
  [[metric.check]]
  rule = "points <= 100"
  message = "too_many_points"
`)},
	"content/he/_index.md": {Data: []byte("---\ntitle: בית\n---\nדף הבית.\n")},
	"content/he/score.md":  {Data: []byte("---\ntitle: ניקוד\n---\n# ניקוד\n\n```calculator\nmetric: score\n```\n")},
	"content/cs/_index.md": {Data: []byte("---\ntitle: Domů\n---\nÚvodní stránka.\n")},
	"content/cs/score.md":  {Data: []byte("---\ntitle: Skóre\n---\n# Skóre\n\n```calculator\nmetric: score\n```\n")},
	"locales/he.toml":      {Data: []byte(scoreLabels("ניקוד", "נקודות", "ניסיונות", "דירוג", "לא יותר ממאה נקודות."))},
	"locales/cs.toml":      {Data: []byte(scoreLabels("Skóre", "Body", "Pokusy", "Hodnocení", "Nejvýše sto bodů."))},
}

func scoreLabels(name, points, attempts, rating, check string) string {
	return "[metric.score]\nname = \"" + name + "\"\nexplain = \"" + name + ".\"\noutput = \"" + name + "\"\n" +
		"points = \"" + points + "\"\npoints_help = \"" + points + ".\"\n" +
		"attempts = \"" + attempts + "\"\nattempts_help = \"" + attempts + ".\"\n" +
		"rating = \"" + rating + "\"\nrating_help = \"" + rating + ".\"\n" +
		"too_many_points = \"" + check + "\"\n"
}

// TestCalculatorMessagesInBrowser brings a calculator into every failure
// state on a Hebrew page and a Czech one and reads the message a reader
// sees: the page language's sentence with the minimum, maximum or input
// label filled in.
func TestCalculatorMessagesInBrowser(t *testing.T) {
	p := browsertest.New(t)
	srv, missing := serveSource(t, messageSite, "/")
	bundle, _ := locale.Load(os.DirFS("../locales"), nil)
	for _, tc := range []struct{ lang, attempts, check, half string }{
		{"he", "ניסיונות", "לא יותר ממאה נקודות.", "2.5"},
		{"cs", "Pokusy", "Nejvýše sto bodů.", "2,5"},
	} {
		loc := bundle.For(tc.lang)
		msg := func(id, name, value string) string {
			s, _ := loc.T("calculator."+id, map[string]any{name: value})
			return s
		}
		for _, st := range []struct {
			query, slot, want string
		}{
			{"points=abc&attempts=2&rating=5", "points", msg("invalid_number", "", "")},
			{"points=-3&attempts=2&rating=5", "points", msg("negative", "", "")},
			{"points=" + tc.half + "&attempts=2&rating=5", "points", msg("not_integer", "", "")},
			{"points=99999999999999999&attempts=2&rating=5", "points", msg("too_large", "", "")},
			{"points=3&attempts=2&rating=1", "rating", msg("below_min", "Min", "2")},
			{"points=3&attempts=2&rating=11", "rating", msg("above_max", "Max", "10")},
			{"points=300&attempts=2&rating=5", "points", tc.check},
			{"points=3&attempts=0&rating=5", "", msg("division_by_zero", "Input", tc.attempts)},
		} {
			url := srv.URL + "/" + tc.lang + "/score/?score." + strings.ReplaceAll(st.query, "&", "&score.")
			p.Do(chromedp.Navigate(url), chromedp.WaitVisible(`section.calculator.js-ready`))
			sel := `output[data-metric-output="score"]`
			if st.slot != "" {
				sel = `[data-error-for="` + st.slot + `"]`
			}
			got := p.Text(sel)
			if got != st.want || strings.Contains(got, "<no value>") || strings.Contains(got, "{{") {
				t.Errorf("%s ?%s: a reader reads %q, want %q", tc.lang, st.query, got, st.want)
			}
			if inv := p.Attr(`output[data-metric-output="score"]`, "data-invalid"); inv != "true" {
				t.Errorf("%s ?%s: output not marked invalid", tc.lang, st.query)
			}
		}
	}
	if len(*missing) > 0 {
		t.Errorf("requests that found nothing: %v", *missing)
	}
}
