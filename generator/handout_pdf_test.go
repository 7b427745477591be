package generator

import (
	"context"
	"fmt"
	"html"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"

	"github.com/chromedp/chromedp"

	"rapport/generator/internal/browsertest"
)

// TestHandoutPaper prints handouts of the sample site with Chromium and
// reads each PDF page back with pdfinfo and pdftotext: A4 paper by
// default and Letter with [print] paper = "Letter"; every page carries
// the handout's title and its number ("3 / 12" in the language's words);
// no knowledge-check question or calculator is split across two pages;
// the steps of a path not translated into its language are listed
// together on one page; and the Hebrew article handout, whose short
// calculators each took a page of their own (18 pages on Letter, 14 on
// A4 with each playbook still starting a page), fits in at most 12.
func TestHandoutPaper(t *testing.T) {
	requirePDFTools(t)
	dir, res := buildToDir(t, os.DirFS(".."))
	for _, tc := range []struct {
		lang, page string
		maxPages   int
	}{
		{"he", "he/print/global-perspective/", 12},
		{"ar", "ar/print/loyalty/", 16},
		{"th", "th/print/guide/", 0},
		{"bg", "bg/paths/first-steps/print/", 0},
		{"cs", "cs/paths/first-steps/print/", 0},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			page := readFile(t, filepath.Join(dir, tc.page, "index.html"))
			title := html.UnescapeString(regexp.MustCompile(`(?s)<h1>(.*?)</h1>`).FindStringSubmatch(page)[1])
			pages, size := pdfPages(t, dir, tc.page+"index.html")
			if size != "595 x 842" {
				t.Errorf("paper %s pt, want A4 (595 x 842)", size)
			}
			if tc.maxPages > 0 && len(pages) > tc.maxPages {
				t.Errorf("%d pages, want at most %d", len(pages), tc.maxPages)
			}
			loc := res.Locales.For(tc.lang)
			for i, text := range pages {
				num, _ := loc.T("print.page_number", map[string]any{"Page": i + 1, "Pages": len(pages)})
				if !strings.Contains(text, loose(num)) || !strings.Contains(text, loose(title)) {
					t.Errorf("page %d of %d lacks its number %q or the running title %q:\n%s", i+1, len(pages), num, title, text)
				}
			}
			for _, group := range keptTogether(page) {
				if !onOnePage(pages, group) {
					t.Errorf("split across pages: %q", group)
				}
			}
		})
	}
	t.Run("untranslated", func(t *testing.T) {
		// Steps 4 to 6 of the path are not in Czech: their titles, in the
		// language each is shown in, on one page.
		page := readFile(t, filepath.Join(dir, "cs/paths/first-steps/print/index.html"))
		var missing []string
		for _, m := range regexp.MustCompile(`<a href="#[^"]*" lang="[^"]*" dir="[^"]*">([^<]*)</a>`).FindAllStringSubmatch(page, -1) {
			missing = append(missing, html.UnescapeString(m[1]))
		}
		if len(missing) != 3 {
			t.Fatalf("the contents name %d untranslated steps, want 3: %q", len(missing), missing)
		}
		pages, _ := pdfPages(t, dir, "cs/paths/first-steps/print/index.html")
		// The contents on the cover name them too: look after it.
		if !onOnePage(pages[1:], missing) {
			t.Errorf("the untranslated steps %q are not listed together on one page", missing)
		}
	})
	t.Run("letter", func(t *testing.T) {
		src := overlayFS{FS: os.DirFS(".."), files: fstest.MapFS{"rapport.toml": {Data: []byte("[print]\npaper = \"Letter\"\n")}}}
		dir, _ := buildToDir(t, src)
		if _, size := pdfPages(t, dir, "he/print/global-perspective/index.html"); size != "612 x 792" {
			t.Errorf("paper %s pt, want Letter (612 x 792)", size)
		}
	})
}

// keptTogether returns, for each calculator and each knowledge-check
// question of a handout, its first and last text: its title and its
// result, or its question and its last answer.
func keptTogether(page string) [][]string {
	var groups [][]string
	// A calculator's title is its first child, h2 to h6 by the heading
	// it follows; its result's label is its last line.
	calc := regexp.MustCompile(`(?s)<section class="calculator"[^>]*>\s*<h[2-6] id="calc-[^"]*">(.*?)</h[2-6]>.*?<span id="calc-[^"]*-out-label">(.*?)</span>`)
	for _, m := range calc.FindAllStringSubmatch(page, -1) {
		groups = append(groups, []string{m[1], m[2]})
	}
	quiz := regexp.MustCompile(`(?s)<section class="quiz".*?<span class="quiz-text">(.*?)</span>(.*?)</section>`)
	label := regexp.MustCompile(`<label for="[^"]*">(.*?)</label>`)
	for _, m := range quiz.FindAllStringSubmatch(page, -1) {
		g := []string{m[1]}
		if ls := label.FindAllStringSubmatch(m[2], -1); len(ls) > 0 {
			g = append(g, ls[len(ls)-1][1])
		}
		groups = append(groups, g)
	}
	tags := regexp.MustCompile(`<[^>]*>`)
	for _, g := range groups {
		for i := range g {
			g[i] = html.UnescapeString(tags.ReplaceAllString(g[i], ""))
		}
	}
	return groups
}

