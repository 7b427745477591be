package generator

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"rapport/generator/memo"
	"rapport/generator/output"
)

// TestCachedEqualsClean edits a site at random and builds it after each
// edit twice, each time as a new process would: with the persistent
// cache that every earlier build filled, and clean. The files and
// diagnostics must be the same, byte for byte; the cached builds must
// have restored pages from the cache.
func TestCachedEqualsClean(t *testing.T) {
	dir, cacheDir := t.TempDir(), t.TempDir()
	copyTree(t, "../testdata/site", dir)
	rng := rand.New(rand.NewPCG(3, 4))
	hits, corrupt, records := int64(0), 0, 0
	reused := map[string]int64{}
	// The racy-git rule would not record the stamps of files changed in
	// the last seconds, every file here: a clock an hour ahead records
	// them all, so pages known by their stamps are taken unread, and an
	// edit must change the stamp to be seen.
	later := func() time.Time { return time.Now().Add(time.Hour) }
	// The previous cached build's output, as rapport build would link
	// its unchanged pages into the next one (write.Stream.Reusable).
	prev := map[string]keptFile{}
	reuse := func(path string, sum memo.Sum) bool { k, ok := prev[path]; return ok && k.key == sum }
	for step := range 25 {
		what := randomEdit(t, rng, dir, step)
		if step%7 == 6 {
			what += ", cache entries truncated and flipped"
			damage(t, cacheDir, rng)
		}
		cached, err := Build(context.Background(), Options{Src: os.DirFS(dir), CacheDir: cacheDir, now: later, Reuse: reuse})
		if err != nil {
			t.Fatal(err)
		}
		reused["linked"] += int64(keepOutput(t, cached, prev))
		cached.SaveCache() // as rapport build does once the output is in place
		clean, err := Build(context.Background(), Options{Src: os.DirFS(dir)})
		if err != nil {
			t.Fatal(err)
		}
		sameBuild(t, fmt.Sprintf("step %d (%s)", step, what), cached, clean)
		if src := cached.CacheStats.Kind("source"); step > 0 && step%7 != 6 && src.Hits == 0 {
			t.Errorf("step %d (%s): no page taken by its stamp (%d read)", step, what, src.Misses)
		}
		if len(cached.CacheStats.Notes) > 0 {
			t.Logf("step %d: %s", step, strings.Join(cached.CacheStats.Notes, "; "))
			corrupt += strings.Count(strings.Join(cached.CacheStats.Notes, "\n"), "corrupt or truncated")
			records += strings.Count(strings.Join(cached.CacheStats.Notes, "\n"), "damaged cache record")
		}
		hits += cached.CacheStats.Kind("parse").Hits
		for _, c := range cached.CacheStats.Kinds {
			reused[c.Kind] += c.Hits
		}
		// UI strings and metrics are read by every page's parse.
		setup := strings.HasPrefix(what, "UI strings") || strings.HasPrefix(what, "metrics")
		if step > 0 && step%7 != 6 && !setup && cached.CacheStats.Kind("parse").Hits < int64(len(cached.Site.Pages))/2 {
			t.Errorf("step %d (%s): %d pages restored of %d", step, what, cached.CacheStats.Kind("parse").Hits, len(cached.Site.Pages))
		}
	}
	if hits == 0 || corrupt == 0 || reused["search"] == 0 || reused["index"] == 0 || reused["render"] == 0 || reused["source"] == 0 || records == 0 ||
		reused["linked"] == 0 || reused["view"] == 0 || reused["generated view"] == 0 {
		t.Errorf("%d pages restored from the cache, %d damaged entries and %d damaged records noted; reused %v", hits, corrupt, records, reused)
	}
}

// keptFile is a page of a previous output: its Key and bytes.
type keptFile struct {
	key  [32]byte
	data []byte
}

