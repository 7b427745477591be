// Corpus generates the benchmark site: for each of five languages (he, ar,
// bg, cs, th), N playbooks of about 7 KB built from the sample content's own
// text, written twice: as a rapport site (DIR/rapport) and as the equivalent
// Hugo site (DIR/hugo) with the same pages, languages, translations and
// taxonomy, so both tools do the same work.
//
// Usage:
//
//	go run ./cmd/corpus -pages 2000 -out DIR [-src .]
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

var langs = []string{"he", "ar", "bg", "cs", "th"}

var topics = []string{"trust", "personalization", "communication", "cultural-differences", "feedback",
	"technology", "loyalty", "community", "localization", "compliance", "metrics", "customer-service", "strategy"}

// mdLinkRE matches a Markdown link, capturing its text.
var mdLinkRE = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)

// targetSize is the size of a generated playbook's body in bytes.
const targetSize = 7000

// maxSize is where a body that overshot its target is cut.
const maxSize = 7800

func main() {
	pages := flag.Int("pages", 2000, "playbooks per language")
	out := flag.String("out", "", "output `folder` (required)")
	src := flag.String("src", ".", "rapport source `folder` whose content/ gives the text")
	flag.Parse()
	if *out == "" || *pages < 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := generate(*src, *out, *pages); err != nil {
		fmt.Fprintln(os.Stderr, "corpus:", err)
		os.Exit(1)
	}
}

// pool is the text of one language's sample content, by kind of block.
type pool struct {
	headings, paragraphs, items []string
}

func generate(src, out string, n int) error {
	for _, dir := range []string{"rapport", "hugo"} {
		if err := os.RemoveAll(filepath.Join(out, dir)); err != nil {
			return err
		}
	}
	for _, lang := range langs {
		p, err := readPool(filepath.Join(src, "content", lang))
		if err != nil {
			return err
		}
		rng := rand.New(rand.NewPCG(uint64(len(lang)), 42))
		for i := range n {
			pg := makePage(p, rng, i, n)
			if err := writePage(out, lang, i, pg); err != nil {
				return err
			}
		}
		if err := os.WriteFile(filepath.Join(out, "rapport", "content", lang, "_index.md"), []byte("---\nweight: 0\n---\n"), 0o644); err != nil {
			return err
		}
	}
	if err := copyFiles(src, filepath.Join(out, "rapport")); err != nil {
		return err
	}
	return writeHugoSite(filepath.Join(out, "hugo"))
}

// readPool collects headings, paragraphs and list items from the Markdown
// bodies of a language's sample content (front matter, fenced blocks and
// knowledge checks left out).
func readPool(dir string) (pool, error) {
	var p pool
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".md" {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if parts := bytes.SplitN(data, []byte("---\n"), 3); len(parts) == 3 {
			data = parts[2]
		}
		fence := false
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			// Links in the sample point at its own pages: keep their words.
			line := mdLinkRE.ReplaceAllString(strings.TrimSpace(sc.Text()), "$1")
			switch {
			case strings.HasPrefix(line, "```"), strings.HasPrefix(line, ":::"):
				fence = !fence // code, and knowledge checks (`::: quiz` … `:::`)
			case fence || line == "":
			case strings.HasPrefix(line, "#"):
				p.headings = append(p.headings, strings.TrimSpace(strings.TrimLeft(line, "#")))
			case strings.HasPrefix(line, "- "):
				p.items = append(p.items, line[2:])
			default:
				p.paragraphs = append(p.paragraphs, line)
			}
		}
		return sc.Err()
	})
	if err != nil {
		return p, fmt.Errorf("read sample content in %s: %w", dir, err)
	}
	if len(p.items) == 0 {
		p.items = p.paragraphs // the Czech sample has no lists: use sentences
	}
	if len(p.headings) == 0 || len(p.paragraphs) == 0 {
		return p, fmt.Errorf("%s: no sample content to build pages from", dir)
	}
	return p, nil
}

type page struct {
	title  string
	topics []string
	body   string // with links written as [text](pNNNNN.md)
	calc   bool
}

func makePage(p pool, rng *rand.Rand, i, n int) page {
	pg := page{title: fmt.Sprintf("%s %d", p.headings[i%len(p.headings)], i+1), calc: i%10 == 9}
	for len(pg.topics) < 2+rng.IntN(2) {
		if t := topics[rng.IntN(len(topics))]; !slices.Contains(pg.topics, t) {
			pg.topics = append(pg.topics, t)
		}
	}
	var b strings.Builder
	links := 2 + rng.IntN(3)
	for sec := 0; b.Len() < targetSize; sec++ {
		fmt.Fprintf(&b, "## %s\n\n", p.headings[rng.IntN(len(p.headings))])
		para := p.paragraphs[rng.IntN(len(p.paragraphs))]
		if links > 0 && n > 1 {
			words := strings.Fields(para)
			target := (i + 1 + rng.IntN(n-1)) % n
			words[0] = fmt.Sprintf("[%s](p%05d.md)", words[0], target)
			para = strings.Join(words, " ")
			links--
		}
		b.WriteString(para + "\n\n")
		if sec%2 == 1 {
			fmt.Fprintf(&b, "### %s\n\n", p.headings[rng.IntN(len(p.headings))])
		}
		for range 2 + rng.IntN(3) {
			b.WriteString("- " + p.items[rng.IntN(len(p.items))] + "\n")
		}
		b.WriteString("\n" + p.paragraphs[rng.IntN(len(p.paragraphs))] + "\n\n")
	}
	body := b.String()
	if len(body) > maxSize { // end at a blank line: never inside a block
		body = body[:strings.LastIndex(body[:maxSize], "\n\n")+2]
	}
	if pg.calc {
		body += "```calculator\nmetric: nps\n```\n"
	}
	pg.body = body
	return pg
}

func writePage(out, lang string, i int, pg page) error {
	name := fmt.Sprintf("p%05d.md", i)
	rapport := fmt.Sprintf("---\ntitle: %q\ntopics: [%s]\nweight: %d\n---\n%s", pg.title, strings.Join(pg.topics, ", "), i+1, pg.body)
	// Hugo: the same page; links to the published URL, which Hugo need not
	// resolve; tags as the taxonomy; translationKey pairs the languages.
	body := linkRE.ReplaceAllString(pg.body, "](../p$1/)")
	hugo := fmt.Sprintf("---\ntitle: %q\ntags: [%s]\nweight: %d\ntranslationKey: p%05d\n---\n%s", pg.title, strings.Join(pg.topics, ", "), i+1, i, body)
	for dir, data := range map[string]string{"rapport": rapport, "hugo": hugo} {
		p := filepath.Join(out, dir, "content", lang, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// copyFiles copies the locales and metrics the rapport site needs.
func copyFiles(src, dst string) error {
	files, _ := filepath.Glob(filepath.Join(src, "locales", "*.toml"))
	files = append(files, filepath.Join(src, "content", "metrics.toml"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, f)
		p := filepath.Join(dst, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
