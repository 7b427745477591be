// Package load is the first stage of the build: it walks a site's source
// folder, an fs.FS, and returns its files as values, with no parsing.
//
// # Layout
//
//	content/<lang>/**/*.md    playbooks; <lang> is a BCP 47 tag (he, ar, pt-BR)
//	content/<lang>/**/other   static files published beside the pages
//	content/metrics.toml      metric definitions (optional)
//	content/paths.toml        learning paths (optional)
//	locales/<lang>.toml       UI strings (optional: built-in ones are used)
//	themes/default/           templates/ and assets/ (optional: built-in)
//	rapport.toml              site settings (optional; see package config)
//
// Dotfiles and editor droppings (*~, .#*, #*#, *.swp, *.swx, 4913) are never
// read or published. A folder under content/ that is not a valid language tag,
// an unreadable or over-large file, invalid UTF-8 and empty pages are errors.
package load

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/language"

	"rapport/generator/config"
	"rapport/generator/diag"
	"rapport/generator/memo"
	"rapport/generator/sitefile"
)

// Size limits: larger files are errors. A playbook is text, and a cap
// keeps pathological input from stalling a build.
const (
	// MaxFileSize is the largest page or asset under content/<lang>/.
	MaxFileSize = 4 << 20
	// MaxDataSize is the largest content/metrics.toml or paths.toml.
	MaxDataSize = 1 << 20
	// MaxLocaleSize is the largest locales/<lang>.toml.
	MaxLocaleSize = 256 << 10
)

// Source is one Markdown page as read from disk.
type Source struct {
	Path string // slash path from the site root: content/he/metrics.md
	Lang string // language folder: he
	Rel  string // path inside the language folder: metrics.md
	Data []byte // bytes, with a UTF-8 BOM removed and CRLF turned into LF
	// Sum is the SHA-256 of Data, and Stamp the file's stamp taken before
	// it was read, for a page LoadKnown loaded (else zero); Data is nil
	// when the page was known by its stamp and not read (see Fill).
	Sum   memo.Sum
	Stamp Stamp
}

// Asset is a non-Markdown file under content/<lang>/, published as is.
type Asset struct {
	Path string // slash path from the site root
	Out  string // output path: <lang>/<rel>
	Data []byte
}

// Input is everything the later stages read.
type Input struct {
	Langs   []string       // language folders, sorted
	Pages   []Source       // sorted by Path
	Assets  []Asset        // sorted by Path
	Locales []Source       // locales/*.toml, sorted by Path; Lang from the file name
	Metrics *Source        // content/metrics.toml, or nil
	Paths   *Source        // content/paths.toml (learning paths), or nil
	Theme   fs.FS          // the site's themes/default, or nil to use the built-in
	Config  *config.Config // rapport.toml; never nil (zero without the file)

	// reuse holds the bytes Reload may take instead of reading.
	reuse map[string][]byte
	// known, for LoadKnown, says which pages need not be read.
	known Known
	// clean says loading found no problem, so a reload that reads only
	// the changed files reports everything a full load would.
	clean bool
}

// reusable returns the pages' and assets' bytes of prev whose paths have
// not changed.
func reusable(prev *Input, changed func(string) bool) map[string][]byte {
	m := make(map[string][]byte, len(prev.Pages)+len(prev.Assets))
	for _, p := range prev.Pages {
		if !changed(p.Path) {
			m[p.Path] = p.Data
		}
	}
	for _, a := range prev.Assets {
		if !changed(a.Path) {
			m[a.Path] = a.Data
		}
	}
	return m
}

// Load reads the site in fsys. It returns all problems found, not only the
// first; Input holds what could be read.
func Load(fsys fs.FS) (*Input, diag.List) { return load(fsys, nil) }

// Reload is Load after an earlier load, prev, of the same folder, when the
// caller knows which slash paths (files or folders) changed since:
// rapport serve's watcher does. Pages and assets of prev whose paths did
// not change are taken from it without being read. When every changed
// path under content/<lang>/ is a page or asset of prev that is still a
// file, no folder needs walking again; otherwise the folders are walked,
// so new and removed files are seen. Locales, metrics and the theme are
// read again. A nil prev or changed reads everything.
func Reload(fsys fs.FS, prev *Input, changed []string) (*Input, diag.List) {
	if prev == nil || changed == nil {
		return load(fsys, nil)
	}
	if in, diags, ok := reloadFiles(fsys, prev, changed); ok {
		return in, diags
	}
	return load(fsys, reusable(prev, changedFunc(changed)))
}

