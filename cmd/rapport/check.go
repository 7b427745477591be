package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"

	"rapport/generator"
	"rapport/generator/diag"
	"rapport/generator/load"
	"rapport/generator/parse"
	"rapport/generator/write"
)

// finding is one line of `rapport check` output; its JSON form is
// documented in docs/translating.md.
type finding struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Col     int    `json:"col,omitempty"`
	Level   string `json:"level"`
	Lang    string `json:"lang"`
	Kind    string `json:"kind"`
	Message string `json:"message"`
}

func check(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	src := fs.String("src", ".", "site source `folder`")
	format := fs.String("format", "text", "output `format`: text or json")
	mark := fs.String("mark-current", "", "mark the translation at `path` as up to date with its source")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if *format != "text" && *format != "json" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "rapport check: -format is text or json, and no arguments are taken")
		return errUsage
	}
	if *mark != "" {
		return markCurrent(*src, *mark, stdout)
	}
	site, err := siteFS(*src)
	if err != nil {
		return err
	}
	setOneShotGC(os.Getenv)
	res, err := generator.Build(ctx, generator.Options{Src: site})
	if err != nil {
		return err
	}
	all := findings(res)
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(struct {
			Errors   int         `json:"errors"`
			Warnings int         `json:"warnings"`
			Findings []finding   `json:"findings"`
			Units    []unitCount `json:"units,omitempty"`
		}{len(res.Diags.Errors()), count(all, "warning"), all, unitCounts(res)})
	} else {
		printGrouped(stdout, all, unitCounts(res))
	}
	if res.Diags.HasErrors() {
		return fmt.Errorf("check found %s", plural(len(res.Diags.Errors()), "error"))
	}
	return nil
}

// findings merges the build's diagnostics and the translation report, each
// tagged with the language it is about, sorted by language then position.
func findings(res *generator.Result) []finding {
	out := []finding{} // "findings": [] in JSON, never null
	conv := func(d diag.Diagnostic, lang, kind string) finding {
		return finding{File: d.Pos.File, Line: d.Pos.Line, Col: d.Pos.Col, Level: d.Level.String(), Lang: lang, Kind: kind, Message: d.Msg}
	}
	for _, d := range res.Diags {
		out = append(out, conv(d, langOf(d.Pos.File), "build"))
	}
	if res.Report != nil {
		for _, f := range res.Report.Findings {
			if !slices.ContainsFunc(out, func(o finding) bool { return o.File == f.Pos.File && o.Message == f.Msg }) {
				out = append(out, conv(f.Diagnostic, f.Lang, f.Kind))
			}
		}
	}
	slices.SortStableFunc(out, func(a, b finding) int {
		if c := strings.Compare(a.Lang, b.Lang); c != 0 {
			return c
		}
		return diag.Compare(diag.Diagnostic{Pos: diag.Pos{File: a.File, Line: a.Line, Col: a.Col}, Msg: a.Message},
			diag.Diagnostic{Pos: diag.Pos{File: b.File, Line: b.Line, Col: b.Col}, Msg: b.Message})
	})
	return out
}

var langPathRE = regexp.MustCompile(`^(?:content/([^/]+)/|locales/([^/]+)\.toml$)`)

func langOf(file string) string {
	m := langPathRE.FindStringSubmatch(file)
	if m == nil {
		return ""
	}
	return m[1] + m[2]
}

func count(fs []finding, level string) (n int) {
	for _, f := range fs {
		if f.Level == level {
			n++
		}
	}
	return n
}

