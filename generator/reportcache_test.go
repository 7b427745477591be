package generator

import (
	"context"
	"os"
	"reflect"
	"testing"

	"rapport/generator/diag"
	"rapport/generator/link"
	"rapport/generator/load"
	"rapport/generator/memo"
	"rapport/generator/parse"
	"rapport/generator/report"
)

// TestReportRoundTrip: the translation report of the test site (missing,
// stale and divergent translations, locale gaps, units), encoded for the
// build cache and read back into the same graph, is the report; an
// encoding cut short, or naming a page the graph lacks, is refused.
func TestReportRoundTrip(t *testing.T) {
	res, err := Build(context.Background(), Options{Src: os.DirFS("../testdata/site")})
	if err != nil {
		t.Fatal(err)
	}
	rep := res.Report
	if len(rep.Findings) == 0 || len(rep.Groups) == 0 || len(rep.UnitCounts) == 0 {
		t.Fatalf("the test site's report is too thin to test: %d findings, %d groups, %d unit counts", len(rep.Findings), len(rep.Groups), len(rep.UnitCounts))
	}
	data := encodeReport(rep)
	back, err := decodeReport(data, res.Site)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, rep) {
		t.Fatalf("read back as\n%+v\nwant\n%+v", back, rep)
	}
	for cut := range len(data) {
		if _, err := decodeReport(data[:cut], res.Site); err == nil {
			t.Fatalf("an encoding cut at %d of %d bytes was read", cut, len(data))
		}
	}
	other := *res.Site
	other.Pages = other.Pages[:1]
	if _, err := decodeReport(data, &other); err == nil {
		t.Fatal("a report of pages the graph lacks was read")
	}
}

// FuzzCacheRecords: what the build cache reads back of its own records
// (the translation report, the pages' stamps, the render sums, the page
// record and the facts it holds) never
// panics on damaged bytes, and a report that reads back encodes to what
// reads back the same.
func FuzzCacheRecords(f *testing.F) {
	site := &link.Site{}
	for _, path := range []string{"content/he/a.md", "content/ar/a.md"} {
		site.Pages = append(site.Pages, &link.Page{Parsed: &parse.Page{Source: load.Source{Path: path}}})
	}
	f.Add(encodeReport(&report.Report{
		Findings: []report.Finding{{Diagnostic: diag.Diagnostic{Pos: diag.Pos{File: "content/ar/a.md", Line: 3}, Level: diag.Note, Msg: "stale"}, Lang: "ar", Kind: "stale"}},
		Groups: []report.Group{{Title: "A", Source: "he", Cells: []report.Cell{
			{Lang: "he", State: report.Complete, Page: site.Pages[0]}, {Lang: "ar", State: report.Stale, Page: site.Pages[1], Notes: []string{"n"}}, {Lang: "cs", State: report.Missing}}}},
		UnitCounts: []report.UnitCount{{Lang: "ar", From: "he", Untranslated: 1, Review: 2, Current: 3}},
	}))
	f.Add([]byte{1, 3, 'u', 'r', 'l', 32})
	snap := parse.Snapshot{FrontMatter: parse.FrontMatter{Meta: parse.Meta{Title: "A", Topics: []string{"t"}}, Lines: map[string]int{"title": 2}},
		Headings: []parse.Heading{{Level: 2, ID: "a", Text: "A", Line: 5}}, Shape: []parse.Shape{{Heading: "A", Line: 5, Counts: []int32{1, 0, 2}}}}
	facts := snap.Encode(nil)
	f.Add(append(facts, encodeIndex([]pageEntry{{key: memo.Sum{1}, off: 0, n: uint32(len(facts))}})...))
	f.Add(append([]byte{1, 2, 'h', 'e'}, make([]byte, 32)...)) // a search record
	f.Fuzz(func(t *testing.T, data []byte) {
		decodeSources(string(data))
		decodeRenderSums(string(data))
		decodeSearchRecord(data)
		if rec := decodePageRecord(string(data)); rec != nil {
			for _, e := range rec.index {
				var d parse.SnapshotDecoder
				d.Decode(rec.facts(e))
			}
		}
		rep, err := decodeReport(data, site)
		if err != nil {
			return
		}
		again, err := decodeReport(encodeReport(rep), site)
		if err != nil || !reflect.DeepEqual(again, rep) {
			t.Fatalf("a report read back does not read back again: %v", err)
		}
	})
}
