package translate

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

var formats = []string{XLIFF12, XLIFF21, PO}

var ext = map[string]string{XLIFF12: ".xlf", XLIFF21: ".xliff2.xlf", PO: ".po"}

// export writes the export of lang from from in a format.
func export(t *testing.T, fsys fs.FS, from, lang, format string) []byte {
	t.Helper()
	ex, err := Build(fsys, Options{From: from, Lang: lang})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Write(&b, ex, format); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func sample() fs.FS   { return os.DirFS("testdata/site") }
func features() fs.FS { return os.DirFS("testdata/features") }

// TestGolden compares whole exports with the files in testdata/golden: the
// sample site from Hebrew to Czech, and the page of every Markdown feature
// from Hebrew to Bulgarian, in each format.
func TestGolden(t *testing.T) {
	for _, c := range []struct {
		name     string
		fsys     fs.FS
		from, to string
	}{{"site-he-cs", sample(), "he", "cs"}, {"features-he-bg", features(), "he", "bg"}} {
		for _, format := range formats {
			got := export(t, c.fsys, c.from, c.to, format)
			golden := filepath.Join("testdata", "golden", c.name+ext[format])
			if *update {
				os.MkdirAll(filepath.Dir(golden), 0o755)
				os.WriteFile(golden, got, 0o644)
				continue
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s: the export differs from the golden file (go test -update to accept):\n%s", golden, firstDiff(string(want), string(got)))
			}
		}
	}
}

func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range min(len(w), len(g)) {
		if w[i] != g[i] {
			return "line " + strconv.Itoa(i+1) + ":\n- " + w[i] + "\n+ " + g[i]
		}
	}
	return "one is longer"
}

// TestUnchangedImport: a file exported and imported as it is changes no
// page, for every format and language.
func TestUnchangedImport(t *testing.T) {
	for _, lang := range []string{"bg", "cs", "th"} {
		for _, format := range formats {
			data := export(t, sample(), "he", lang, format)
			changes, diags := Import(sample(), "x"+ext[format], data, nil)
			if len(diags) > 0 || len(changes) > 0 {
				t.Errorf("%s %s: unchanged import: %d changes, %v", lang, format, len(changes), diags)
			}
		}
	}
	for _, format := range formats {
		data := export(t, features(), "he", "bg", format)
		if changes, diags := Import(features(), "x", data, nil); len(diags) > 0 || len(changes) > 0 {
			t.Errorf("features %s: unchanged import: %d changes, %v", format, len(changes), diags)
		}
	}
}

// setTarget changes the translation of one unit in an exported file.
func setTarget(t *testing.T, data []byte, format, unit, target string) []byte {
	t.Helper()
	var re *regexp.Regexp
	switch format {
	case PO:
		re = regexp.MustCompile(`(?s)(msgctxt "` + regexp.QuoteMeta(unit) + `"\nmsgid [^\n]*\nmsgstr )"[^\n]*"`)
		target = `"` + target + `"`
	case XLIFF12:
		re = regexp.MustCompile(`(?s)(resname="` + regexp.QuoteMeta(unit) + `".*?<target[^>]*>).*?(</target>)`)
	default:
		re = regexp.MustCompile(`(?s)(name="` + regexp.QuoteMeta(unit) + `".*?<target[^>]*>).*?(</target>)`)
	}
	if !re.Match(data) {
		t.Fatalf("no unit %s in the %s export", unit, format)
	}
	return re.ReplaceAll(data, []byte("${1}"+strings.ReplaceAll(target, "$", "$$")+"${2}"))
}

// TestChangedTargetLands: a translation changed in the file replaces its
// block's line in the right page and nothing else but the front matter's
// record of the source.
func TestChangedTargetLands(t *testing.T) {
	const unit = "content/he/global-perspective/strategies.md#h75904a9.p1"
	for _, format := range formats {
		data := setTarget(t, export(t, sample(), "he", "cs", format), format, unit, "Naslouchejte zákazníkům.")
		changes, diags := Import(sample(), "x", data, nil)
		if len(diags) > 0 || len(changes) != 1 {
			t.Fatalf("%s: %d changes, %v", format, len(changes), diags)
		}
		c := changes[0]
		if c.Path != "content/cs/global-perspective/strategies.md" || c.New || !c.Current || c.Units != 1 {
			t.Errorf("%s: change %s new=%v current=%v units=%d", format, c.Path, c.New, c.Current, c.Units)
		}
		old, _ := fs.ReadFile(sample(), c.Path)
		want := strings.Split(string(old), "\n")
		want[16] = "Naslouchejte zákazníkům."
		want = append(want[:4], append([]string{"translatedFrom: content/he/global-perspective/strategies.md", "sourceHash: " + Hash("content/he/global-perspective/strategies.md", mustRead(t, sample(), "content/he/global-perspective/strategies.md"))}, want[4:]...)...)
		if got := string(c.Data); got != strings.Join(want, "\n") {
			t.Errorf("%s: the page is not the old one with line 17 changed:\n%s", format, firstDiff(strings.Join(want, "\n"), got))
		}
	}
}

