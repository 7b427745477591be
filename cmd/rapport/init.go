package main

import (
	"bytes"
	"embed"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"text/template"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"rapport/generator/write"
)

// siteSkeleton is what `rapport init` writes: a home page, an example
// playbook and a knowledge check in each language rapport has UI strings
// for, a learning path through them (content/paths.toml), the metrics,
// settings and a README. Any other language gets the English pages marked
// `placeholder: true` with a note saying so, which check and build report
// until they are written.
//
//go:embed all:skeleton
var siteSkeleton embed.FS

// initSite creates a new site: rapport init DIR [-langs he,ar,en].
func initSite(args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("init", flag.ContinueOnError)
	fl.SetOutput(stderr)
	langs := fl.String("langs", "en", "comma-separated `languages` of the site, the first the default (BCP 47 tags: he,ar,en)")
	dir := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		dir, args = args[0], args[1:] // rapport init DIR -langs …
	}
	if err := fl.Parse(args); err != nil {
		return errUsage
	}
	if dir == "" && fl.NArg() == 1 {
		dir = fl.Arg(0)
	} else if fl.NArg() > 0 || dir == "" {
		fmt.Fprintln(stderr, "usage: rapport init DIR [-langs he,ar,en]")
		return errUsage
	}
	tags, err := parseLangs(*langs)
	if err != nil {
		fmt.Fprintf(stderr, "rapport init: %v\n", err)
		return errUsage
	}
	files, err := skeletonFiles(tags)
	if err != nil {
		return err
	}
	for _, f := range files {
		if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(f.path))); err == nil {
			return fmt.Errorf("%s already exists: rapport init never overwrites; choose a new folder", filepath.Join(dir, filepath.FromSlash(f.path)))
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := writeSkeleton(dir, files); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "rapport: created a site in %s with %d files (languages: %s)\nnext: rapport serve -src %s\n",
		dir, len(files), strings.Join(tags, ", "), dir)
	return nil
}

// writeSkeleton writes files into dir, each whole (write.Create). When
// one cannot be written (a full disk), those written before it are
// removed: rapport init, which never overwrites, can then be run again.
func writeSkeleton(dir string, files []newFile) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	for i, f := range files {
		if err := root.MkdirAll(path.Dir(f.path), 0o755); err != nil {
			err = fmt.Errorf("%s: %w", filepath.Join(dir, filepath.FromSlash(path.Dir(f.path))), rootErr(err))
			return removeWritten(root, files[:i], err)
		}
		if err := write.Create(root, f.path, f.data, 0o644); err != nil {
			return removeWritten(root, files[:i], notWritten(filepath.Join(dir, filepath.FromSlash(f.path)), err, false))
		}
	}
	return nil
}

// removeWritten removes the files init wrote before err, and returns err.
func removeWritten(root *os.Root, written []newFile, err error) error {
	for _, f := range written {
		root.Remove(f.path)
	}
	return err
}

// parseLangs checks a comma-separated list of language tags.
func parseLangs(s string) ([]string, error) {
	var tags []string
	for _, l := range strings.Split(s, ",") {
		l = strings.TrimSpace(l)
		if _, err := language.Parse(l); err != nil || l == "" || strings.ContainsAny(l, `/\.`) {
			return nil, fmt.Errorf("-langs: %q is not a language tag such as he, ar, pt-BR", l)
		}
		for _, t := range tags {
			if t == l {
				return nil, fmt.Errorf("-langs: %q is given twice", l)
			}
		}
		tags = append(tags, l)
	}
	return tags, nil
}

type newFile struct {
	path string
	data []byte
}

// skeletonPages are the pages init writes in each language.
var skeletonPages = []string{"_index.md", "getting-started.md", "check-your-knowledge.md"}

// skeletonFiles returns the files of a new site in languages tags.
func skeletonFiles(tags []string) ([]newFile, error) {
	other := tags[0]
	if len(tags) > 1 {
		other = tags[1]
	}
	vars := struct{ Default, Other string }{tags[0], other}
	var files []newFile
	for _, name := range []string{"README.md", "rapport.toml", "gitignore", "content/metrics.toml"} {
		data, err := fs.ReadFile(siteSkeleton, "skeleton/"+name)
		if err != nil {
			return nil, err
		}
		var b bytes.Buffer
		if err := template.Must(template.New(name).Parse(string(data))).Execute(&b, vars); err != nil {
			return nil, err
		}
		if name == "gitignore" {
			name = ".gitignore"
		}
		files = append(files, newFile{name, b.Bytes()})
	}
	paths, err := fs.ReadFile(siteSkeleton, "skeleton/content/paths.toml")
	if err != nil {
		return nil, err
	}
	files = append(files, newFile{"content/paths.toml", pathsFor(paths, tags, hasSample)})
	for _, l := range tags {
		for _, page := range skeletonPages {
			if !hasSample(l) {
				data, err := fs.ReadFile(siteSkeleton, path.Join("skeleton/content/en", page))
				if err != nil {
					return nil, err
				}
				files = append(files, newFile{path.Join("content", l, page), placeholder(data, l)})
				continue
			}
			data, err := fs.ReadFile(siteSkeleton, path.Join("skeleton/content", l, page))
			if err != nil {
				return nil, err
			}
			files = append(files, newFile{path.Join("content", l, page), data})
		}
	}
	return files, nil
}

// hasSample reports whether the skeleton has pages written in language l.
func hasSample(l string) bool {
	_, err := fs.Stat(siteSkeleton, "skeleton/content/"+l)
	return err == nil
}

// pathsFor keeps, of the skeleton's paths.toml, the titles and summaries
// of the languages in tags; a language without sample pages gets the
// English ones.
func pathsFor(data []byte, tags []string, sample func(string) bool) []byte {
	var out bytes.Buffer
	for _, line := range strings.SplitAfter(string(data), "\n") {
		tag, text, ok := strings.Cut(line, " = ")
		if !ok || tag == "id" || tag == "steps" {
			out.WriteString(line)
			continue
		}
		for _, l := range tags {
			switch {
			case l == tag:
				out.WriteString(line)
			case tag == "en" && !sample(l):
				out.WriteString(l + " = " + text)
			}
		}
	}
	return out.Bytes()
}

// placeholder marks data, an English page, as a placeholder in language
// l: `placeholder: true` in its front matter (rapport check and build
// warn about it) and a note at the top of its text.
func placeholder(data []byte, l string) []byte {
	name := l
	if t, err := language.Parse(l); err == nil && display.Self.Name(t) != "" {
		name = display.Self.Name(t)
	}
	fm, body, _ := strings.Cut(strings.TrimPrefix(string(data), "---\n"), "---\n")
	// A paragraph, not a callout: a callout only in the default
	// language's pages would make the others' read as divergent.
	note := fmt.Sprintf("**Placeholder:** this page is rapport's English sample, not yet written in %s. "+
		"Write it in %s, then remove `placeholder: true` from its front matter.\n\n", name, name)
	return []byte("---\n" + fm + "placeholder: true\n---\n" + note + body)
}
