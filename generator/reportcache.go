package generator

import (
	"errors"

	"rapport/generator/diag"
	"rapport/generator/internal/wire"
	"rapport/generator/link"
	"rapport/generator/report"
)

// The translation report as the persistent build cache keeps it (see
// Cache.storedReport): every field, a cell's page by its path.

// encodeReport returns r's encoding.
func encodeReport(r *report.Report) []byte {
	e := &wire.Encoder{}
	e.Uint(uint64(len(r.Findings)))
	for _, f := range r.Findings {
		encodeDiag(e, f.Diagnostic)
		e.String(f.Lang)
		e.String(f.Kind)
	}
	e.Uint(uint64(len(r.Groups)))
	for _, g := range r.Groups {
		e.String(g.Title)
		e.String(g.Source)
		e.Uint(uint64(len(g.Cells)))
		for _, c := range g.Cells {
			e.String(c.Lang)
			e.String(string(c.State))
			e.Bool(c.Page != nil)
			if c.Page != nil {
				e.String(c.Page.Parsed.Path)
			}
			e.Strings(c.Notes)
		}
	}
	e.Uint(uint64(len(r.UnitCounts)))
	for _, u := range r.UnitCounts {
		e.Strings([]string{u.Lang, u.From})
		e.Ints([]int{u.Untranslated, u.Review, u.Current})
	}
	return e.B
}

func encodeDiag(e *wire.Encoder, d diag.Diagnostic) {
	e.String(d.Pos.File)
	e.Ints([]int{d.Pos.Line, d.Pos.Col, int(d.Level)})
	e.String(d.Msg)
}

// errReport is decodeReport's error for an encoding that does not read
// back into site.
var errReport = errors.New("a cached translation report does not read back")

// decodeReport reads back what encodeReport wrote, its cells pointing at
// site's pages; a cell's page site lacks is an error.
func decodeReport(data []byte, site *link.Site) (*report.Report, error) {
	byPath := make(map[string]*link.Page, len(site.Pages))
	for _, p := range site.Pages {
		byPath[p.Parsed.Path] = p
	}
	d := &wire.Text{S: string(data)} // one copy: the strings are parts of it
	r := &report.Report{}
	if n := d.Len(); n > 0 {
		r.Findings = make([]report.Finding, 0, n)
	}
	for range cap(r.Findings) {
		diagnostic := decodeDiag(d)
		r.Findings = append(r.Findings, report.Finding{Diagnostic: diagnostic, Lang: d.String(), Kind: d.String()})
	}
	if n := d.Len(); n > 0 {
		r.Groups = make([]report.Group, 0, n)
	}
	for range cap(r.Groups) {
		g := report.Group{Title: d.String(), Source: d.String()}
		if n := d.Len(); n > 0 {
			g.Cells = make([]report.Cell, 0, n)
		}
		for range cap(g.Cells) {
			c := report.Cell{Lang: d.String(), State: report.State(d.String())}
			if d.Bool() {
				if c.Page = byPath[d.String()]; c.Page == nil {
					return nil, errReport
				}
			}
			c.Notes = d.Strings()
			g.Cells = append(g.Cells, c)
		}
		r.Groups = append(r.Groups, g)
	}
	for range d.Len() {
		names, counts := d.Strings(), d.Ints()
		if len(names) != 2 || len(counts) != 3 {
			return nil, errReport
		}
		r.UnitCounts = append(r.UnitCounts, report.UnitCount{Lang: names[0], From: names[1], Untranslated: counts[0], Review: counts[1], Current: counts[2]})
	}
	if d.Done() != nil {
		return nil, errReport
	}
	return r, nil
}

func decodeDiag(d *wire.Text) diag.Diagnostic {
	file, ns := d.String(), d.Ints()
	if len(ns) != 3 {
		d.Err = wire.ErrShort
		return diag.Diagnostic{}
	}
	return diag.Diagnostic{Pos: diag.Pos{File: file, Line: ns[0], Col: ns[1]}, Level: diag.Level(ns[2]), Msg: d.String()}
}