// keepOutput gives res's Reused files the previous output's bytes, as
// linking them would, and makes res's keyed files the previous output
// of the next build; it returns how many files were reused.
func keepOutput(t *testing.T, res *Result, prev map[string]keptFile) int {
	t.Helper()
	n := 0
	next := map[string]keptFile{}
	for i, f := range res.Files {
		if f.Reused {
			k, ok := prev[f.Path]
			if !ok || k.key != f.Key {
				t.Fatalf("%s reused, but the previous output has no such page", f.Path)
			}
			res.Files[i] = output.File{Path: f.Path, Data: k.data, Key: f.Key}
			n++
		}
		if f.Key != ([32]byte{}) {
			next[f.Path] = keptFile{f.Key, res.Files[i].Bytes()}
		}
	}
	clear(prev)
	maps.Copy(prev, next)
	return n
}

// cachedEqualsClean builds with opts (a build cache), as rapport build
// does: the previous output's files linked (keepOutput, with prev) and
// the records saved; then builds opts.Src clean, and fails unless both
// are the same (what says after which edit). It returns the cached build.
func cachedEqualsClean(t *testing.T, what string, opts Options, prev map[string]keptFile) *Result {
	t.Helper()
	cached, err := Build(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if prev != nil {
		keepOutput(t, cached, prev)
	}
	cached.SaveCache()
	clean, err := Build(context.Background(), Options{Src: opts.Src})
	if err != nil {
		t.Fatal(err)
	}
	sameBuild(t, what, cached, clean)
	return cached
}

// sameBuild fails when a and b differ in diagnostics or files.
func sameBuild(t *testing.T, what string, a, b *Result) {
	t.Helper()
	if a.Diags.String() != b.Diags.String() {
		t.Fatalf("%s: diagnostics differ:\n%s\nvs\n%s", what, a.Diags, b.Diags)
	}
	if len(a.Files) != len(b.Files) {
		t.Fatalf("%s: %d files, clean build %d", what, len(a.Files), len(b.Files))
	}
	for i := range a.Files {
		if a.Files[i].Path != b.Files[i].Path || !bytes.Equal(a.Files[i].Bytes(), b.Files[i].Bytes()) {
			t.Fatalf("%s: %s differs from a clean build", what, b.Files[i].Path)
		}
	}
}

// randomEdit makes one random edit of the site in dir and says what.
func randomEdit(t *testing.T, rng *rand.Rand, dir string, step int) string {
	t.Helper()
	var pages []string
	filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(p) == ".md" && filepath.Base(p) != "_index.md" {
			pages = append(pages, p)
		}
		return nil
	})
	langs := []string{"he", "cs", "ar"}
	op := rng.IntN(13)
	if step%8 == 3 {
		op = 7 // the same stamp but for the change time, at least three times
	}
	if len(pages) < 2 {
		op = 0
	}
	p := ""
	if len(pages) > 0 {
		p = pages[rng.IntN(len(pages))]
	}
	switch op {
	case 0:
		p = filepath.Join(dir, "content", langs[rng.IntN(len(langs))], fmt.Sprintf("new%d.md", step))
		os.WriteFile(p, []byte(fmt.Sprintf("---\ntitle: New %d\nweight: %d\n---\n## Part %d\n\ntext [home](../) \n", step, rng.IntN(50), step)), 0o644)
		return "add " + p
	case 1:
		appendTo(p, fmt.Sprintf("\nMore text %d, ãé 数.\n", step))
		return "edit " + p
	case 2:
		os.Rename(p, filepath.Join(filepath.Dir(p), fmt.Sprintf("renamed%d.md", step)))
		return "rename " + p
	case 3:
		os.Remove(p)
		return "delete " + p
	case 4:
		appendTo(p, fmt.Sprintf("\n::: quiz\nQuestion %d?\n\n- [x] yes\n- [ ] no\n:::\n", step))
		return "question " + p
	case 5:
		appendTo(p, fmt.Sprintf("\n## Heading %d\n\nA [broken link](nowhere-%d.md).\n", step, step))
		return "broken link " + p
	case 6:
		data, _ := os.ReadFile(p)
		os.WriteFile(p, bytes.Replace(data, []byte("title: "), []byte(fmt.Sprintf("title: T%d ", step)), 1), 0o644)
		return "title " + p
	case 7:
		sameStamp(t, p)
		return "same size and modification time " + p
	}
	return siteEdit(t, rng, op, dir, p, step)
}