// reloadFiles reads again the changed pages and assets of prev when no
// file was added or removed under content/<lang>/; ok is false otherwise.
func reloadFiles(fsys fs.FS, prev *Input, changed []string) (*Input, diag.List, bool) {
	if !prev.clean {
		return nil, nil, false // the walk reports prev's problems again
	}
	pageAt, assetAt := finder(prev.Pages, changed, Source.path), finder(prev.Assets, changed, Asset.path)
	in := &Input{Pages: slices.Clone(prev.Pages), Assets: slices.Clone(prev.Assets)}
	var diags diag.List
	if !readContent(fsys, in, &diags, false) || !slices.Equal(in.Langs, prev.Langs) {
		return nil, nil, false
	}
	for _, c := range changed {
		if !strings.HasPrefix(c, "content/") || c == "content/metrics.toml" || c == "content/paths.toml" {
			continue // read again below
		}
		st, err := fs.Stat(fsys, c)
		i, isPage := pageAt(c)
		j, isAsset := assetAt(c)
		if err != nil || !st.Mode().IsRegular() || !isPage && !isAsset {
			return nil, nil, false
		}
		if isPage {
			src := readSource(fsys, c, MaxFileSize, &diags)
			if src == nil || len(bytes.TrimSpace(src.Data)) == 0 {
				return nil, nil, false // the walk reports it
			}
			in.Pages[i].Data, in.Pages[i].Sum, in.Pages[i].Stamp = src.Data, memo.Sum{}, Stamp{}
		} else {
			data, ok := readFile(fsys, c, MaxFileSize, &diags)
			if !ok {
				return nil, nil, false
			}
			in.Assets[j].Data = data
		}
	}
	readShared(fsys, in, &diags)
	in.clean = len(diags) == 0
	return in, diags, true
}

// finder returns a function that finds a path's index in list: by a
// scan when few files changed (a save in an editor), else by a map made
// once (a checkout of another branch).
func finder[T any](list []T, changed []string, path func(T) string) func(string) (int, bool) {
	if len(changed) <= 8 {
		return func(p string) (int, bool) {
			i := slices.IndexFunc(list, func(v T) bool { return path(v) == p })
			return i, i >= 0
		}
	}
	at := make(map[string]int, len(list))
	for i, v := range list {
		at[path(v)] = i
	}
	return func(p string) (int, bool) {
		i, ok := at[p]
		return i, ok
	}
}

func (s Source) path() string { return s.Path }
func (a Asset) path() string  { return a.Path }

// changedFunc reports whether a path is one of paths or under one of them.
func changedFunc(paths []string) func(string) bool {
	set := make(map[string]bool, len(paths))
	for _, p := range paths {
		set[strings.TrimSuffix(p, "/")] = true
	}
	return func(p string) bool {
		for {
			if set[p] {
				return true
			}
			i := strings.LastIndexByte(p, '/')
			if i < 0 {
				return false
			}
			p = p[:i]
		}
	}
}

// load walks the site, taking the bytes of the files in reuse instead of
// reading them.
func load(fsys fs.FS, reuse map[string][]byte) (*Input, diag.List) {
	in := &Input{reuse: reuse, Config: &config.Config{}}
	return in.load(fsys)
}

// load walks the site into in.
func (in *Input) load(fsys fs.FS) (*Input, diag.List) {
	var diags diag.List
	if !readContent(fsys, in, &diags, true) {
		return in, diags
	}
	readShared(fsys, in, &diags)
	in.reuse, in.known = nil, nil
	in.clean = len(diags) == 0
	return in, diags
}

