package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// gitSite copies the translation test site (Hebrew, Czech, Bulgarian,
// Thai) into a fresh git repository with one commit.
func gitSite(t *testing.T) (string, func(args ...string) string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	site := t.TempDir()
	if err := os.CopyFS(site, os.DirFS("../../generator/translate/testdata/site")); err != nil {
		t.Fatal(err)
	}
	metrics, _ := os.ReadFile("../../content/metrics.toml")
	os.WriteFile(filepath.Join(site, "content", "metrics.toml"), metrics, 0o644)
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", site, "-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	git("init", "-q")
	git("add", ".")
	git("commit", "-q", "-m", "site")
	return site, git
}

func rapport(site string, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	n := 1
	if args[0] == "translate" {
		n = 2
	}
	code := run(append(args[:n:n], append([]string{"-src", site}, args[n:]...)...), &out, &errb)
	return code, out.String(), errb.String()
}

// TestTranslateRoundTrip: for Bulgarian, Czech and Thai from Hebrew, in
// every format, an export imported unchanged leaves the site as it was
// (git status shows nothing).
func TestTranslateRoundTrip(t *testing.T) {
	site, git := gitSite(t)
	for _, lang := range []string{"bg", "cs", "th"} {
		for _, format := range []string{"xliff", "xliff2", "po"} {
			file := filepath.Join(t.TempDir(), lang+"."+format)
			if code, _, errs := rapport(site, "translate", "export", "-lang", lang, "-from", "he", "-format", format, "-out", file); code != 0 {
				t.Fatalf("export %s %s: %d %s", lang, format, code, errs)
			}
			if code, out, errs := rapport(site, "translate", "import", file); code != 0 || !strings.Contains(out, "nothing to change") {
				t.Errorf("import %s %s: %d %s %s", lang, format, code, out, errs)
			}
			if st := git("status", "--porcelain"); st != "" {
				t.Fatalf("import %s %s changed the site:\n%s", lang, format, st)
			}
		}
	}
}

// TestTranslateStale follows the loop: one Hebrew paragraph is edited;
// -only stale exports exactly its unit (for Czech, the only language that
// translates the page) with the old text as the previous source;
// translated and imported, the page is current again for check.
func TestTranslateStale(t *testing.T) {
	site, git := gitSite(t)
	he := filepath.Join(site, "content/he/global-perspective/conclusion.md")
	data, _ := os.ReadFile(he)
	old := "בניית קשרי לקוחות חזקים היא חיונית"
	os.WriteFile(he, bytes.Replace(data, []byte(old), []byte("בניית קשרים חזקים עם לקוחות היא חיונית"), 1), 0o644)
	dir := t.TempDir()
	for _, lang := range []string{"bg", "cs", "th"} {
		for _, format := range []string{"xliff", "xliff2", "po"} {
			file := filepath.Join(dir, lang+"."+format)
			code, _, errs := rapport(site, "translate", "export", "-lang", lang, "-from", "he", "-only", "stale", "-format", format, "-out", file)
			got, _ := os.ReadFile(file)
			units := regexp.MustCompile(`<trans-unit |<unit |\nmsgctxt `).FindAll(got, -1)
			want := map[string]int{"cs": 1}[lang]
			if code != 0 || len(units) != want {
				t.Errorf("%s %s: exit %d, %d units, want %d: %s", lang, format, code, len(units), want, errs)
			}
			if want == 1 && (!bytes.Contains(got, []byte("conclusion.md#intro.p1")) || !bytes.Contains(got, []byte(old))) {
				t.Errorf("%s %s: the stale unit or its previous source is missing:\n%s", lang, format, got)
			}
		}
	}
	po, _ := os.ReadFile(filepath.Join(dir, "cs.po"))
	if !bytes.Contains(po, []byte("#, fuzzy\n#| msgid \""+old)) {
		t.Errorf("the PO entry is not fuzzy with the previous msgid:\n%s", po)
	}
	po = regexp.MustCompile(`(?m)^#, fuzzy\n`).ReplaceAll(po, nil)
	po = regexp.MustCompile(`(?m)^msgstr "Budování`).ReplaceAll(po, []byte(`msgstr "Vytváření`))
	os.WriteFile(filepath.Join(dir, "cs.po"), po, 0o644)
	if code, out, errs := rapport(site, "translate", "import", filepath.Join(dir, "cs.po")); code != 0 || !strings.Contains(out, "marked current") {
		t.Fatalf("import: %d %s %s", code, out, errs)
	}
	if diff := git("diff", "--stat"); !strings.Contains(diff, "content/cs/global-perspective/conclusion.md") || strings.Count(diff, "|") != 2 {
		t.Errorf("the import changed other files than the page:\n%s", diff)
	}
	if _, out, _ := rapport(site, "check"); strings.Contains(out, "cs/global-perspective/conclusion.md:") {
		t.Errorf("check still reports the page:\n%s", out)
	}
	if code, _, _ := rapport(site, "translate", "export", "-lang", "cs", "-from", "he", "-only", "stale", "-out", filepath.Join(dir, "again.xlf")); code != 0 {
		t.Fatal("export again failed")
	}
	if again, _ := os.ReadFile(filepath.Join(dir, "again.xlf")); bytes.Contains(again, []byte("<trans-unit")) {
		t.Errorf("still stale after the import:\n%s", again)
	}
}

// TestTranslateImportRefuses: a broken file exits 1 with FILE:line: cause
// and writes nothing.
func TestTranslateImportRefuses(t *testing.T) {
	site, git := gitSite(t)
	file := filepath.Join(t.TempDir(), "cs.po")
	rapport(site, "translate", "export", "-lang", "cs", "-from", "he", "-format", "po", "-out", file)
	data, _ := os.ReadFile(file)
	data = regexp.MustCompile(`(msgstr "Vyzkoušejte se: tři otázky k příručce )\{1\}`).ReplaceAll(data, []byte("${1}"))
	data = regexp.MustCompile(`(?m)^msgstr "Závěr"`).ReplaceAll(data, []byte("msgstr \"Závěr\\n```\""))
	os.WriteFile(file, data, 0o644)
	code, out, errs := rapport(site, "translate", "import", file)
	if code != 1 || !regexp.MustCompile(regexp.QuoteMeta(file)+`:\d+: unit title \(title\): a line break would end the title`).MatchString(errs) ||
		!regexp.MustCompile(regexp.QuoteMeta(file)+`:\d+: unit intro.p1 \(paragraph\): inline code 1 \(link \[…\]\(strategies.md\)\) has lost its start or its end`).MatchString(errs) ||
		!strings.Contains(errs, "nothing was written") {
		t.Errorf("exit %d, stdout %q, stderr:\n%s", code, out, errs)
	}
	if st := git("status", "--porcelain"); st != "" {
		t.Errorf("a refused import changed the site:\n%s", st)
	}
}