// siteEdit makes one of randomEdit's edits of what many pages read:
// navigation order, translations, UI strings, the theme, metrics.
func siteEdit(t *testing.T, rng *rand.Rand, op int, dir, p string, step int) string {
	t.Helper()
	switch op {
	case 8:
		setKey(p, "weight", fmt.Sprint(rng.IntN(40)))
		return "weight (navigation) " + p
	case 9:
		other := filepath.Join(dir, "content", []string{"he", "cs", "ar"}[rng.IntN(3)], "guide", "metrics.md")
		for _, f := range []string{p, other} {
			setKey(f, "translationKey", fmt.Sprintf("k%d", step))
		}
		return "translation of " + p + " and " + other
	case 10:
		lang := []string{"he", "cs", "ar"}[rng.IntN(3)]
		f := filepath.Join(dir, "locales", lang+".toml")
		if _, err := os.Stat(f); err != nil {
			copyFile(t, "../locales/"+lang+".toml", f)
		}
		data, _ := os.ReadFile(f)
		os.WriteFile(f, bytes.Replace(data, []byte(`tagline = "`), []byte(fmt.Sprintf(`tagline = "%d `, step)), 1), 0o644)
		return "UI strings " + f
	case 11:
		theme := filepath.Join(dir, "themes", "default")
		if _, err := os.Stat(theme); err != nil {
			copyTree(t, "../themes/default", theme)
		}
		if rng.IntN(2) == 0 {
			appendTo(filepath.Join(theme, "assets", "style.css"), fmt.Sprintf("\n/* step %d */\n", step))
			return "theme style.css"
		}
		f := filepath.Join(theme, "templates", "head.html")
		data, _ := os.ReadFile(f)
		os.WriteFile(f, bytes.Replace(data, []byte("<meta "), []byte(fmt.Sprintf("<meta name=\"step\" content=\"%d\">\n<meta ", step)), 1), 0o644)
		return "theme template head.html"
	default:
		f := filepath.Join(dir, "content", "metrics.toml")
		if _, err := os.Stat(f); err != nil {
			copyFile(t, "../content/metrics.toml", f)
		}
		data, _ := os.ReadFile(f)
		os.WriteFile(f, regexp.MustCompile(`decimals = \d`).ReplaceAll(data, []byte(fmt.Sprintf("decimals = %d", step%3))), 0o644)
		return "metrics.toml"
	}
}

// sameStamp changes a letter of the page at p into another and sets its
// modification time back, as touch -d would: the same size and time,
// only its change time (and what it says) differ.
func sameStamp(t *testing.T, p string) {
	t.Helper()
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(p)
	i := bytes.LastIndexAny(data, "aeiou")
	if i < 0 {
		t.Fatalf("%s: no vowel to change", p)
	}
	data[i] = map[byte]byte{'a': 'e', 'e': 'i', 'i': 'o', 'o': 'u', 'u': 'a'}[data[i]]
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err == nil {
		err = os.MkdirAll(filepath.Dir(to), 0o755)
	}
	if err == nil {
		err = os.WriteFile(to, data, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// setKey sets front matter key to value in the page at p.
func setKey(p, key, value string) {
	data, err := os.ReadFile(p)
	if err != nil {
		return
	}
	re := regexp.MustCompile(`(?m)^` + key + `: .*$`)
	if re.Match(data) {
		data = re.ReplaceAll(data, []byte(key+": "+value))
	} else {
		data = bytes.Replace(data, []byte("---\n"), []byte("---\n"+key+": "+value+"\n"), 1)
	}
	os.WriteFile(p, data, 0o644)
}

func appendTo(p, text string) {
	f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return
	}
	f.WriteString(text)
	f.Close()
}

// damage damages every pack of the cache in dir: the first truncated,
// the others a byte flipped in each of their entries' part, so the next
// build meets damaged packs and entries whatever they are named (their
// contents include the binary's build ID, so which entry is where
// differs between machines).
func damage(t *testing.T, dir string, rng *rand.Rand) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "pack-*"))
	if len(files) == 0 {
		t.Fatal("the cache holds no packs")
	}
	for i, f := range files {
		data, _ := os.ReadFile(f)
		if i == 0 {
			data = data[:len(data)/2]
		} else {
			for at := 60; at < len(data)*3/4; at += 1 + rng.IntN(4000) {
				data[at] ^= 0x20
			}
		}
		os.WriteFile(f, data, 0o644)
	}
	records, _ := filepath.Glob(filepath.Join(dir, "record-*"))
	for _, f := range records { // the pages' stamps: a byte flipped
		data, _ := os.ReadFile(f)
		if len(data) > 80 {
			data[60+rng.IntN(len(data)-80)] ^= 0x20
			os.WriteFile(f, data, 0o644)
		}
	}
}

