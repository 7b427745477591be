package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"time"

	"rapport/generator"
	"rapport/generator/diag"
	"rapport/generator/render"
	"rapport/generator/serve"
	"rapport/generator/watch"
)

func serveCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	src := fs.String("src", ".", "site source `folder`")
	addr := fs.String("addr", "127.0.0.1:1414", "`host:port` to listen on")
	poll := fs.Bool("poll", false, "check for changes by polling instead of inotify")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return errUsage
	}
	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		fmt.Fprintf(stderr, "rapport serve: -addr %q: %v\n", *addr, err)
		return errUsage
	}
	site, err := siteFS(*src)
	if err != nil {
		return err
	}
	srv := serve.New(serve.Options{Host: host})
	b := &rebuilder{ctx: ctx, src: *src, site: site, srv: srv, cache: generator.NewCache(), stdout: stdout, stderr: stderr,
		superseded: func() bool { return false }}
	rebuild := b.run
	rebuild("built", nil)
	w, err := watch.New(*src, []string{"content", "locales", "themes", "rapport.toml"}, watch.Options{Poll: *poll,
		Notice: func(msg string) { fmt.Fprintln(stderr, "rapport: "+msg) }})
	if err != nil {
		return fmt.Errorf("watch %s: %w", *src, err)
	}
	defer w.Close()
	b.superseded = w.Pending
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	scope := shareHint(ln.Addr())
	if ip := net.ParseIP(host); host == "localhost" {
		// localhost is loopback: the hint stands
	} else if ip == nil || !ip.IsLoopback() {
		scope = "every network interface this address reaches, under this computer's names and addresses (other host names are refused)"
	}
	fmt.Fprintf(stdout, "rapport: serving http://%s/ to %s; press Ctrl+C to stop\n", ln.Addr(), scope)
	hs := srv.HTTP()
	go hs.Serve(ln)
	for {
		select {
		case <-ctx.Done():
			shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			hs.Shutdown(shut)
			return nil
		case b := <-w.Batches():
			why, changed := "rescanned", []string(nil)
			if !b.Rescan {
				why, changed = describe(b.Paths), b.Paths
			}
			rebuild(why, changed)
		}
	}
}

// rebuilder builds the site for serve after each batch of changes and
// publishes the result to the server.
type rebuilder struct {
	ctx    context.Context
	src    string
	site   fs.FS
	srv    *serve.Server
	cache  *generator.Cache
	stdout io.Writer
	stderr io.Writer
	// superseded says files changed again since the build started (a save
	// in several steps, seen in its middle): its result is not shown, the
	// next batch rebuilds.
	superseded func() bool
}

// run rebuilds; changed lists the paths the watcher saw change (nil:
// unknown, read everything), and the build rereads only those.
func (b *rebuilder) run(why string, changed []string) {
	defer func() { // a bug outside one page's parse or render: serve stays up
		if v := recover(); v != nil {
			b.cache = generator.NewCache() // it may hold half a build
			errs := diag.List{{Pos: diag.Pos{File: b.src}, Msg: fmt.Sprintf("internal error during the build: %v (rapport has a bug: please report it)", v)}}
			printDiags(b.stderr, errs)
			b.srv.Fail(errs)
		}
	}()
	start := time.Now()
	b.srv.Building()
	res, err := generator.Build(b.ctx, generator.Options{Src: b.site, BaseURL: "/", Cache: b.cache, Changed: changed})
	if err != nil {
		return // cancelled
	}
	if b.superseded() {
		fmt.Fprintf(b.stdout, "rapport: %s: files changed again during the build; building again\n", why)
		return
	}
	printDiags(b.stderr, res.Diags)
	if res.Diags.HasErrors() {
		b.srv.Fail(res.Diags.Errors())
		fmt.Fprintf(b.stdout, "rapport: %s: build failed with %s; the browser shows them over the last good pages\n", why, plural(len(res.Diags.Errors()), "error"))
		return
	}
	b.srv.SetCSP(render.Policy(res.Config))
	b.srv.Publish(res.Files)
	fmt.Fprintf(b.stdout, "rapport: %s: %d pages in %s\n", why, len(res.Site.Pages), time.Since(start).Round(time.Millisecond))
}

func describe(paths []string) string {
	if len(paths) == 1 {
		return paths[0] + " changed"
	}
	return fmt.Sprintf("%d files changed", len(paths))
}

// shareHint says a loopback address serves this computer only, and how to
// share the same port on the network.
func shareHint(a net.Addr) string {
	_, port, _ := net.SplitHostPort(a.String())
	return "this computer only (loopback); use -addr 0.0.0.0:" + port + " to share it on your network"
}