// readContent reads content/: metrics.toml and the language folders, and
// walks each (walk) or only lists them. It is false when there is no
// content folder.
func readContent(fsys fs.FS, in *Input, diags *diag.List, walk bool) bool {
	langs, err := fs.ReadDir(fsys, "content")
	if err != nil {
		diags.Errorf(diag.Pos{File: "content"}, "no content folder: %v", unwrapPathErr(err))
		return false
	}
	for _, e := range langs {
		name := e.Name()
		switch {
		case Ignored(name):
			continue
		case name == "metrics.toml":
			in.Metrics = readTop(fsys, e, diags)
			continue
		case name == "paths.toml":
			in.Paths = readTop(fsys, e, diags)
			continue
		case isLink(e):
			if msg := linkProblem(fsys, "content/"+name); msg != "" {
				diags.Errorf(diag.Pos{File: "content/" + name}, "%s", msg)
			} else {
				diags.Warnf(diag.Pos{File: "content/" + name}, "file outside a language folder is ignored")
			}
			continue
		case !e.IsDir():
			diags.Warnf(diag.Pos{File: "content/" + name}, "file outside a language folder is ignored")
			continue
		}
		if !validLang(name) {
			diags.Errorf(diag.Pos{File: "content/" + name}, "unknown language folder %q: name it by a BCP 47 language tag such as he, ar, pt-BR", name)
			continue
		}
		in.Langs = append(in.Langs, name)
		if walk {
			walkLang(fsys, name, in, diags)
		}
	}
	return true
}

// readShared reads what is read again at every build: rapport.toml, the
// locales and the theme.
func readShared(fsys fs.FS, in *Input, diags *diag.List) {
	cfg, d := config.Read(fsys)
	diags.Merge(d)
	if l := cfg.DefaultLanguage; l != "" && !slices.Contains(in.Langs, l) {
		diags.Errorf(cfg.Pos("defaultLanguage"), "defaultLanguage %q has no folder content/%s (languages: %s)", l, l, strings.Join(in.Langs, ", "))
	}
	in.Config = cfg
	checkAssets(in, diags)
	in.Locales = readLocales(fsys, diags)
	if !checkTree(fsys, "themes", diags) {
		return // the build fails; the theme is not read
	}
	if st, err := fs.Stat(fsys, "themes/default"); err == nil && st.IsDir() {
		in.Theme, _ = fs.Sub(fsys, "themes/default")
	}
}

// validLang reports whether name is a well-formed BCP 47 tag that
// golang.org/x/text knows, written in canonical case.
func validLang(name string) bool {
	tag, err := language.Parse(name)
	if err != nil {
		return false
	}
	base, conf := tag.Base()
	return conf != language.No && base.String() != "und"
}

func walkLang(fsys fs.FS, lang string, in *Input, diags *diag.List) {
	root := "content/" + lang
	var files []found
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			diags.Errorf(diag.Pos{File: p}, "cannot read: %v", unwrapPathErr(err))
			return nil
		}
		if p != root && Ignored(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			if hiddenPage(d.Name()) {
				diags.Warnf(diag.Pos{File: p}, "this page is not read: names that start with '.' are hidden; rename it without the dot to publish it")
			}
			return nil
		}
		if msg := BadName(d.Name()); p != root && msg != "" {
			diags.Errorf(diag.Pos{File: p}, "%s", msg)
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if isLink(d) {
			if msg := linkProblem(fsys, p); msg != "" {
				diags.Errorf(diag.Pos{File: p}, "%s", msg)
				return nil
			}
		} else if err := sitefile.Irregular(d.Type()); err != nil {
			diags.Errorf(diag.Pos{File: p}, "%v", err)
			return nil
		}
		if !d.IsDir() {
			files = append(files, found{p, d})
		}
		return nil
	})
	if err != nil {
		diags.Errorf(diag.Pos{File: root}, "cannot read: %v", unwrapPathErr(err))
	}
	for _, f := range readAll(fsys, files, in) {
		diags.Merge(f.diags)
		rel := strings.TrimPrefix(f.path, root+"/")
		switch {
		case f.sum != (memo.Sum{}) && f.data == nil: // known, not read
			in.Pages = append(in.Pages, Source{Path: f.path, Lang: lang, Rel: rel, Sum: f.sum, Stamp: f.stamp})
		case f.data == nil:
		case !strings.HasSuffix(f.path, ".md"):
			in.Assets = append(in.Assets, Asset{Path: f.path, Out: lang + "/" + rel, Data: f.data})
		case len(bytes.TrimSpace(f.data)) == 0:
			diags.Errorf(diag.Pos{File: f.path, Line: 1}, "empty file: a page needs front matter with a title")
		default:
			in.Pages = append(in.Pages, Source{Path: f.path, Lang: lang, Rel: rel, Data: f.data, Sum: f.sum, Stamp: f.stamp})
		}
	}
}

