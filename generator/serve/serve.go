// Package serve is the development server behind `rapport serve`: it serves
// the files of the last successful build from memory, with the URLs `rapport
// build` writes, and tells browsers to reload through server-sent events.
//
// # Safety
//
// It serves only what the build produced: paths are cleaned and matched
// against the build's file list, so traversal (/../, %2e%2e, ..\, %5c, %00)
// finds nothing. Dotfiles and editor droppings are never in a build. A
// request for a host name the server does not answer gets 403 (DNS
// rebinding; see hosts.go for the rule). The reload channel requires a
// token that serve injects into the pages it serves, and same-origin
// requests.
//
// [Server.HTTP] returns an http.Server with read, write and idle timeouts,
// so slow or silent connections are closed; the reload stream lifts them
// for itself and sends a heartbeat instead.
//
// # Live reload
//
// Only pages served here get the reload script: built sites have none. The
// script (no inline code: a same-origin file, allowed by the pages'
// Content-Security-Policy) keeps the scroll position across reloads. When a
// build fails, every page gets an overlay listing the errors, over the last
// good page, until a build succeeds.
package serve

import (
	"bytes"
	"cmp"
	"crypto/rand"
	_ "embed"
	"encoding/hex"
	"fmt"
	"html"
	"mime"
	"net"
	"net/http"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"rapport/generator/diag"
	"rapport/generator/output"
	"rapport/generator/render"
)

//go:embed reload.js
var reloadJS []byte

//go:embed overlay.css
var overlayCSS []byte

// Options configure a Server.
type Options struct {
	// Host is the host the server is bound to (-addr's host part). Bound
	// to a loopback address, only loopback names are answered; bound to
	// any other, this computer's names and addresses too (see hosts.go).
	Host string
	// Hostname and Addrs, for tests, replace os.Hostname and the network
	// interfaces' addresses.
	Hostname string
	Addrs    func() []net.IP
	// ReadTimeout, WriteTimeout and IdleTimeout bound a request's reading,
	// a response's writing and a kept-alive connection's wait for its next
	// request (defaults 30 s, 30 s and 2 min). The reload stream has no
	// read deadline, and a write deadline renewed at every event and
	// heartbeat.
	ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	// BasePath is the path the site is built under ("/" or "/training/").
	BasePath string
	// LazyAfter is how long after the last published build its lazy files
	// are computed, if no request needed them first (default 1 s).
	LazyAfter time.Duration
	// CSP is the Content-Security-Policy header of every response until
	// SetCSP changes it (default render.CSP, what the pages declare): a
	// trainer's SVG opened on its own runs no script either.
	CSP string
}

// Server serves one site at a time.
type Server struct {
	opts  Options
	token string
	hosts *hosts

	mu      sync.RWMutex
	csp     string
	files   published
	errs    diag.List
	version int
	clients map[chan int]bool
	// epoch counts builds started, failed and published: a published
	// build's lazy files are computed only if it stays the same for
	// Options.LazyAfter.
	epoch int
}

// New returns a server with nothing published yet.
func New(opts Options) *Server {
	if opts.BasePath == "" {
		opts.BasePath = "/"
	}
	opts.ReadTimeout = cmp.Or(opts.ReadTimeout, 30*time.Second)
	opts.WriteTimeout = cmp.Or(opts.WriteTimeout, 30*time.Second)
	opts.IdleTimeout = cmp.Or(opts.IdleTimeout, 2*time.Minute)
	opts.LazyAfter = cmp.Or(opts.LazyAfter, time.Second)
	opts.CSP = cmp.Or(opts.CSP, render.CSP)
	b := make([]byte, 16)
	rand.Read(b)
	return &Server{opts: opts, token: hex.EncodeToString(b), hosts: newHosts(opts), csp: opts.CSP, clients: map[chan int]bool{}}
}

// SetCSP sets the Content-Security-Policy header of every response from
// now on: a build's pages declare their site's policy (render.Policy),
// and the rebuilder calls SetCSP with it before Publish.
func (s *Server) SetCSP(csp string) {
	s.mu.Lock()
	s.csp = csp
	s.mu.Unlock()
}

