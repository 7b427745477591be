package watch

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// setup makes a site folder with content/he/a.md and a watcher on it.
func setup(t *testing.T, poll bool) (string, *Watcher) {
	t.Helper()
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "content", "he"), 0o755)
	os.MkdirAll(filepath.Join(root, "locales"), 0o755)
	os.WriteFile(filepath.Join(root, "content", "he", "a.md"), []byte("one"), 0o644)
	// The tests check how saves are grouped, not how fast: a quiet period
	// of 200 ms (25 ms in use) keeps a busy machine, which can pause the
	// writing goroutine for tens of milliseconds, from splitting a burst.
	w, err := New(root, []string{"content", "locales", "themes"}, Options{Poll: poll, PollEvery: 50 * time.Millisecond, Quiet: 200 * time.Millisecond, MaxWait: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return root, w
}

// batches collects the batches that arrive until a second passes without one.
func batches(w *Watcher) []Batch {
	var out []Batch
	for {
		select {
		case b := <-w.Batches():
			out = append(out, b)
		case <-time.After(time.Second):
			return out
		}
	}
}

func TestEditorSaves(t *testing.T) {
	tests := []struct {
		name string
		save func(dir string)
		want []string
	}{
		{"write in place", func(d string) { os.WriteFile(filepath.Join(d, "a.md"), []byte("two"), 0o644) }, []string{"content/he/a.md"}},
		{"write then rename over", func(d string) {
			os.WriteFile(filepath.Join(d, ".a.md.tmp"), []byte("two"), 0o644)
			os.Rename(filepath.Join(d, ".a.md.tmp"), filepath.Join(d, "a.md"))
		}, []string{"content/he/a.md"}},
		{"delete and create", func(d string) {
			os.Remove(filepath.Join(d, "a.md"))
			os.WriteFile(filepath.Join(d, "a.md"), []byte("two"), 0o644)
		}, []string{"content/he/a.md"}},
		{"vim", func(d string) {
			os.WriteFile(filepath.Join(d, "4913"), nil, 0o644)
			os.Remove(filepath.Join(d, "4913"))
			os.WriteFile(filepath.Join(d, ".a.md.swp"), []byte("swap"), 0o644)
			os.Rename(filepath.Join(d, "a.md"), filepath.Join(d, "a.md~"))
			os.WriteFile(filepath.Join(d, "a.md"), []byte("two"), 0o644)
			os.Remove(filepath.Join(d, "a.md~"))
		}, []string{"content/he/a.md"}},
		{"sed -i", func(d string) {
			if err := exec.Command("sed", "-i", "s/one/two/", filepath.Join(d, "a.md")).Run(); err != nil {
				panic(err)
			}
		}, nil},
		{"new folder with a file", func(d string) {
			os.MkdirAll(filepath.Join(d, "new"), 0o755)
			os.WriteFile(filepath.Join(d, "new", "b.md"), []byte("b"), 0o644)
		}, nil},
		{"burst of 100 writes", func(d string) {
			for i := range 100 {
				os.WriteFile(filepath.Join(d, fmt.Sprintf("p%d.md", i)), []byte("x"), 0o644)
			}
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, w := setup(t, false)
			tt.save(filepath.Join(root, "content", "he"))
			got := batches(w)
			if len(got) != 1 {
				t.Fatalf("%d batches, want exactly 1: %+v", len(got), got)
			}
			if tt.want != nil && !slices.Equal(got[0].Paths, tt.want) {
				t.Errorf("paths %v, want %v", got[0].Paths, tt.want)
			}
			if tt.name == "burst of 100 writes" && len(got[0].Paths) != 100 {
				t.Errorf("%d paths in the batch, want 100", len(got[0].Paths))
			}
			if tt.name == "sed -i" && !slices.Contains(got[0].Paths, "content/he/a.md") {
				t.Errorf("sed -i: a.md not in %v", got[0].Paths)
			}
		})
	}
}

func TestNewFolderIsWatched(t *testing.T) {
	root, w := setup(t, false)
	dir := filepath.Join(root, "content", "he", "later")
	os.MkdirAll(dir, 0o755)
	batches(w)
	os.WriteFile(filepath.Join(dir, "c.md"), []byte("c"), 0o644)
	got := batches(w)
	if len(got) != 1 || !slices.Contains(got[0].Paths, "content/he/later/c.md") {
		t.Errorf("edit in a folder created after start: %+v", got)
	}
}

func TestChmodOnlyIgnored(t *testing.T) {
	root, w := setup(t, false)
	os.Chmod(filepath.Join(root, "content", "he", "a.md"), 0o600)
	if got := batches(w); len(got) != 0 {
		t.Errorf("chmod produced batches: %+v", got)
	}
}

func TestPolling(t *testing.T) {
	root, w := setup(t, true)
	time.Sleep(100 * time.Millisecond)
	os.WriteFile(filepath.Join(root, "content", "he", "a.md"), []byte("changed size"), 0o644)
	got := batches(w)
	if len(got) != 1 || !slices.Equal(got[0].Paths, []string{"content/he/a.md"}) {
		t.Errorf("polling: %+v", got)
	}
}

// TestPending: changes not yet sent in a batch, or sent and not yet taken,
// are pending; once the batch is taken and nothing changed since, none are.
func TestPending(t *testing.T) {
	root, w := setup(t, false)
	if w.Pending() {
		t.Fatal("pending before any change")
	}
	os.WriteFile(filepath.Join(root, "content", "he", "a.md"), []byte("two"), 0o644)
	deadline := time.Now().Add(5 * time.Second)
	for !w.Pending() && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if !w.Pending() {
		t.Fatal("a write is not pending")
	}
	select {
	case <-w.Batches():
	case <-time.After(5 * time.Second):
		t.Fatal("no batch")
	}
	if w.Pending() {
		t.Error("pending after the batch was taken, with nothing changed since")
	}
}