// found is a file the walk found.
type found struct {
	path string
	d    fs.DirEntry
}

// read is one file read by readAll.
type read struct {
	path  string
	data  []byte // nil when it could not be read, or was known
	diags diag.List
	// sum and stamp, for LoadKnown's pages: data's sum (or the known
	// sum, data nil) and the stamp taken before reading.
	sum   memo.Sum
	stamp Stamp
}

// readAll reads files on several goroutines (a large site is thousands of
// small reads, each a few system calls), taking those in in.reuse as they
// are and leaving those in.known knows; pages are checked as readSource
// checks them. The result keeps the order of files.
func readAll(fsys fs.FS, files []found, in *Input) []read {
	out := make([]read, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(len(files), 4*max(1, runtime.GOMAXPROCS(0))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i].read(fsys, files[i], in)
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

func readLocales(fsys fs.FS, diags *diag.List) []Source {
	entries, err := fs.ReadDir(fsys, "locales")
	if err != nil {
		if st, lerr := fs.Lstat(fsys, "locales"); lerr == nil && st.Mode()&fs.ModeSymlink != 0 {
			// Say so rather than build with the built-in strings.
			target, _ := fs.ReadLink(fsys, "locales")
			diags.Errorf(diag.Pos{File: "locales"}, "symbolic link to %q, which leads outside the site folder or nowhere: the site's UI strings are not read; copy the folder into the site", target)
		}
		return nil // no locales folder: the built-in strings are used
	}
	var out []Source
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || Ignored(name) || path.Ext(name) != ".toml" {
			continue
		}
		if msg := linkProblemOf(fsys, e, "locales/"+name); msg != "" {
			diags.Errorf(diag.Pos{File: "locales/" + name}, "%s", msg)
			continue
		}
		if err := sitefile.Irregular(e.Type()); err != nil {
			diags.Errorf(diag.Pos{File: "locales/" + name}, "%v", err)
			continue
		}
		if src := readSource(fsys, "locales/"+name, MaxLocaleSize, diags); src != nil {
			src.Lang = strings.TrimSuffix(name, ".toml")
			out = append(out, *src)
		}
	}
	return out
}

func readSource(fsys fs.FS, p string, max int64, diags *diag.List) *Source {
	data, ok := readFile(fsys, p, max, diags)
	if !ok {
		return nil
	}
	if !utf8.Valid(data) {
		off := firstInvalid(data)
		diags.Errorf(diag.At(p, data, off), "invalid UTF-8: save the file as UTF-8")
		return nil
	}
	return &Source{Path: p, Data: Normalize(data)}
}

// readFile reads the file at p, whose directory entry (or the file a
// link at p leads to) was seen to be a regular file, of at most max bytes.
func readFile(fsys fs.FS, p string, max int64, diags *diag.List) ([]byte, bool) {
	data, err := sitefile.ReadOpen(fsys, p, max)
	var tooLarge *sitefile.TooLargeError
	var irregular *sitefile.NotRegularError
	switch {
	case errors.As(err, &tooLarge):
		diags.Errorf(diag.Pos{File: p, Line: 1}, "%v", tooLarge)
		return nil, false
	case errors.As(err, &irregular):
		diags.Errorf(diag.Pos{File: p}, "%v", irregular)
		return nil, false
	case err != nil:
		diags.Errorf(diag.Pos{File: p, Line: 1}, "cannot read: %s", readErr(err))
		return nil, false
	}
	return data, true
}

// Normalize removes a UTF-8 byte order mark and turns CRLF and lone CR line
// endings into LF, so later stages see one form and line numbers agree with
// what editors show.
func Normalize(data []byte) []byte {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if bytes.IndexByte(data, '\r') < 0 {
		return data
	}
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
}

func firstInvalid(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(data)
}

// unwrapPathErr drops the path from an *fs.PathError: diagnostics name the
// file already.
func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Ignored reports whether a file or folder name is a dotfile or an editor's
// dropping that is never read nor published.
func Ignored(name string) bool {
	switch {
	case strings.HasPrefix(name, "."), strings.HasPrefix(name, "#"),
		strings.HasSuffix(name, "~"), name == "4913",
		slices.Contains([]string{".swp", ".swx", ".swo", ".tmp", ".bak"}, path.Ext(name)):
		return true
	}
	return false
}

// hiddenPage reports whether name, an ignored file's, looks like a page a
// trainer meant to publish (.draft.md), not an editor's or a system's
// file (.#a.md, an Emacs lock; ._a.md, macOS's AppleDouble file beside
// a.md on a shared drive; .DS_Store).
func hiddenPage(name string) bool {
	return strings.HasPrefix(name, ".") && !strings.HasPrefix(name, ".#") && !strings.HasPrefix(name, "._") && path.Ext(name) == ".md"
}

// read reads the file f into r, or takes it from in.reuse, or leaves a
// page in.known knows unread. A panic is an error naming the file: the
// worker goes on to the next file.
func (r *read) read(fsys fs.FS, f found, in *Input) {
	p := f.path
	r.path = p
	defer diag.Recover(&r.diags, diag.Pos{File: p}, "read")
	if data, ok := in.reuse[p]; ok {
		r.data = data // was a valid page or asset
		return
	}
	if strings.HasSuffix(p, ".md") {
		r.readPage(fsys, f, in.known)
	} else if data, ok := readFile(fsys, p, MaxFileSize, &r.diags); ok {
		r.data = data
	}
}

// readPage reads the page f into r; with known (LoadKnown), it takes
// the page's stamp first and leaves the page unread when known knows it.
func (r *read) readPage(fsys fs.FS, f found, known Known) {
	if known != nil {
		if st, ok := stampOf(f.d); ok {
			r.stamp = st
			if sum, ok := known(f.path, st); ok {
				r.sum = sum
				return
			}
		}
	}
	if src := readSource(fsys, f.path, MaxFileSize, &r.diags); src != nil {
		r.data = src.Data
		if known != nil {
			r.sum = SumOf(src.Data)
		}
	}
}

// BadName returns why a file or folder name under a language folder
// cannot be a segment of its address, or "": '#' and '?' would end the
// path, '%' would be read as an escape (%2e%2e.md is ".."), a backslash
// is a folder separator to some servers and LMSs, and control characters
// have no place in an address.
func BadName(name string) string {
	i := strings.IndexFunc(name, func(r rune) bool {
		return r == '#' || r == '?' || r == '%' || r == '\\' || r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0)
	})
	if i < 0 {
		return ""
	}
	r, _ := utf8.DecodeRuneInString(name[i:])
	return fmt.Sprintf("the name %s cannot be part of a web address: it has %s; rename it (letters, digits, '-', '_' and '.' are safe)", strconv.Quote(name), strconv.QuoteRune(r))
}

