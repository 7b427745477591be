package main

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"golang.org/x/tools/txtar"

	"rapport/generator"
	"rapport/generator/render"
	"rapport/generator/serve"
)

// payload is what every vector of testdata/trainer/published.txtar tries
// to run ($P there): it leaves marks a test can read afterwards.
const payload = "localStorage.setItem('pwned',location.href);document.title='pwned'"

// TestTrainerFilesRunNoScript: no file a trainer drops into a site runs
// script once published. testdata/trainer/published.txtar holds every
// vector the build accepts (raw HTML it sanitizes, files of kinds it
// publishes as they are; testdata/bad/trainer-vectors.txtar, run by
// TestScripts, those it refuses): the site is built, then every file of
// the build is loaded in Chromium from rapport serve's server, whose
// every response must carry the pages' Content-Security-Policy, and from
// its SCORM and cmi5 packages extracted and served as plain files, as an
// LMS serves them (no such header). After each load, neither mark of the payload may
// be there, the tab must still be at the address loaded, and no vector
// may have reached the counting server ($B).
func TestTrainerFilesRunNoScript(t *testing.T) {
	if testing.Short() {
		t.Skip("loads every file of a built site in Chromium")
	}
	var mu sync.Mutex
	var hits []string
	beacon := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits = append(hits, r.URL.Path)
		mu.Unlock()
	}))
	defer beacon.Close()
	site := trainerSite(t, beacon.URL)
	out := filepath.Join(t.TempDir(), "public")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"build", "-src", site, "-out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "removed <script>") {
		t.Errorf("build: no warning for the scripts removed:\n%s", stderr.String())
	}
	ctx := startBrowser(t)

	srv := serve.New(serve.Options{Host: "127.0.0.1"})
	fsys, err := siteFS(site)
	if err != nil {
		t.Fatal(err)
	}
	(&rebuilder{ctx: context.Background(), src: site, site: fsys, srv: srv, cache: generator.NewCache(),
		stdout: io.Discard, stderr: io.Discard, superseded: func() bool { return false }}).run("built", nil)
	served := httptest.NewServer(srv)
	defer served.Close()
	for _, f := range servedFiles(t, fsys) {
		u := served.URL + "/" + f
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Security-Policy") != render.CSP {
			t.Errorf("serve %s: %s, Content-Security-Policy %q, want 200 and %q", f, resp.Status, resp.Header.Get("Content-Security-Policy"), render.CSP)
		}
		tryInBrowser(t, ctx, u)
	}

	for _, format := range []string{"scorm", "cmi5"} {
		pkg := extractPackage(t, site, format)
		lms := httptest.NewServer(http.FileServer(http.Dir(pkg)))
		for _, f := range builtFiles(t, pkg) {
			if strings.HasPrefix(f, "cs/tools/") {
				// Listed in [assets] scripts: the trainer asked for it to
				// run as it is, and an LMS sends no policy to stop it.
				continue
			}
			tryInBrowser(t, ctx, lms.URL+"/"+f)
		}
		lms.Close()
	}
	mu.Lock()
	defer mu.Unlock()
	if len(hits) > 0 {
		t.Errorf("the pages requested the counting server: %q", hits)
	}
}

// trainerSite writes testdata/trainer/published.txtar, with $P and $B
// replaced, into a new site folder and returns it.
func trainerSite(t *testing.T, beacon string) string {
	t.Helper()
	ar, err := txtar.ParseFile("../../testdata/trainer/published.txtar")
	if err != nil {
		t.Fatal(err)
	}
	site := t.TempDir()
	r := strings.NewReplacer("$P", payload, "$B", beacon)
	files := map[string]string{}
	for _, f := range ar.Files {
		files[f.Name] = r.Replace(string(f.Data))
	}
	writeFiles(t, site, files)
	return site
}

// servedFiles lists the files rapport serve publishes for the site, as
// builtFiles does (serve builds for "/", which names the search indexes
// differently from a build without -base-url).
func servedFiles(t *testing.T, fsys fs.FS) []string {
	t.Helper()
	res, err := generator.Build(context.Background(), generator.Options{Src: fsys, BaseURL: "/"})
	if err != nil || res.Diags.HasErrors() {
		t.Fatalf("build for serve: %v %v", err, res.Diags.Errors())
	}
	var files []string
	for _, f := range res.Files {
		p := f.Path
		if path.Base(p) == "index.html" {
			p = strings.TrimSuffix(p, "index.html")
		}
		files = append(files, p)
	}
	return files
}

// builtFiles lists the files under dir as slash paths, a folder's
// index.html as the folder's address.
func builtFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if path.Base(rel) == "index.html" {
			rel = strings.TrimSuffix(rel, "index.html")
		}
		files = append(files, rel)
		return nil
	})
	if err != nil || len(files) < 10 {
		t.Fatalf("%s: %d files (%v)", dir, len(files), err)
	}
	return files
}

// extractPackage writes the site's Czech package in format (scorm, cmi5)
// and extracts it into a new folder.
func extractPackage(t *testing.T, site, format string) string {
	t.Helper()
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := run([]string{format, "-src", site, "-out", dir, "-lang", "cs"}, &stdout, &stderr); code != 0 {
		t.Fatalf("%s: exit %d\n%s", format, code, stderr.String())
	}
	zr, err := zip.OpenReader(filepath.Join(dir, "cs.zip"))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	pkg := filepath.Join(dir, "cs")
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		p := filepath.Join(pkg, filepath.FromSlash(f.Name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return pkg
}

// tryInBrowser loads u in the tab and fails the test if the payload left
// a mark or the tab went elsewhere. A file the browser downloads
// (application/octet-stream) shows nothing and is skipped.
func tryInBrowser(t *testing.T, ctx context.Context, u string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
		if strings.Contains(err.Error(), "net::ERR_ABORTED") {
			return // a download
		}
		t.Fatalf("%s: %v", u, err)
	}
	time.Sleep(150 * time.Millisecond) // timers, refreshes and late loads
	type marks struct{ Title, Mark, Href string }
	js := `({Title: document.title || "", Mark: (() => { try { return localStorage.getItem("pwned") || "" } catch (e) { return "" } })(), Href: location.href})`
	state, err := chromedp.Run(ctx, chromedp.Evaluate[marks](js))
	if err != nil {
		t.Fatalf("%s: %v", u, err)
	}
	if state.Title == "pwned" || state.Mark != "" {
		t.Errorf("%s ran the trainer's script (title %q, mark left by %q)", u, state.Title, state.Mark)
		chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`localStorage.removeItem("pwned")`))
	}
	// The root of a site or package leads to a language (rapport's own
	// redirect or launcher): the tab stays on the address's server.
	if !strings.HasPrefix(state.Href, origin(u)+"/") {
		t.Errorf("%s: the tab went to %s", u, state.Href)
	}
}

// origin returns the scheme and host of u, an http:// address.
func origin(u string) string {
	scheme, rest, _ := strings.Cut(u, "://")
	host, _, _ := strings.Cut(rest, "/")
	return scheme + "://" + host
}

// startBrowser starts headless Chromium for t, as
// generator/internal/browsertest does (which this package cannot import).
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	const chromium = "/usr/bin/chromium"
	if _, err := os.Stat(chromium); err != nil {
		if os.Getenv("RAPPORT_REQUIRE_BROWSER") == "1" {
			t.Fatalf("chromium is required (RAPPORT_REQUIRE_BROWSER=1) but %s is missing", chromium)
		}
		t.Skipf("browser test skipped: %s not found; install it with: apt-get install -y chromium", chromium)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.Headless,
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.UserDataDir(t.TempDir()))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(cancel3)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}