func mustRead(t *testing.T, fsys fs.FS, p string) []byte {
	t.Helper()
	data, err := fs.ReadFile(fsys, p)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestInsertAndKeep: a block the translation lacks goes in after the
// translation of the block before it, and text only the translation has
// stays.
func TestInsertAndKeep(t *testing.T) {
	fsys := fstest.MapFS{
		"content/he/a.md": {Data: []byte("---\ntitle: \"א\"\n---\n\n## ב\n\nפסקה אחת.\n\n- פריט א\n- פריט ב\n\nפסקה שתיים.\n")},
		"content/cs/a.md": {Data: []byte("---\ntitle: \"A\"\n---\n\n## B\n\nOdstavec jedna.\n\nJen česky.\n\n- Položka a\n\nOdstavec dva.\n")},
	}
	ex, err := Build(fsys, Options{From: "he", Lang: "cs"})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	Write(&b, ex, PO)
	key := "content/he/a.md#" + ex.Files[0].Units[4].Key
	data := setTarget(t, b.Bytes(), PO, key, "Položka b")
	data = setTarget(t, data, PO, "content/he/a.md#"+ex.Files[0].Units[2].Key, "Odstavec 1.")
	changes, diags := Import(fsys, "x.po", data, nil)
	if len(diags) > 0 || len(changes) != 1 {
		t.Fatalf("%d changes, %v", len(changes), diags)
	}
	want := "---\ntitle: \"A\"\ntranslatedFrom: content/he/a.md\nsourceHash: " + Hash("content/he/a.md", fsys["content/he/a.md"].Data) +
		"\n---\n\n## B\n\nOdstavec 1.\n\nJen česky.\n\n- Položka a\n- Položka b\n\nOdstavec dva.\n"
	if got := string(changes[0].Data); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestBroken: every kind of bad file is refused with its line, all
// problems at once, and nothing to write.
func TestBroken(t *testing.T) {
	const p1 = "content/he/global-perspective/knowledge-check.md#intro.p1"
	base := func(format string) []byte { return export(t, sample(), "he", "cs", format) }
	cases := []struct {
		name, format string
		data         func() []byte
		want         []string
	}{
		{"missing code", PO, func() []byte { return setTarget(t, base(PO), PO, p1, "bez odkazu") }, []string{"inline code 1 (link [", "is missing"}},
		{"altered code", PO, func() []byte { return setTarget(t, base(PO), PO, p1, "{1/} změna") }, []string{"inline code 1", "altered"}},
		{"code ends before it starts", PO, func() []byte { return setTarget(t, base(PO), PO, p1, "{/1}a{1}") }, []string{"ends before it starts"}},
		{"unknown code", XLIFF12, func() []byte {
			return setTarget(t, base(XLIFF12), XLIFF12, p1, `<g id="1" ctype="link">x</g> <x id="7" ctype="x-code"/>`)
		}, []string{"inline code 7 is not one of the source's"}},
		{"unknown unit", PO, func() []byte {
			return bytes.Replace(base(PO), []byte("why-it-matters.md#intro.p1\""), []byte("why-it-matters.md#intro.p9\""), 1)
		}, []string{"unit intro.p9 of content/he/global-perspective/why-it-matters.md does not exist"}},
		{"source changed", XLIFF21, func() []byte {
			return bytes.Replace(base(XLIFF21), []byte("<source xml:space=\"preserve\">קשרי לקוחות חזקים"), []byte("<source xml:space=\"preserve\">קשרים"), 1)
		}, []string{"changed since the export"}},
		{"fence", PO, func() []byte {
			return setTarget(t, base(PO), PO, "content/he/global-perspective/conclusion.md#intro.p1", "Text\\n```\\ncode")
		}, []string{"would open a fence"}},
		{"heading in item", PO, func() []byte { return setTarget(t, base(PO), PO, p1, "{1}a{/1}\\n## b") }, []string{"would be a heading in a paragraph"}},
		{"line break in heading", XLIFF12, func() []byte {
			return setTarget(t, base(XLIFF12), XLIFF12, "content/he/global-perspective/strategies.md#h75904a9.h1", "A\nB")
		}, []string{"a line break would end the heading"}},
		{"another site", PO, func() []byte {
			return bytes.Replace(base(PO), []byte("X-Source-Language: he"), []byte("X-Source-Language: de"), 1)
		}, []string{"no content/de: a file of another site"}},
		{"another page", PO, func() []byte {
			return bytes.ReplaceAll(base(PO), []byte("content/he/global-perspective/pitfalls.md#"), []byte("content/he/elsewhere.md#"))
		}, []string{"content/he/elsewhere.md is not a page of this site's he"}},
		{"two languages", XLIFF12, func() []byte {
			return bytes.Replace(base(XLIFF12), []byte(`target-language="cs"`), []byte(`target-language="bg"`), 1)
		}, []string{"one language per file"}},
		{"lone brace", PO, func() []byte { return setTarget(t, base(PO), PO, p1, "{1}a{/1} {x}") }, []string{"a lone \"{\""}},
		{"not XML", XLIFF12, func() []byte { return bytes.Replace(base(XLIFF12), []byte("</body>"), []byte("</bdy>"), 1) }, []string{"not well-formed XML"}},
		{"not PO", PO, func() []byte { return append(base(PO), []byte("msgstr \"open\n")...) }, []string{"not closed"}},
	}
	for _, c := range cases {
		changes, diags := Import(sample(), "in.file", c.data(), nil)
		if len(changes) > 0 || !diags.HasErrors() {
			t.Errorf("%s: %d changes and no error", c.name, len(changes))
			continue
		}
		msg := diags.Err().Error()
		for _, w := range c.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: %q lacks %q", c.name, msg, w)
			}
		}
		if !regexp.MustCompile(`^in\.file:\d+: `).MatchString(diags.Errors()[0].String()) {
			t.Errorf("%s: %q is not file:line: cause", c.name, diags.Errors()[0].String())
		}
	}
}

