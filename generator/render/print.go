package render

import (
	"bytes"
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"rapport/generator/config"
	"rapport/generator/learnpath"
	"rapport/generator/link"
	"rapport/generator/memo"
	"rapport/generator/output"
)

// Printable handouts: one page per article (<lang>/print/<article>/) and
// per learning path (<lang>/paths/<id>/print/) with all its playbooks in
// order after a cover with a table of contents. Playbooks follow each
// other without a page break; a calculator and a knowledge-check question
// are never split across two pages (style.css, .handout). Calculators keep
// their formula and show their inputs as lines to write on; knowledge
// checks keep their questions and answers to tick, and their right
// answers move to an answer key at the end, on a page of its own. The
// steps of a path not translated into the handout's language are listed
// together, once. The page is standalone: no navigation, nothing to hide
// before printing.
//
// Each handout has a stylesheet of its own beside it, page.css (a file,
// not an inline style, for the pages' Content-Security-Policy): the
// running title in the top margin of every page and the page number,
// "3 / 12" in the language's words (print.page_number), in the bottom
// one, both on the reading side: the top start and the bottom end of the
// page, mirrored in right-to-left languages. The paper is the site's
// (rapport.toml [print] paper, A4 by default).

// Handout is a printable handout (template "handout").
type Handout struct {
	Back     Item // the online version
	Count    template.HTML
	Sections []HandoutSection
	// Untranslated are the Sections that are Missing, shown together.
	Untranslated []HandoutSection
	Answers      []HandoutAnswers
	PageCSS      string // href of the handout's page.css
}

// HandoutSection is one playbook of a handout: ID is its anchor in the
// handout, Step its number in the contents; Missing marks a step of a
// learning path with no page in the handout's language (its Title then
// says which, and ID is the list of untranslated steps).
type HandoutSection struct {
	ID, Title, Description string
	Step                   int
	Content                template.HTML
	Missing                bool
	Lang, Dir              string // of Title, when it is another language's
	LangName               string // Lang's name, in Lang
	Label                  template.HTML
}

// untranslatedID is the anchor of a handout's list of untranslated steps.
const untranslatedID = "untranslated"

// HandoutAnswers are the right answers of one playbook's questions.
type HandoutAnswers struct {
	ID, Title string
	Answers   []template.HTML // by question, in order
}

// handoutURL is the site path of the handout of article a.
func handoutURL(a *link.Page) string {
	return a.Lang.Tag + "/" + link.PrintDir + "/" + strings.TrimPrefix(a.URL, a.Lang.Tag+"/")
}

// renderHandouts renders the handout of every article of l with gen (see
// renderGenerated) and returns their stylesheets.
func (r *renderer) renderHandouts(l *link.Lang, gen func(path, deps string, page func() *Page, file string)) []output.File {
	var css []output.File
	for _, a := range l.Pages {
		if a.Kind != link.Section {
			continue
		}
		out := handoutURL(a) + "index.html"
		gen(out, pagesDeps(append([]*link.Page{a}, a.Children...)), func() *Page { return r.articleHandout(a) }, a.Parsed.Path)
		title := a.Parsed.Meta.Title
		if title == "" {
			title = a.Parsed.Rel
		}
		css = append(css, output.File{Path: handoutURL(a) + handoutCSS, Data: r.handoutPageCSS(l, title)})
	}
	for _, in := range r.opts.Paths[l.Tag] {
		dir := pathURL(l.Tag, in.ID) + link.PrintDir + "/"
		gen(dir+"index.html", pagesDeps(in.Pages), func() *Page { return r.pathHandout(l, in) }, dir+"index.html")
		css = append(css, output.File{Path: dir + handoutCSS, Data: r.handoutPageCSS(l, in.TitleIn(l.Tag))})
	}
	return css
}

// handoutColumn is the width, in em, a formula may take on the site's
// paper (see stackFormulas).
func (r *renderer) handoutColumn() float64 {
	var p config.Print
	if r.opts.Settings != nil {
		p = r.opts.Settings.Print
	}
	return handoutColumn(p.WidthMM())
}

// handoutCSS is the name of a handout's stylesheet, beside its page.
const handoutCSS = "page.css"

// handoutPageCSS is the stylesheet of a handout titled title in l: the
// running title and the page numbers in the page's margins.
func (r *renderer) handoutPageCSS(l *link.Lang, title string) []byte {
	top, bottom := "top-left", "bottom-right"
	if l.Dir == "rtl" {
		top, bottom = "top-right", "bottom-left"
	}
	number := cssContent(r.loc(l.Tag).S("print.page_number"), map[string]string{"{{.Page}}": "counter(page)", "{{.Pages}}": "counter(pages)"})
	return fmt.Appendf(nil, "/* The running title and page numbers of this handout (rapport). */\n@page {\n  @%s { content: %s; }\n  @%s { content: %s; }\n}\n",
		top, cssString(title), bottom, number)
}

// cssContent writes s as the value of a CSS content property: its text as
// strings, each of its placeholders as the function vars gives it.
func cssContent(s string, vars map[string]string) string {
	var parts []string
	for s != "" {
		i, name := len(s), ""
		for v := range vars {
			if j := strings.Index(s, v); j >= 0 && (j < i || j == i && v < name) {
				i, name = j, v
			}
		}
		if i > 0 {
			parts = append(parts, cssString(s[:i]))
		}
		if name == "" {
			break
		}
		parts = append(parts, vars[name])
		s = s[i+len(name):]
	}
	if len(parts) == 0 {
		return `""`
	}
	return strings.Join(parts, " ")
}

