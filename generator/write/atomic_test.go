package write

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestReplace: the file is replaced whole, keeps its permissions, and no
// temporary file is left beside it; a write that fails leaves the old
// file as it was.
func TestReplace(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.md")
	if err := os.WriteFile(p, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	if err := Replace(root, "a.md", []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(p)
	st, _ := os.Stat(p)
	if string(data) != "new" || st.Mode().Perm() != 0o600 {
		t.Errorf("got %q, mode %v; want \"new\", 0600 kept", data, st.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files left beside it: %v", entries)
	}
	// A folder where the file would go: the rename fails, nothing is left.
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	os.WriteFile(filepath.Join(dir, "sub", "x"), nil, 0o644)
	if err := Replace(root, "sub", []byte("new"), 0o644); err == nil {
		t.Error("replaced a folder")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("a failed replace left files: %v", entries)
	}
}

// TestCreate: a new file is created whole; an existing one is left alone
// with an error matching fs.ErrExist.
func TestCreate(t *testing.T) {
	dir := t.TempDir()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	if err := Create(root, "a.md", []byte("one"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Create(root, "a.md", []byte("two"), 0o644); !errors.Is(err, fs.ErrExist) {
		t.Errorf("second create: %v, want fs.ErrExist", err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "a.md"))
	entries, _ := os.ReadDir(dir)
	if string(data) != "one" || len(entries) != 1 {
		t.Errorf("got %q and %d files, want \"one\" alone", data, len(entries))
	}
}
