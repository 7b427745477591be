package translate_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"rapport/generator"
	"rapport/generator/translate"
)

// TestCheckCountsAsExport: the units rapport check and /status/ count for
// each language and source are the units the export of that language
// from that source holds, state for state.
// A translation whose source changed since counts its paired units as
// needing review in both.
func TestCheckCountsAsExport(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/site")); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(dir, "content/cs/global-perspective/strategies.md")
	data, _ := os.ReadFile(stale)
	data = bytes.Replace(data, []byte("weight: 30\n"), []byte("weight: 30\ntranslatedFrom: content/he/global-perspective/strategies.md\nsourceHash: 0123456789abcdef\n"), 1)
	os.WriteFile(stale, data, 0o644)
	fsys := os.DirFS(dir)
	res, err := generator.Build(context.Background(), generator.Options{Src: fsys})
	if err != nil {
		t.Fatal(err)
	}
	review := 0
	for _, c := range res.Report.UnitCounts {
		review += c.Review
	}
	if res.Diags.HasErrors() || len(res.Report.UnitCounts) == 0 || review != 29 {
		t.Fatalf("%d unit counts, %d need review (want the stale page's 29), %v", len(res.Report.UnitCounts), review, res.Diags.Errors())
	}
	for _, c := range res.Report.UnitCounts {
		ex, err := translate.Build(fsys, translate.Options{From: c.From, Lang: c.Lang})
		if err != nil {
			t.Fatal(err)
		}
		u, r, cur := ex.Counts()
		if u != c.Untranslated || r != c.Review || cur != c.Current {
			t.Errorf("%s from %s: check counts %d untranslated, %d need review, %d current; the export %d, %d, %d",
				c.Lang, c.From, c.Untranslated, c.Review, c.Current, u, r, cur)
		}
	}
}
