package main

import (
	"compress/gzip"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"rapport/generator/render"
)

// contentTypes is the media type a server must send for each kind of file
// a build writes (some have two names in use).
var contentTypes = map[string][]string{
	".html": {"text/html"},
	".css":  {"text/css"},
	".js":   {"application/javascript", "text/javascript"},
	".svg":  {"image/svg+xml"},
	".xml":  {"application/xml", "text/xml"},
	".bin":  {"application/octet-stream"},
	".json": {"application/json"},
	".png":  {"image/png"},
	".jpg":  {"image/jpeg"},
	".txt":  {"text/plain"},
}

// TestHosting crawls sites served by a real web server: .ci/nginx.sh
// serves the sample site under /training/ and testdata/features under
// /features/ from Debian's nginx, and sets RAPPORT_NGINX (the server) and
// RAPPORT_NGINX_ROOT (the folder holding both builds). From each root
// chooser, every page and asset linked must answer 200; then every file
// the builds wrote must answer with the Content-Type of its kind, a
// missing page with the 404 page, fingerprinted assets with a year of
// cache, and text compressed.
func TestHosting(t *testing.T) {
	server, root := os.Getenv("RAPPORT_NGINX"), os.Getenv("RAPPORT_NGINX_ROOT")
	if server == "" || root == "" {
		t.Skip("run by .ci/nginx.sh, which serves the site from nginx")
	}
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	waitFor(t, client, server+"/training/")
	for _, sub := range []string{"training", "features"} {
		base := server + "/" + sub + "/"
		seen := crawl(t, client, base)
		if len(seen) < 10 {
			t.Errorf("%s: only %d URLs reached from the root", base, len(seen))
		}
		files := 0
		filepath.WalkDir(filepath.Join(root, sub), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") {
				return err
			}
			rel, _ := filepath.Rel(filepath.Join(root, sub), p)
			files++
			checkFile(t, client, base+filepath.ToSlash(rel))
			return nil
		})
		t.Logf("%s: %d URLs crawled, %d files checked", base, len(seen), files)
		checkMissing(t, client, base)
	}
}

func waitFor(t *testing.T, client *http.Client, u string) {
	t.Helper()
	for i := 0; i < 50; i++ {
		if resp, err := client.Get(u); err == nil {
			resp.Body.Close()
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s does not answer", u)
}

// crawl follows every link, script, stylesheet, image and search index
// under base from base itself, and fails on any answer but 200.
func crawl(t *testing.T, client *http.Client, base string) map[string]bool {
	seen := map[string]bool{base: true}
	queue := []string{base}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		resp, err := client.Get(u)
		if err != nil {
			t.Errorf("%s: %v", u, err)
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %s", u, resp.Status)
			continue
		}
		if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			continue
		}
		for _, ref := range references(string(body)) {
			next, ok := resolveRef(u, ref, base)
			if ok && !seen[next] {
				seen[next] = true
				queue = append(queue, next)
			}
		}
	}
	return seen
}

// refAttrs are the attributes whose values are URLs to follow.
var refAttrs = []string{"href", "src", "data-index", "data-index-script"}

func references(page string) []string {
	var refs []string
	z := html.NewTokenizer(strings.NewReader(page))
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		for _, a := range z.Token().Attr {
			if slices.Contains(refAttrs, a.Key) && a.Val != "" {
				refs = append(refs, a.Val)
			}
		}
	}
	return refs
}

// resolveRef resolves ref against the page at from, without its
// fragment; ok is false for addresses outside base.
func resolveRef(from, ref, base string) (string, bool) {
	f, err := url.Parse(from)
	if err != nil {
		return "", false
	}
	r, err := f.Parse(ref)
	if err != nil {
		return "", false
	}
	r.Fragment = ""
	s := r.String()
	return s, strings.HasPrefix(s, base)
}

var fingerprinted = regexp.MustCompile(`/assets/.+\.[0-9a-f]{8}\.[a-z0-9]+$`)

// checkFile fetches one file the build wrote and checks its headers.
func checkFile(t *testing.T, client *http.Client, u string) {
	req, _ := http.NewRequest("GET", u, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := client.Do(req)
	if err != nil {
		t.Errorf("%s: %v", u, err)
		return
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("%s: %s", u, resp.Status)
		return
	}
	ext := path.Ext(u)
	want, ok := contentTypes[ext]
	if !ok {
		t.Errorf("%s: the build writes %q files, which TestHosting and README's Hosting section do not cover", u, ext)
		return
	}
	got, params, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if !slices.Contains(want, got) {
		t.Errorf("%s: Content-Type %q, want %s", u, resp.Header.Get("Content-Type"), strings.Join(want, " or "))
	}
	if strings.HasPrefix(got, "text/") && ext != ".xml" && !strings.EqualFold(params["charset"], "utf-8") {
		t.Errorf("%s: Content-Type %q has no charset=utf-8", u, resp.Header.Get("Content-Type"))
	}
	if csp := resp.Header.Get("Content-Security-Policy"); csp != render.CSP {
		t.Errorf("%s: Content-Security-Policy %q, want the pages' %q on every file", u, csp, render.CSP)
	}
	cache := resp.Header.Get("Cache-Control")
	if fingerprinted.MatchString(u) != strings.Contains(cache, "immutable") {
		t.Errorf("%s: Cache-Control %q (immutable is for fingerprinted assets only)", u, cache)
	}
	if (ext == ".html" || ext == ".css" || ext == ".js") && resp.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("%s: not compressed (Content-Encoding %q)", u, resp.Header.Get("Content-Encoding"))
	}
	if resp.Header.Get("Content-Encoding") == "gzip" {
		if _, err := gzip.NewReader(resp.Body); err != nil {
			t.Errorf("%s: bad gzip: %v", u, err)
		}
	}
}

// notFoundPage matches the not-found page: the site's 404.html (every
// language's message, class "chooser not-found") or a language's copy.
var notFoundPage = regexp.MustCompile(`class="(?:[^"]* )?not-found(?: [^"]*)?"`)

// checkMissing requires the 404 page, with status 404, for a page that
// does not exist, deep under the sub-path.
func checkMissing(t *testing.T, client *http.Client, base string) {
	missing := base + "he/no-such-page/"
	resp, err := client.Get(missing)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound || !notFoundPage.Match(body) {
		t.Errorf("missing page: %s, body %.200s", resp.Status, body)
	}
	for _, ref := range references(string(body)) {
		if u, ok := resolveRef(missing, ref, base); ok && u != missing { // not the skip link
			if r, err := client.Get(u); err != nil || r.StatusCode != http.StatusOK {
				t.Errorf("the 404 page's %s does not load", u)
			} else {
				r.Body.Close()
			}
		}
	}
}