// onOnePage reports whether one of pages holds every text of group.
func onOnePage(pages []string, group []string) bool {
	for _, p := range pages {
		all := true
		for _, s := range group {
			all = all && strings.Contains(p, loose(s))
		}
		if all {
			return true
		}
	}
	return false
}

func requirePDFTools(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("prints PDFs with Chromium")
	}
	if _, err := os.Stat(browsertest.Chromium); err != nil {
		browsertest.Start(t) // skips, or fails under RAPPORT_REQUIRE_BROWSER=1
	}
	for _, tool := range []string{"pdftotext", "pdfinfo"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("RAPPORT_REQUIRE_BROWSER") == "1" {
				t.Fatalf("%s is required: apt-get install -y poppler-utils", tool)
			}
			t.Skipf("%s not found: apt-get install -y poppler-utils", tool)
		}
	}
}

// buildToDir builds the site in src (portable) into a temporary folder.
func buildToDir(t *testing.T, src fs.FS) (string, *Result) {
	t.Helper()
	res, err := Build(context.Background(), Options{Src: src, Portable: true})
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
	return dir, res
}

// pdfPages prints page (a file in dir) to PDF and returns the squeezed
// text of each of its pages and their size in points ("595 x 842").
func pdfPages(t *testing.T, dir, page string) ([]string, string) {
	t.Helper()
	pdf := filepath.Join(t.TempDir(), "handout.pdf")
	cmd := exec.Command(browsertest.Chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
		"--user-data-dir="+t.TempDir(), "--print-to-pdf="+pdf, "file://"+filepath.ToSlash(filepath.Join(dir, page)))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium --print-to-pdf: %v\n%s", err, out)
	}
	if dst := os.Getenv("RAPPORT_KEEP_PDF"); dst != "" {
		os.WriteFile(dst+"-"+strings.ReplaceAll(strings.Trim(filepath.Dir(page), "/"), "/", "-")+".pdf", readFileBytes(t, pdf), 0o644)
	}
	info, err := exec.Command("pdfinfo", pdf).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	n, size := 0, ""
	for _, line := range strings.Split(string(info), "\n") {
		k, v, _ := strings.Cut(line, ":")
		v = strings.TrimSpace(v)
		switch k {
		case "Pages":
			n, _ = strconv.Atoi(v)
		case "Page size": // "594.96 x 841.92 pts (A4)"
			var w, h float64
			fmt.Sscanf(v, "%g x %g", &w, &h)
			size = fmt.Sprintf("%.0f x %.0f", w, h)
		}
	}
	pages := make([]string, n)
	for i := range pages {
		out, err := exec.Command("pdftotext", "-enc", "UTF-8", "-f", strconv.Itoa(i+1), "-l", strconv.Itoa(i+1), pdf, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		pages[i] = loose(string(out))
	}
	return pages, size
}

// loose is squeeze without what pdftotext gets wrong in Arabic: combining
// marks (it moves a shadda or a tanween) and alef and lam (it writes the
// lam-alef ligature as alef, lam).
func loose(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Mn, r) || strings.ContainsRune("اأإآلـ", r) {
			return -1
		}
		return r
	}, squeeze(s))
}

func readFileBytes(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readFile(t *testing.T, p string) string { return string(readFileBytes(t, p)) }

// overlayFS is FS with files added or replaced.
type overlayFS struct {
	fs.FS
	files fstest.MapFS
}

func (o overlayFS) Open(name string) (fs.File, error) {
	if _, ok := o.files[name]; ok {
		return o.files.Open(name)
	}
	return o.FS.Open(name)
}

// TestHandoutFormulasFit lays handouts out as printed on A4 (print media,
// 178 mm between the margins): every calculator's formula fits its box.
// The Bulgarian CLTV formula was 1,049 px wide in a 639 px box and ran off
// the paper (Chromium then shrank the whole handout to fit it); the
// Bulgarian CRR and NPS and the Thai CLTV ones too.
func TestHandoutFormulasFit(t *testing.T) {
	p := browsertest.New(t)
	srv, _ := serveSite(t, "/")
	p.Do(chromedp.EmulateViewport(673, 950), media("print"))
	for _, u := range []string{"bg/print/loyalty/", "bg/paths/first-steps/print/", "th/print/guide/", "he/print/global-perspective/", "ar/print/loyalty/"} {
		p.Do(chromedp.Navigate(srv.URL+"/"+u), chromedp.WaitVisible(`.handout-cover h1`))
		got := p.Eval(`Array.from(document.querySelectorAll(".calc-formula")).filter(b => b.scrollWidth > b.clientWidth + 1)
			.map(b => b.closest(".calculator").id + ": " + b.scrollWidth + " px in " + b.clientWidth).join("; ")`)
		if got != "" {
			t.Errorf("%s: formulas wider than their box on paper: %s", u, got)
		}
	}
}
