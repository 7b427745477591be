package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStaleAfterNewFrom follows a translator: rapport new -from he starts a
// Czech translation; check reports nothing stale; the Hebrew source is then
// edited and check reports the translation stale, until -mark-current.
func TestStaleAfterNewFrom(t *testing.T) {
	site := t.TempDir()
	he := filepath.Join(site, "content", "he", "guide.md")
	os.MkdirAll(filepath.Dir(he), 0o755)
	os.WriteFile(he, []byte("---\ntitle: מדריך\ntopics: [trust]\nweight: 3\n---\n## אמון\n\nטקסט.\n\n```calculator\nmetric: nps\n```\n"), 0o644)
	os.MkdirAll(filepath.Join(site, "content"), 0o755)
	metrics, _ := os.ReadFile("../../content/metrics.toml")
	os.WriteFile(filepath.Join(site, "content", "metrics.toml"), metrics, 0o644)
	cmd := func(args ...string) (int, string) {
		var out, errb bytes.Buffer
		code := run(append(args[:1:1], append([]string{"-src", site}, args[1:]...)...), &out, &errb)
		return code, out.String() + errb.String()
	}
	if code, out := cmd("new", "-from", "he", "cs/guide.md"); code != 0 {
		t.Fatalf("new -from: %d %s", code, out)
	}
	cs, _ := os.ReadFile(filepath.Join(site, "content", "cs", "guide.md"))
	for _, want := range []string{"translatedFrom: content/he/guide.md", "sourceHash: ", "## אמון", "metric: nps", "topics: [trust]"} {
		if !strings.Contains(string(cs), want) {
			t.Errorf("new translation lacks %q:\n%s", want, cs)
		}
	}
	if code, out := cmd("new", "-from", "he", "cs/guide.md"); code == 0 || !strings.Contains(out, "never overwrites") {
		t.Errorf("second new overwrote or said nothing: %d %s", code, out)
	}
	if _, out := cmd("check"); strings.Contains(out, "stale") {
		t.Errorf("fresh translation reported stale:\n%s", out)
	}
	f, _ := os.OpenFile(he, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("\nעוד משפט.\n")
	f.Close()
	code, out := cmd("check")
	if code != 0 || !strings.Contains(out, "content/cs/guide.md:") || !strings.Contains(out, "warning: stale: content/he/guide.md changed") {
		t.Errorf("edited source: check exit %d, output:\n%s", code, out)
	}
	if code, out := cmd("check", "-mark-current", "cs/guide.md"); code != 0 {
		t.Fatalf("-mark-current: %d %s", code, out)
	}
	if _, out := cmd("check"); strings.Contains(out, "stale") {
		t.Errorf("still stale after -mark-current:\n%s", out)
	}
}
