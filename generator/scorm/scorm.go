// Package scorm packages a portable build of the site as SCORM 1.2
// content packages, one per language and one per learning path and
// language, for learning management systems (LMS). It runs after the
// pipeline, on the files generator.Build made with Portable set: it
// renders nothing of the site itself.
//
// # A package
//
//	imsmanifest.xml      one organization, one item, one SCO, every file listed
//	*.xsd                the four schema files the manifest names
//	index.html           the SCO: a launcher page holding the course in a frame
//	scorm.js, scorm.css  the launcher's script and style
//	assets/…             the site's assets (other languages' search indexes left out)
//	<lang>/…             every page of the language
//
// The language's chooser, 404 page, sitemap and status page stay out; a link
// to a page that is not in the package (another language) is disabled by
// the launcher.
//
// # One session for the whole course
//
// The LMS opens index.html, and the course runs inside its frame, so the
// learner's page changes never unload the SCO: scorm.js finds the LMS's API
// once (the parent chain, then the opener's, as the SCORM 1.2 run-time
// environment describes), calls LMSInitialize once, and LMSFinish when the
// launcher itself unloads. Progress is what progress.js records in
// localStorage (see its storage format); scorm.js seeds that record from
// cmi.suspend_data before the first page loads, listens for the
// "rapport-progress" event on each page of the frame, and reports:
//
//   - nothing, until the learner does something (answers, marks a page
//     done, or opens another page): an untouched attempt stays untouched;
//   - lesson_status "incomplete", then "completed" when every page of the
//     package is done;
//   - once every knowledge-check question has an answer, score.raw (per
//     cent of right answers), score.min 0 and score.max 100, and
//     lesson_status "failed" below the pass mark, or, with every page done,
//     "completed" then "passed" (committed in that order, for LMSs that
//     count only "completed" as complete);
//   - suspend_data (the progress of the package's pages), lesson_location
//     (the page shown) and exit "suspend", committed as the learner moves.
//
// Opened from disk or from a web server without an LMS, index.html goes
// to the first page of the course, which works as the portable site does.
package scorm

import (
	"archive/zip"
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"path"
	"slices"
	"strings"
	"time"

	"rapport/generator/learnpath"
	"rapport/generator/link"
	"rapport/generator/locale"
	"rapport/generator/output"
)

//go:embed schema/*.xsd launcher.html scorm.js scorm.css
var files embed.FS

