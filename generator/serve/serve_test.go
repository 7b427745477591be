package serve

import (
	"bufio"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"rapport/generator/diag"
	"rapport/generator/output"
)

func site(title string) []output.File {
	page := "<!DOCTYPE html><html><body><h1>" + title + "</h1></body></html>"
	return []output.File{
		{Path: "index.html", Data: []byte(page)},
		{Path: "he/a/index.html", Data: []byte(page)},
		{Path: "assets/s.css", Data: []byte("body{}")},
		{Path: "assets/s.js", Data: []byte("1")},
		{Path: "sitemap.xml", Data: []byte("<urlset/>")},
		{Path: "404.html", Data: []byte("<!DOCTYPE html><html><body>missing</body></html>")},
		{Path: "he/404.html", Data: []byte("<!DOCTYPE html><html lang=he><body>חסר</body></html>")},
	}
}

func get(t *testing.T, h http.Handler, target string, hdr map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest("GET", "http://127.0.0.1:1414/", nil)
	// As a raw client would send it: dots and escapes kept in the path.
	r.URL.Path, r.URL.RawQuery, _ = strings.Cut(target, "?")
	r.RequestURI = target
	for k, v := range hdr {
		if k == "Host" {
			r.Host = v
		} else {
			r.Header.Set(k, v)
		}
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestServeFiles(t *testing.T) {
	s := New(Options{Host: "127.0.0.1"})
	s.Publish(site("one"))
	tests := []struct {
		path   string
		status int
		ctype  string
	}{
		{"/", 200, "text/html; charset=utf-8"},
		{"/he/a/", 200, "text/html; charset=utf-8"},
		{"/he/a", 301, ""},
		{"/assets/s.css", 200, "text/css; charset=utf-8"},
		{"/assets/s.js", 200, "text/javascript; charset=utf-8"},
		{"/sitemap.xml", 200, "text/xml; charset=utf-8"},
		{"/nope/", 404, "text/html; charset=utf-8"},
	}
	for _, tt := range tests {
		w := get(t, s, tt.path, nil)
		if w.Code != tt.status || (tt.ctype != "" && w.Header().Get("Content-Type") != tt.ctype) {
			t.Errorf("%s: %d %q, want %d %q", tt.path, w.Code, w.Header().Get("Content-Type"), tt.status, tt.ctype)
		}
		// Every response carries the pages' policy: a file opened on its
		// own (an SVG a trainer dropped in) runs no inline script.
		if got := w.Header().Get("Content-Security-Policy"); got != "default-src 'self'" {
			t.Errorf("%s: Content-Security-Policy %q", tt.path, got)
		}
	}
	if body := get(t, s, "/he/a/", nil).Body.String(); !strings.Contains(body, `/__rapport/reload.js?token=`+s.Token()) {
		t.Error("reload script not injected")
	}
	if body := get(t, s, "/nope/", nil).Body.String(); !strings.Contains(body, "missing") {
		t.Error("404 page not served")
	}
	if body := get(t, s, "/he/nope/", nil).Body.String(); !strings.Contains(body, "חסר") {
		t.Errorf("under /he/ the Hebrew 404 page is not served: %q", body)
	}
	if w := get(t, s, "/he/a", nil); w.Header().Get("Location") != "/he/a/" {
		t.Errorf("redirect to %q", w.Header().Get("Location"))
	}
}

func TestRefusals(t *testing.T) {
	s := New(Options{Host: "127.0.0.1"})
	s.Publish(append(site("x"), output.File{Path: "he/.env", Data: []byte("SECRET")}))
	for _, p := range []string{"/../go.mod", "/he/../../go.mod", "/%2e%2e/go.mod", "/%252e%252e/go.mod", "/..\\go.mod",
		"/he%5c..%5cgo.mod", "/he/%00", "/he/a/index.html%00.css", "/.git/config", "/he/.env", "/he/a/x.md~", "/he/.#a.md",
		"/he/a.md.swp", "/4913", "/he/a/;/../../go.mod"} {
		w := get(t, s, p, nil)
		if w.Code != 404 && w.Code != 400 {
			t.Errorf("%s: status %d, want 400 or 404", p, w.Code)
		}
		if strings.Contains(w.Body.String(), "SECRET") || strings.Contains(w.Body.String(), "module ") {
			t.Errorf("%s: served a file outside the site", p)
		}
	}
	for host, want := range map[string]int{"localhost:1414": 200, "127.0.0.1:1414": 200, "[::1]:1414": 200,
		"evil.example": 403, "evil.example:1414": 403, "127.0.0.1.evil.example": 403} {
		if w := get(t, s, "/", map[string]string{"Host": host}); w.Code != want {
			t.Errorf("Host %s: %d, want %d", host, w.Code, want)
		}
	}
	if w := get(t, s, "/__rapport/events?token=wrong", nil); w.Code != 403 {
		t.Errorf("events without the token: %d", w.Code)
	}
}

func TestOverlayAndRecovery(t *testing.T) {
	s := New(Options{Host: "127.0.0.1"})
	s.Publish(site("good"))
	s.Fail(diag.List{{Pos: diag.Pos{File: "content/he/a.md", Line: 3}, Msg: "invalid <YAML>"}})
	body := get(t, s, "/he/a/", nil).Body.String()
	if !strings.Contains(body, "good") || !strings.Contains(body, "rapport-overlay") ||
		!strings.Contains(body, "content/he/a.md:3: invalid &lt;YAML&gt;") {
		t.Errorf("failed build: page lacks the last good content or the escaped overlay:\n%s", body)
	}
	s.Publish(site("fixed"))
	body = get(t, s, "/he/a/", nil).Body.String()
	if strings.Contains(body, "rapport-overlay") || !strings.Contains(body, "fixed") {
		t.Error("overlay not cleared by a successful build")
	}
}

// TestReloadEvent connects an EventSource-like client, publishes, and
// expects a reload event; then disconnects and checks nothing leaks.
func TestReloadEvent(t *testing.T) {
	s := New(Options{Host: "127.0.0.1"})
	s.Publish(site("one"))
	srv := httptest.NewServer(s)
	defer srv.Close()
	before := runtime.NumGoroutine()
	req, _ := http.NewRequest("GET", srv.URL+"/__rapport/events?token="+s.Token(), nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("content type %q", resp.Header.Get("Content-Type"))
	}
	r := bufio.NewReader(resp.Body)
	r.ReadString('\n') // retry
	for deadline := time.Now().Add(2 * time.Second); s.Clients() == 0 && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
	}
	start := time.Now()
	s.Publish(site("two"))
	got := make(chan string, 1)
	go func() {
		for {
			line, err := r.ReadString('\n')
			if err != nil || strings.HasPrefix(line, "event: reload") {
				got <- line
				return
			}
		}
	}()
	select {
	case line := <-got:
		if !strings.HasPrefix(line, "event: reload") {
			t.Fatalf("got %q", line)
		}
		t.Logf("publish to reload event: %v", time.Since(start))
	case <-time.After(2 * time.Second):
		t.Fatal("no reload event after Publish")
	}
	resp.Body.Close()
	for deadline := time.Now().Add(2 * time.Second); s.Clients() > 0 && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
	}
	if s.Clients() != 0 {
		t.Error("client not removed after disconnect")
	}
	time.Sleep(50 * time.Millisecond)
	if after := runtime.NumGoroutine(); after > before+2 {
		t.Errorf("goroutines: %d before, %d after", before, after)
	}
	// Cross-origin listeners are refused.
	req, _ = http.NewRequest("GET", srv.URL+"/__rapport/events?token="+s.Token(), nil)
	req.Header.Set("Origin", "http://evil.example")
	if resp, err := http.DefaultClient.Do(req); err == nil {
		if resp.StatusCode != 403 {
			t.Errorf("cross-origin events: %d", resp.StatusCode)
		}
		resp.Body.Close()
	}
}