// TestAllProblemsAtOnce: two bad units give two errors.
func TestAllProblemsAtOnce(t *testing.T) {
	data := export(t, sample(), "he", "cs", PO)
	data = setTarget(t, data, PO, "content/he/global-perspective/why-it-matters.md#intro.item1", "bez odkazu")
	data = setTarget(t, data, PO, "content/he/global-perspective/strategies.md#h75904a9.h1", "A\\nB")
	_, diags := Import(sample(), "x.po", data, nil)
	if n := len(diags.Errors()); n != 2 {
		t.Errorf("%d errors, want 2: %v", n, diags)
	}
}

// TestBrokenXMLReportedOnce: a syntax error inside a unit's target is
// one error, not one from the target and one from the file around it.
func TestBrokenXMLReportedOnce(t *testing.T) {
	data := export(t, sample(), "he", "cs", XLIFF12)
	data = bytes.Replace(data, []byte("<target"), []byte("<target><g"), 1)
	_, diags := Import(sample(), "x.xlf", data, nil)
	if n := strings.Count(diags.String(), "not well-formed XML"); n != 1 {
		t.Errorf("the syntax error reported %d times, want once:\n%v", n, diags)
	}
}

// TestStrings: UI strings a language lacks and learning-path titles are
// units too; {{.Count}} is a code; import writes them into
// locales/<lang>.toml (in their table) and content/paths.toml (the
// language's line of the path's table), and a new language gets a new
// locale file.
func TestStrings(t *testing.T) {
	fsys := fstest.MapFS{
		"content/he/a.md":    {Data: []byte("---\ntitle: \"א\"\n---\n")},
		"content/cs/a.md":    {Data: []byte("---\ntitle: \"A\"\n---\n")},
		"content/paths.toml": {Data: []byte("[[path]]\nid = \"p1\"\nsteps = [\"a.md\"]\n\n[path.title]\nen = \"First\"\nhe = \"ראשון\"\n\n[[path]]\nid = \"p2\"\nsteps = [\"a.md\"]\n\n[path.title]\nhe = \"שני\"\ncs = \"Druhá\"\n")},
		"locales/en.toml":    {Data: []byte("[nav]\nhome = \"Home\"\nnext = \"Next\"\n\n[topics.count]\none = \"{{.Count}} playbook\"\nother = \"{{.Count}} playbooks\"\n")},
		"locales/he.toml":    {Data: []byte("[nav]\nhome = \"בית\"\nnext = \"הבא\"\n\n[topics.count]\none = \"מדריך אחד\"\nother = \"{{.Count}} מדריכים\"\n")},
		"locales/cs.toml":    {Data: []byte("[nav]\nhome = \"Domů\"\n\n[topics.count]\none = \"{{.Count}} příručka\"\n")},
	}
	ex, err := Build(fsys, Options{From: "he", Lang: "cs"})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	Write(&b, ex, PO)
	po := b.String()
	for _, want := range []string{"msgctxt \"locales/he.toml#topics.count.other\"\nmsgid \"{1/} מדריכים\"\nmsgstr \"\"",
		"msgctxt \"content/paths.toml#p1.title\"\nmsgid \"ראשון\"\nmsgstr \"\"", "msgctxt \"content/paths.toml#p2.title\"\nmsgid \"שני\"\nmsgstr \"Druhá\""} {
		if !strings.Contains(po, want) {
			t.Errorf("the export lacks\n%s\n%s", want, po)
		}
	}
	data := setTarget(t, b.Bytes(), PO, "locales/he.toml#topics.count.other", "{1/} příruček")
	data = setTarget(t, data, PO, "locales/he.toml#nav.next", "Další")
	data = setTarget(t, data, PO, "content/paths.toml#p1.title", "První")
	changes, diags := Import(fsys, "cs.po", data, nil)
	if len(diags) > 0 || len(changes) != 2 {
		t.Fatalf("%d changes, %v", len(changes), diags)
	}
	got := map[string]string{}
	for _, c := range changes {
		got[c.Path] = string(c.Data)
	}
	if want := "[nav]\nhome = \"Domů\"\nnext = \"Další\"\n\n[topics.count]\none = \"{{.Count}} příručka\"\nother = \"{{.Count}} příruček\"\n"; got["locales/cs.toml"] != want {
		t.Errorf("locales/cs.toml:\n%s\nwant\n%s", got["locales/cs.toml"], want)
	}
	if !strings.Contains(got["content/paths.toml"], "[path.title]\nen = \"First\"\nhe = \"ראשון\"\ncs = \"První\"\n\n[[path]]") {
		t.Errorf("content/paths.toml:\n%s", got["content/paths.toml"])
	}
	bad := setTarget(t, b.Bytes(), PO, "locales/he.toml#topics.count.other", "příruček")
	if _, diags := Import(fsys, "cs.po", bad, nil); !strings.Contains(fmt.Sprint(diags), "inline code 1 (var {{.Count}}) is missing") {
		t.Errorf("a UI string without its {{.Count}}: %v", diags)
	}
}

