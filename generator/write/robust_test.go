package write

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"rapport/generator/output"
)

// TestPublishedModes: folders 0755 and files 0644, less the umask, so a
// web server running as another user can read the site (the temporary
// folder that becomes the output was once 0700).
func TestPublishedModes(t *testing.T) {
	umask := syscall.Umask(0o022)
	defer syscall.Umask(umask)
	for _, mask := range []int{0o022, 0o027} {
		syscall.Umask(mask)
		out := filepath.Join(t.TempDir(), "public")
		if err := writeAll(out, files("x"), Options{}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			path string
			want os.FileMode
		}{{"", 0o755}, {"he", 0o755}, {"he/a", 0o755}, {"index.html", 0o644}, {"he/a/index.html", 0o644}, {Marker, 0o644}} {
			st, err := os.Stat(filepath.Join(out, c.path))
			if err != nil {
				t.Fatal(err)
			}
			if want := c.want &^ os.FileMode(mask); st.Mode().Perm() != want {
				t.Errorf("umask %03o: %s/%s has mode %v, want %v", mask, filepath.Base(out), c.path, st.Mode().Perm(), want)
			}
		}
	}
}

// TestRefusesThroughSymlink: an output path that reaches the sources
// through a symbolic link is refused, even with -force.
func TestRefusesThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "site")
	os.MkdirAll(filepath.Join(src, "content", "he"), 0o755)
	os.WriteFile(filepath.Join(src, "content", "he", "a.md"), []byte("---\ntitle: A\n---\n"), 0o644)
	os.Symlink(filepath.Join(src, "content"), filepath.Join(dir, "link"))
	os.Symlink(src, filepath.Join(dir, "sitelink"))
	for _, out := range []string{filepath.Join(dir, "link", "he"), filepath.Join(dir, "link"), filepath.Join(dir, "sitelink")} {
		err := writeAll(out, files("x"), Options{Src: src, Force: true})
		if err == nil || !strings.Contains(err.Error(), "refusing") {
			t.Errorf("-out %s: err = %v, want a refusal", out, err)
		}
	}
	if _, err := os.Stat(filepath.Join(src, "content", "he", "a.md")); err != nil {
		t.Errorf("a source was removed: %v", err)
	}
}

// TestSecondBuildWaits: a second build into the same folder waits for the
// first (Options.Wait is told), and neither removes the other's files.
func TestSecondBuildWaits(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	first, err := Begin(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files("first") {
		first.Put(f)
	}
	waiting := make(chan bool, 1)
	done := make(chan error, 1)
	go func() {
		second, err := Begin(out, Options{Wait: func() { waiting <- true }})
		if err == nil {
			for _, f := range files("second") {
				second.Put(f)
			}
			err = second.Commit()
		}
		done <- err
	}()
	select {
	case <-waiting:
	case err := <-done:
		t.Fatalf("second build did not wait: %v", err)
	case <-time.After(5 * time.Second):
		t.Fatal("Wait not called")
	}
	if err := first.Commit(); err != nil {
		t.Fatalf("first build: %v", err)
	}
	if err := <-done; err != nil {
		t.Fatalf("second build: %v", err)
	}
	if got, _ := os.ReadFile(filepath.Join(out, "index.html")); string(got) != "second" {
		t.Errorf("index.html = %q, want the second build's", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left beside the output: %v", entries)
	}
}

// TestWaitCancelled: a waiting build stops when cancelled.
func TestWaitCancelled(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	first, err := Begin(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer first.Abort()
	cancel := make(chan struct{})
	close(cancel)
	if _, err := Begin(out, Options{Cancel: cancel}); err == nil || !strings.Contains(err.Error(), "cancelled") {
		t.Errorf("err = %v, want cancelled", err)
	}
}

// TestMessagesNameOutput: a file the disk refuses is reported with the
// output folder and the file's path in the site, never the temporary
// folder; -out naming a file says so.
func TestMessagesNameOutput(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	clash := []output.File{{Path: "he/index.html", Data: []byte("a")}, {Path: "he/index.html/index.html", Data: []byte("b")}}
	err := writeAll(out, clash, Options{})
	if err == nil || strings.Contains(err.Error(), "rapport-new") || !strings.HasPrefix(err.Error(), out+": cannot write he/index.html") {
		t.Errorf("err = %v, want naming %s and he/index.html…, not the temporary folder", err, out)
	}
	file := filepath.Join(dir, "file")
	os.WriteFile(file, []byte("x"), 0o644)
	if err := writeAll(file, files("x"), Options{}); err == nil || err.Error() != file+": output exists and is a file, not a folder" {
		t.Errorf("-out a file: %v", err)
	}
	if err := writeAll(filepath.Join(file, "public"), files("x"), Options{}); err == nil || !strings.Contains(err.Error(), "a parent is a file") {
		t.Errorf("-out under a file: %v", err)
	}
}
