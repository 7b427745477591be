package buildcache

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rapport/generator/memo"
)

func key(d *Dir, s string) memo.Sum { return d.Key("parse", memo.NewHash().Strings(s)) }

func TestEntries(t *testing.T) {
	dir := t.TempDir()
	d, notes := Open(dir)
	if d == nil || notes != nil {
		t.Fatalf("Open an empty folder: %v %v", d, notes)
	}
	d.Put("parse", key(d, "a"), []byte("value a"))
	if got, ok := d.Get("parse", key(d, "a")); !ok || string(got) != "value a" {
		t.Fatalf("Get = %q %v", got, ok)
	}
	if _, ok := d.Get("parse", key(d, "b")); ok {
		t.Fatal("an entry never put was found")
	}
	// Another binary (build ID) or format: other names, never read.
	other := &Dir{path: dir, id: "another rapport\x00" + Format}
	if _, ok := other.Get("parse", key(other, "a")); ok {
		t.Fatal("another version read this one's entry")
	}
	// Truncated, flipped, empty: each ignored with a note.
	f := d.file("parse", key(d, "a"))
	data, _ := os.ReadFile(f)
	for i, bad := range [][]byte{data[:len(data)-1], append(append([]byte{}, data[:len(data)-1]...), data[len(data)-1]^1), nil} {
		os.WriteFile(f, bad, 0o644)
		if _, ok := d.Get("parse", key(d, "a")); ok {
			t.Fatalf("damaged entry %d was trusted", i)
		}
	}
	st := d.Stats()
	if st.Hits != 1 || st.Misses != 4 || st.Written != 1 || len(st.Notes) != 3 || !strings.Contains(st.Notes[0], "corrupt") {
		t.Fatalf("stats %+v", st)
	}
	// Reopening finds the tag.
	if d2, notes := Open(dir); d2 == nil || notes != nil {
		t.Fatalf("reopen: %v", notes)
	}
}

func TestNotRapportsFolder(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "thesis.tex"), []byte("mine"), 0o644)
	d, notes := Open(dir)
	if d != nil || len(notes) != 1 || !strings.Contains(notes[0], "not a rapport build cache") {
		t.Fatalf("Open a folder with other files: %v %v", d, notes)
	}
	if es, _ := os.ReadDir(dir); len(es) != 1 {
		t.Fatal("Open wrote into a folder not its own")
	}
}
