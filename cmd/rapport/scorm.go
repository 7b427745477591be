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
	"rapport/generator/learnpath"
	"rapport/generator/link"
	"rapport/generator/locale"
	"rapport/generator/output"
	"rapport/generator/scorm"
	"rapport/generator/write"
)

// packageFormat is what tells rapport scorm and rapport cmi5 apart: the
// command's name and output folder, what a page of a package is called,
// and the package writer. Everything else is one command.
type packageFormat struct {
	name, out, unit string
	versions        bool // takes -version (SCORM 1.2 or 2004)
	courses         func(*link.Site, map[string][]learnpath.InLang, *locale.Bundle, scorm.Settings, string, string) []scorm.Course
	zip             func(scorm.Course, []output.File, []string) ([]byte, error)
}

func scormFormat() packageFormat {
	return packageFormat{name: "scorm", out: "scorm", unit: "pages", versions: true, courses: scorm.Courses, zip: scorm.Zip}
}

func cmi5Format() packageFormat {
	return packageFormat{name: "cmi5", out: "cmi5", unit: "assignable units", courses: cmi5.Courses, zip: cmi5.Zip}
}

// packageCmd writes LMS packages (SCORM 1.2, SCORM 2004 4th edition with
// -version 2004, or cmi5): a portable build of the site, made by the one
// generator.Build, zipped per language and per learning path.
func packageCmd(ctx context.Context, f packageFormat, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet(f.name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	src := fs.String("src", ".", "site source `folder` (holding content/)")
	out := fs.String("out", f.out, "`folder` the packages are written to, one <lang>.zip and <lang>-<path>.zip each")
	lang := fs.String("lang", "", "only the packages of this `language`")
	path := fs.String("path", "", "only the packages of this learning path `id`")
	version := scorm.V12
	if f.versions {
		fs.StringVar(&version, "version", scorm.V12, "SCORM `version` of the packages: 1.2 or 2004 (4th edition)")
	}
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if version != scorm.V12 && version != scorm.V2004 {
		fmt.Fprintf(stderr, "rapport %s: -version %s: write 1.2 or 2004\n", f.name, version)
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "rapport %s: unexpected argument %q\n", f.name, fs.Arg(0))
		return errUsage
	}
	outDir := *out
	if !filepath.IsAbs(outDir) && *src != "." && !flagSet(fs, "out") {
		outDir = filepath.Join(*src, outDir)
	}
	res, langs, err := portableBuild(ctx, *src, *lang, stderr)
	if err != nil {
		return err
	}
	set := scorm.Settings{Training: res.Config.Training, Site: siteName(res)}
	if f.versions {
		set.Version = version
	}
	courses := f.courses(res.Site, res.Paths, res.Locales, set, *lang, *path)
	if len(courses) == 0 {
		return fmt.Errorf("-path %s: no learning path of that id has a page in the languages asked for", *path)
	}
	return writePackages(f, outDir, courses, res.Files, langs, stdout, stderr)
}

// portableBuild builds the site at src for packages and returns it with
// its languages; diagnostics are printed, errors refuse the build, and a
// -lang the site lacks is an error.
func portableBuild(ctx context.Context, src, lang string, stderr io.Writer) (*generator.Result, []string, error) {
	site, err := siteFS(src)
	if err != nil {
		return nil, nil, err
	}
	setOneShotGC(os.Getenv)
	res, err := generator.Build(ctx, generator.Options{Src: site, Portable: true})
	if err != nil {
		return nil, nil, err
	}
	printDiags(stderr, res.Diags)
	if res.Diags.HasErrors() {
		return nil, nil, fmt.Errorf("build failed with %s; no package written", plural(len(res.Diags.Errors()), "error"))
	}
	var langs []string
	for _, l := range res.Site.Langs {
		langs = append(langs, l.Tag)
	}
	if lang != "" && !slices.Contains(langs, lang) {
		return nil, nil, fmt.Errorf("-lang %s: the site has no such language (it has %v)", lang, langs)
	}
	return res, langs, nil
}

// writePackages zips each course into outDir. A package is replaced whole
// or not at all: an LMS may be uploading the last one.
func writePackages(f packageFormat, outDir string, courses []scorm.Course, files []output.File, langs []string, stdout, stderr io.Writer) error {
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}
	root, err := os.OpenRoot(outDir)
	if err != nil {
		return err
	}
	defer root.Close()
	for _, c := range courses {
		if f.versions {
			warnSize(stderr, c)
		}
		data, err := f.zip(c, files, langs)
		if err != nil {
			return err
		}
		name := filepath.Join(outDir, c.ID+".zip")
		if err := write.Replace(root, c.ID+".zip", data, 0o644); err != nil {
			return notWritten(name, err, true)
		}
		fmt.Fprintf(stdout, "rapport: wrote %s (%s, %d %s, %d KB)\n", name, c.Title, len(c.Pages), f.unit, (len(data)+1023)/1024)
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
