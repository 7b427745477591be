package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"rapport/generator/config"
	"rapport/generator/history"
	"rapport/generator/translate"
	"rapport/generator/write"
)

const translateUsage = `usage:
  rapport translate export -lang L [-from S] [-format xliff|xliff2|po] [-only all|stale|missing] [-out FILE] [-src DIR]
  rapport translate import [-src DIR] FILE
`

func translateCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, translateUsage)
		return errUsage
	}
	switch args[0] {
	case "export":
		return exportCmd(ctx, args[1:], stdout, stderr)
	case "import":
		return importCmd(ctx, args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "rapport translate: unknown command %q\n%s", args[0], translateUsage)
	return errUsage
}

func exportCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("translate export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	src := fs.String("src", ".", "site source `folder`")
	lang := fs.String("lang", "", "the `language` to translate into (required)")
	from := fs.String("from", "", "the source `language` (default: rapport.toml's defaultLanguage)")
	format := fs.String("format", translate.XLIFF12, "file `format`: xliff (XLIFF 1.2), xliff2 (XLIFF 2.1) or po")
	only := fs.String("only", "all", "which `units`: all, stale (source changed since translated) or missing (untranslated)")
	out := fs.String("out", "", "write to `file` instead of standard output")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() > 0 || !langFolder(*lang) || *from != "" && !langFolder(*from) ||
		!oneOf(*format, translate.XLIFF12, translate.XLIFF21, translate.PO) || !oneOf(*only, "all", "stale", "missing") {
		fmt.Fprint(stderr, translateUsage)
		return errUsage
	}
	ex, err := exportOf(ctx, *src, *from, *lang)
	if err != nil {
		return err
	}
	ex.Only(*only)
	var buf bytes.Buffer
	w := stdout
	if *out != "" {
		w = &buf // written whole below: a full disk leaves the old file
	}
	if err := translate.Write(w, ex, *format); err != nil {
		return err
	}
	if *out != "" {
		if err := replaceFile(*out, buf.Bytes()); err != nil {
			return err
		}
	}
	untr, review, done := ex.Counts()
	fmt.Fprintf(stderr, "rapport: %d units of pages from %s to %s: %d untranslated, %d need review, %d translated",
		untr+review+done, ex.From, ex.Lang, untr, review, done)
	if su, sr, sd := ex.Strings(); su+sr+sd > 0 {
		fmt.Fprintf(stderr, "; %d UI strings and learning-path titles: %d untranslated, %d need review", su+sr+sd, su, sr)
	}
	fmt.Fprintf(stderr, "; %d untranslated pre-filled from translation memory\n", ex.Prefilled)
	return nil
}

// replaceFile writes data to the file at name, anywhere, replacing it in
// one rename (write.Replace).
func replaceFile(name string, data []byte) error {
	root, err := os.OpenRoot(filepath.Dir(name))
	if err != nil {
		return err
	}
	defer root.Close()
	if err := write.Replace(root, filepath.Base(name), data, 0o644); err != nil {
		_, old := os.Lstat(name)
		return notWritten(name, err, old == nil)
	}
	return nil
}

// exportOf reads the site in src and pairs its pages in from (by default
// rapport.toml's defaultLanguage) with those in lang.
func exportOf(ctx context.Context, src, from, lang string) (*translate.Export, error) {
	site, err := siteFS(src)
	if err != nil {
		return nil, err
	}
	if from == "" {
		cfg, diags := config.Read(site)
		if diags.HasErrors() {
			return nil, diags.Err()
		}
		if from = cfg.DefaultLanguage; from == "" {
			return nil, fmt.Errorf("which language to translate from? give -from, or set defaultLanguage in rapport.toml")
		}
	}
	if st, err := os.Stat(src + "/content/" + from); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("content/%s: no such language folder (-from)", from)
	}
	if from == lang {
		return nil, fmt.Errorf("-lang and -from are both %s", lang)
	}
	return translate.Build(site, translate.Options{From: from, Lang: lang, Baseline: gitBaseline(ctx, src)})
}

// gitBaseline finds in the site's git history the version of a source page
// that a translation was made from: the one with the recorded sourceHash,
// or, for a translation that records none, the source as it was when the
// translation was last committed.
func gitBaseline(ctx context.Context, dir string) translate.Baseline {
	return func(source, target, hash string) ([]byte, bool) {
		if hash == "" {
			c := history.Commits(ctx, dir, target, 1)
			if len(c) == 0 {
				return nil, false
			}
			return history.At(ctx, dir, c[0], source)
		}
		for _, c := range history.Commits(ctx, dir, source, 200) {
			if data, ok := history.At(ctx, dir, c, source); ok && translate.Hash(source, data) == hash {
				return data, true
			}
		}
		return nil, false
	}
}

func oneOf(s string, set ...string) bool {
	for _, x := range set {
		if s == x {
			return true
		}
	}
	return false
}

func importCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("translate import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	src := fs.String("src", ".", "site source `folder`")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() != 1 {
		fmt.Fprint(stderr, translateUsage)
		return errUsage
	}
	name := fs.Arg(0)
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	site, err := siteFS(*src)
	if err != nil {
		return err
	}
	changes, diags := translate.Import(site, name, data, gitBaseline(ctx, *src))
	if diags.HasErrors() {
		printDiags(stderr, diags)
		return fmt.Errorf("%s: %d problems; nothing was written", name, len(diags.Errors()))
	}
	root, err := openContent(*src)
	if err != nil {
		return err
	}
	defer root.Close()
	for i, c := range changes {
		if err := writeAtomic(root, c.Path, c.Data); err != nil {
			if i > 0 {
				err = fmt.Errorf("%w; the %s listed above were written, the other %d not: import the file again", err, plural(i, "file"), len(changes)-i)
			}
			return err
		}
		what := "updated"
		if c.New {
			what = "created"
		}
		current := ""
		if c.Current {
			current = ", marked current with its source"
		}
		if strings.HasSuffix(c.Path, ".md") || strings.HasSuffix(c.Path, ".toml") {
			fmt.Fprintf(stdout, "rapport: %s %s (%d units%s)\n", what, c.Path, c.Units, current)
		} else {
			fmt.Fprintf(stdout, "rapport: copied %s, which a new page shows\n", c.Path)
		}
	}
	if len(changes) == 0 {
		fmt.Fprintf(stdout, "rapport: nothing to change: every translation in %s is already in the site\n", name)
	}
	return nil
}

var localeFileRE = regexp.MustCompile(`^locales/[A-Za-z0-9-]+\.toml$`)

// writeAtomic writes a file inside content/ (or a language's UI strings,
// locales/<lang>.toml) through root (write.Replace: into a new file
// beside it, then renamed over it), so a reader never sees half a page.
func writeAtomic(root *os.Root, p string, data []byte) error {
	if !fsValid(p) || !strings.HasPrefix(p, "content/") && !localeFileRE.MatchString(p) {
		return fmt.Errorf("%s: not inside the site's content folder", p)
	}
	if err := root.MkdirAll(path.Dir(p), 0o755); err != nil {
		return fmt.Errorf("%s: %w", path.Dir(p), rootErr(err))
	}
	if err := write.Replace(root, p, data, 0o644); err != nil {
		return notWritten(p, err, true)
	}
	return nil
}
