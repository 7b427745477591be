// Package scorm packages a portable build of the site as SCORM content
// packages for learning management systems (LMS), one per language and one
// per learning path and language: SCORM 1.2 (the default) or SCORM 2004 4th
// edition. It runs after the pipeline, on the files generator.Build made
// with Portable set: it renders nothing of the site itself.
//
// # A package
//
//	imsmanifest.xml      one organization, one item, one SCO, every file listed
//	*.xsd (*.dtd)        the schema files the manifest names, of its version
//	index.html           the SCO: a launcher page holding the course in a frame
//	scorm.js, scorm.css  the launcher's start and style
//	assets/…             the site's assets (other languages' search indexes
//	                     left out), among them the reporting core lms.js and
//	                     its SCORM adapters lms-scorm12.js, lms-scorm2004.js
//	<lang>/…             every page of the language
//
// The language's chooser, 404 page, sitemap and status page stay out; a link
// to a page that is not in the package (another language) is disabled by
// the launcher.
//
// # What the LMS is told
//
// The LMS opens index.html; the course runs inside its frame, so the
// learner's page changes never unload the SCO: one session per visit. The
// theme's lms.js decides what is reported and when (its header is the
// specification: the course's rule, attempt state, status that only moves
// up, retries and the learner's notice); the adapter of the package's
// version writes it in that version's data model. This package gives the
// launcher the course: its pages and their numbers of questions, the pass
// mark and the [training] settings of rapport.toml.
//
// The attempt's state is kept in the LMS's suspend data: a bit per page
// done and two per question (three fields of base64url digits), and with
// an attempt limit a digit of tries per question; [SuspendSize] is its
// worst case, which rapport scorm compares with SCORM 1.2's 4,096
// characters (SCORM 2004: 64,000).
//
// Opened from disk or from a web server without an LMS, index.html goes
// to the first page of the course, which works as the portable site does.
package scorm

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"

	"rapport/generator/config"
	"rapport/generator/learnpath"
	"rapport/generator/link"
	"rapport/generator/locale"
	"rapport/generator/output"
)

//go:embed schema/*.xsd schema2004/*.xsd schema2004/*.dtd launcher.html scorm.js scorm.css
var files embed.FS

// The SCORM versions a package can be written for.
const (
	V12   = "1.2"
	V2004 = "2004"
)

// Schemas are the schema files every SCORM 1.2 package carries beside its
// manifest.
var Schemas = []string{"imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "imsmd_rootv1p2p1.xsd", "ims_xml.xsd"}

// Schemas2004 are those of a SCORM 2004 4th edition package.
var Schemas2004 = []string{"imscp_v1p1.xsd", "adlcp_v1p3.xsd", "adlseq_v1p3.xsd", "adlnav_v1p3.xsd",
	"imsss_v1p0.xsd", "imsss_v1p0auxresource.xsd", "imsss_v1p0control.xsd", "imsss_v1p0delivery.xsd",
	"imsss_v1p0limit.xsd", "imsss_v1p0objective.xsd", "imsss_v1p0random.xsd", "imsss_v1p0rollup.xsd",
	"imsss_v1p0seqrule.xsd", "imsss_v1p0util.xsd", "xml.xsd", "XMLSchema.dtd", "datatypes.dtd"}

// SchemaFiles returns the names of the schema files of version's packages
// and the folder of this package's source they are embedded from.
func SchemaFiles(version string) (names []string, dir string) {
	if version == V2004 {
		return Schemas2004, "schema2004"
	}
	return Schemas, "schema"
}

// Limit is the size of the suspend data of version, in characters.
func Limit(version string) int {
	if version == V2004 {
		return 64000
	}
	return 4096
}

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
	// Settings are how it is scored and reported.
	Settings Settings
	// Strings are the launcher's UI strings in the course's language.
	Strings Strings
}

// Settings are what every package of a site shares.
type Settings struct {
	// Version is V12 or V2004.
	Version string
	// Training is rapport.toml's [training]: pass mark, attempts, answers
	// shown, what a fail sends.
	Training config.Training
	// Site names the site in manifest identifiers: its url, or else its
	// title.
	Site string
}