// TestCachedBuildsAtOnce: builds sharing a cache at once, each reading
// the packs, writing its own and listing it, give a clean build's output,
// and so does a build after them, from what they left.
func TestCachedBuildsAtOnce(t *testing.T) {
	dir, cacheDir := t.TempDir(), t.TempDir()
	copyTree(t, "../testdata/site", dir)
	clean, err := Build(context.Background(), Options{Src: os.DirFS(dir)})
	if err != nil {
		t.Fatal(err)
	}
	for round := range 3 {
		results := make([]*Result, 3)
		errs := make([]error, 3)
		done := make(chan int)
		for i := range results {
			go func() {
				results[i], errs[i] = Build(context.Background(), Options{Src: os.DirFS(dir), CacheDir: cacheDir})
				if errs[i] == nil {
					results[i].SaveCache() // the records too, at once
				}
				done <- i
			}()
		}
		for range results {
			<-done
		}
		for i, res := range results {
			if errs[i] != nil {
				t.Fatal(errs[i])
			}
			sameBuild(t, fmt.Sprintf("round %d, build %d", round, i), res, clean)
			if len(res.CacheStats.Notes) > 0 {
				t.Errorf("round %d, build %d: %v", round, i, res.CacheStats.Notes)
			}
		}
	}
	last, err := Build(context.Background(), Options{Src: os.DirFS(dir), CacheDir: cacheDir})
	if err != nil {
		t.Fatal(err)
	}
	sameBuild(t, "after them", last, clean)
	if n := last.CacheStats.Kind("render").Hits; n == 0 {
		t.Errorf("the build after them reused no rendered page: %+v", last.CacheStats)
	}
}

// TestCachedShapeAndQuestions: an edit that changes a page's shape (a
// paragraph added) changes the translation report's inputs, which only
// the status page shows: every other content page is linked from the
// previous output without its view being made. A question added changes the
// progress and certificate pages (their courses count questions), which
// must then be made again. Each cached build equals a clean one.
func TestCachedShapeAndQuestions(t *testing.T) {
	dir, cacheDir := t.TempDir(), t.TempDir()
	copyTree(t, "../testdata/site", dir)
	later := func() time.Time { return time.Now().Add(time.Hour) }
	prev := map[string]keptFile{}
	reuse := func(path string, sum memo.Sum) bool { k, ok := prev[path]; return ok && k.key == sum }
	page := filepath.Join(dir, "content", "he", "guide", "metrics.md")
	var unchanged int64
	steps := []struct {
		what string
		edit func()
	}{
		{"the cache filled", func() {}},
		{"nothing changed", func() {}},
		{"a paragraph added", func() { appendTo(page, "\nפסקה חדשה על הקשבה ללקוח.\n") }},
		{"a question added", func() {
			appendTo(page, "\n::: quiz\nמה עושים קודם?\n\n- [x] מקשיבים\n- [ ] עונים\n:::\n")
		}},
	}
	for i, s := range steps {
		s.edit()
		cached := cachedEqualsClean(t, s.what, Options{Src: os.DirFS(dir), CacheDir: cacheDir, now: later, Reuse: reuse}, prev)
		if i == 0 {
			continue
		}
		// Pages with a problem of their own are made at every build.
		v := cached.CacheStats.Kind("view")
		if i == 1 {
			unchanged = v.Misses
		}
		if i == 2 && v.Misses != unchanged+1 {
			t.Errorf("%s: %d content pages' views made, %d when nothing changed; want one more", s.what, v.Misses, unchanged)
		}
		if g := cached.CacheStats.Kind("generated view"); g.Hits == 0 {
			t.Errorf("%s: every generated page made again", s.what)
		}
	}
}
