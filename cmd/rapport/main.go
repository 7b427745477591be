// Rapport builds a multilingual, right-to-left-aware static training site
// from Markdown playbooks.
//
// Usage:
//
//	rapport build [-src DIR] [-out DIR] [-base-url PATH] [-portable] [-force]
//	rapport serve [-src DIR] [-addr HOST:PORT] [-poll]
//	rapport check [-src DIR] [-format text|json] [-mark-current PATH]
//	rapport new [-src DIR] [-from LANG] <lang>/<path>.md
//	rapport init DIR [-langs he,ar,en]
//	rapport scorm [-src DIR] [-out DIR] [-lang L] [-path ID]
//	rapport cmi5 [-src DIR] [-out DIR] [-lang L] [-path ID]
//	rapport translate export -lang L [-from S] [-format xliff|xliff2|po] [-only all|stale|missing] [-out FILE]
//	rapport translate import FILE
//	rapport help
//	rapport version
//
// Exit status: 0 on success, 1 when the content has errors (all of them are
// printed, as path:line:col: cause), 2 on bad usage.
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"rapport/generator"
	"rapport/generator/buildcache"
	"rapport/generator/diag"
	"rapport/generator/memo"
	"rapport/generator/output"
	"rapport/generator/write"
)

// version is set at link time: -ldflags "-X main.version=v1.2.3";
// otherwise versionString reads it from the build information.
var version = ""

// versionString is the version set at link time, else the module's
// version (go install rapport@v1.2.3), else the commit the binary was
// built from and its date, marked "+dirty" when the work tree had changes.
func versionString() string {
	if version != "" {
		return version
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown version)"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, at, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if rev == "" {
		return "(development build, no version control information)"
	}
	return fmt.Sprintf("commit %.12s%s (%s), %s", rev, dirty, at, bi.GoVersion)
}

