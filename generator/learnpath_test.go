package generator

import (
	"strings"
	"testing"
	"testing/fstest"

	"rapport/generator/scorm"
)

// pathsSite has a learning path "intro" whose two steps exist in Hebrew,
// one of them in Czech, and neither in Thai.
func pathsSite() fstest.MapFS {
	page := func(title string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\n---\nText.\n")}
	}
	return fstest.MapFS{
		"content/he/_index.md": page("בית"),
		"content/he/a/one.md":  page("אחד"),
		"content/he/a/two.md":  page("שתיים"),
		"content/cs/_index.md": page("Domů"),
		"content/cs/a/one.md":  page("Jedna"),
		"content/th/_index.md": page("หน้าแรก"),
		"content/th/b.md":      page("บี"),
		"content/paths.toml": {Data: []byte("[[path]]\nid = \"intro\"\nsteps = [\"a/one.md\", \"a/two.md\"]\n" +
			"[path.title]\nhe = \"מבוא\"\ncs = \"Úvod\"\nth = \"บทนำ\"\n")},
	}
}

// TestPathNotPublished: a language with none of a path's steps has no page,
// handout, certificate entry, SCORM package or link for it, and the report
// notes it; a language with some of the steps shows the others as not
// translated, and its switcher does not link the language without the path.
func TestPathNotPublished(t *testing.T) {
	res := build(t, Options{Src: pathsSite(), BaseURL: "/"})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags.Errors())
	}
	files := map[string]string{}
	for _, f := range res.Files {
		files[f.Path] = string(f.Bytes())
	}
	for _, p := range []string{"he/paths/intro/index.html", "cs/paths/intro/index.html", "cs/paths/intro/print/index.html"} {
		if _, ok := files[p]; !ok {
			t.Errorf("%s: not built", p)
		}
	}
	for path, html := range files {
		if strings.HasPrefix(path, "th/paths/") {
			t.Errorf("%s: built for a path none of whose steps is in Thai", path)
		}
		if strings.Contains(html, "th/paths/") {
			t.Errorf("%s links a Thai path page that does not exist", path)
		}
		if strings.HasPrefix(path, "th/") && (strings.Contains(html, "path-intro") || strings.Contains(html, "บทนำ")) {
			t.Errorf("%s names the path not published in Thai", path)
		}
	}
	cs := files["cs/paths/intro/index.html"]
	if strings.Count(cs, `class="not-translated"`) != 1 || !strings.Contains(cs, `lang="he" dir="rtl" hreflang="he">שתיים</a>`) {
		t.Errorf("the Czech path page should link step two, in Hebrew, marked not translated:\n%s", cs)
	}
	if !strings.Contains(files["cs/progress/index.html"], `href="/cs/paths/intro/"`) {
		t.Error("the Czech progress page does not list the path")
	}
	var notes []string
	for _, f := range res.Report.Findings {
		if strings.Contains(f.Msg, "learning path") {
			notes = append(notes, f.Lang+" "+f.Kind+" "+f.Level.String()+" "+f.String())
		}
	}
	want := `th missing note content/paths.toml:1: note: learning path "intro" is not published in th: none of its 2 steps is translated yet (it is published in cs, he)`
	if len(notes) != 1 || notes[0] != want {
		t.Errorf("report notes:\n%s\nwant:\n%s", strings.Join(notes, "\n"), want)
	}
	for _, c := range scorm.Courses(res.Site, res.Paths, res.Locales, scorm.Settings{Version: scorm.V12}, "", "intro") {
		if c.Lang.Tag == "th" {
			t.Errorf("a SCORM package %s for a path with no step in Thai", c.ID)
		}
	}
}