// TestLazyAfterIdle: a build's lazy files are computed once no other build
// was started or published for LazyAfter, not while builds keep coming
// (they would share the processor with the next rebuild), and at once
// when requested.
func TestLazyAfterIdle(t *testing.T) {
	s := New(Options{LazyAfter: 100 * time.Millisecond})
	computed := make(chan string, 4)
	lazy := func(name string) output.File {
		return output.File{Path: name, Lazy: func() []byte { computed <- name; return []byte(name) }}
	}
	s.Publish([]output.File{lazy("assets/a.bin")})
	s.Publish([]output.File{lazy("assets/b.bin")}) // before a's delay ended
	select {
	case got := <-computed:
		if got != "assets/b.bin" {
			t.Fatalf("computed %s, from a build already replaced", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the last build's lazy file was never computed")
	}
	select {
	case got := <-computed:
		t.Fatalf("computed %s too", got)
	case <-time.After(300 * time.Millisecond):
	}
	s.Publish([]output.File{lazy("assets/d.bin")})
	s.Building() // a build started: d waits for it
	select {
	case got := <-computed:
		t.Fatalf("computed %s while a build was running", got)
	case <-time.After(300 * time.Millisecond):
	}
	s.Publish([]output.File{lazy("assets/c.bin")})
	if rec := get(t, s, "/assets/c.bin", nil); rec.Body.String() != "assets/c.bin" {
		t.Fatalf("request for a lazy file got %q", rec.Body.String())
	}
	if got := <-computed; got != "assets/c.bin" {
		t.Fatalf("computed %s", got)
	}
}

// TestPublishedFiles: a build's files, sorted by path as Build returns
// them, are served as they are; files in another order are sorted, and
// of two at one path the later one is served, as a map would.
func TestPublishedFiles(t *testing.T) {
	sorted := []output.File{
		{Path: "a.txt", Data: []byte("a")},
		{Path: "he/a/index.html", Data: []byte("page")},
		{Path: "he/b/index.html", Data: []byte("page b")},
		{Path: "z.txt", Data: []byte("z")},
	}
	if p := newPublished(sorted); &p[0] != &sorted[0] {
		t.Error("a sorted list was copied")
	}
	unsorted := []output.File{sorted[3], sorted[1], {Path: "z.txt", Data: []byte("z2")}, sorted[0], sorted[2]}
	s := New(Options{Host: "127.0.0.1"})
	for _, files := range [][]output.File{sorted, unsorted} {
		s.Publish(files)
		for _, f := range files {
			want := string(f.Data)
			if f.Path == "z.txt" && len(files) == 5 {
				want = "z2"
			}
			if body := get(t, s, "/"+strings.TrimSuffix(f.Path, "index.html"), nil).Body.String(); !strings.HasPrefix(body, want) {
				t.Errorf("%s: %q, want %q", f.Path, body, want)
			}
		}
		if w := get(t, s, "/he/b", nil); w.Code != 301 {
			t.Errorf("/he/b: %d, want a redirect to the folder", w.Code)
		}
		if w := get(t, s, "/he/c/", nil); w.Code != 404 {
			t.Errorf("/he/c/: %d, want 404", w.Code)
		}
	}
}