const usage = `rapport builds a multilingual static training site from Markdown playbooks.

Usage:
  rapport build   [-src DIR] [-out DIR] [-base-url PATH] [-portable] [-force] [-v]
                  build the site into a folder, replaced atomically
  rapport serve   [-src DIR] [-addr HOST:PORT] [-poll]
                  serve the site on 127.0.0.1:1414, rebuilding as files change
  rapport check   [-src DIR] [-format text|json] [-mark-current PATH]
                  validate everything and report translation health
  rapport new     [-src DIR] [-from LANG] <lang>/<path>.md
                  create a playbook, or start a translation of one
  rapport init    DIR [-langs he,ar,en]
                  create a new site in DIR (never overwrites)
  rapport scorm   [-src DIR] [-out DIR] [-lang L] [-path ID]
                  write SCORM 1.2 packages for an LMS, per language and learning path
  rapport cmi5    [-src DIR] [-out DIR] [-lang L] [-path ID]
                  write cmi5 packages (each playbook an AU reporting to an LRS)
  rapport translate export -lang L [-from S] [-format xliff|xliff2|po] [-only all|stale|missing] [-out FILE]
  rapport translate import [-src DIR] FILE
                  hand translations to translators (XLIFF, PO) and take them back
  rapport help
  rapport version

Run 'rapport <command> -h' for a command's flags.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// errUsage marks bad command lines: exit code 2.
var errUsage = errors.New("usage")

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	var err error
	switch args[0] {
	case "build":
		err = build(ctx, args[1:], stdout, stderr)
	case "serve":
		err = serveCmd(ctx, args[1:], stdout, stderr)
	case "check":
		err = check(ctx, args[1:], stdout, stderr)
	case "new":
		err = newPage(args[1:], stdout, stderr)
	case "init":
		err = initSite(args[1:], stdout, stderr)
	case "scorm":
		err = packageCmd(ctx, scormFormat(), args[1:], stdout, stderr)
	case "cmi5":
		err = packageCmd(ctx, cmi5Format(), args[1:], stdout, stderr)
	case "translate":
		err = translateCmd(ctx, args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	case "version", "-version", "--version":
		fmt.Fprintf(stdout, "rapport %s\n", versionString())
		return 0
	default:
		fmt.Fprintf(stderr, "rapport: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errUsage), errors.Is(err, flag.ErrHelp):
		return 2
	}
	fmt.Fprintf(stderr, "rapport: %v\n", err)
	return 1
}

func build(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	src := fs.String("src", ".", "site source `folder` (holding content/)")
	out := fs.String("out", "public", "output `folder`, replaced atomically")
	base := fs.String("base-url", "", "`path` or URL the site is served under, e.g. /training/ (default: rapport.toml's url, or /)")
	portable := fs.Bool("portable", false, "relative links ending in index.html, to open from disk")
	force := fs.Bool("force", false, "replace a non-empty output folder not written by rapport")
	verbose := fs.Bool("v", false, "print how long each stage took and how much the build cache gave")
	cacheDir := fs.String("cache", "on", "build cache: on for .rapport-cache in the site folder, a `folder`, or off")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the build to `file` (go tool pprof)")
	memProfile := fs.String("memprofile", "", "write a heap profile at the end of the build to `file`")
	traceFile := fs.String("trace", "", "write an execution trace of the build to `file` (go tool trace)")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	setOneShotGC(os.Getenv)
	stop, err := startProfiles(*cpuProfile, *memProfile, *traceFile, stderr)
	if err != nil {
		return err
	}
	defer stop()
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "rapport build: unexpected argument %q\n", fs.Arg(0))
		return errUsage
	}
	outDir := *out
	if !filepath.IsAbs(outDir) && *src != "." && !flagSet(fs, "out") {
		outDir = filepath.Join(*src, outDir)
	}
	start := time.Now()
	site, err := siteFS(*src)
	if err != nil {
		return err
	}
	// Pages stream into a fresh folder beside the output while the rest
	// renders; the folder replaces the output only if the build succeeds.
	cache := buildCacheDir(*cacheDir, *src)
	st, err := write.Begin(outDir, write.Options{Src: *src, Force: *force, Cancel: ctx.Done(),
		Wait:     func() { fmt.Fprintf(stderr, "rapport: waiting for another build into %s to finish\n", outDir) },
		Manifest: outputManifest(cache, outDir), Build: buildcache.Identity()})
	if err != nil {
		return err
	}
	for _, d := range st.Stale {
		fmt.Fprintf(stderr, "rapport: removed %s, left by a build that was interrupted\n", d)
	}
	pages, sent := stream(st)
	res, err := generator.Build(ctx, generator.Options{Src: site, GitDir: *src, BaseURL: *base, Portable: *portable, Pages: pages,
		CacheDir: cache, Reuse: reusable(st, cache)})
	sent()
	if err != nil {
		st.Abort()
		return err
	}
	printDiags(stderr, res.Diags)
	for _, n := range res.CacheStats.Notes {
		fmt.Fprintf(stderr, "rapport: note: %s\n", n)
	}
	if res.Diags.HasErrors() {
		st.Abort()
		return fmt.Errorf("build failed with %s; %s was left unchanged", plural(len(res.Diags.Errors()), "error"), outDir)
	}
	wstart := time.Now()
	if err := publish(st, res.Files); err != nil {
		return err
	}
	if res.SaveCache != nil {
		res.SaveCache() // the output is in place: what the next build may skip
	}
	if *verbose {
		printVerbose(stderr, res, st, time.Since(wstart))
	}
	fmt.Fprintf(stdout, "rapport: wrote %d files for %d pages in %d languages to %s in %s\n",
		len(res.Files), len(res.Site.Pages), len(res.Site.Langs), outDir, time.Since(start).Round(time.Millisecond))
	return nil
}

// outputManifest returns the file in the build cache that lists the
// files of the output folder out (see write.Options.Manifest), or "" when
// there is no cache or it is not rapport's.
func outputManifest(cache, out string) string {
	if cache == "" || !buildcache.Ours(cache) {
		return ""
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(cache, "outputs", hex.EncodeToString(sum[:8]))
}

// reusable returns generator.Options.Reuse for a build into st.
func reusable(st *write.Stream, cache string) func(string, memo.Sum) bool {
	if cache == "" {
		return nil
	}
	return func(path string, sum memo.Sum) bool { return st.Reusable(path, sum) }
}

// printVerbose prints build -v's report: each stage's time (the write
// stage's is writing), what the build cache gave, the templates the theme changes.
func printVerbose(stderr io.Writer, res *generator.Result, st *write.Stream, writing time.Duration) {
	for _, t := range append(res.Timings, generator.Timing{Stage: "write", D: writing}) {
		fmt.Fprintf(stderr, "rapport: %-7s %v\n", t.Stage, t.D.Round(time.Millisecond))
	}
	if n := st.Linked(); n > 0 {
		fmt.Fprintf(stderr, "rapport: cache   %d pages made as the previous output's: kept (linked), not rendered or written\n", n)
	}
	for _, c := range res.CacheStats.Kinds {
		switch c.Kind {
		case "source":
			fmt.Fprintf(stderr, "rapport: cache   source: %d of %d pages not read: their files' stamps are the ones the last build read\n", c.Hits, c.Hits+c.Misses)
			continue
		case "view":
			fmt.Fprintf(stderr, "rapport: cache   view: %d of %d content pages' views not made: what they are made from is what the last build made them from\n", c.Hits, c.Hits+c.Misses)
			continue
		case "generated view":
			fmt.Fprintf(stderr, "rapport: cache   generated view: %d of %d generated pages' views not made: what they read is what the last build's read\n", c.Hits, c.Hits+c.Misses)
			continue
		}
		fmt.Fprintf(stderr, "rapport: cache   %s: %d of %d %s reused, %d made and kept\n", c.Kind, c.Hits, c.Hits+c.Misses, cacheUnits[c.Kind], c.Written)
	}
	if len(res.ThemeChanged) > 0 {
		fmt.Fprintf(stderr, "rapport: the site's theme changes %s: pages using them render through html/template, which is slower than the built-in templates' compiled Go\n", strings.Join(res.ThemeChanged, ", "))
	}
}

// cacheUnits names what each kind of build cache entry holds.
var cacheUnits = map[string]string{"parse": "parsed pages", "body": "page bodies (HTML and search data) read back", "search": "search indexes", "index": "search indexes' merged terms and text, to update", "render": "rendered pages", "report": "translation reports"}

// buildCacheDir returns the build cache's folder for -cache flag: off
// (none), a folder, or .rapport-cache in the site folder src.
func buildCacheDir(flag, src string) string {
	switch flag {
	case "off", "":
		return ""
	case "on":
		return filepath.Join(src, ".rapport-cache")
	}
	return flag
}

// publish writes the build's files that were not streamed while rendering
// and puts the output folder in place.
func publish(st *write.Stream, files []output.File) error {
	for _, f := range files {
		if f.Data != nil || f.Lazy != nil { // nil: emitted while rendering
			st.Put(output.File{Path: f.Path, Data: f.Bytes()})
		}
	}
	return st.Commit()
}

// siteFS opens the site's source folder as an fs.FS confined to it: no
// path, and no symbolic link, leads outside it (os.Root; regular files are
// opened by openat2 where the kernel has it, see quickSiteFS). The folder stays
// open while the command runs.
func siteFS(src string) (fs.FS, error) {
	root, err := os.OpenRoot(src)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("%s: cannot open the site folder (-src): %w", src, err)
	}
	return quickSiteFS(root, src), nil
}

// stream returns a channel whose pages go to st as they come; sent closes
// it and waits until st has them all.
func stream(st *write.Stream) (pages chan<- output.File, sent func()) {
	ch := make(chan output.File, 64)
	done := make(chan struct{})
	go func() {
		for f := range ch {
			st.Put(f)
		}
		close(done)
	}()
	return ch, func() { close(ch); <-done }
}

func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

func printDiags(w io.Writer, diags diag.List) {
	for _, d := range diags {
		fmt.Fprintln(w, d.String())
	}
}
