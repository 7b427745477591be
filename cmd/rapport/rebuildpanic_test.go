package main

import (
	"bytes"
	"context"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"rapport/generator"
	"rapport/generator/serve"
)

// TestServeRebuildPanicIsError: a panic anywhere in serve's rebuild (here
// injected through the rebuilder's superseded field, which it calls after
// each build) is printed as an internal error and shown in the overlay
// over the last good pages; the server stays up, and the next save is
// built and served.
func TestServeRebuildPanicIsError(t *testing.T) {
	site := t.TempDir()
	writeFiles(t, site, map[string]string{"content/cs/_index.md": "---\ntitle: Domů\n---\nPrvní.\n"})
	fsys, err := siteFS(site)
	if err != nil {
		t.Fatal(err)
	}
	srv := serve.New(serve.Options{Host: "127.0.0.1"})
	var stderr bytes.Buffer
	boom := false
	b := &rebuilder{ctx: context.Background(), src: site, site: fsys, srv: srv, cache: generator.NewCache(),
		stdout: io.Discard, stderr: &stderr, superseded: func() bool {
			if boom {
				panic("injected")
			}
			return false
		}}
	page := func() string {
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, httptest.NewRequest("GET", "http://127.0.0.1/cs/", nil))
		return w.Body.String()
	}
	b.run("built", nil)
	writeFiles(t, site, map[string]string{"content/cs/_index.md": "---\ntitle: Domů\n---\nDruhá.\n"})
	boom = true
	b.run("content/cs/_index.md changed", []string{"content/cs/_index.md"})
	if got := page(); !strings.Contains(got, "První.") || !strings.Contains(got, "rapport-overlay") || !strings.Contains(got, "internal error during the build: injected") {
		t.Errorf("after the panic, the page is not the last good one under the overlay naming it:\n%s", got)
	}
	if !strings.Contains(stderr.String(), "internal error during the build: injected (rapport has a bug: please report it)") {
		t.Errorf("stderr: %s", stderr.String())
	}
	writeFiles(t, site, map[string]string{"content/cs/_index.md": "---\ntitle: Domů\n---\nTřetí.\n"})
	boom = false
	b.run("content/cs/_index.md changed", []string{"content/cs/_index.md"})
	if got := page(); !strings.Contains(got, "Třetí.") || strings.Contains(got, "rapport-overlay") {
		t.Errorf("the next save is not served:\n%s", got)
	}
}
