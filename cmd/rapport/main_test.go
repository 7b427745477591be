package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

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
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) { runScript(t, file) })
	}
}

func runScript(t *testing.T, file string) {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	ar := parseTxtar(data)
	work := t.TempDir()
	site := filepath.Join(work, "site")
	out := filepath.Join(work, "public")
	for _, f := range ar.files {
		switch {
		case strings.HasPrefix(f.name, "want/"), f.name == "args", f.name == "exit", f.name == "stderr":
			continue
		case f.name == "symlinks":
			makeSymlinks(t, site, f.data)
			continue
		case f.name == "generate":
			generateFiles(t, site, f.data)
			continue
		}
		p := filepath.Join(site, filepath.FromSlash(f.name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, f.data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A previous build that a failed one must not touch.
	os.MkdirAll(out, 0o755)
	os.WriteFile(filepath.Join(out, write.Marker), nil, 0o644)
	os.WriteFile(filepath.Join(out, "previous.html"), []byte("previous build\n"), 0o644)

	args := strings.Fields(strings.ReplaceAll(string(ar.get("args")), "$WORK", work))
	extra := []string{"-src", site}
	if args[0] == "build" && !strings.Contains(string(ar.get("args")), "-out") {
		extra = append(extra, "-out", out)
	}
	args = append(args[:1], append(extra, args[1:]...)...)
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	gotErr := strings.ReplaceAll(stderr.String(), work, "$WORK")
	wantCode, _ := strconv.Atoi(strings.TrimSpace(string(ar.get("exit"))))

	gotOut := strings.ReplaceAll(stdout.String(), work, "$WORK")
	if *update {
		ar.set("stderr", []byte(gotErr))
		if args[0] != "build" {
			ar.set("stdout", []byte(gotOut))
		}
		for i, f := range ar.files {
			if name, ok := strings.CutPrefix(f.name, "want/"); ok {
				ar.files[i].data, _ = os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
			}
		}
		if err := os.WriteFile(file, ar.format(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if code != wantCode {
		t.Errorf("exit code %d, want %d; stderr:\n%s", code, wantCode, gotErr)
	}
	if want := string(ar.get("stderr")); gotErr != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", gotErr, want)
	}
	if want := ar.get("stdout"); want != nil && gotOut != string(want) {
		t.Errorf("stdout:\n%s\nwant:\n%s", gotOut, want)
	}
	if code != 0 || args[0] != "build" {
		prev, err := os.ReadFile(filepath.Join(out, "previous.html"))
		entries, _ := os.ReadDir(out)
		if err != nil || string(prev) != "previous build\n" || len(entries) != 2 {
			t.Errorf("failed build changed the previous output: %v, %d entries", err, len(entries))
		}
		return
	}
	for _, f := range ar.files {
		if name, ok := strings.CutPrefix(f.name, "want/"); ok {
			got, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			if !bytes.Equal(got, f.data) {
				t.Errorf("%s differs from the golden file (run go test ./cmd/rapport -update to accept):\n%s", name, firstDiff(got, f.data))
			}
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

// generateFiles creates files too large for an archive, listed as
// "path size" lines: front matter and then size bytes of text.
func generateFiles(t *testing.T, site string, data []byte) {
	t.Helper()
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		name, size, _ := strings.Cut(line, " ")
		n, _ := strconv.Atoi(size)
		p := filepath.Join(site, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		body := append([]byte("---\ntitle: big\n---\n"), bytes.Repeat([]byte("word "), n/5)...)
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

// archive is a txtar archive (golang.org/x/tools/txtar's format): a comment,
// then files introduced by "-- name --" lines.
type archive struct {
	comment []byte
	files   []txtFile
}

type txtFile struct {
	name string
	data []byte
}

func parseTxtar(data []byte) *archive {
	a := &archive{}
	var cur *txtFile
	for _, line := range strings.SplitAfter(string(data), "\n") {
		if n, ok := strings.CutPrefix(strings.TrimRight(line, "\n"), "-- "); ok && strings.HasSuffix(n, " --") {
			a.files = append(a.files, txtFile{name: strings.TrimSuffix(n, " --")})
			cur = &a.files[len(a.files)-1]
			continue
		}
		if cur == nil {
			a.comment = append(a.comment, line...)
		} else {
			cur.data = append(cur.data, line...)
		}
	}
	return a
}

func (a *archive) get(name string) []byte {
	for _, f := range a.files {
		if f.name == name {
			return f.data
		}
	}
	return nil
}

func (a *archive) set(name string, data []byte) {
	for i, f := range a.files {
		if f.name == name {
			a.files[i].data = data
			return
		}
	}
	a.files = append(a.files, txtFile{name: name, data: data})
}

func (a *archive) format() []byte {
	var b bytes.Buffer
	b.Write(a.comment)
	for _, f := range a.files {
		b.WriteString("-- " + f.name + " --\n")
		b.Write(f.data)
		if len(f.data) > 0 && f.data[len(f.data)-1] != '\n' {
			b.WriteByte('\n')
		}
	}
	return b.Bytes()
}
