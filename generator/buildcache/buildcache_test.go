package buildcache

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"rapport/generator/memo"
)

func key(d *Dir, s string) memo.Sum { return d.Key("parse", memo.NewHash().Strings(s)) }

// reopen closes d and opens its folder again, as the next process would.
func reopen(t *testing.T, d *Dir) *Dir {
	t.Helper()
	d.Close()
	d2, notes := Open(d.path)
	if d2 == nil || notes != nil {
		t.Fatalf("reopen: %v", notes)
	}
	return d2
}

func get(d *Dir, s string) string {
	b, ok := d.Get("parse", key(d, s))
	if !ok {
		return "(none)"
	}
	return string(b)
}

func packs(t *testing.T, dir string) []string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(dir, "pack-*"))
	return m
}

func TestEntries(t *testing.T) {
	dir := t.TempDir()
	d, notes := Open(dir)
	if d == nil || notes != nil {
		t.Fatalf("Open an empty folder: %v %v", d, notes)
	}
	d.Put("parse", key(d, "a"), []byte("value a"))
	d.Put("parse", key(d, "b"), []byte("value b"))
	if got := get(d, "a"); got != "(none)" {
		t.Fatalf("an entry of this build's pack was found before Close: %q", got)
	}
	d = reopen(t, d)
	if a, b, c := get(d, "a"), get(d, "b"), get(d, "c"); a != "value a" || b != "value b" || c != "(none)" {
		t.Fatalf("Get = %q %q %q", a, b, c)
	}
	d.Put("parse", key(d, "c"), []byte("value c"))
	d = reopen(t, d) // lists the first pack (b was used) and the new one
	if n := len(packs(t, dir)); n != 2 {
		t.Fatalf("%d packs, want 2", n)
	}
	if a, b, c := get(d, "a"), get(d, "b"), get(d, "c"); a != "value a" || b != "value b" || c != "value c" {
		t.Fatalf("Get = %q %q %q", a, b, c)
	}
	st := d.Stats()
	if c := st.Kind("parse"); c.Hits != 3 || c.Misses != 0 || len(st.Notes) != 0 {
		t.Fatalf("stats %+v", st)
	}
	// Another binary (build ID) or format: other names, never read.
	other := &Dir{path: dir, id: "another rapport\x00" + Format, entries: map[memo.Sum]ref{}, used: map[memo.Sum]bool{}, counts: map[string]*Count{}}
	other.readPacks()
	if len(other.entries) != 0 || len(other.notes) != 1 || !strings.Contains(other.notes[0], "another build of rapport") {
		t.Fatalf("another version read this one's packs: %d entries, %v", len(other.entries), other.notes)
	}
	d.Close()
	// A build of another binary replaces the list: the packs it named go.
	other.Put("parse", key(other, "x"), []byte("x"))
	other.Close()
	if n := len(packs(t, dir)); n != 1 {
		t.Fatalf("%d packs after another binary's build, want its own only", n)
	}
}

// TestUnusedEntriesGo: a build that uses few of the cache's entries
// copies them into its own pack; the old packs are removed.
func TestUnusedEntriesGo(t *testing.T) {
	dir := t.TempDir()
	d, _ := Open(dir)
	big := strings.Repeat("x", 1<<20)
	for i := range 8 {
		d.Put("parse", key(d, fmt.Sprint(i)), []byte(fmt.Sprint(i)+big))
	}
	d = reopen(t, d)
	first := packs(t, dir)
	if got := get(d, "3"); !strings.HasPrefix(got, "3x") {
		t.Fatalf("Get = %.10q", got)
	}
	d = reopen(t, d)
	now := packs(t, dir)
	if len(now) != 1 || now[0] == first[0] {
		t.Fatalf("packs %v after %v: want one new pack", now, first)
	}
	if got, none := get(d, "3"), get(d, "4"); !strings.HasPrefix(got, "3x") || none != "(none)" {
		t.Fatalf("Get = %.10q %.10q", got, none)
	}
	d.Close()
}

// TestDamagedPacks: a truncated pack, a flipped byte in an entry or in
// the index, a damaged list: each is noted and not trusted, and the
// build goes on with what checks.
func TestDamagedPacks(t *testing.T) {
	for _, damage := range []string{"truncated", "entry", "index", "list"} {
		dir := t.TempDir()
		d, _ := Open(dir)
		d.Put("parse", key(d, "a"), []byte("value a"))
		d.Put("parse", key(d, "b"), []byte("value b"))
		d.Close()
		p := packs(t, dir)[0]
		data, _ := os.ReadFile(p)
		switch damage {
		case "truncated":
			os.WriteFile(p, data[:len(data)-5], 0o644)
		case "entry":
			data[len(header(d.id))+2] ^= 1 // in "value a"
			os.WriteFile(p, data, 0o644)
		case "index":
			data[len(data)-footer-3] ^= 1
			os.WriteFile(p, data, 0o644)
		case "list":
			os.WriteFile(filepath.Join(dir, "packs"), []byte(Format+"\npack-x"), 0o644)
		}
		d, _ = Open(dir)
		a, b := get(d, "a"), get(d, "b")
		st := d.Stats()
		if a != "(none)" || (damage == "entry") != (b == "value b") || len(st.Notes) != 1 {
			t.Errorf("%s: Get = %q %q, notes %q", damage, a, b, st.Notes)
		}
		d.Put("parse", key(d, "a"), []byte("value a"))
		d = reopen(t, d)
		if a := get(d, "a"); a != "value a" || len(d.Stats().Notes) != 0 {
			t.Errorf("%s: after a build remade it: %q %v", damage, a, d.Stats().Notes)
		}
		d.Close()
	}
}

