package render

import (
	"encoding/json"
	"fmt"
	"html/template"
	"slices"
	"strings"

	"rapport/generator/learnpath"
	"rapport/generator/link"
)

// Progress, knowledge checks and learning paths: what the browser keeps
// (progress.js, on every page of a language; quiz.js, on pages with
// questions) and the two page kinds that show it, the progress page of a
// language (<lang>/progress/) and a page per learning path
// (<lang>/paths/<id>/). Both list everything at build time; the scripts
// only fill in what this browser has recorded.

// Script is a script with the data it reads from its tag: the page's
// language, the site root and the language's home (to name the storage key
// and pages), the page's path under its language ("" on generated pages),
// and its UI strings as JSON.
type Script struct {
	Src, Root, Home, Page, Messages string
}

// navPagesMax is the largest article whose page paths the navigation
// carries for its completion bar (data-pages): a bigger one gets its bar
// from the links shown.
const navPagesMax = 100

// pageID is the path of the page at site path url under its language
// folder: he/a/b/ → a/b/. Progress is recorded by it.
func pageID(url string) string {
	_, rest, _ := strings.Cut(url, "/")
	return rest
}

// progressScript is the progress.js tag of a page in frame f.
func (f *Frame) progressScript(page string) *Script {
	msgs, ok := f.r.progressMessages.Load(f.Lang.Tag)
	if !ok {
		msgs, _ = f.r.progressMessages.LoadOrStore(f.Lang.Tag, f.messages(progressStrings, nil))
	}
	return &Script{Src: f.Href(f.r.assets["progress.js"]), Root: f.Href("index.html"), Home: f.Href(f.Lang.Home),
		Page: page, Messages: msgs.(string)}
}

var progressStrings = []string{"progress.mark_done", "progress.done", "progress.not_done", "progress.auto_done",
	"progress.completion", "progress.no_storage", "progress.not_answered", "progress.reset_confirm",
	"progress.reset_done", "progress.imported", "progress.import_error", "progress.import_too_large",
	"progress.import_bad_entry", "progress.import_quota", "path.next", "path.complete"}

var quizStrings = []string{"quiz.correct", "quiz.wrong_one", "quiz.wrong_many", "quiz.choose_first",
	"quiz.right_mark", "quiz.score"}

