package watch

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestPanicIsReported: a panic in any of the watcher's goroutines (here
// injected through Options.step while it reads an event, gathers one into
// a batch, or polls) is reported through Notice as an internal error
// naming what it was handling; the next batch is a rescan, and the
// watcher goes on sending batches for later saves.
func TestPanicIsReported(t *testing.T) {
	for _, tt := range []struct {
		stage string
		poll  bool
	}{{"read", false}, {"gather", false}, {"gather", true}, {"poll", true}} {
		t.Run(tt.stage+map[bool]string{true: "-polling"}[tt.poll], func(t *testing.T) {
			root := t.TempDir()
			dir := filepath.Join(root, "content", "he")
			os.MkdirAll(dir, 0o755)
			notices := make(chan string, 10)
			opts := Options{Poll: tt.poll, PollEvery: 50 * time.Millisecond, Quiet: 200 * time.Millisecond, MaxWait: 5 * time.Second,
				Notice: func(msg string) { notices <- msg },
				step: func(stage, path string) {
					if stage == tt.stage && strings.HasSuffix(path, "bad.md") {
						panic("injected")
					}
				}}
			w, err := New(root, []string{"content"}, opts)
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			if tt.poll {
				time.Sleep(2 * opts.PollEvery) // its first look at the files
			}
			os.WriteFile(filepath.Join(dir, "bad.md"), []byte("x"), 0o644)
			select {
			case msg := <-notices:
				if !strings.Contains(msg, "internal error in the file watcher, handling ") || !strings.Contains(msg, "injected") {
					t.Errorf("notice %q", msg)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("no notice of the panic")
			}
			if got := batches(w); !slices.ContainsFunc(got, func(b Batch) bool { return b.Rescan }) {
				t.Errorf("batches after the panic %v, want a rescan", got)
			}
			os.WriteFile(filepath.Join(dir, "good.md"), []byte("x"), 0o644)
			if got := batches(w); len(got) != 1 || !slices.Equal(got[0].Paths, []string{"content/he/good.md"}) {
				t.Errorf("batches for a later save %v, want one with content/he/good.md", got)
			}
		})
	}
}
