package main

import (
	"bufio"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
)

// TestServeSurvivesBadContent runs the real binary's serve on a good site
// and applies, one after another, every case of testdata/bad that is a
// plain build (the files of each archive written over the site, as an
// editor saving them would: pages, rapport.toml, named pipes, a huge
// logo): each time the server must stay up, keep serving the last good
// site with the error overlay, recover when the files are put back, and
// then serve a new edit of a page (it keeps rebuilding).
func TestServeSurvivesBadContent(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs serve through every bad case")
	}
	dir := t.TempDir()
	bin := buildBinary(t, dir)
	site := filepath.Join(dir, "site")
	good := map[string]string{
		"content/cs/_index.md": "---\ntitle: Domů\n---\n[a](a.md)\n",
		"content/cs/a.md":      "---\ntitle: A\n---\nText.\n",
		"content/metrics.toml": "[[metric]]\nid = \"x\"\nunit = \"number\"\nformula = \"a\"\n  [[metric.input]]\n  id = \"a\"\n  kind = \"count\"\n",
	}
	writeFiles(t, site, good)
	cmd := exec.Command(bin, "serve", "-src", site, "-addr", "127.0.0.1:0")
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer cmd.Process.Kill()
	url := serveURL(t, stdout)
	go io.Copy(io.Discard, stdout)

	cases, _ := filepath.Glob("../../testdata/bad/*.txtar")
	tried := 0
	for _, file := range cases {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		files, links, gen, ok := contentCase(ar)
		if !ok {
			continue
		}
		tried++
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		created := applyCase(t, site, files, links, gen)
		if !waitOverlay(url, true, exited) {
			t.Errorf("%s: no error overlay over the last good site", name)
		}
		for _, p := range created {
			os.RemoveAll(filepath.Join(site, p))
		}
		writeFiles(t, site, good)
		if !waitOverlay(url, false, exited) {
			t.Errorf("%s: the site did not recover once the files were put back", name)
		}
		edit := "Upraveno po " + name + "."
		writeFiles(t, site, map[string]string{"content/cs/a.md": "---\ntitle: A\n---\n" + edit + "\n"})
		if !waitText(url+"cs/a/", edit, exited) {
			t.Errorf("%s: an edit after it is not served", name)
		}
		select {
		case err := <-exited:
			t.Fatalf("%s: serve exited: %v", name, err)
		default:
		}
	}
	t.Logf("%d cases tried", tried)
	if tried < 40 {
		t.Errorf("only %d content cases tried", tried)
	}
}

// contentCase returns the files, symbolic links and generated files (see
// generateFiles) of an archive whose command is a plain build.
func contentCase(ar *txtar.Archive) (files map[string]string, links []string, gen []byte, ok bool) {
	files = map[string]string{}
	for _, f := range ar.Files {
		switch {
		case f.Name == "args":
			if strings.TrimSpace(string(f.Data)) != "build" {
				return nil, nil, nil, false
			}
		case f.Name == "exit", f.Name == "stderr", f.Name == "stdout":
		case f.Name == "generate":
			gen = f.Data
		case f.Name == "symlinks":
			links = strings.Split(strings.TrimSpace(string(f.Data)), "\n")
		case strings.HasPrefix(f.Name, "want/"):
			return nil, nil, nil, false
		default:
			files[f.Name] = string(f.Data)
		}
	}
	return files, links, gen, true
}

// applyCase writes a case's files and links over the site and returns the
// topmost paths it created, to remove afterwards.
func applyCase(t *testing.T, site string, files map[string]string, links []string, gen []byte) []string {
	t.Helper()
	var created []string
	note := func(rel string) {
		for p := rel; p != "." && p != "/"; p = filepath.Dir(p) {
			if _, err := os.Lstat(filepath.Join(site, p)); err != nil {
				rel = p // the topmost missing path
			}
		}
		if _, err := os.Lstat(filepath.Join(site, rel)); err != nil {
			created = append(created, rel)
		}
	}
	for name := range files {
		note(name)
	}
	for _, l := range links {
		link, _, _ := strings.Cut(l, " -> ")
		note(link)
	}
	for _, l := range strings.Split(strings.TrimSpace(string(gen)), "\n") {
		if name, _ := genPath(t, l); name != "" {
			note(name)
		}
	}
	writeFiles(t, site, files)
	if gen != nil {
		generateFiles(t, site, gen)
	}
	for _, l := range links {
		link, target, _ := strings.Cut(l, " -> ")
		p := filepath.Join(site, filepath.FromSlash(link))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.Remove(p)
		os.Symlink(target, p)
	}
	return created
}

func writeFiles(t *testing.T, site string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(site, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.Remove(p) // a symbolic link left by a case
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// serveURL reads serve's first lines up to the one naming its address.
func serveURL(t *testing.T, stdout io.Reader) string {
	t.Helper()
	r := bufio.NewReader(stdout)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("serve printed no address: %v", err)
		}
		if _, rest, ok := strings.Cut(line, "serving "); ok {
			u, _, _ := strings.Cut(rest, " ")
			return u
		}
	}
}

// waitText polls the page at url until it has text, serve exits, or 60 s
// pass.
func waitText(url, text string, exited chan error) bool {
	return waitPage(url, exited, func(body string) bool {
		return strings.Contains(body, text) && !strings.Contains(body, "rapport-overlay")
	})
}

// waitOverlay polls the site's home page until it shows the error overlay
// (or, with want false, no longer does), serve exits, or 60 s pass.
func waitOverlay(url string, want bool, exited chan error) bool {
	return waitPage(url, exited, func(body string) bool {
		return strings.Contains(body, "rapport-overlay") == want
	})
}

// waitPage polls the page at url until a 200 response's body satisfies
// ok, serve exits (exited gets its error back), or 60 s pass.
func waitPage(url string, exited chan error, ok func(body string) bool) bool {
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		select {
		case err := <-exited:
			exited <- err
			return false
		default:
		}
		resp, err := http.Get(url)
		if err != nil {
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == 200 && ok(string(body)) {
			return true
		}
	}
	return false
}