// Publish replaces the served site with a successful build, all at once,
// clears any error overlay and tells browsers to reload. Lazy files (a
// changed language's search index) are then computed in the background
// once no build has started or been published for LazyAfter (default
// 1 s, see Building): while a trainer is saving edit after edit, the next
// rebuild does not share the processor with an index nobody has asked
// for yet. A request that comes first computes its file and waits for it.
func (s *Server) Publish(files []output.File) {
	pub := newPublished(files)
	var lazy []output.File
	for _, f := range pub {
		if f.Lazy != nil {
			lazy = append(lazy, f)
		}
	}
	s.mu.Lock()
	s.files, s.errs = pub, nil
	s.notifyLocked()
	s.epoch++
	epoch := s.epoch
	s.mu.Unlock()
	if len(lazy) > 0 {
		go s.computeLazy(epoch, lazy)
	}
}

// published is a published build's files sorted by path, found by binary
// search: a build of 10,000 playbooks has as many files, and making a map
// of them on every rebuild took longer than the lookups it spares.
type published []output.File

// newPublished returns files as published: the very list when it is sorted by
// path, as a build's files are, else a sorted copy (the last of two
// files at one path wins).
func newPublished(files []output.File) published {
	byPath := func(a, b output.File) int { return strings.Compare(a.Path, b.Path) }
	if slices.IsSortedFunc(files, byPath) {
		return files
	}
	files = slices.Clone(files)
	slices.SortStableFunc(files, byPath)
	out := files[:0]
	for i, f := range files {
		if i+1 < len(files) && files[i+1].Path == f.Path {
			continue
		}
		out = append(out, f)
	}
	return out
}

// get returns the file at path name.
func (s published) get(name string) (output.File, bool) {
	i, ok := slices.BinarySearchFunc(s, name, func(f output.File, name string) int { return strings.Compare(f.Path, name) })
	if !ok {
		return output.File{}, false
	}
	return s[i], true
}

// Building tells the server a build has started: lazy files of the
// published one wait until it is done (see Publish).
func (s *Server) Building() {
	s.mu.Lock()
	s.epoch++
	s.mu.Unlock()
}

// computeLazy computes the lazy files of the build published at epoch,
// once no build has started, failed or been published for LazyAfter.
func (s *Server) computeLazy(epoch int, lazy []output.File) {
	time.Sleep(s.opts.LazyAfter)
	// A panic computing a file must not stop the server: the request that
	// needs the file meets it, and net/http answers that request alone
	// with an error.
	defer func() { recover() }()
	for _, f := range lazy {
		s.mu.RLock()
		cur, _ := s.files.get(f.Path)
		current := s.epoch == epoch && cur.Lazy != nil
		s.mu.RUnlock()
		if !current { // a newer build came, with its own lazy files
			return
		}
		f.Bytes()
	}
}

// Fail records a failed build: the last good site stays, under an overlay
// listing the errors, and browsers reload to show it.
func (s *Server) Fail(errs diag.List) {
	s.mu.Lock()
	s.errs = errs
	s.notifyLocked()
	s.epoch++
	s.mu.Unlock()
}

func (s *Server) notifyLocked() {
	s.version++
	for c := range s.clients {
		select {
		case c <- s.version:
		default: // a reload is already pending for this client
		}
	}
}

// Token returns the per-run token the reload channel requires.
func (s *Server) Token() string { return s.token }

// ServeHTTP serves the site, the reload script and the event stream.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.hosts.allowed(r.Host) {
		http.Error(w, "forbidden host", http.StatusForbidden)
		return
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-cache")
	s.mu.RLock()
	csp := s.csp
	s.mu.RUnlock()
	w.Header().Set("Content-Security-Policy", csp)
	switch r.URL.Path {
	case "/__rapport/events":
		s.events(w, r)
		return
	case "/__rapport/reload.js":
		serveBytes(w, "reload.js", reloadJS)
		return
	case "/__rapport/overlay.css":
		serveBytes(w, "overlay.css", overlayCSS)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	s.serveFile(w, r)
}

// HTTP returns an http.Server for s with its timeouts: a client that
// sends its request slowly, reads the response slowly or keeps an idle
// connection open is cut off.
func (s *Server) HTTP() *http.Server {
	return &http.Server{Handler: s, ReadHeaderTimeout: min(10*time.Second, s.opts.ReadTimeout),
		ReadTimeout: s.opts.ReadTimeout, WriteTimeout: s.opts.WriteTimeout, IdleTimeout: s.opts.IdleTimeout}
}