// Strings are the launcher's words.
type Strings struct {
	Open, NoScript, Frame string `json:"-"`
	// NotRecorded, Retrying and NotSaved are the notices of an LMS that
	// refuses the session, or keeps refusing to save.
	NotRecorded string `json:"not_recorded"`
	Retrying    string `json:"retrying"`
	NotSaved    string `json:"not_saved"`
	// Waiting is the notice of records kept in the browser until the
	// learning record store takes them (cmi5 packages).
	Waiting string `json:"waiting,omitempty"`
	// Exit is the launcher's button that ends a cmi5 session and returns
	// to the LMS.
	Exit string `json:"exit,omitempty"`
	// WrongPlain, NoAttempts and AttemptsLeft (plural forms) are
	// quiz.js's words when answers are hidden or attempts limited;
	// ProgressIntro is the progress page's, the LMS keeping the progress.
	WrongPlain    string            `json:"wrong_plain"`
	NoAttempts    string            `json:"no_attempts"`
	AttemptsLeft  map[string]string `json:"attempts_left"`
	ProgressIntro string            `json:"progress_intro"`
}

// Questions returns the number of knowledge-check questions of c.
func (c Course) Questions() int {
	n := 0
	for _, p := range c.Pages {
		n += len(p.Parsed.Questions)
	}
	return n
}

// SuspendSize is the longest suspend data lms.js writes for a course of
// pages and questions (see its Attempt.encode): "r2", a 4-digit
// fingerprint, then pages done, questions answered and questions right,
// six to a base64url digit, and with an attempt limit a digit of tries
// per question.
func SuspendSize(pages, questions, attempts int) int {
	six := func(n int) int { return (n + 5) / 6 }
	n := 2 + 4 + 1 + six(pages) + 1 + six(questions) + 1 + six(questions)
	if attempts > 0 {
		n += 1 + questions
	}
	return n
}

