package generator

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIncrementalEqualsClean applies random edits, renames and deletions to
// a copy of the test site and checks after each that a build through the
// parse cache (what rapport serve does) equals a clean build byte for byte.
// The cached build is told which paths changed, as the watcher tells it,
// so only those are read again.
func TestIncrementalEqualsClean(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "../testdata/site", dir)
	cache := NewCache()
	rng := rand.New(rand.NewPCG(1, 2))
	langs := []string{"he", "cs", "ar"}
	topics := []string{"trust", "metrics", "feedback", "loyalty"}
	for step := range 60 {
		var pages []string
		filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && filepath.Ext(p) == ".md" && filepath.Base(p) != "_index.md" {
				pages = append(pages, p)
			}
			return nil
		})
		op := rng.IntN(8)
		if len(pages) < 2 {
			op = 0
		}
		var what string
		var touched []string
		touch := func(ps ...string) {
			for _, p := range ps {
				rel, _ := filepath.Rel(dir, p)
				touched = append(touched, filepath.ToSlash(rel))
			}
		}
		switch op {
		case 0: // add a page
			lang := langs[rng.IntN(len(langs))]
			p := filepath.Join(dir, "content", lang, fmt.Sprintf("new%d.md", step))
			body := fmt.Sprintf("---\ntitle: New %d\ntopics: [%s]\nweight: %d\n---\n## Part %d\n\ntext\n", step, topics[rng.IntN(len(topics))], rng.IntN(50), step)
			os.WriteFile(p, []byte(body), 0o644)
			what = "add " + p
			touch(p)
		case 1: // edit a body
			p := pages[rng.IntN(len(pages))]
			f, _ := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
			fmt.Fprintf(f, "\nMore text %d.\n", step)
			f.Close()
			what = "edit " + p
			touch(p)
		case 2: // rename
			p := pages[rng.IntN(len(pages))]
			to := filepath.Join(filepath.Dir(p), fmt.Sprintf("renamed%d.md", step))
			os.Rename(p, to)
			what = "rename " + p
			touch(p, to)
		case 3: // delete
			p := pages[rng.IntN(len(pages))]
			os.Remove(p)
			what = "delete " + p
			touch(p)
		case 5: // change a UI string: every page of the language shows it
			os.MkdirAll(filepath.Join(dir, "locales"), 0o755)
			p := filepath.Join(dir, "locales", "he.toml")
			os.WriteFile(p, []byte(fmt.Sprintf("[site]\ntitle = \"אתר %d\"\n", step)), 0o644)
			what = "locale " + p
			touch(p)
		case 6: // add a knowledge-check question: the progress page counts them
			p := pages[rng.IntN(len(pages))]
			f, _ := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
			fmt.Fprintf(f, "\n::: quiz\nQuestion %d?\n\n- [x] yes\n- [ ] no\n:::\n", step)
			f.Close()
			what = "question " + p
			touch(p)
		case 7: // a learning path through a page
			p := pages[rng.IntN(len(pages))]
			rel, _ := filepath.Rel(filepath.Join(dir, "content"), p)
			_, rel, _ = strings.Cut(filepath.ToSlash(rel), "/")
			toml := filepath.Join(dir, "content", "paths.toml")
			os.WriteFile(toml, []byte(fmt.Sprintf("[[path]]\nid = \"p\"\nsteps = [%q]\ntitle = {en = \"P %d\"}\n", rel, step)), 0o644)
			what = "path through " + p
			touch(toml)
		case 4: // change front matter: title, weight and topics
			p := pages[rng.IntN(len(pages))]
			data, _ := os.ReadFile(p)
			data = bytes.Replace(data, []byte("title: "), []byte(fmt.Sprintf("weight: %d\ntopics: [%s]\ntitle: T%d ", rng.IntN(9), topics[rng.IntN(len(topics))], step)), 1)
			if bytes.Count(data, []byte("weight:")) > 1 || bytes.Count(data, []byte("topics:")) > 1 {
				data = []byte(fmt.Sprintf("---\ntitle: Reset %d\n---\nbody\n", step))
			}
			os.WriteFile(p, data, 0o644)
			what = "front matter " + p
			touch(p)
		}
		inc, err := Build(context.Background(), Options{Src: os.DirFS(dir), Cache: cache, Changed: touched})
		if err != nil {
			t.Fatal(err)
		}
		clean, err := Build(context.Background(), Options{Src: os.DirFS(dir)})
		if err != nil {
			t.Fatal(err)
		}
		if inc.Diags.String() != clean.Diags.String() {
			t.Fatalf("step %d (%s): diagnostics differ:\n%s\nvs\n%s", step, what, inc.Diags, clean.Diags)
		}
		if len(inc.Files) != len(clean.Files) {
			t.Fatalf("step %d (%s): %d files, clean build %d", step, what, len(inc.Files), len(clean.Files))
		}
		for i := range inc.Files {
			if inc.Files[i].Path != clean.Files[i].Path || !bytes.Equal(inc.Files[i].Bytes(), clean.Files[i].Bytes()) {
				t.Fatalf("step %d (%s): %s differs from a clean build", step, what, clean.Files[i].Path)
			}
		}
	}
	// Body edits leave the graph as it was: the memo was used, not bypassed.
	if g, _ := cache.graphs.Peek(struct{}{}); g.version >= 60 {
		t.Errorf("the link stage ran on all %d builds: its memo was never used", g.version)
	}
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