// scriptExts are the extensions of files a browser runs as script, or as
// a page that can run script, on the site's address.
var scriptExts = []string{".html", ".htm", ".xhtml", ".xht", ".js", ".mjs", ".cjs"}

// checkAssets refuses the files under content/ that could run script on
// the site's address: HTML and JavaScript, unless rapport.toml's
// [assets] scripts lists them, and SVG images and other XML files with
// script in them (opened on their own, they run it on a server that does
// not send the pages' Content-Security-Policy, as an LMS serving a SCORM
// package).
func checkAssets(in *Input, diags *diag.List) {
	for _, a := range in.Assets {
		ext := strings.ToLower(path.Ext(a.Path))
		switch {
		case slices.Contains(scriptExts, ext) && !in.Config.Assets.AllowsScript(a.Path):
			diags.Errorf(diag.Pos{File: a.Path}, "an HTML or JavaScript file published beside the pages would run script on the site's address: it is refused; to publish it as it is, list it in rapport.toml's [assets] scripts")
		case ext == ".svg":
			if off, what := sitefile.XMLScript(a.Data); what != "" {
				diags.Errorf(diag.At(a.Path, a.Data, off), "this SVG could run script (%s): remove it, or use a PNG", what)
			}
		case slices.Contains(sitefile.XMLExts, ext):
			if off, what := sitefile.XMLScript(a.Data); what != "" {
				diags.Errorf(diag.At(a.Path, a.Data, off), "this XML file could run script when opened (%s): remove it", what)
			}
		}
	}
}
