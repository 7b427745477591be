// Package cmi5 packages a portable build of the site as cmi5 course
// packages (the xAPI profile for LMS-launched content), one per language
// and one per learning path and language, as generator/scorm does for
// SCORM: the same courses (scorm.Courses), the same files (scorm.Select),
// the same launcher and zip (scorm.Launcher, scorm.Pack). A package adds
// its course structure, cmi5.xml, and the starter of the theme's cmi5
// adapter (lms-cmi5.js).
//
// # A package
//
//	cmi5.xml             the course structure: the course, and each page
//	                     of the course an assignable unit (AU)
//	CourseStructure.xsd  the schema cmi5.xml is valid against
//	index.html           every AU's launch page (index.html?au=<page>)
//	cmi5.js, scorm.css   the launcher's start and style
//	assets/…, <lang>/…   the portable site's files of the language
//
// Each AU is one page: moveOn "Completed" for a reading page,
// "CompletedAndPassed" with the site's pass mark as masteryScore for a
// page with knowledge-check questions. Ids are IRIs made of the site's
// url (or, without one, a key of its title: scorm.SiteKey), the package's
// id and the page's path: stable across builds, unique per site.
//
// The AU run-time is the theme's reporting core, lms.js, with its cmi5
// adapter, lms-cmi5.js, whose header says what is sent when.
package cmi5

import (
	"embed"
	"fmt"
	"net/url"
	"strings"
	"text/template"

	"rapport/generator/learnpath"
	"rapport/generator/link"
	"rapport/generator/locale"
	"rapport/generator/output"
	"rapport/generator/scorm"
)

//go:embed schema/CourseStructure.xsd cmi5.js
var files embed.FS

// Schema is the cmi5 CourseStructure.xsd (AICC cmi5, Apache-2.0; see
// schema/LICENSE), which every package carries beside cmi5.xml.
func Schema() []byte {
	data, _ := files.ReadFile("schema/CourseStructure.xsd")
	return data
}

// The moveOn criteria of an AU.
const (
	Completed          = "Completed"
	CompletedAndPassed = "CompletedAndPassed"
)

// AU is one assignable unit: a page of the course.
type AU struct {
	ID, Title, Description string
	// URL is the AU's launch address in the package.
	URL string
	// MoveOn is Completed or CompletedAndPassed; Mastery, with
	// CompletedAndPassed, the pass mark as 0-1.
	MoveOn  string
	Mastery string
	Page    *link.Page
}

// Base is the start of every id of site's packages: site's url with
// "cmi5/", or else "urn:rapport:" and scorm.SiteKey of site.
func Base(site string) string {
	if strings.HasPrefix(site, "https://") || strings.HasPrefix(site, "http://") {
		return strings.TrimSuffix(site, "/") + "/cmi5/"
	}
	return "urn:rapport:" + scorm.SiteKey(site) + ":"
}

// CourseID is the IRI of course c.
func CourseID(c scorm.Course) string { return Base(c.Settings.Site) + escape(c.ID) }

// AUs returns the AUs of c, in course order.
func AUs(c scorm.Course) []AU {
	var out []AU
	for _, p := range c.Pages {
		_, id, _ := strings.Cut(p.URL, "/")
		au := AU{ID: CourseID(c) + "/" + escape(strings.TrimSuffix(id, "/")), Title: p.Parsed.Meta.Title,
			Description: p.Parsed.Meta.Description, URL: "index.html?au=" + url.QueryEscape(id), MoveOn: Completed, Page: p}
		if au.Description == "" {
			au.Description = au.Title
		}
		if len(p.Parsed.Questions) > 0 {
			au.MoveOn = CompletedAndPassed
			au.Mastery = fmt.Sprintf("%g", float64(c.Settings.Training.PassMark())/100)
		}
		out = append(out, au)
	}
	return out
}

// escape percent-encodes each segment of a slash-separated path.
func escape(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return strings.Join(parts, "/")
}

// structureTmpl is cmi5.xml: the course, then its AUs, each with its
// title and description in the package's language.
var structureTmpl = template.Must(template.New("cmi5").Funcs(template.FuncMap{"x": xmlEscape}).Parse(`<?xml version="1.0" encoding="UTF-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="{{x .ID}}">
    <title><langstring lang="{{x .Lang}}">{{x .Title}}</langstring></title>
    <description><langstring lang="{{x .Lang}}">{{x .Description}}</langstring></description>
  </course>
{{range .AUs}}  <au id="{{x .ID}}" moveOn="{{.MoveOn}}"{{if .Mastery}} masteryScore="{{.Mastery}}"{{end}} launchMethod="OwnWindow">
    <title><langstring lang="{{x $.Lang}}">{{x .Title}}</langstring></title>
    <description><langstring lang="{{x $.Lang}}">{{x .Description}}</langstring></description>
    <url>{{x .URL}}</url>
  </au>
{{end}}</courseStructure>
`))

// Structure returns cmi5.xml of c.
func Structure(c scorm.Course) ([]byte, error) {
	var b strings.Builder
	err := structureTmpl.Execute(&b, map[string]any{"ID": CourseID(c), "Lang": c.Lang.Tag, "Title": c.Title,
		"Description": c.Description, "AUs": AUs(c)})
	return []byte(b.String()), err
}

// Zip writes the package of c from the files of a portable build of its
// site, all languages' tags in langs; the same input gives the same bytes.
func Zip(c scorm.Course, built []output.File, langs []string) ([]byte, error) {
	structure, err := Structure(c)
	if err != nil {
		return nil, err
	}
	chosen := scorm.Select(built, c.Lang.Tag, langs)
	starter, _ := files.ReadFile("cmi5.js")
	own, err := scorm.Launcher(c, chosen, "cmi5", "cmi5.js", "https: http:", starter)
	if err != nil {
		return nil, err
	}
	entries := []output.File{{Path: "cmi5.xml", Data: structure}, {Path: "CourseStructure.xsd", Data: Schema()}}
	entries = append(entries, own...)
	return scorm.Pack(append(entries, chosen...))
}

func xmlEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&#34;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Courses returns the courses of site as scorm.Courses does, with the
// words of the cmi5 launcher (its notice of records waiting for the LRS,
// its exit button) in each course's language.
func Courses(site *link.Site, paths map[string][]learnpath.InLang, bundle *locale.Bundle, set scorm.Settings, lang, pathID string) []scorm.Course {
	courses := scorm.Courses(site, paths, bundle, set, lang, pathID)
	for i := range courses {
		loc := bundle.For(courses[i].Lang.Tag)
		courses[i].Strings.Waiting = loc.S("cmi5.waiting")
		courses[i].Strings.Exit = loc.S("cmi5.exit")
	}
	return courses
}
