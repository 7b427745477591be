package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"

	"rapport/generator/diag"
	"rapport/generator/load"
	"rapport/generator/parse"
	"rapport/generator/write"
)

func newPage(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("new", flag.ContinueOnError)
	fs.SetOutput(stderr)
	src := fs.String("src", ".", "site source `folder`")
	from := fs.String("from", "", "start a translation from the page at the same path in `language`")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() != 1 || !strings.HasSuffix(fs.Arg(0), ".md") {
		fmt.Fprintln(stderr, "usage: rapport new [-src DIR] [-from LANG] <lang>/<path>.md")
		return errUsage
	}
	rel := strings.TrimPrefix(filepath.ToSlash(fs.Arg(0)), "content/")
	lang, pagePath, ok := strings.Cut(rel, "/")
	if !ok || !fsValid("content/"+rel) {
		fmt.Fprintln(stderr, "rapport new: the path is <lang>/<path>.md, inside content/")
		return errUsage
	}
	if !langFolder(lang) {
		return fmt.Errorf("%q is not a language tag", lang)
	}
	for _, elem := range strings.Split(pagePath, "/") {
		if load.Ignored(elem) {
			return fmt.Errorf("content/%s: the build never reads %q: names that start with '.' or '#', or end in '~', .tmp, .bak or .swp, are ignored", diag.Escape(rel), diag.Escape(elem))
		}
		if msg := load.BadName(elem); msg != "" {
			return fmt.Errorf("content/%s: %s", diag.Escape(rel), msg)
		}
	}
	if *from != "" && !langFolder(*from) {
		return fmt.Errorf("-from %q is not a language tag", *from)
	}
	root, err := openContent(*src)
	if err != nil {
		return err
	}
	defer root.Close()
	target := "content/" + rel
	body := blank(pagePath)
	if *from != "" {
		if body, err = translation(root, *from, pagePath); err != nil {
			return err
		}
	}
	if err := root.MkdirAll(path.Dir(target), 0o755); err != nil {
		return fmt.Errorf("%s: %w", path.Dir(target), rootErr(err))
	}
	if err := write.Create(root, target, body, 0o644); errors.Is(err, iofs.ErrExist) {
		return fmt.Errorf("%s: %w (rapport new never overwrites)", target, rootErr(err))
	} else if err != nil {
		return notWritten(target, err, false)
	}
	fmt.Fprintf(stdout, "rapport: created %s\n", target)
	return nil
}

// fsValid reports whether p is a clean slash path inside the site: no "..",
// ".", empty element or leading "/".
func fsValid(p string) bool { return iofs.ValidPath(p) }

func blank(pagePath string) []byte {
	name := strings.TrimSuffix(path.Base(pagePath), ".md")
	title := cases.Title(language.Und).String(strings.ReplaceAll(name, "-", " "))
	return []byte(fmt.Sprintf("---\ntitle: %q\ntopics: []\nweight: 100\n---\n\n", title))
}

// translation copies the source page's front matter and structure
// (headings, calculators, links, formulas) and records which page and
// which version of it the translation starts from.
func translation(root *os.Root, from, pagePath string) ([]byte, error) {
	srcRel := "content/" + from + "/" + pagePath
	data, err := root.ReadFile(srcRel)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", srcRel, rootErr(err))
	}
	data = load.Normalize(data)
	fm, diags := parse.SplitFrontMatter(srcRel, data)
	if diags.HasErrors() {
		return nil, diags.Err()
	}
	body := data[fm.BodyOffset:]
	var b bytes.Buffer
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %q\n", fm.Meta.Title)
	if fm.Meta.Description != "" {
		fmt.Fprintf(&b, "description: %q\n", fm.Meta.Description)
	}
	if len(fm.Meta.Topics) > 0 {
		fmt.Fprintf(&b, "topics: [%s]\n", strings.Join(fm.Meta.Topics, ", "))
	}
	fmt.Fprintf(&b, "weight: %d\n", fm.Meta.Weight)
	if fm.Meta.TranslationKey != "" {
		fmt.Fprintf(&b, "translationKey: %s\n", fm.Meta.TranslationKey)
	}
	fmt.Fprintf(&b, "translatedFrom: %s\n", srcRel)
	fmt.Fprintf(&b, "sourceHash: %s\n", parse.SourceHash(fm.Meta.Title, body))
	b.WriteString("---\n")
	b.Write(skeleton(body))
	return b.Bytes(), nil
}

// skeleton keeps the lines a translator must mirror: headings, fenced
// blocks (calculators and formulas, whole), and lines with links; the prose
// is left for the translator.
func skeleton(body []byte) []byte {
	var b bytes.Buffer
	fence := ""
	for _, line := range strings.SplitAfter(string(body), "\n") {
		t := strings.TrimSpace(line)
		switch {
		case fence != "":
			b.WriteString(line)
			if strings.HasPrefix(t, fence) {
				fence = ""
				b.WriteString("\n")
			}
		case strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~"):
			fence = t[:3]
			b.WriteString(line)
		case strings.HasPrefix(t, "#"), strings.Contains(t, "]("):
			b.WriteString(line + "\n")
		}
	}
	return b.Bytes()
}
