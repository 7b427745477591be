package watch

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// TestWatchesAFile watches rapport.toml, a file at the root, beside the
// folders: saving it gives a batch naming it, by inotify and by polling.
func TestWatchesAFile(t *testing.T) {
	for _, poll := range []bool{false, true} {
		root := t.TempDir()
		os.Mkdir(filepath.Join(root, "content"), 0o755)
		os.WriteFile(filepath.Join(root, "rapport.toml"), []byte("url = \"/\"\n"), 0o644)
		w, err := New(root, []string{"content", "rapport.toml"}, Options{Poll: poll, PollEvery: 50 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
		os.WriteFile(filepath.Join(root, "rapport.toml"), []byte("url = \"/training/\"\n"), 0o644)
		select {
		case b := <-w.Batches():
			if !slices.Contains(b.Paths, "rapport.toml") {
				t.Errorf("poll=%t: batch %v lacks rapport.toml", poll, b)
			}
		case <-time.After(3 * time.Second):
			t.Errorf("poll=%t: no batch after saving rapport.toml", poll)
		}
		w.Close()
	}
}
