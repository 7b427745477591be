package render

import (
	"encoding/json"
	"slices"
	"strings"

	"rapport/generator/link"
)

// Certificate is a language's completion certificate page (template
// "certificate", standalone, <lang>/certificate/): every article and
// learning path of the language with its pages, from which
// certificate.js, reading the progress this browser keeps (progress.js's
// storage format), makes a certificate for one that is complete: the
// learner's name as typed, the training, the date of completion in the
// reader's language and calendar, the knowledge-check score, and a plain
// statement that it is self-declared. The address's fragment
// (#article-<path>, #path-<id>) chooses the training.
type Certificate struct {
	Courses []CertCourse
	Script  Script
}

// CertCourse is a training a certificate can be for (a path with no page
// in the language is not one): Pages are the path
// under the language of each of its pages, Questions their numbers of
// questions, both JSON.
type CertCourse struct {
	ID, Title, Pages, Questions string
}

var certificateStrings = []string{"certificate.not_complete", "certificate.name_missing", "certificate.score_value",
	"certificate.no_checks"}

func (r *renderer) certificatePage(l *link.Lang) *Page {
	url := l.Tag + "/" + link.CertDir + "/"
	f := r.newFrame(l, url)
	f.Nav = nil
	f.NoIndex = true
	f.Title = f.S("certificate.title")
	f.sameInEveryLanguage(url)
	c := &Certificate{Script: Script{Src: f.Href(r.assets["certificate.js"]), Root: f.Href("index.html"),
		Messages: f.messages(certificateStrings, nil)}}
	for _, a := range l.Pages {
		if a.Kind == link.Section {
			c.Courses = append(c.Courses, certCourse("article-"+strings.TrimSuffix(pageID(a.URL), "/"), f.title(a), append([]*link.Page{a}, a.Children...)))
		}
	}
	for _, in := range r.opts.Paths[l.Tag] {
		if slices.ContainsFunc(in.Pages, func(p *link.Page) bool { return p != nil }) {
			c.Courses = append(c.Courses, certCourse("path-"+in.ID, in.TitleIn(l.Tag), in.Pages))
		}
	}
	return &Page{Frame: f, Template: "certificate", Data: c, Standalone: true}
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
