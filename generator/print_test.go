package generator

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"rapport/generator/internal/browsertest"
	"rapport/generator/link"
)

// TestHandoutPDF prints the Hebrew and the Thai article handouts of the
// sample site with Chromium (--print-to-pdf), reads the PDFs back with
// pdftotext, and finds the cover, every playbook's title and every one of
// its headings, and the answer key, in order.
func TestHandoutPDF(t *testing.T) {
	if testing.Short() {
		t.Skip("prints PDFs with Chromium")
	}
	if _, err := os.Stat(browsertest.Chromium); err != nil {
		browsertest.Start(t) // skips, or fails under RAPPORT_REQUIRE_BROWSER=1
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("RAPPORT_REQUIRE_BROWSER") == "1" {
			t.Fatal("pdftotext is required: apt-get install -y poppler-utils")
		}
		t.Skip("pdftotext not found: apt-get install -y poppler-utils")
	}
	res, err := Build(context.Background(), Options{Src: os.DirFS(".."), Portable: true})
	if err != nil || res.Diags.HasErrors() {
		t.Fatalf("build: %v %v", err, res.Diags.Errors())
	}
	dir := t.TempDir()
	for _, f := range res.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, f.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct{ lang, article, key string }{
		{"he", "global-perspective", "מפתח תשובות"},
		{"th", "guide", "เฉลย"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			var a *link.Page
			for _, p := range res.Site.Pages {
				if p.URL == tc.lang+"/"+tc.article+"/" {
					a = p
				}
			}
			if a == nil {
				t.Fatalf("no article %s/%s", tc.lang, tc.article)
			}
			text := printPDF(t, dir, tc.lang+"/print/"+tc.article+"/index.html")
			// After the cover's table of contents, which ends with the
			// answer key: each playbook's title, then its headings.
			at := strings.Index(text, squeeze(tc.key))
			if at < 0 {
				t.Fatalf("no table of contents ending in %q in %q", tc.key, text)
			}
			at += len(squeeze(tc.key))
			want := []string{}
			for _, p := range append([]*link.Page{a}, a.Children...) {
				want = append(want, p.Parsed.Meta.Title)
				for _, h := range p.Parsed.Headings {
					want = append(want, h.Text)
				}
			}
			want = append(want, tc.key)
			for _, w := range want {
				i := strings.Index(text[at:], squeeze(w))
				if i < 0 {
					t.Fatalf("%q is not in the PDF after position %d (or not in order)", w, at)
				}
				at += i + len(squeeze(w))
			}
		})
	}
}

// printPDF prints the page at path in dir to PDF with Chromium and
// returns its text, squeezed.
func printPDF(t *testing.T, dir, page string) string {
	t.Helper()
	pdf := filepath.Join(t.TempDir(), "handout.pdf")
	cmd := exec.Command(browsertest.Chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
		"--user-data-dir="+t.TempDir(), "--print-to-pdf="+pdf, "file://"+filepath.ToSlash(filepath.Join(dir, page)))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium --print-to-pdf: %v\n%s", err, out)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	if os.Getenv("RAPPORT_KEEP_PDF") != "" {
		os.WriteFile(os.Getenv("RAPPORT_KEEP_PDF")+"-"+filepath.Base(filepath.Dir(page))+".pdf", mustRead(t, pdf), 0o644)
	}
	return squeeze(string(out))
}

func mustRead(t *testing.T, p string) []byte {
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// squeeze drops white space, bidi controls and punctuation, which
// pdftotext places by the printed lines, and folds case.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.Is(unicode.Bidi_Control, r) || unicode.IsPunct(r) || r == '\u200b' || r == '\u00ad' {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}