// messages returns the UI strings ids (keyed by the part after the dot)
// and the plural forms of plurals as JSON, for a script.
func (f *Frame) messages(ids, plurals []string) string {
	m := map[string]any{}
	for _, id := range ids {
		_, k, _ := strings.Cut(id, ".")
		m[k] = f.S(id)
	}
	for _, id := range plurals {
		_, k, _ := strings.Cut(id, ".")
		m[k] = f.loc.PluralForms(id)
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// knowledgeChecks loads quiz.js on a page with questions.
func (f *Frame) knowledgeChecks(p *link.Page) {
	if len(p.Parsed.Questions) == 0 {
		return
	}
	f.Quiz = &Script{Src: f.Href(f.r.assets["quiz.js"]), Page: pageID(p.URL),
		Messages: f.messages(quizStrings, []string{"quiz.score_right", "quiz.score_of"})}
}

// ProgressView is a language's progress page (template "progress"): its
// articles with their pages, and its learning paths.
type ProgressView struct {
	Articles []ProgressArticle
	Paths    []PathItem
}

// ProgressArticle is an article (or, with no Href, the playbooks outside
// any article) on the progress page.
type ProgressArticle struct {
	Item
	Pages []ProgressRow
}

// ProgressRow is a page on the progress page: Page is its path under the
// language, Questions the number of its knowledge-check questions.
type ProgressRow struct {
	Item
	Page      string
	Questions int
	Count     template.HTML // "3 questions"
}

// PathItem is a learning path as the progress page lists it: Steps are the
// pages of its steps in this language, as JSON, for the completion bar.
type PathItem struct {
	Item
	Steps string
	Total int
	Count template.HTML // "6 steps"
}

func (r *renderer) progressPage(l *link.Lang) *Page {
	url := l.Tag + "/" + link.ProgressDir + "/"
	f := r.newFrame(l, url)
	f.read(readQuestions, "")
	f.Title = f.S("progress.title")
	f.sameInEveryLanguage(url)
	v := &ProgressView{}
	var loose *ProgressArticle
	for _, p := range l.Pages {
		switch {
		case p.Kind == link.Home:
			continue
		case p.Kind == link.Section:
			v.Articles = append(v.Articles, ProgressArticle{Item: f.pageItem(p)})
		case p.Parent == nil || p.Parent.Kind == link.Home:
			if loose == nil {
				loose = &ProgressArticle{Item: Item{Text: f.title(l.Home)}}
			}
			loose.Pages = append(loose.Pages, f.progressRow(p))
			continue
		}
		a := &v.Articles[len(v.Articles)-1]
		a.Pages = append(a.Pages, f.progressRow(p))
	}
	if loose != nil {
		v.Articles = append(v.Articles, *loose)
	}
	for _, in := range r.opts.Paths[l.Tag] {
		v.Paths = append(v.Paths, f.pathItem(in))
	}
	return &Page{Frame: f, Template: "progress", Data: v}
}

// questionCounts names what the progress page of l shows that the site
// graph does not: each page's number of questions, which an edit of its
// body changes.
func questionCounts(l *link.Lang) string {
	var b strings.Builder
	for _, p := range l.Pages {
		if len(p.Parsed.Questions) > 0 {
			fmt.Fprintf(&b, "%s %d\n", p.URL, len(p.Parsed.Questions))
		}
	}
	return b.String()
}

func (f *Frame) progressRow(p *link.Page) ProgressRow {
	row := ProgressRow{Item: f.pageItem(p), Page: pageID(p.URL), Questions: len(p.Parsed.Questions)}
	if row.Questions > 0 {
		row.Count = f.TN("quiz.questions", row.Questions)
	}
	return row
}

func (f *Frame) pathItem(in learnpath.InLang) PathItem {
	it := PathItem{Item: Item{Href: f.Href(pathURL(f.Lang.Tag, in.ID)), Text: f.pathTitle(in.Path), Note: in.Summary[f.Lang.Tag]}}
	it.Steps, it.Total = pathSteps(in, f.r.opts.Paths), len(in.Steps)
	it.Count = f.TN("path.steps", it.Total)
	return it
}

// pathSteps lists, as JSON for progress.js and certificate.js, the page
// of every step of in: its path under the language, or, for a step not
// translated into it, [lang, path] of the translation a path page links.
func pathSteps(in learnpath.InLang, all map[string][]learnpath.InLang) string {
	steps := make([]any, len(in.Steps))
	for i, p := range in.Pages {
		if p == nil {
			p = translation(all, in.ID, i)
		}
		switch {
		case p == nil:
			steps[i] = ""
		case len(in.Pages) > i && in.Pages[i] != nil:
			steps[i] = pageID(p.URL)
		default:
			steps[i] = []string{p.Lang.Tag, pageID(p.URL)}
		}
	}
	b, _ := json.Marshal(steps)
	return string(b)
}

// pathTitle is a path's title in the frame's language; without one, its
// title in another (learnpath.Path.TitleIn), never its id.
func (f *Frame) pathTitle(p *learnpath.Path) string { return p.TitleIn(f.Lang.Tag) }

func pathURL(lang, id string) string { return lang + "/" + link.PathsDir + "/" + id + "/" }

// PathView is a learning path's page in one language (template "path"):
// every step, those not translated into the language linked to a
// translation in another, marked as such.
type PathView struct {
	// Handout and Certificate link the path's printable handout and the
	// completion certificate page, set to this path; Paths the language's
	// list of paths.
	Handout, Certificate, Paths string
	Summary                     string
	Steps                       []PathStep
	StepsJSON                   string // pathSteps, for progress.js
	Total                       int    // every step, translated or not
}

// PathStep is a step of a path. A step with no page in the language has
// Missing set; its Item links the translation in the first language (by
// tag) that has one, in that language (Lang, Dir, LangName), or, with no
// Href, names its reference in paths.toml.
type PathStep struct {
	Item
	Page    string
	Missing bool
	Label   template.HTML // "not translated into Hebrew yet"
}

func (r *renderer) pathPage(l *link.Lang, in learnpath.InLang, all map[string][]learnpath.InLang) *Page {
	url := pathURL(l.Tag, in.ID)
	f := r.newFrame(l, url)
	f.Title = f.pathTitle(in.Path)
	f.Description = in.Summary[l.Tag]
	f.sameInLanguages(url, func(lang string) bool { return published(all[lang], in.ID) })
	v := &PathView{Summary: in.Summary[l.Tag], Handout: f.Href(url + link.PrintDir + "/"),
		Certificate: f.Href(l.Tag + "/" + link.CertDir + "/#path-" + in.ID), Paths: f.Href(pathsURL(l.Tag)),
		StepsJSON: pathSteps(in, all), Total: len(in.Steps)}
	for i, p := range in.Pages {
		if p != nil {
			v.Steps = append(v.Steps, PathStep{Item: f.pathLink(p, in.ID), Page: pageID(p.URL)})
			continue
		}
		st := PathStep{Item: Item{Text: in.Steps[i].Ref}, Missing: true, Label: f.T("path.not_translated")}
		if t := translation(all, in.ID, i); t != nil {
			st.Item, st.Page = f.pathLink(t, in.ID), pageID(t.URL)
		}
		v.Steps = append(v.Steps, st)
	}
	return &Page{Frame: f, Template: "path", Data: v}
}

// pathLink links step page p of path id: the address says the reader
// follows the path, so the step's page leads on to the path's next step.
func (f *Frame) pathLink(p *link.Page, id string) Item {
	it := f.pageItem(p)
	it.Href += "?path=" + id
	return it
}

func pathsURL(lang string) string { return lang + "/" + link.PathsDir + "/" }

// PathsView is a language's list of learning paths (template "paths",
// <lang>/paths/).
type PathsView struct {
	Paths []PathItem
}

func (r *renderer) pathsPage(l *link.Lang) *Page {
	url := pathsURL(l.Tag)
	f := r.newFrame(l, url)
	f.Title = f.S("path.title")
	f.Description = f.S("path.intro")
	f.sameInLanguages(url, func(lang string) bool { return len(r.opts.Paths[lang]) > 0 })
	v := &PathsView{}
	for _, in := range r.opts.Paths[l.Tag] {
		v.Paths = append(v.Paths, f.pathItem(in))
	}
	return &Page{Frame: f, Template: "paths", Data: v}
}

// published says whether paths, a language's, include path id.
func published(paths []learnpath.InLang, id string) bool {
	return slices.ContainsFunc(paths, func(in learnpath.InLang) bool { return in.ID == id })
}

// translation returns step i of path id in the first language that has it.
func translation(all map[string][]learnpath.InLang, id string, i int) *link.Page {
	var best *link.Page
	for _, paths := range all {
		for _, in := range paths {
			if p := in.Pages[i]; in.ID == id && p != nil && (best == nil || p.Lang.Tag < best.Lang.Tag) {
				best = p
			}
		}
	}
	return best
}

// PathBanner is a learning path as a page that is one of its steps shows
// it: the path (Item), the step's position ("Step 2 of 6"), and the
// previous and next steps (in another language where the next is not
// translated), or, after the last, the path's certificate.
type PathBanner struct {
	Item
	ID          string
	Position    template.HTML
	Prev, Next  *Item
	Certificate string
}

// pathBanners returns a banner for each learning path of p's language
// that has p as a step.
func (f *Frame) pathBanners(p *link.Page) []PathBanner {
	var out []PathBanner
	all := f.r.opts.Paths
	for _, in := range all[p.Lang.Tag] {
		i := slices.Index(in.Pages, p)
		if i < 0 {
			continue
		}
		b := PathBanner{Item: Item{Href: f.Href(pathURL(p.Lang.Tag, in.ID)), Text: f.pathTitle(in.Path)}, ID: in.ID,
			Position: f.wrap(f.loc.T("path.position", map[string]any{"Step": i + 1, "Total": len(in.Steps)}))}
		b.Prev = f.pathStep(in, i-1, -1, all)
		b.Next = f.pathStep(in, i+1, 1, all)
		if b.Next == nil {
			b.Certificate = f.Href(p.Lang.Tag + "/" + link.CertDir + "/#path-" + in.ID)
		}
		out = append(out, b)
	}
	return out
}

// pathStep links step i of path in, or, where it has no page in any
// language, the nearest one that has in direction step; nil past the
// path's ends.
func (f *Frame) pathStep(in learnpath.InLang, i, step int, all map[string][]learnpath.InLang) *Item {
	for ; i >= 0 && i < len(in.Pages); i += step {
		p := in.Pages[i]
		if p == nil {
			p = translation(all, in.ID, i)
		}
		if p != nil {
			it := f.pathLink(p, in.ID)
			return &it
		}
	}
	return nil
}
