package translate

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// tool finds a program the other side uses; without it the test is
// skipped, unless RAPPORT_REQUIRE_TOOLS is set (as in CI).
func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("RAPPORT_REQUIRE_TOOLS") != "" {
			t.Fatalf("%s is not installed (RAPPORT_REQUIRE_TOOLS is set)", name)
		}
		t.Skipf("%s is not installed", name)
	}
	return p
}

// exports writes every export the tools are run on into a folder: the
// sample site from Hebrew to Bulgarian, Czech, Thai and Persian (a new
// language, right to left), and the features page, in each format.
func exports(t *testing.T, all bool) map[string][]string {
	dir := t.TempDir()
	files := map[string][]string{}
	sets := []struct{ name, lang string }{{"site", "cs"}, {"site", "fa"}, {"features", "bg"}}
	if all {
		sets = append(sets, []struct{ name, lang string }{{"site", "bg"}, {"site", "th"}}...)
	}
	for _, c := range sets {
		fsys := sample()
		if c.name == "features" {
			fsys = features()
		}
		for _, format := range formats {
			p := filepath.Join(dir, c.name+"-"+c.lang+ext[format])
			if err := os.WriteFile(p, export(t, fsys, "he", c.lang, format), 0o644); err != nil {
				t.Fatal(err)
			}
			files[format] = append(files[format], p)
		}
	}
	return files
}

func runTool(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(tool(t, name), args...).CombinedOutput()
	if err != nil {
		t.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestSchemas validates the XLIFF files against the OASIS schemas (XLIFF
// 1.2 strict; the XLIFF 2 core schema, which 2.1 files use).
func TestSchemas(t *testing.T) {
	tool(t, "xmllint")
	files := exports(t, true)
	for format, xsd := range map[string]string{XLIFF12: "xliff-core-1.2-strict.xsd", XLIFF21: "xliff_core_2.0.xsd"} {
		for _, f := range files[format] {
			runTool(t, "xmllint", "--noout", "--nonet", "--schema", filepath.Join("testdata", "schema", xsd), f)
		}
	}
}

// TestGettext: msgfmt --check compiles every PO file without a warning.
func TestGettext(t *testing.T) {
	for _, f := range exports(t, true)[PO] {
		if out := runTool(t, "msgfmt", "--check", "-o", os.DevNull, f); out != "" {
			t.Errorf("msgfmt --check %s: %s", f, out)
		}
	}
}

// TestTranslateToolkit: translate-toolkit's pocount reads the PO and
// XLIFF 1.2 files and counts every unit, and pofilter finds no broken
// variable, escape, tag or newline in an untouched export. Its checks
// that compare two languages' style (capitals) do not apply from Hebrew,
// and pythonbraceformat flags a code only the translation has (a Czech
// "{{.Count}} příručka" for Hebrew's "מדריך אחד"), which is right.
func TestTranslateToolkit(t *testing.T) {
	files := exports(t, false)
	for _, format := range []string{PO, XLIFF12} {
		for _, f := range files[format] {
			out := runTool(t, "pocount", "--csv", f)
			if !strings.Contains(out, filepath.Base(f)) {
				t.Errorf("pocount %s: %s", f, out)
			}
		}
	}
	for _, f := range files[PO] {
		filtered := f + ".filtered"
		runTool(t, "pofilter", "--progress=none", "-t", "escapes", "-t", "newlines", "-t", "tabs", "-t", "xmltags",
			"-t", "printf", "-t", "variables", "-t", "nplurals", "-i", f, "-o", filtered)
		data, err := os.ReadFile(filtered)
		if err == nil && strings.Contains(string(data), "(pofilter)") {
			t.Errorf("pofilter found problems in %s:\n%s", f, data)
		}
	}
}
