package write

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rapport/generator/output"
)

// writeAll publishes files to the folder out, as a build's Stream does.
func writeAll(out string, files []output.File, opts Options) error {
	st, err := Begin(out, opts)
	if err != nil {
		return err
	}
	for _, f := range files {
		st.Put(f)
	}
	return st.Commit()
}

func files(content string) []output.File {
	return []output.File{{Path: "index.html", Data: []byte(content)}, {Path: "he/a/index.html", Data: []byte("א")}}
}

func TestWriteReplacesOwnOutput(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	if err := writeAll(out, files("one"), Options{}); err != nil {
		t.Fatal(err)
	}
	if err := writeAll(out, files("two"), Options{}); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if string(got) != "two" {
		t.Errorf("index.html = %q, want two", got)
	}
	if _, err := os.Stat(filepath.Join(out, Marker)); err != nil {
		t.Errorf("marker missing: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("leftover folders beside the output: %v", entries)
	}
}

func TestWriteRefuses(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "site")
	os.MkdirAll(filepath.Join(src, "content", "he"), 0o755)
	foreign := filepath.Join(dir, "docs")
	os.MkdirAll(foreign, 0o755)
	os.WriteFile(filepath.Join(foreign, "keep.txt"), []byte("mine"), 0o644)
	tests := []struct {
		name, out, want string
		force           bool
	}{
		{"source itself", src, "its own source folder", false},
		{"parent of source", dir, "its own source folder", true},
		{"inside content", filepath.Join(src, "content", "public"), "inside the source folder content", false},
		{"inside themes", filepath.Join(src, "themes", "x"), "inside the source folder themes", false},
		{"inside locales", filepath.Join(src, "locales"), "inside the source folder locales", false},
		{"foreign folder", foreign, "not written by rapport: pass -force", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := writeAll(tt.out, files("x"), Options{Src: src, Force: tt.force})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want containing %q", err, tt.want)
			}
		})
	}
	if got, _ := os.ReadFile(filepath.Join(foreign, "keep.txt")); string(got) != "mine" {
		t.Error("a refused write changed a foreign folder")
	}
	if err := writeAll(foreign, files("x"), Options{Src: src, Force: true}); err != nil {
		t.Errorf("-force: %v", err)
	}
}

func TestWriteFailureKeepsPrevious(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	if err := writeAll(out, files("one"), Options{}); err != nil {
		t.Fatal(err)
	}
	bad := append(files("two"), output.File{Path: "../escape.html", Data: []byte("x")})
	if err := writeAll(out, bad, Options{}); err == nil {
		t.Fatal("write outside the output folder was accepted")
	}
	got, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if string(got) != "one" {
		t.Errorf("previous output changed: %q", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "escape.html")); err == nil {
		t.Error("file written outside the output folder")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary folder left behind: %v", entries)
	}
}

func TestStaleTemporaryFoldersRemoved(t *testing.T) {
	dir := t.TempDir()
	stale := filepath.Join(dir, ".public.rapport-new-123")
	os.MkdirAll(stale, 0o755)
	if err := writeAll(filepath.Join(dir, "public"), files("x"), Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("stale folder from a killed build was not removed")
	}
}

// TestStaleFoldersNamed: Begin says which folders of killed builds it
// removed, for the command to name them.
func TestStaleFoldersNamed(t *testing.T) {
	dir := t.TempDir()
	stale := filepath.Join(dir, ".public.rapport-old-7")
	os.MkdirAll(filepath.Join(stale, "he"), 0o755)
	st, err := Begin(filepath.Join(dir, "public"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Abort()
	if len(st.Stale) != 1 || st.Stale[0] != stale {
		t.Errorf("Stale = %v, want [%s]", st.Stale, stale)
	}
}
