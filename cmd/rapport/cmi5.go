package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"rapport/generator"
	"rapport/generator/cmi5"
	"rapport/generator/scorm"
	"rapport/generator/write"
)

// cmi5Cmd writes cmi5 packages: a portable build of the site, made by the
// one generator.Build, zipped per language and per learning path, each
// page an assignable unit (generator/cmi5).
func cmi5Cmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("cmi5", flag.ContinueOnError)
	fs.SetOutput(stderr)
	src := fs.String("src", ".", "site source `folder` (holding content/)")
	out := fs.String("out", "cmi5", "`folder` the packages are written to, one <lang>.zip and <lang>-<path>.zip each")
	lang := fs.String("lang", "", "only the packages of this `language`")
	path := fs.String("path", "", "only the packages of this learning path `id`")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "rapport cmi5: unexpected argument %q\n", fs.Arg(0))
		return errUsage
	}
	outDir := *out
	if !filepath.IsAbs(outDir) && *src != "." && !flagSet(fs, "out") {
		outDir = filepath.Join(*src, outDir)
	}
	site, err := siteFS(*src)
	if err != nil {
		return err
	}
	setOneShotGC(os.Getenv)
	res, err := generator.Build(ctx, generator.Options{Src: site, Portable: true})
	if err != nil {
		return err
	}
	printDiags(stderr, res.Diags)
	if res.Diags.HasErrors() {
		return fmt.Errorf("build failed with %d errors; no package written", len(res.Diags.Errors()))
	}
	var langs []string
	for _, l := range res.Site.Langs {
		langs = append(langs, l.Tag)
	}
	if *lang != "" && !slices.Contains(langs, *lang) {
		return fmt.Errorf("-lang %s: the site has no such language (it has %v)", *lang, langs)
	}
	set := scorm.Settings{Training: res.Config.Training, Site: siteName(res)}
	courses := cmi5.Courses(res.Site, res.Paths, res.Locales, set, *lang, *path)
	if len(courses) == 0 {
		return fmt.Errorf("-path %s: no learning path of that id has a page in the languages asked for", *path)
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}
	root, err := os.OpenRoot(outDir)
	if err != nil {
		return err
	}
	defer root.Close()
	for _, c := range courses {
		data, err := cmi5.Zip(c, res.Files, langs)
		if err != nil {
			return err
		}
		name := filepath.Join(outDir, c.ID+".zip")
		// Replaced whole or not at all, as rapport scorm's packages.
		if err := write.Replace(root, c.ID+".zip", data, 0o644); err != nil {
			return fmt.Errorf("%s: %w", name, rootErr(err))
		}
		fmt.Fprintf(stdout, "rapport: wrote %s (%s, %d assignable units, %d KB)\n", name, c.Title, len(c.Pages), (len(data)+1023)/1024)
	}
	return nil
}
