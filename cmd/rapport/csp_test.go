package main

import (
	"bytes"
	"context"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rapport/generator"
	"rapport/generator/serve"
)

// TestImageHostsInCSP: a host listed in rapport.toml's [assets]
// imageHosts lets pages show its images, and is added to the
// Content-Security-Policy everywhere it is sent: every page's meta
// element and every response of rapport serve (whose policy follows the
// rapport.toml of the build it serves).
func TestImageHostsInCSP(t *testing.T) {
	site := t.TempDir()
	writeFiles(t, site, map[string]string{
		"rapport.toml":         "[assets]\nimageHosts = [\"cdn.example.com\", \"*.img.example.org\"]\n",
		"content/cs/_index.md": "---\ntitle: Domů\n---\n![logo](https://cdn.example.com/logo.png)\n\n[a](a.md)\n",
		"content/cs/a.md":      "---\ntitle: A\n---\n![graf](https://eu.img.example.org/chart.png)\n",
	})
	const want = "default-src 'self'; img-src 'self' https://cdn.example.com https://*.img.example.org"
	out := filepath.Join(t.TempDir(), "public")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"build", "-src", site, "-out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr.String())
	}
	for _, page := range []string{"cs/index.html", "cs/a/index.html", "cs/search/index.html", "404.html"} {
		data, err := os.ReadFile(filepath.Join(out, page))
		if err != nil {
			t.Fatal(err)
		}
		if meta := `content="` + strings.ReplaceAll(want, "'", "&#39;") + `"`; !bytes.Contains(data, []byte(meta)) {
			t.Errorf("%s: no meta Content-Security-Policy %s", page, meta)
		}
	}

	srv := serve.New(serve.Options{Host: "127.0.0.1"})
	fsys, err := siteFS(site)
	if err != nil {
		t.Fatal(err)
	}
	b := &rebuilder{ctx: context.Background(), src: site, site: fsys, srv: srv, cache: generator.NewCache(),
		stdout: io.Discard, stderr: io.Discard, superseded: func() bool { return false }}
	b.run("built", nil)
	header := func(p string) string {
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, httptest.NewRequest("GET", "http://127.0.0.1"+p, nil))
		return w.Header().Get("Content-Security-Policy")
	}
	for _, p := range []string{"/cs/", "/cs/a/", "/sitemap.xml", "/nope/"} {
		if got := header(p); got != want {
			t.Errorf("serve %s: Content-Security-Policy %q, want %q", p, got, want)
		}
	}
	// A host taken out of rapport.toml (and its image): serve's policy
	// follows.
	writeFiles(t, site, map[string]string{"rapport.toml": "[assets]\nimageHosts = [\"cdn.example.com\"]\n",
		"content/cs/a.md": "---\ntitle: A\n---\nNo image.\n"})
	b.run("rapport.toml changed", []string{"rapport.toml", "content/cs/a.md"})
	const after = "default-src 'self'; img-src 'self' https://cdn.example.com"
	if got := header("/cs/"); got != after {
		t.Errorf("after the edit: Content-Security-Policy %q", got)
	}
	for _, p := range []string{"/cs/", "/cs/a/"} { // rebuilt, not taken from the memo
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, httptest.NewRequest("GET", "http://127.0.0.1"+p, nil))
		if meta := `content="` + strings.ReplaceAll(after, "'", "&#39;") + `"`; !strings.Contains(w.Body.String(), meta) {
			t.Errorf("serve %s after the edit: no meta %s", p, meta)
		}
	}
}
