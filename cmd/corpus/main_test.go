package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rapport/generator"
)

// TestCorpus generates a small corpus from the sample content and checks
// that rapport builds it without errors, that pages have the intended size
// and calculators, that links point at pages that exist, and that two runs
// are byte-identical.
func TestCorpus(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if err := generate("../..", dir, 20); err != nil {
			t.Fatal(err)
		}
	}
	res, err := generator.Build(context.Background(), generator.Options{Src: os.DirFS(filepath.Join(a, "rapport"))})
	if err != nil {
		t.Fatal(err)
	}
	if res.Diags.HasErrors() {
		t.Fatalf("the corpus does not build:\n%s", res.Diags.Errors())
	}
	if n := len(res.Site.Pages); n != 5*21 {
		t.Errorf("%d pages, want 105", n)
	}
	for _, lang := range langs {
		for _, name := range []string{"p00003.md", "p00009.md"} {
			ra, _ := os.ReadFile(filepath.Join(a, "rapport", "content", lang, name))
			rb, _ := os.ReadFile(filepath.Join(b, "rapport", "content", lang, name))
			if !bytes.Equal(ra, rb) {
				t.Errorf("%s/%s differs between two runs", lang, name)
			}
			if len(ra) < 6000 || len(ra) > 9000 {
				t.Errorf("%s/%s is %d bytes, want about 7 KB", lang, name, len(ra))
			}
			h, _ := os.ReadFile(filepath.Join(a, "hugo", "content", lang, name))
			if !strings.Contains(string(h), "translationKey: p000") || strings.Contains(string(h), ".md)") {
				t.Errorf("hugo %s/%s: no translationKey or unconverted links", lang, name)
			}
			if calc := strings.Contains(string(ra), "```calculator"); calc != (name == "p00009.md") {
				t.Errorf("%s/%s: calculator %v, want one in every tenth page", lang, name, calc)
			}
		}
	}
	// Each Hugo dialect names the language keys its own way (Hugo 0.158
	// renamed them and warns about the old names).
	for file, keys := range map[string][2]string{
		"hugo-0.111.toml": {"languageName = ", "label = "},
		"hugo-0.158.toml": {"label = ", "languageName"},
		"themes-0.111/full/layouts/_default/baseof.html": {".Language.LanguageDirection", ".Language.Direction "},
		"themes-0.158/full/layouts/_default/baseof.html": {".Language.Direction ", "LanguageDirection"},
	} {
		data, err := os.ReadFile(filepath.Join(a, "hugo", file))
		if err != nil {
			t.Error(err)
			continue
		}
		if !strings.Contains(string(data), keys[0]) || strings.Contains(string(data), keys[1]) {
			t.Errorf("hugo/%s: want %q and no %q", file, keys[0], keys[1])
		}
	}
}
