package generator

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"rapport/generator/output"
)

// graphSite writes a site whose pages show each other: per language an
// article with playbooks, more loose playbooks than the navigation lists,
// topics (related pages, topic pages), translations, links to headings and
// a learning path.
func graphSite(t *testing.T, dir string) {
	t.Helper()
	topics := []string{"trust", "metrics", "feedback", "loyalty"}
	write := func(rel, text string) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, lang := range []string{"he", "cs", "ar"} {
		write("content/"+lang+"/_index.md", "---\ntitle: Home "+lang+"\n---\nWelcome.\n")
		write("content/"+lang+"/guide/_index.md", "---\ntitle: Guide "+lang+"\ndescription: The guide.\ntopics: [trust]\n---\nSee [one](one.md#part-a).\n")
		for i, name := range []string{"one", "two", "three"} {
			write("content/"+lang+"/guide/"+name+".md", fmt.Sprintf("---\ntitle: %s %s\nweight: %d\ntopics: [%s]\n---\n## Part A\n\nText of %s.\n\n## Part B\n\nMore.\n",
				strings.ToUpper(name[:1])+name[1:], lang, i+1, topics[i%len(topics)], name))
		}
		for i := range 36 { // more than the navigation's 30 loose playbooks
			if lang == "ar" && i%3 == 0 {
				continue // not every page is translated
			}
			next := (i + 1) % 36
			if lang == "ar" && next%3 == 0 {
				next = (next + 1) % 36
			}
			write(fmt.Sprintf("content/%s/p%02d.md", lang, i), fmt.Sprintf("---\ntitle: Page %d %s\nweight: %d\ndescription: About %d.\ntopics: [%s, %s]\n---\n## Heading %d\n\nSee [the next](p%02d.md#heading-%d).\n\n## Second\n\nText.\n",
				i, lang, 10+i, i, topics[i%4], topics[(i+1)%4], i, next, next))
		}
	}
	write("content/paths.toml", "[[path]]\nid = \"start\"\nsteps = [\"guide/one.md\", \"p05.md\"]\ntitle = {en = \"Start\"}\n")
}

// TestGraphEditsRerenderOnlyWhatChanges edits titles, topics, headings,
// descriptions and weights (edits that change the site graph) and checks
// after each that the build through the cache equals a clean build byte
// for byte, and that the pages it made again are the pages whose bytes
// changed: a title edit re-renders the pages that show the title, not
// every page.
func TestGraphEditsRerenderOnlyWhatChanges(t *testing.T) {
	dir := t.TempDir()
	graphSite(t, dir)
	cache := NewCache()
	last := buildFiles(t, dir, cache, nil)
	rng := rand.New(rand.NewPCG(3, 4))
	title := regexp.MustCompile(`(?m)^title: (.*)$`)
	topicsRe := regexp.MustCompile(`(?m)^topics: \[(.*)\]$`)
	heading := regexp.MustCompile(`(?m)^## (Second|Part B)$`)
	pages, _ := filepath.Glob(filepath.Join(dir, "content", "*", "*.md"))
	more, _ := filepath.Glob(filepath.Join(dir, "content", "*", "guide", "*.md"))
	pages = append(pages, more...)
	fewer := 0
	for step := range 40 {
		p := pages[rng.IntN(len(pages))]
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var what string
		switch step % 5 {
		case 0:
			what, data = "title", title.ReplaceAll(data, fmt.Appendf(nil, "title: $1 %d", step))
		case 1:
			what, data = "topics", topicsRe.ReplaceAll(data, []byte("topics: [feedback]"))
		case 2:
			what, data = "heading", heading.ReplaceAllFunc(data, func(h []byte) []byte { return fmt.Appendf(nil, "%s x%d", h, step) })
		case 3:
			what, data = "description", regexp.MustCompile(`(?m)^description: .*$`).ReplaceAll(data, fmt.Appendf(nil, "description: Changed %d.", step))
			if !bytes.Contains(data, []byte("description:")) {
				data = bytes.Replace(data, []byte("---\n"), fmt.Appendf(nil, "---\ndescription: Added %d.\n", step), 1)
			}
		case 4:
			what, data = "weight", regexp.MustCompile(`(?m)^weight: \d+$`).ReplaceAll(data, fmt.Appendf(nil, "weight: %d", rng.IntN(60)))
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, p)
		what += " " + filepath.ToSlash(rel)
		inc := buildFiles(t, dir, cache, []string{filepath.ToSlash(rel)})
		clean := buildFiles(t, dir, nil, nil)
		if len(inc) != len(clean) {
			t.Fatalf("step %d (%s): %d files, clean build %d", step, what, len(inc), len(clean))
		}
		made, changed := 0, 0
		for path, f := range clean {
			got, ok := inc[path]
			if !ok || !bytes.Equal(got.Bytes(), f.Bytes()) {
				t.Fatalf("step %d (%s): %s differs from a clean build", step, what, path)
			}
			if !strings.HasSuffix(path, ".html") {
				continue
			}
			prev, had := last[path]
			same := had && bytes.Equal(prev.Data, got.Data)
			remade := !had || !sameBytes(prev.Data, got.Data)
			// Made again to find the same bytes: the edited page (its source
			// changed), the status page when the report changed (a heading),
			// handouts when one of their pages' sources did.
			own := path == ownPage(rel)
			if remade && same && !own && path != "status/index.html" && !strings.Contains(path, "/print/") {
				t.Errorf("step %d (%s): %s was made again, the same", step, what, path)
			}
			if remade {
				made++
			}
			if !same {
				changed++
			}
		}
		if made < len(clean)/2 {
			fewer++
		}
		t.Logf("step %d (%s): %d of %d pages made again, %d changed", step, what, made, len(clean), changed)
		last = inc
	}
	if fewer < 20 {
		t.Errorf("only %d of 40 edits re-rendered fewer than half the pages", fewer)
	}
}

// ownPage is the output of the page whose source is rel.
func ownPage(rel string) string {
	rel = strings.TrimPrefix(filepath.ToSlash(rel), "content/")
	rel = strings.TrimSuffix(strings.TrimSuffix(rel, ".md"), "_index")
	return strings.TrimSuffix(rel, "/") + "/index.html"
}

// buildFiles builds the site in dir (through cache when not nil, told
// which paths changed) and returns its files by path.
func buildFiles(t *testing.T, dir string, cache *Cache, changed []string) map[string]output.File {
	t.Helper()
	res, err := Build(context.Background(), Options{Src: os.DirFS(dir), Cache: cache, Changed: changed})
	if err != nil {
		t.Fatal(err)
	}
	if res.Diags.HasErrors() {
		t.Fatalf("build failed:\n%s", res.Diags) // a heading edit breaks links to it: a warning
	}
	out := make(map[string]output.File, len(res.Files))
	for _, f := range res.Files {
		out[f.Path] = f
	}
	return out
}