// TestConcurrentBuilds: builds sharing a cache at once, each reading,
// writing and listing its pack: afterwards every entry found is whole,
// and the last build's entries are there.
func TestConcurrentBuilds(t *testing.T) {
	dir := t.TempDir()
	d, _ := Open(dir)
	d.Put("parse", key(d, "seed"), []byte("seed"))
	d.Close()
	var wg sync.WaitGroup
	for b := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for round := range 5 {
				d, notes := Open(dir)
				if d == nil {
					t.Errorf("Open: %v", notes)
					return
				}
				get(d, "seed")
				for i := range 20 {
					s := fmt.Sprintf("%d-%d-%d", b, round, i)
					d.Put("parse", key(d, s), []byte("value "+s))
				}
				d.Close()
			}
		}()
	}
	wg.Wait()
	d, _ = Open(dir)
	defer d.Close()
	for k, r := range d.entries {
		if _, ok := r.p.payload(r); !ok {
			t.Fatalf("entry %x does not check", k[:4])
		}
	}
	if len(d.entries) < 20 || len(d.Stats().Notes) > 0 {
		t.Fatalf("%d entries after concurrent builds; notes %v", len(d.entries), d.Stats().Notes)
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

// TestKeptEntriesStay: an entry a build used without reading it (Keep:
// a page linked from the previous output) is used as much as one it
// read: its pack stays listed and is not copied.
func TestKeptEntriesStay(t *testing.T) {
	dir := t.TempDir()
	d, _ := Open(dir)
	big := strings.Repeat("x", 1<<20)
	for i := range 4 {
		d.Put("render", key(d, fmt.Sprint(i)), []byte(big))
	}
	d = reopen(t, d)
	first := packs(t, dir)
	for i := range 4 {
		d.Keep(key(d, fmt.Sprint(i)))
	}
	d.Keep(key(d, "never put"))
	d = reopen(t, d)
	if now := packs(t, dir); len(now) != 1 || now[0] != first[0] {
		t.Fatalf("packs %v, want %v as it was", now, first)
	}
	if got := get(d, "2"); got != big {
		t.Fatalf("a kept entry is gone: %.10q", got)
	}
	d.Close()
}

// BenchmarkRecordText reads a record of 20 MB, a page record's size at
// 10,000 playbooks.
func BenchmarkRecordText(b *testing.B) {
	d, _ := Open(b.TempDir())
	w := d.CreateRecord("big")
	w.Write([]byte(strings.Repeat("0123456789abcdef", 20<<20/16)))
	w.Commit()
	b.SetBytes(20 << 20)
	for b.Loop() {
		if _, ok := d.RecordText("big"); !ok {
			b.Fatal("no record")
		}
	}
}

// TestForeignRecordsGo: a build that finds the packs of another rapport
// build removes that build's records, and keeps its own.
func TestForeignRecordsGo(t *testing.T) {
	dir := t.TempDir()
	d, _ := Open(dir)
	d.Put("parse", key(d, "a"), []byte("value a"))
	d.SetRecord("mine", []byte("payload"))
	d.Close()
	other, _ := Open(dir)
	other.id = "another build ID\x00" + Format // as another binary would
	other.Put("parse", key(other, "b"), []byte("value b"))
	other.SetRecord("theirs", []byte("payload"))
	other.Close() // lists its pack; ours, unused, goes
	// A list naming a pack of each build: ours reads the other as foreign.
	d, _ = Open(dir)
	d.Put("parse", key(d, "c"), []byte("value c"))
	d.Close()
	if _, err := os.Stat(filepath.Join(dir, "record-theirs")); err == nil {
		t.Fatal("another build's record stayed")
	}
	if _, err := os.Stat(filepath.Join(dir, "record-mine")); err != nil {
		t.Fatalf("this build's record went: %v", err)
	}
}

// TestBuildID: the running binary's ID is its Go build ID, as go tool
// buildid reads it, when the executable is an ELF file.
func TestBuildID(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	out, err := exec.Command("go", "tool", "buildid", exe).Output()
	if err != nil {
		t.Skipf("go tool buildid: %v", err)
	}
	want := strings.TrimSpace(string(out))
	if got := BuildID(); got != want {
		if elfBuildID(exe) == "" && runtime.GOOS != "linux" {
			t.Skipf("not an ELF executable here (%s)", runtime.GOOS)
		}
		t.Fatalf("BuildID() = %q, go tool buildid says %q", got, want)
	}
}

// TestPruneSites: a cache keeps the records of the site being built and
// of the sites written last, up to the number asked for; other files are
// left alone.
func TestPruneSites(t *testing.T) {
	dir := t.TempDir()
	d, _ := Open(dir)
	now := time.Now()
	for i, site := range []string{"1-a", "1-b", "1-c", "1-d"} { // 1-d written last
		for _, kind := range []string{"sources", "pages3"} {
			d.SetRecord(kind+"-"+site, []byte("x"))
			at := now.Add(time.Duration(i-10) * time.Minute)
			if err := os.Chtimes(d.recordFile(kind+"-"+site), at, at); err != nil {
				t.Fatal(err)
			}
		}
	}
	os.WriteFile(filepath.Join(dir, ".tmp-record-1"), nil, 0o644)
	d.PruneSites("1-a", 2) // the site built (oldest) and the one written last
	var got []string
	es, _ := os.ReadDir(dir)
	for _, e := range es {
		if strings.HasPrefix(e.Name(), "record-") || strings.HasPrefix(e.Name(), ".tmp") {
			got = append(got, e.Name())
		}
	}
	want := []string{".tmp-record-1", "record-pages3-1-a", "record-pages3-1-d", "record-sources-1-a", "record-sources-1-d"}
	if !slices.Equal(got, want) {
		t.Errorf("after PruneSites: %q, want %q", got, want)
	}
}