// cssString quotes s as a CSS string: quotes, backslashes, control
// characters and angle brackets escaped as code points.
func cssString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range s {
		switch {
		case c == '"' || c == '\\' || c == '<' || c == '>' || c < 0x20 || c == 0x7f:
			fmt.Fprintf(&b, "\\%x ", c)
		default:
			b.WriteRune(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// pathHandout is the handout of learning path in, in language l: its
// steps in order, those not translated into l listed together.
func (r *renderer) pathHandout(l *link.Lang, in learnpath.InLang) *Page {
	url := pathURL(l.Tag, in.ID)
	f := r.newFrame(l, url+link.PrintDir+"/")
	f.Nav = nil
	f.NoIndex = true
	f.Title, f.Description = in.TitleIn(l.Tag), in.Summary[l.Tag]
	h := &Handout{Back: Item{Href: f.Href(url), Text: f.Title}, PageCSS: f.Href(url + link.PrintDir + "/" + handoutCSS)}
	for i, p := range in.Pages {
		if p != nil {
			h.add(f, p)
			continue
		}
		s := HandoutSection{ID: untranslatedID, Step: i + 1, Title: in.Steps[i].Ref, Missing: true, Label: f.T("path.not_translated")}
		if t := translation(r.opts.Paths, in.ID, i); t != nil {
			s.Title, s.Lang, s.Dir, s.LangName = f.title(t), t.Lang.Tag, t.Lang.Dir, r.nativeName(t.Lang.Tag)
		}
		h.Sections = append(h.Sections, s)
		h.Untranslated = append(h.Untranslated, s)
	}
	h.Count = f.TN("print.playbooks", len(h.Sections))
	return &Page{Frame: f, Template: "handout", Data: h, Standalone: true}
}

// pagesDeps identifies the sources and link targets of pages, for the
// memo of a generated page that shows their content.
func pagesDeps(pages []*link.Page) string {
	h := memo.NewHash()
	for _, p := range pages {
		if p != nil {
			h.Strings(p.URL).Bytes(p.Parsed.Data).Strings(p.Hrefs...)
		}
	}
	s := h.Sum()
	return string(s[:])
}

// articleOf returns the article p belongs to: p itself when it is one,
// else its parent when that is one, else nil.
func articleOf(p *link.Page) *link.Page {
	switch {
	case p.Kind == link.Section:
		return p
	case p.Parent != nil && p.Parent.Kind == link.Section:
		return p.Parent
	}
	return nil
}

// articleHandout is the handout of article a (a section) and its
// playbooks.
func (r *renderer) articleHandout(a *link.Page) *Page {
	f := r.newFrame(a.Lang, handoutURL(a))
	f.Nav = nil
	f.NoIndex = true
	f.Title, f.Description = f.title(a), a.Parsed.Meta.Description
	h := &Handout{Back: Item{Href: f.Href(a.URL), Text: f.title(a)}, PageCSS: f.Href(handoutURL(a) + handoutCSS)}
	for _, p := range append([]*link.Page{a}, a.Children...) {
		h.add(f, p)
	}
	h.Count = f.TN("print.playbooks", len(h.Sections))
	return &Page{Frame: f, Template: "handout", Data: h, Standalone: true}
}

// add appends page p to the handout, its answers to the key.
func (h *Handout) add(f *Frame, p *link.Page) {
	id := "part-" + strconv.Itoa(len(h.Sections)+1)
	body, answers := answerKey(f.r.bodyString(f, p))
	body = stackFormulas(body, f.r.handoutColumn())
	h.Sections = append(h.Sections, HandoutSection{ID: id, Step: len(h.Sections) + 1, Title: f.title(p), Description: p.Parsed.Meta.Description,
		Content: template.HTML(body)})
	if len(answers) > 0 {
		h.Answers = append(h.Answers, HandoutAnswers{ID: id, Title: f.title(p), Answers: answers})
	}
}

const (
	revealOpen  = `<details class="quiz-reveal">`
	detailsOpen = `<details`
	detailsEnd  = `</details>`
	summaryEnd  = `</summary>`
)

// answerKey takes each question's revealed answer (<details
// class="quiz-reveal">, as the quiz extension renders it) out of body and
// returns body without them and their contents, without the summary, in
// order. A details element inside an explanation is kept whole.
func answerKey(body string) (string, []template.HTML) {
	var out strings.Builder
	var answers []template.HTML
	for {
		i := strings.Index(body, revealOpen)
		if i < 0 {
			break
		}
		out.WriteString(body[:i])
		end := matchingEnd(body, i)
		innerEnd := end
		if strings.HasSuffix(body[:end], detailsEnd) {
			innerEnd -= len(detailsEnd)
		}
		inner := body[i+len(revealOpen) : innerEnd]
		if j := strings.Index(inner, summaryEnd); j >= 0 {
			inner = inner[j+len(summaryEnd):]
		}
		answers = append(answers, template.HTML(strings.TrimSpace(inner)))
		body = body[end:]
	}
	out.WriteString(body)
	return out.String(), answers
}

// matchingEnd returns the index just after the </details> that closes the
// details element opening at i, or len(s).
func matchingEnd(s string, i int) int {
	depth := 0
	for j := i; j < len(s); {
		o := strings.Index(s[j:], detailsOpen)
		c := strings.Index(s[j:], detailsEnd)
		switch {
		case c < 0:
			return len(s)
		case o >= 0 && o < c:
			depth++
			j += o + len(detailsOpen)
		default:
			depth--
			j += c + len(detailsEnd)
			if depth == 0 {
				return j
			}
		}
	}
	return len(s)
}

// bodyString is p's HTML with its link holes filled (see body).
func (r *renderer) bodyString(f *Frame, p *link.Page) string {
	b := r.bufs.Get().(*bytes.Buffer)
	defer r.bufs.Put(b)
	b.Reset()
	r.body(b, f, p)
	return b.String()
}