// Schemas are the schema files every package carries beside its manifest.
var Schemas = []string{"imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "imsmd_rootv1p2p1.xsd", "ims_xml.xsd"}

// Course is what one package holds.
type Course struct {
	// ID names the package: the language tag, or the tag and a path id
	// ("he-first-steps"). It is the zip's name without ".zip".
	ID    string
	Lang  *link.Lang
	Title string
	// Description is the course's one-sentence summary.
	Description string
	// Start is the site path of the page the course opens on.
	Start string
	// Pages are the pages that make the course complete when all are done.
	Pages []*link.Page
	// Pass is the pass mark, in percent of right answers.
	Pass int
	// Strings are the launcher's UI strings in the course's language.
	Strings Strings
}

// Strings are the launcher's words.
type Strings struct {
	Open, NoScript, Frame string
}

// Courses returns the courses of site: one per language, and one per
// learning path and language that has at least one of its steps. lang
// and pathID, when not empty, keep only that language or that path.
func Courses(site *link.Site, paths map[string][]learnpath.InLang, bundle *locale.Bundle, pass int, lang, pathID string) []Course {
	var out []Course
	for _, l := range site.Langs {
		if lang != "" && l.Tag != lang {
			continue
		}
		loc := bundle.For(l.Tag)
		s := Strings{Open: loc.S("scorm.open"), NoScript: loc.S("scorm.noscript"), Frame: loc.S("scorm.frame")}
		if pathID == "" {
			c := Course{ID: l.Tag, Lang: l, Title: loc.S("site.title"), Description: loc.S("site.tagline"),
				Start: l.Home.URL, Pass: pass, Strings: s}
			for _, p := range l.Pages {
				if p.Kind != link.Home {
					c.Pages = append(c.Pages, p)
				}
			}
			out = append(out, c)
		}
		for _, in := range paths[l.Tag] {
			if pathID != "" && in.ID != pathID {
				continue
			}
			c := Course{ID: l.Tag + "-" + in.ID, Lang: l, Title: in.TitleIn(l.Tag), Description: in.Summary[l.Tag],
				Start: l.Tag + "/paths/" + in.ID + "/", Pass: pass, Strings: s}
			if c.Description == "" {
				c.Description = loc.S("site.tagline")
			}
			for _, p := range in.Pages {
				if p != nil {
					c.Pages = append(c.Pages, p)
				}
			}
			if len(c.Pages) > 0 {
				out = append(out, c)
			}
		}
	}
	return out
}

// Zip writes the package of c from the files of a portable build of its
// site, all languages' tags in langs. The zip's entries are in a fixed
// order with a fixed time, so the same input gives the same bytes.
func Zip(c Course, built []output.File, langs []string) ([]byte, error) {
	chosen := Select(built, c.Lang.Tag, langs)
	launcher, err := launcherPage(c)
	if err != nil {
		return nil, err
	}
	own := []output.File{{Path: "index.html", Data: launcher}}
	for _, name := range []string{"scorm.js", "scorm.css"} {
		data, _ := files.ReadFile(name)
		own = append(own, output.File{Path: name, Data: data})
	}
	content := append(own, chosen...)
	manifest, err := Manifest(c, content)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name string, data []byte) error {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err == nil {
			_, err = w.Write(data)
		}
		return err
	}
	if err := put("imsmanifest.xml", manifest); err != nil {
		return nil, err
	}
	for _, name := range Schemas {
		data, _ := files.ReadFile("schema/" + name)
		if err := put(name, data); err != nil {
			return nil, err
		}
	}
	for _, f := range content {
		if err := put(f.Path, f.Bytes()); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Select returns the files of a built site that a package in language
// lang carries: the language's folder and the shared files, without the
// other languages' folders and search indexes, the language chooser
// (index.html, replaced by the launcher), 404.html, the sitemap and the
// status page. langs are every language's tag.
func Select(built []output.File, lang string, langs []string) []output.File {
	var out []output.File
	for _, f := range built {
		first, _, _ := strings.Cut(f.Path, "/")
		switch {
		case f.Path == "index.html" || f.Path == "404.html" || f.Path == "sitemap.xml" || first == "status":
			continue
		case first != lang && slices.Contains(langs, first):
			continue
		case first == "assets" && otherIndex(f.Path, lang, langs):
			continue
		}
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b output.File) int { return strings.Compare(a.Path, b.Path) })
	return out
}

// otherIndex reports whether p is another language's search index
// (assets/search-<lang>.<hash>.js or .bin).
func otherIndex(p, lang string, langs []string) bool {
	name := path.Base(p)
	for _, l := range langs {
		if l != lang && strings.HasPrefix(name, "search-"+l+".") {
			return true
		}
	}
	return false
}

// launcherPage is the SCO's page: the course in a frame, scorm.js with
// what it needs in data attributes.
func launcherPage(c Course) ([]byte, error) {
	tmpl, err := template.ParseFS(files, "launcher.html")
	if err != nil {
		return nil, fmt.Errorf("launcher template: %w", err)
	}
	var pages [][2]any
	for _, p := range c.Pages {
		_, id, _ := strings.Cut(p.URL, "/")
		pages = append(pages, [2]any{id, len(p.Questions)})
	}
	pj, _ := json.Marshal(pages)
	v := struct {
		Course
		Start, PagesJSON string
	}{c, c.Start + "index.html", string(pj)}
	var b bytes.Buffer
	if err := tmpl.Execute(&b, v); err != nil {
		return nil, fmt.Errorf("launcher template: %w", err)
	}
	return b.Bytes(), nil
}
