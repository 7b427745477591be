package load

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"rapport/generator/diag"
	"rapport/generator/memo"
)

// TestLoadKnown: a page whose stamp known recognizes is not read (no
// Data; its Sum is the known one), every other page is read with its
// Sum and Stamp, and Fill reads a known page as it is now.
func TestLoadKnown(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("stamps are read on Linux only")
	}
	dir := t.TempDir()
	for name, text := range map[string]string{"a.md": "---\ntitle: A\n---\nA.\n", "b.md": "---\ntitle: B\n---\nB.\n"} {
		if err := os.MkdirAll(filepath.Join(dir, "content", "he"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "content", "he", name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fsys := os.DirFS(dir)
	first, diags := LoadKnown(fsys, nil)
	if diags.HasErrors() || len(first.Pages) != 2 {
		t.Fatalf("%d pages: %v", len(first.Pages), diags)
	}
	for _, p := range first.Pages {
		if p.Data == nil || p.Sum != SumOf(p.Data) || p.Stamp.Ino == 0 || p.Stamp.Size != int64(len(p.Data)) {
			t.Errorf("%s: read without its sum or stamp: %+v", p.Path, p)
		}
	}
	a := first.Pages[0]
	fake := memo.Sum{1}
	known := func(path string, st Stamp) (memo.Sum, bool) { return fake, path == a.Path && st == a.Stamp }
	again, _ := LoadKnown(fsys, known)
	if p := again.Pages[0]; p.Data != nil || p.Sum != fake || p.Stamp != a.Stamp {
		t.Errorf("known page %s: Data %q, Sum %x, stamp %+v", p.Path, p.Data, p.Sum[:4], p.Stamp)
	}
	if p := again.Pages[1]; p.Data == nil || p.Sum != SumOf(p.Data) {
		t.Errorf("unknown page %s not read", p.Path)
	}
	src := again.Pages[0]
	var d diag.List
	Fill(fsys, &src, &d)
	if string(src.Data) != string(a.Data) || src.Sum != a.Sum || len(d) > 0 {
		t.Errorf("Fill: %q, %v", src.Data, d)
	}
}
