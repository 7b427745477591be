package render

import (
	"strconv"

	"rapport/generator/link"
	"rapport/generator/report"
)

// Status is the translation status page (template "status"): one row per
// translation group, one cell per language. The page is for the training
// team, across languages: it is in English.
type Status struct {
	Langs []Item // the site's languages: Lang, Dir and native name (Text)
	Rows  []StatusRow
	Units []StatusUnits
	Span  string // the table's columns, which a row's notes span
}

// StatusUnits is a language's translation units from one source language
// (see report.UnitCount), with the command that exports what is left.
type StatusUnits struct {
	Lang, From                            Item // native names as Text
	Untranslated, Review, Current, Export string
}

// StatusRow is a translation group, titled in its source language, with
// the report's notes on its translations (why one is stale or divergent),
// shown under it as text.
type StatusRow struct {
	Title, Lang, Dir string
	Cells            []StatusCell
	Notes            []StatusNote
}

// StatusCell is a group's page in one language: its state (the cell's
// class), the state's label and the page's href ("" when it is missing).
type StatusCell struct {
	State, Label, Href string
}

// StatusNote is one note of the report on a translation: the language's
// native name, and why.
type StatusNote struct {
	Lang, Dir, Name, Why string
}

func (r *renderer) statusPage(rep *report.Report) *Page {
	first := r.site.Langs[0]
	en := &link.Lang{Tag: "en", Dir: "ltr", Home: first.Home}
	f := r.newFrame(en, "status/")
	f.NoIndex, f.Nav, f.ShowSearch = true, nil, false
	f.read(readReport, "")
	f.Title, f.Description = f.S("status.title"), f.S("status.intro")
	s := &Status{Span: strconv.Itoa(len(r.site.Langs) + 1)}
	dirs := map[string]string{} // a tag's direction, parsed once, not once a row
	for _, l := range r.site.Langs {
		s.Langs = append(s.Langs, Item{Lang: l.Tag, Dir: l.Dir, Text: r.nativeName(l.Tag)})
		dirs[l.Tag] = l.Dir
	}
	dir := func(tag string) string {
		d, ok := dirs[tag]
		if !ok {
			d = link.Direction(tag)
			dirs[tag] = d
		}
		return d
	}
	// A large site's view is one of the biggest values of its build (a
	// row per translation group, a cell per language): its slices are
	// made at their size, and a cell's label looked up once per state.
	s.Rows = make([]StatusRow, len(rep.Groups))
	labels := map[report.State]string{}
	for i, g := range rep.Groups {
		s.Rows[i] = r.statusRow(f, g, labels, dir)
	}
	for _, u := range rep.UnitCounts {
		s.Units = append(s.Units, StatusUnits{
			Lang:         Item{Lang: u.Lang, Dir: dir(u.Lang), Text: r.nativeName(u.Lang)},
			From:         Item{Lang: u.From, Dir: dir(u.From), Text: r.nativeName(u.From)},
			Untranslated: strconv.Itoa(u.Untranslated), Review: strconv.Itoa(u.Review), Current: strconv.Itoa(u.Current), Export: u.Export()})
	}
	return &Page{Frame: f, Template: "status", Data: s}
}

// statusRow is the status page's row of translation group g; labels
// holds the cells' labels by state, dir gives a language's direction.
func (r *renderer) statusRow(f *Frame, g report.Group, labels map[report.State]string, dir func(string) string) StatusRow {
	lang := g.Source
	if lang == "" {
		lang = g.Cells[0].Lang
		for _, c := range g.Cells {
			if c.Page != nil {
				lang = c.Lang
				break
			}
		}
	}
	row := StatusRow{Title: g.Title, Lang: lang, Dir: dir(lang), Cells: make([]StatusCell, len(g.Cells))}
	notes := 0
	for _, c := range g.Cells {
		notes += len(c.Notes)
	}
	if notes > 0 {
		row.Notes = make([]StatusNote, 0, notes)
	}
	for i, c := range g.Cells {
		label, ok := labels[c.State]
		if !ok {
			label = f.S("status." + string(c.State))
			labels[c.State] = label
		}
		cell := StatusCell{State: string(c.State), Label: label}
		if c.Page != nil {
			cell.Href = f.Href(c.Page.URL)
		}
		row.Cells[i] = cell
		for _, n := range c.Notes {
			row.Notes = append(row.Notes, StatusNote{Lang: c.Lang, Dir: dir(c.Lang), Name: r.nativeName(c.Lang), Why: n})
		}
	}
	return row
}