// sitePath maps a request path to a file of the build, or reports that it
// cannot name one.
func (s *Server) sitePath(raw string) (string, bool) {
	if strings.ContainsAny(raw, "\\\x00") || strings.Contains(raw, "%") {
		return "", false // the path is already decoded: a '%' left is a double encoding
	}
	p, ok := strings.CutPrefix(raw, s.opts.BasePath)
	if !ok {
		if raw+"/" == s.opts.BasePath {
			return "", true
		}
		return "", false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." || seg == "." || strings.HasPrefix(seg, ".") {
			return "", false
		}
	}
	return p, true
}

func (s *Server) serveFile(w http.ResponseWriter, r *http.Request) {
	p, ok := s.sitePath(r.URL.Path)
	if !ok {
		s.notFound(w, "")
		return
	}
	if r.URL.Path+"/" == s.opts.BasePath {
		http.Redirect(w, r, s.opts.BasePath, http.StatusMovedPermanently)
		return
	}
	s.mu.RLock()
	files, errs := s.files, s.errs
	s.mu.RUnlock()
	name := p
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	f, ok := files.get(name)
	if !ok {
		if _, dir := files.get(name + "/index.html"); dir {
			target := r.URL.Path + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
		s.notFound(w, name)
		return
	}
	data := f.Bytes()
	if path.Ext(name) == ".html" {
		data = s.inject(data, errs)
	}
	serveBytes(w, name, data)
}

// notFound answers 404 for the site path name with the not-found page of
// its first folder (a language's <lang>/404.html), else the site's.
func (s *Server) notFound(w http.ResponseWriter, name string) {
	s.mu.RLock()
	page, ok := s.files.get(strings.SplitN(name, "/", 2)[0] + "/404.html")
	if !ok || !strings.Contains(name, "/") {
		page, _ = s.files.get("404.html")
	}
	data, errs := page.Bytes(), s.errs
	s.mu.RUnlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	if data == nil {
		data = []byte("<!DOCTYPE html><title>404</title><p>Not found</p>")
	}
	w.Write(s.inject(data, errs))
}

func serveBytes(w http.ResponseWriter, name string, data []byte) {
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	if strings.HasPrefix(ct, "text/") && !strings.Contains(ct, "charset") {
		ct += "; charset=utf-8"
	}
	w.Header().Set("Content-Type", ct)
	w.Write(data)
}

// inject adds the reload script, and the error overlay when the last build
// failed, before </body>.
func (s *Server) inject(page []byte, errs diag.List) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `<script src="/__rapport/reload.js?token=%s" defer></script>`, s.token)
	if len(errs) > 0 {
		b.WriteString(`<link rel="stylesheet" href="/__rapport/overlay.css">`)
		b.WriteString(`<div class="rapport-overlay" role="alert" dir="ltr" lang="en"><h2>rapport: the last build failed</h2><p>The page below is the last good build. Fix these and save:</p><ul>`)
		for _, d := range errs {
			b.WriteString("<li><code>" + html.EscapeString(d.String()) + "</code></li>")
		}
		b.WriteString("</ul></div>")
	}
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+b.Len())
	out = append(out, page[:i]...)
	out = append(out, b.Bytes()...)
	return append(out, page[i:]...)
}

// events streams "reload" events to one browser tab.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("token") != s.token || !sameOrigin(r) {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	// A listener stays connected: it sends nothing after its request, so
	// no read deadline; a write deadline renewed at each write (the server's
	// WriteTimeout would end the stream) cuts off a client that stops
	// reading.
	rc := http.NewResponseController(w)
	rc.SetReadDeadline(time.Time{})
	send := func(format string, args ...any) {
		rc.SetWriteDeadline(time.Now().Add(s.opts.WriteTimeout))
		fmt.Fprintf(w, format, args...)
		flusher.Flush()
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	c := make(chan int, 1)
	s.mu.Lock()
	s.clients[c] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, c)
		s.mu.Unlock()
	}()
	send("retry: 1000\n: connected\n\n")
	heartbeat := time.NewTicker(min(15*time.Second, s.opts.WriteTimeout/2))
	defer heartbeat.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case v := <-c:
			send("event: reload\ndata: %d\n\n", v)
		case <-heartbeat.C:
			send(": heartbeat\n\n")
		}
	}
}

// sameOrigin accepts requests a browser marks as same-origin, or that carry
// no such marks (curl, tests).
func sameOrigin(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
		return false
	}
	if origin := r.Header.Get("Origin"); origin != "" {
		return strings.TrimPrefix(strings.TrimPrefix(origin, "http://"), "https://") == r.Host
	}
	return true
}

// Clients returns how many browsers listen for reloads.
func (s *Server) Clients() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.clients)
}
