package main

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/tools/txtar"

	"rapport/generator/write"
)

var update = flag.Bool("update", false, "rewrite the expected stderr and want/ files of testdata/script/*.txtar")

// TestScripts runs each testdata/script/*.txtar archive: its files form a
// site, "args" is the command line (-src and -out are added), "exit" the
// expected exit code, "stderr" the expected diagnostics ($WORK stands for
// the site folder), and every "want/<path>" section an expected output file.
// Before each run the output folder holds a previous build; a failing build
// must leave it byte for byte unchanged.
func TestScripts(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/script/*.txtar")
	bad, _ := filepath.Glob("../../testdata/bad/*.txtar")
	files = append(files, bad...)
	if len(files) == 0 {
		t.Fatal("no scripts found")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) { runScript(t, file, run) })
	}
}

// runner runs rapport's command line (run, or the built binary) and
// returns its exit code.
type runner func(args []string, stdout, stderr io.Writer) int

// runScript runs the archive file with rapport (see TestScripts) and
// returns the exit code and standard error, $WORK for the site folder.
func runScript(t *testing.T, file string, run runner) (int, string) {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	ar := txtar.Parse(data)
	work := t.TempDir()
	site := filepath.Join(work, "site")
	out := filepath.Join(work, "public")
	writeSite(t, ar, site)
	// A previous build that a failed one must not touch.
	os.MkdirAll(out, 0o755)
	os.WriteFile(filepath.Join(out, write.Marker), nil, 0o644)
	os.WriteFile(filepath.Join(out, "previous.html"), []byte("previous build\n"), 0o644)

	args := strings.Fields(strings.ReplaceAll(string(get(ar, "args")), "$WORK", work))
	extra := []string{"-src", site}
	if args[0] == "build" && !strings.Contains(string(get(ar, "args")), "-out") {
		extra = append(extra, "-out", out)
	}
	args = append(args[:1], append(extra, args[1:]...)...)
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	gotErr := strings.ReplaceAll(stderr.String(), work, "$WORK")
	wantCode, _ := strconv.Atoi(strings.TrimSpace(string(get(ar, "exit"))))

	gotOut := strings.ReplaceAll(stdout.String(), work, "$WORK")
	if *update {
		set(ar, "stderr", []byte(gotErr))
		if args[0] != "build" {
			set(ar, "stdout", []byte(gotOut))
		}
		for i, f := range ar.Files {
			if name, ok := strings.CutPrefix(f.Name, "want/"); ok {
				ar.Files[i].Data, _ = os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
			}
		}
		if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if code != wantCode {
		t.Errorf("exit code %d, want %d; stderr:\n%s", code, wantCode, gotErr)
	}
	if want := string(get(ar, "stderr")); gotErr != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", gotErr, want)
	}
	if want := get(ar, "stdout"); want != nil && gotOut != string(want) {
		t.Errorf("stdout:\n%s\nwant:\n%s", gotOut, want)
	}
	if code != 0 || args[0] != "build" {
		prev, err := os.ReadFile(filepath.Join(out, "previous.html"))
		entries, _ := os.ReadDir(out)
		if err != nil || string(prev) != "previous build\n" || len(entries) != 2 {
			t.Errorf("failed build changed the previous output: %v, %d entries", err, len(entries))
		}
		return code, gotErr
	}
	for _, f := range ar.Files {
		if name, ok := strings.CutPrefix(f.Name, "want/"); ok {
			got, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			if !bytes.Equal(got, f.Data) {
				t.Errorf("%s differs from the golden file (run go test ./cmd/rapport -update to accept):\n%s", name, firstDiff(got, f.Data))
			}
		}
	}
	return code, gotErr
}

// writeSite writes the site of an archive into the folder site: its
// files, symbolic links and generated files.
func writeSite(t *testing.T, ar *txtar.Archive, site string) {
	t.Helper()
	for _, f := range ar.Files {
		switch {
		case strings.HasPrefix(f.Name, "want/"), f.Name == "args", f.Name == "exit", f.Name == "stderr", f.Name == "stdout":
			continue
		case f.Name == "symlinks":
			makeSymlinks(t, site, f.Data)
			continue
		case f.Name == "generate":
			generateFiles(t, site, f.Data)
			continue
		}
		p := filepath.Join(site, filepath.FromSlash(f.Name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// makeSymlinks creates the links listed as "link -> target" lines.
func makeSymlinks(t *testing.T, site string, data []byte) {
	t.Helper()
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		link, target, _ := strings.Cut(line, " -> ")
		p := filepath.Join(site, filepath.FromSlash(link))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
	}
}

// genPath splits a line of a "generate" section into its path, which may
// be a Go string literal (for names an archive cannot hold: "a\nb.md"),
// and the rest.
func genPath(t *testing.T, line string) (string, string) {
	if !strings.HasPrefix(line, `"`) {
		name, rest, _ := strings.Cut(line, " ")
		return name, rest
	}
	q, err := strconv.QuotedPrefix(line)
	if err != nil {
		t.Fatalf("generate: %q: %v", line, err)
	}
	name, _ := strconv.Unquote(q)
	return name, strings.TrimPrefix(line[len(q):], " ")
}

// generateFiles creates files too large for an archive, listed as
// "path size [unit]" lines: front matter and then size bytes of text, unit
// (a Go string literal, "word " without one) repeated; the path may be a
// Go string literal too; a unit that starts
// with "raw:" ("raw:\"\\x00\"") is repeated without front matter. A
// "path fifo" line makes a named pipe.
func generateFiles(t *testing.T, site string, data []byte) {
	t.Helper()
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		name, rest := genPath(t, line)
		size, unit, _ := strings.Cut(rest, " ")
		p := filepath.Join(site, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if size == "fifo" {
			os.Remove(p)
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		n, _ := strconv.Atoi(size)
		head := []byte("---\ntitle: big\n---\n")
		if raw, ok := strings.CutPrefix(unit, "raw:"); ok {
			head, unit = nil, raw
		}
		u := "word "
		if unit != "" {
			var err error
			if u, err = strconv.Unquote(unit); err != nil {
				t.Fatalf("generate %s: unit %s: %v", name, unit, err)
			}
		}
		body := append(head, bytes.Repeat([]byte(u), n/len(u))...)
		if err := os.WriteFile(p, body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// firstDiff shows the first differing line of two texts.
func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + gl + "\nwant: " + wl
		}
	}
	return ""
}

// get returns the data of the archive's file name, or nil.
func get(a *txtar.Archive, name string) []byte {
	for _, f := range a.Files {
		if f.Name == name {
			return f.Data
		}
	}
	return nil
}

// set replaces the data of the archive's file name, or adds the file.
func set(a *txtar.Archive, name string, data []byte) {
	for i, f := range a.Files {
		if f.Name == name {
			a.Files[i].Data = data
			return
		}
	}
	a.Files = append(a.Files, txtar.File{Name: name, Data: data})
}
