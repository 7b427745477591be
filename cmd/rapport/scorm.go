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
	"rapport/generator/scorm"
	"rapport/generator/write"
)

// scormCmd writes SCORM packages (1.2, or 2004 4th edition with -version
// 2004): a portable build of the site, made by the one generator.Build,
// zipped per language and per learning path.
func scormCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("scorm", flag.ContinueOnError)
	fs.SetOutput(stderr)
	src := fs.String("src", ".", "site source `folder` (holding content/)")
	out := fs.String("out", "scorm", "`folder` the packages are written to, one <lang>.zip and <lang>-<path>.zip each")
	lang := fs.String("lang", "", "only the packages of this `language`")
	path := fs.String("path", "", "only the packages of this learning path `id`")
	version := fs.String("version", scorm.V12, "SCORM `version` of the packages: 1.2 or 2004 (4th edition)")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if *version != scorm.V12 && *version != scorm.V2004 {
		fmt.Fprintf(stderr, "rapport scorm: -version %s: write 1.2 or 2004\n", *version)
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "rapport scorm: unexpected argument %q\n", fs.Arg(0))
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
		return fmt.Errorf("build failed with %s; no package written", plural(len(res.Diags.Errors()), "error"))
	}
	var langs []string
	for _, l := range res.Site.Langs {
		langs = append(langs, l.Tag)
	}
	if *lang != "" && !slices.Contains(langs, *lang) {
		return fmt.Errorf("-lang %s: the site has no such language (it has %v)", *lang, langs)
	}
	set := scorm.Settings{Version: *version, Training: res.Config.Training, Site: siteName(res)}
	courses := scorm.Courses(res.Site, res.Paths, res.Locales, set, *lang, *path)
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
		warnSize(stderr, c)
		data, err := scorm.Zip(c, res.Files, langs)
		if err != nil {
			return err
		}
		name := filepath.Join(outDir, c.ID+".zip")
		// A package is replaced whole or not at all: an LMS may be
		// uploading the last one.
		if err := write.Replace(root, c.ID+".zip", data, 0o644); err != nil {
			return fmt.Errorf("%s: %w", name, rootErr(err))
		}
		fmt.Fprintf(stdout, "rapport: wrote %s (%s, %d pages, %d KB)\n", name, c.Title, len(c.Pages), (len(data)+1023)/1024)
	}
	return nil
}

// siteName is what names the site in its packages' identifiers: its url,
// or else the title of its default (or first) language.
func siteName(res *generator.Result) string {
	if res.Config.URL != "" {
		return res.Config.URL
	}
	lang := res.Config.DefaultLanguage
	if lang == "" && len(res.Site.Langs) > 0 {
		lang = res.Site.Langs[0].Tag
	}
	return res.Locales.For(lang).S("site.title")
}

// warnSize warns when the progress of course c can outgrow its version's
// suspend data: the LMS would refuse it and the learner's answers would
// not be kept.
func warnSize(stderr io.Writer, c scorm.Course) {
	v := c.Settings.Version
	need, limit := scorm.SuspendSize(len(c.Pages), c.Questions(), c.Settings.Training.Attempts), scorm.Limit(v)
	if need <= limit {
		return
	}
	advice := "split the course into learning paths"
	if v == scorm.V12 {
		advice = "use -version 2004 (64,000 characters), or split the course into learning paths"
	}
	fmt.Fprintf(stderr, "rapport scorm: warning: %s (%s): %d pages and %d questions can need %d characters of suspend data, over SCORM %s's %d; %s\n",
		c.ID, c.Title, len(c.Pages), c.Questions(), need, v, limit, advice)
}