// TestMemory: a paragraph the site has translated elsewhere is pre-filled,
// marked for review and counted; an unchanged import does not write it.
func TestMemory(t *testing.T) {
	fsys := fstest.MapFS{
		"content/he/a.md": {Data: []byte("---\ntitle: \"א\"\n---\n\nאמון הוא הבסיס.\n")},
		"content/he/b.md": {Data: []byte("---\ntitle: \"ב\"\n---\n\nאמון הוא הבסיס.\n")},
		"content/cs/a.md": {Data: []byte("---\ntitle: \"A\"\n---\n\nDůvěra je základ.\n")},
	}
	ex, err := Build(fsys, Options{From: "he", Lang: "cs"})
	if err != nil {
		t.Fatal(err)
	}
	if ex.Prefilled != 1 {
		t.Fatalf("%d units pre-filled, want 1", ex.Prefilled)
	}
	for format, want := range map[string]string{
		PO:      "#. Pre-filled from content/cs/a.md, where the same text is translated: check it fits here.\n#: content/he/b.md:5\n#, fuzzy\nmsgctxt \"content/he/b.md#intro.p1\"\nmsgid \"אמון הוא הבסיס.\"\nmsgstr \"Důvěra je základ.\"",
		XLIFF12: `<target state="needs-review-translation" state-qualifier="leveraged-tm">Důvěra je základ.</target>`,
		XLIFF21: `<segment state="initial" subState="rapport:needs-review">`,
	} {
		var b bytes.Buffer
		Write(&b, ex, format)
		if !strings.Contains(b.String(), want) {
			t.Errorf("%s lacks %q:\n%s", format, want, b.String())
		}
		if changes, diags := Import(fsys, "x", b.Bytes(), nil); len(changes) > 0 || len(diags) > 0 {
			t.Errorf("%s: unchanged import: %d changes, %v", format, len(changes), diags)
		}
	}
}