// Courses returns the courses of site: one per language, and one per
// learning path and language that has at least one of its steps. lang
// and pathID, when not empty, keep only that language or that path.
func Courses(site *link.Site, paths map[string][]learnpath.InLang, bundle *locale.Bundle, set Settings, lang, pathID string) []Course {
	var out []Course
	for _, l := range site.Langs {
		if lang != "" && l.Tag != lang {
			continue
		}
		loc := bundle.For(l.Tag)
		s := Strings{Open: loc.S("scorm.open"), NoScript: loc.S("scorm.noscript"), Frame: loc.S("scorm.frame"),
			NotRecorded: loc.S("scorm.not_recorded"), Retrying: loc.S("scorm.retrying"), NotSaved: loc.S("scorm.not_saved"),
			WrongPlain: loc.S("scorm.wrong_plain"), NoAttempts: loc.S("scorm.no_attempts"),
			AttemptsLeft: loc.PluralForms("scorm.attempts_left"), ProgressIntro: loc.S("scorm.progress_intro")}
		if pathID == "" {
			c := Course{ID: l.Tag, Lang: l, Title: loc.S("site.title"), Description: loc.S("site.tagline"),
				Start: l.Home.URL, Settings: set, Strings: s}
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
				Start: l.Tag + "/paths/" + in.ID + "/", Settings: set, Strings: s}
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
	adapter := "scorm12"
	if c.Settings.Version == V2004 {
		adapter = "scorm2004"
	}
	starter, _ := files.ReadFile("scorm.js")
	own, err := Launcher(c, chosen, adapter, "scorm.js", "", starter)
	if err != nil {
		return nil, err
	}
	content := append(own, chosen...)
	manifest, err := Manifest(c, content)
	if err != nil {
		return nil, err
	}
	entries := []output.File{{Path: "imsmanifest.xml", Data: manifest}}
	names, dir := SchemaFiles(c.Settings.Version)
	for _, name := range names {
		data, _ := files.ReadFile(dir + "/" + name)
		entries = append(entries, output.File{Path: name, Data: data})
	}
	return Pack(append(entries, content...))
}

// Pack zips entries in their order, each with the same fixed time, so
// the same entries give the same bytes: the packaging every format (this
// package's SCORM, generator/cmi5) shares.
func Pack(entries []output.File) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range entries {
		if !safeEntry(f.Path) {
			return nil, fmt.Errorf("refusing to put %q in a package: an entry name is a relative slash path with no '..', '\\' or control character", f.Path)
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Path, Method: zip.Deflate, Modified: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err == nil {
			_, err = w.Write(f.Bytes())
		}
		if err != nil {
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

// Launcher returns a package's own files: index.html, the launcher page
// holding the course in a frame, which loads the reporting core, the
// theme's lms-<adapter>.js and the format's starter script (named script,
// its bytes starter) with the course in a data attribute; the starter;
// and scorm.css, the launcher's style. The page requests nothing from
// other hosts, except with connect (a Content-Security-Policy source list,
// such as "https:") the requests of its scripts there: cmi5's LRS, whose
// address comes with the launch.
func Launcher(c Course, chosen []output.File, adapter, script, connect string, starter []byte) ([]output.File, error) {
	page, err := launcherPage(c, chosen, adapter, script, connect)
	if err != nil {
		return nil, err
	}
	css, _ := files.ReadFile("scorm.css")
	return []output.File{{Path: "index.html", Data: page}, {Path: script, Data: starter}, {Path: "scorm.css", Data: css}}, nil
}

// launcherPage is the launcher page of Launcher.
func launcherPage(c Course, chosen []output.File, adapter, script, connect string) ([]byte, error) {
	tmpl, err := template.ParseFS(files, "launcher.html")
	if err != nil {
		return nil, fmt.Errorf("launcher template: %w", err)
	}
	core, adapterJS := asset(chosen, "lms"), asset(chosen, "lms-"+adapter)
	if core == "" || adapterJS == "" {
		return nil, fmt.Errorf("launcher: the theme has no assets/lms.js or assets/lms-%s.js", adapter)
	}
	pages := [][2]any{}
	for _, p := range c.Pages {
		_, id, _ := strings.Cut(p.URL, "/")
		pages = append(pages, [2]any{id, len(p.Parsed.Questions)})
	}
	t := c.Settings.Training
	cj, err := json.Marshal(map[string]any{"lang": c.Lang.Tag, "start": c.Start + "index.html", "pages": pages,
		"pass": t.PassMark(), "attempts": t.Attempts, "showAnswers": t.Answers(), "onFail": t.FailStatus(), "strings": c.Strings})
	if err != nil {
		return nil, err
	}
	v := struct {
		Course
		Start, CourseJSON, Core, Adapter, AdapterName, Script, Connect string
	}{c, c.Start + "index.html", string(cj), core, adapterJS, adapter, script, connect}
	var b bytes.Buffer
	if err := tmpl.Execute(&b, v); err != nil {
		return nil, fmt.Errorf("launcher template: %w", err)
	}
	return b.Bytes(), nil
}

// asset returns the fingerprinted path of the theme's assets/<name>.js
// among files, or "".
func asset(files []output.File, name string) string {
	re := regexp.MustCompile(`^assets/` + regexp.QuoteMeta(name) + `\.[0-9a-f]{8}\.js$`)
	for _, f := range files {
		if re.MatchString(f.Path) {
			return f.Path
		}
	}
	return ""
}

// SiteKey is the part of manifest identifiers that names the site: a
// readable part of site (its url or title) and a short hash of all of it,
// so two sites never share an identifier.
func SiteKey(site string) string {
	sum := sha256.Sum256([]byte(site))
	site = strings.TrimPrefix(strings.TrimPrefix(site, "https://"), "http://")
	var b strings.Builder
	for _, r := range site {
		if b.Len() >= 40 {
			break
		}
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '.':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	readable := strings.Trim(b.String(), "-.")
	if readable == "" {
		return hex.EncodeToString(sum[:4])
	}
	return readable + "-" + hex.EncodeToString(sum[:4])
}

// safeEntry reports whether name is safe as a zip entry's name wherever
// the package is extracted: a relative slash path (fs.ValidPath: no
// leading '/', no '.' or '..' element), with no backslash (a separator
// on Windows) or control character. (Its first element is a language
// tag or one of the package's own files, so it never names a drive.)
func safeEntry(name string) bool {
	return fs.ValidPath(name) && name != "." && !strings.ContainsFunc(name, func(r rune) bool {
		return r == '\\' || r < 0x20 || r == 0x7f
	})
}
