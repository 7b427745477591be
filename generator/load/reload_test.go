package load

import (
	"io/fs"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

// countingFS records which files were opened, to tell what Reload read.
// It has only Open, so every read, stat and listing goes through it.
type countingFS struct {
	m      fstest.MapFS
	mu     sync.Mutex
	opened map[string]int
}

func (c *countingFS) Open(name string) (fs.File, error) {
	c.mu.Lock()
	c.opened[name]++
	c.mu.Unlock()
	return c.m.Open(name)
}

// read returns the files opened under content/ that are not folders.
func (c *countingFS) read() []string {
	var out []string
	for name := range c.opened {
		if st, err := fs.Stat(c.m, name); err == nil && !st.IsDir() && strings.HasPrefix(name, "content/") {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

func page(title string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\n---\nbody\n")}
}

func site() fstest.MapFS {
	return fstest.MapFS{
		"content/he/_index.md":      page("בית"),
		"content/he/a.md":           page("א"),
		"content/he/sec/b.md":       page("ב"),
		"content/he/sec/img.png":    {Data: []byte("png")},
		"content/ar/a.md":           page("أ"),
		"content/metrics.toml":      {Data: []byte("")},
		"locales/he.toml":           {Data: []byte("[page]\nanchor = \"קישור\"\n")},
		"themes/default/extra.html": {Data: []byte("x")},
	}
}

// TestReload edits a copy of a site, reloads it from the first load with
// the changed paths, and checks that the result equals a fresh Load and
// that only what changed under content/ was read.
func TestReload(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(fstest.MapFS)
		changed []string
		read    []string // files under content/ Reload may open (nil: any)
	}{
		{
			name:    "page edited",
			edit:    func(m fstest.MapFS) { m["content/he/a.md"] = page("א חדש") },
			changed: []string{"content/he/a.md"},
			read:    []string{"content/he/a.md", "content/metrics.toml"},
		},
		{
			name:    "asset edited",
			edit:    func(m fstest.MapFS) { m["content/he/sec/img.png"] = &fstest.MapFile{Data: []byte("png2")} },
			changed: []string{"content/he/sec/img.png"},
			read:    []string{"content/he/sec/img.png", "content/metrics.toml"},
		},
		{
			name:    "page added: the folders are walked, unchanged files reused",
			edit:    func(m fstest.MapFS) { m["content/he/sec/c.md"] = page("ג") },
			changed: []string{"content/he/sec/c.md"},
			read:    []string{"content/he/sec/c.md", "content/metrics.toml"},
		},
		{
			name:    "page removed",
			edit:    func(m fstest.MapFS) { delete(m, "content/he/a.md") },
			changed: []string{"content/he/a.md"},
			read:    []string{"content/metrics.toml"},
		},
		{
			name: "folder renamed",
			edit: func(m fstest.MapFS) {
				m["content/he/part/b.md"], m["content/he/part/img.png"] = m["content/he/sec/b.md"], m["content/he/sec/img.png"]
				delete(m, "content/he/sec/b.md")
				delete(m, "content/he/sec/img.png")
			},
			changed: []string{"content/he/sec", "content/he/part"},
			read:    []string{"content/he/part/b.md", "content/he/part/img.png", "content/metrics.toml"},
		},
		{
			name:    "language added",
			edit:    func(m fstest.MapFS) { m["content/bg/a.md"] = page("а") },
			changed: []string{"content/bg"},
			read:    []string{"content/bg/a.md", "content/metrics.toml"},
		},
		{
			name:    "page emptied: the walk reports it",
			edit:    func(m fstest.MapFS) { m["content/he/a.md"] = &fstest.MapFile{Data: []byte(" \n")} },
			changed: []string{"content/he/a.md"},
		},
		{
			name: "locale edited: read again without being named",
			edit: func(m fstest.MapFS) {
				m["locales/he.toml"] = &fstest.MapFile{Data: []byte("[page]\nanchor = \"עוגן\"\n")}
			},
			changed: []string{},
			read:    []string{"content/metrics.toml"},
		},
		{
			name:    "everything unknown",
			edit:    func(m fstest.MapFS) { m["content/he/a.md"] = page("א חדש") },
			changed: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := site()
			prev, d := Load(m)
			if len(d) > 0 {
				t.Fatalf("first load: %v", d)
			}
			tt.edit(m)
			fsys := &countingFS{m: m, opened: map[string]int{}}
			got, gotDiags := Reload(fsys, prev, tt.changed)
			want, wantDiags := Load(m)
			if !reflect.DeepEqual(gotDiags, wantDiags) {
				t.Errorf("diagnostics:\n got %v\nwant %v", gotDiags, wantDiags)
			}
			got.Theme, want.Theme = nil, nil // fs.Sub of different FS values
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Reload differs from Load:\n got %+v\nwant %+v", got, want)
			}
			if tt.read != nil && !slices.Equal(fsys.read(), tt.read) {
				t.Errorf("read %q, want only %q", fsys.read(), tt.read)
			}
		})
	}
}

// TestReloadTrustsChanged shows Reload's contract: a file whose path is
// not among the changed ones is taken from the earlier load unread.
func TestReloadTrustsChanged(t *testing.T) {
	m := site()
	prev, _ := Load(m)
	m["content/he/a.md"] = page("not seen")
	m["content/ar/a.md"] = page("seen")
	got, _ := Reload(m, prev, []string{"content/ar/a.md"})
	for _, p := range got.Pages {
		switch p.Path {
		case "content/he/a.md":
			if strings.Contains(string(p.Data), "not seen") {
				t.Errorf("%s was read again though not named as changed", p.Path)
			}
		case "content/ar/a.md":
			if !strings.Contains(string(p.Data), "seen") {
				t.Errorf("%s was not read again: %q", p.Path, p.Data)
			}
		}
	}
}

// TestReloadAfterProblems: an earlier load with problems is not trusted
// to read only the changed files, so the problems are reported again.
func TestReloadAfterProblems(t *testing.T) {
	m := site()
	m["content/he/bad.md"] = &fstest.MapFile{Data: []byte("\xff\xfe bad")}
	prev, d := Load(m)
	if len(d) == 0 {
		t.Fatal("no problem in the first load")
	}
	m["content/he/a.md"] = page("א חדש")
	got, gotDiags := Reload(m, prev, []string{"content/he/a.md"})
	want, wantDiags := Load(m)
	if !reflect.DeepEqual(gotDiags, wantDiags) {
		t.Errorf("diagnostics:\n got %v\nwant %v", gotDiags, wantDiags)
	}
	got.Theme, want.Theme = nil, nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Reload differs from Load:\n got %+v\nwant %+v", got, want)
	}
}

func TestChangedFunc(t *testing.T) {
	changed := changedFunc([]string{"content/he/sec/", "content/ar/a.md"})
	for p, want := range map[string]bool{
		"content/he/sec":        true,
		"content/he/sec/b.md":   true,
		"content/he/section.md": false,
		"content/ar/a.md":       true,
		"content/ar/a.md.bak":   false,
		"content":               false,
	} {
		if got := changed(p); got != want {
			t.Errorf("changed(%q) = %v, want %v", p, got, want)
		}
	}
}
