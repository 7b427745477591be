package translate_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rapport/generator"
	"rapport/generator/translate"
	"rapport/generator/translate/blocks"
)

// TestNewLanguage: Persian, a language the site does not have, is created
// from an export whose every unit a translator filled in (here: the source
// text between two markers, as translate-toolkit's podebug does). The new
// pages are the source's structure with the translations, images beside
// them are copied, and the site builds with them, right to left.
func TestNewLanguage(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/features")); err != nil {
		t.Fatal(err)
	}
	fsys := os.DirFS(dir)
	ex, err := translate.Build(fsys, translate.Options{From: "he", Lang: "fa"})
	if err != nil {
		t.Fatal(err)
	}
	if u, _, _ := ex.Counts(); u == 0 || ex.Dir != "rtl" {
		t.Fatalf("%d untranslated units, direction %s", u, ex.Dir)
	}
	for i := range ex.Files {
		for j := range ex.Files[i].Units {
			u := &ex.Files[i].Units[j]
			u.Target = append([]blocks.Piece{{Text: "«"}}, append(u.Source, blocks.Piece{Text: "»"})...)
			u.State = translate.Translated
		}
	}
	var b bytes.Buffer
	if err := translate.Write(&b, ex, translate.XLIFF21); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `trgDir="rtl"`) {
		t.Error("the XLIFF 2.1 file does not say the target is right to left")
	}
	changes, diags := translate.Import(fsys, "fa.xlf", b.Bytes(), nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	for _, c := range changes {
		p := filepath.Join(dir, filepath.FromSlash(c.Path))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, c.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	page, err := os.ReadFile(filepath.Join(dir, "content/fa/features.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"title: \"«כל מה שאפשר לכתוב במדריך»\"", "translatedFrom: content/he/features.md", "- [x] «קראו", "> «הלקוח רואה",
		"::: tab «Salesforce»", "«פתחו את **Setup** ואז את **Users**.»", "«![לוח הבקרה של מערכת ה-CRM](img/dashboard.png)»", "[^listen]: «לפי"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("content/fa/features.md lacks %q", want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "content/fa/img/dashboard.png")); err != nil {
		t.Errorf("the image the page shows was not copied: %v", err)
	}
	res, err := generator.Build(context.Background(), generator.Options{Src: os.DirFS(dir)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Diags.HasErrors() {
		t.Fatalf("the site with Persian does not build: %v", res.Diags.Errors())
	}
	for _, l := range res.Site.Langs {
		if l.Tag == "fa" && (l.Dir != "rtl" || len(l.Pages) < 2) {
			t.Errorf("fa: direction %s, %d pages", l.Dir, len(l.Pages))
		}
	}
}
