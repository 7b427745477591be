package render

import (
	"encoding/json"
	"strings"

	"rapport/generator/config"
	"rapport/generator/learnpath"
	"rapport/generator/link"
)

// Certificate is a language's completion certificate page (template
// "certificate", <lang>/certificate/, in the site frame without the
// navigation): every article and
// learning path of the language with its pages, from which
// certificate.js, reading the progress this browser keeps (progress.js's
// storage format), makes a certificate for one that is complete: the
// learner's name as typed, the training, the date of completion in the
// reader's language and calendar, the knowledge-check score, and a plain
// statement that it is self-declared. It issues one only when every page
// is done, the learner has typed a name and the score reaches the pass
// mark ([training] pass of rapport.toml). The address's fragment
// (#article-<path>, #path-<id>) chooses the training.
type Certificate struct {
	Courses []CertCourse
	Script  Script
	Pass    int // the pass mark, in percent
}

// CertCourse is a training a certificate can be for (a path with no page
// in the language is not one): Pages are, as JSON, the path under the
// language of each of its pages, or [lang, path] for a path's step read in
// another language (see pathSteps), Questions their numbers of questions.
type CertCourse struct {
	ID, Title, Pages, Questions string
}

var certificateStrings = []string{"certificate.not_complete", "certificate.name_missing", "certificate.no_checks",
	"certificate.below_pass", "certificate.ready"}

func (r *renderer) certificatePage(l *link.Lang) *Page {
	url := l.Tag + "/" + link.CertDir + "/"
	f := r.newFrame(l, url)
	f.read(readQuestions, "")
	f.Nav = nil
	f.NoIndex = true
	f.Title = f.S("certificate.title")
	f.sameInEveryLanguage(url)
	f.Scripts = append(f.Scripts, f.Href(r.assets["certificate.js"]))
	c := &Certificate{Script: Script{Root: f.Href("index.html"),
		Messages: f.messages(certificateStrings, []string{"quiz.score_right", "quiz.score_of"})}, Pass: r.passMark()}
	for _, a := range l.Pages {
		if a.Kind == link.Section {
			c.Courses = append(c.Courses, certCourse("article-"+strings.TrimSuffix(pageID(a.URL), "/"), f.title(a), append([]*link.Page{a}, a.Children...)))
		}
	}
	for _, in := range r.opts.Paths[l.Tag] {
		course := certCourse("path-"+in.ID, f.pathTitle(in.Path), in.Pages)
		course.Pages, course.Questions = pathSteps(in, r.opts.Paths), pathQuestions(in, r.opts.Paths)
		c.Courses = append(c.Courses, course)
	}
	return &Page{Frame: f, Template: "certificate", Data: c}
}

// passMark is the site's pass mark in percent.
func (r *renderer) passMark() int {
	if r.opts.Settings == nil {
		return config.DefaultPass
	}
	return r.opts.Settings.Training.PassMark()
}

// pathQuestions lists, as JSON, the number of questions of each step of
// in, read in the language pathSteps names.
func pathQuestions(in learnpath.InLang, all map[string][]learnpath.InLang) string {
	counts := make([]int, len(in.Pages))
	for i, p := range in.Pages {
		if p == nil {
			p = translation(all, in.ID, i)
		}
		if p != nil {
			counts[i] = len(p.Parsed.Questions)
		}
	}
	b, _ := json.Marshal(counts)
	return string(b)
}

func certCourse(id, title string, pages []*link.Page) CertCourse {
	ids, counts := []string{}, []int{}
	for _, p := range pages {
		if p != nil {
			ids = append(ids, pageID(p.URL))
			counts = append(counts, len(p.Parsed.Questions))
		}
	}
	pj, _ := json.Marshal(ids)
	qj, _ := json.Marshal(counts)
	return CertCourse{ID: id, Title: title, Pages: string(pj), Questions: string(qj)}
}
