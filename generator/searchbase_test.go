package generator

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestCachedIndexUpdates edits the Hebrew pages of testdata/site one way
// after another and builds after each with the persistent cache and
// clean: the files are the same, and the edited language's index is
// updated from the last build's (its Base read, "index"), while the other
// languages' indexes are taken whole. The edits are every change an index sees: a page's
// terms, a heading added (every later section numbered anew), a page
// deleted from the middle, added at the front, renamed, moved by its
// weight, retitled, and an edit of another language only.
func TestCachedIndexUpdates(t *testing.T) {
	dir, cacheDir := t.TempDir(), t.TempDir()
	copyTree(t, "../testdata/site", dir)
	he := func(name string) string { return filepath.Join(dir, "content", "he", "guide", name) }
	for i, name := range []string{"a.md", "b.md", "c.md", "d.md"} {
		page := fmt.Sprintf("---\ntitle: דף %c\nweight: %d\n---\nפתיחה %d על לקוחות.\n\n## שלב ראשון\n\nמקשיבים ללקוח %d.\n\n## שלב שני\n\nמסכמים בכתב.\n", 'א'+rune(i), 30+i, i, i)
		os.WriteFile(he(name), []byte(page), 0o644)
	}
	later := func() time.Time { return time.Now().Add(time.Hour) }
	steps := []struct {
		what string
		edit func()
	}{
		{"the cache filled", func() {}},
		{"a sentence added", func() { appendTo(he("b.md"), "\nמשפט חדש עם מילים חדשות.\n") }},
		{"a heading added: later sections numbered anew", func() { appendTo(he("a.md"), "\n## שלב שלישי\n\nשואלים שאלות.\n") }},
		{"a page deleted from the middle", func() { os.Remove(he("c.md")) }},
		{"a page added at the front", func() {
			os.WriteFile(he("first.md"), []byte("---\ntitle: ראשון\nweight: 1\n---\nדף ראשון לגמרי.\n\n## שלב\n\nמילה ייחודית.\n"), 0o644)
		}},
		{"a page renamed", func() { os.Rename(he("b.md"), he("z.md")) }},
		{"a page moved by its weight", func() { setKey(he("d.md"), "weight", "2") }},
		{"a title changed", func() { setKey(he("a.md"), "title", "כותרת חדשה") }},
		{"another language's page edited", func() { appendTo(filepath.Join(dir, "content", "cs", "guide", "metrics.md"), "\nNová věta.\n") }},
	}
	for i, s := range steps {
		s.edit()
		cached := cachedEqualsClean(t, s.what, Options{Src: os.DirFS(dir), CacheDir: cacheDir, now: later}, nil)
		if i == 0 {
			continue
		}
		index := cached.CacheStats.Kind("index")
		if index.Hits != 1 || index.Misses != 0 {
			t.Errorf("%s: %d indexes updated from the last build's, %d not found; want 1 and 0", s.what, index.Hits, index.Misses)
		}
	}
}