func printGrouped(w io.Writer, all []finding, units []unitCount) {
	lang := "\x00"
	for _, f := range all {
		if f.Lang != lang {
			lang = f.Lang
			name := lang
			if name == "" {
				name = "all languages"
			}
			fmt.Fprintf(w, "# %s\n", name)
		}
		d := diag.Diagnostic{Pos: diag.Pos{File: f.File, Line: f.Line, Col: f.Col}, Msg: f.Message}
		switch f.Level {
		case "warning":
			d.Level = diag.Warning
		case "note":
			d.Level = diag.Note
		}
		if d.Level == diag.Error {
			fmt.Fprintf(w, "%s: error: %s\n", d.Pos, diag.Escape(d.Msg))
		} else {
			fmt.Fprintln(w, d.String())
		}
	}
	printUnits(w, units)
	fmt.Fprintf(w, "%s, %s, %s\n", plural(count(all, "error"), "error"), plural(count(all, "warning"), "warning"), plural(count(all, "note"), "note"))
}

var sourceHashRE = regexp.MustCompile(`(?m)^sourceHash:.*$`)

// markCurrent records the current version of a translation's source in its
// front matter, so the report no longer calls it stale.
func markCurrent(src, p string, stdout io.Writer) error {
	root, err := openContent(src)
	if err != nil {
		return err
	}
	defer root.Close()
	rel, err := contentFile(src, p)
	if err != nil {
		return err
	}
	data, err := root.ReadFile(rel)
	if err != nil {
		return fmt.Errorf("%s: %w", rel, rootErr(err))
	}
	fm, diags := parse.SplitFrontMatter(rel, load.Normalize(data))
	if diags.HasErrors() {
		return diags.Err()
	}
	from := fm.Meta.TranslatedFrom
	if from == "" {
		return fmt.Errorf("%s: not a translation made with rapport new -from (no translatedFrom)", rel)
	}
	if c := path.Clean(from); c != from || !iofs.ValidPath(from) || !strings.HasPrefix(from, "content/") {
		return fmt.Errorf("%s: translatedFrom %q is not a page inside the content folder", rel, from)
	}
	srcData, err := root.ReadFile(from)
	if err != nil {
		return fmt.Errorf("%s: its source %s: %w", rel, from, rootErr(err))
	}
	sfm, _ := parse.SplitFrontMatter(from, load.Normalize(srcData))
	hash := parse.SourceHash(sfm.Meta.Title, load.Normalize(srcData)[sfm.BodyOffset:])
	if !sourceHashRE.Match(data) {
		return fmt.Errorf("%s: no sourceHash line in the front matter", rel)
	}
	data = sourceHashRE.ReplaceAll(data, []byte("sourceHash: "+hash))
	if err := write.Replace(root, rel, data, 0o644); err != nil {
		return notWritten(rel, err, true)
	}
	fmt.Fprintf(stdout, "rapport: %s marked current with %s\n", rel, from)
	return nil
}

// unitCount is a language's translation units in `rapport check -format
// json` (see report.UnitCount).
type unitCount struct {
	Lang         string `json:"lang"`
	From         string `json:"from,omitempty"`
	Untranslated int    `json:"untranslated"`
	Review       int    `json:"review"`
	Current      int    `json:"current"`
	Export       string `json:"export,omitempty"`
}

func unitCounts(res *generator.Result) []unitCount {
	if res.Report == nil {
		return nil
	}
	var out []unitCount
	for _, u := range res.Report.UnitCounts {
		out = append(out, unitCount{u.Lang, u.From, u.Untranslated, u.Review, u.Current, u.Export()})
	}
	return out
}

// printUnits prints, per language, its translation units and the command
// that exports those a translator has to do.
func printUnits(w io.Writer, units []unitCount) {
	if len(units) == 0 {
		return
	}
	fmt.Fprintln(w, "# translation units")
	for _, u := range units {
		fmt.Fprintf(w, "%s from %s: %d untranslated, %d need review, %d current", u.Lang, u.From, u.Untranslated, u.Review, u.Current)
		if u.Export != "" {
			fmt.Fprintf(w, ": %s", u.Export)
		}
		fmt.Fprintln(w)
	}
}

// plural writes n and the noun, with an s unless n is 1: "1 error".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
