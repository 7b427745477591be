package report

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"rapport/generator/link"
	"rapport/generator/load"
	"rapport/generator/markdown"
	"rapport/generator/metric"
	"rapport/generator/parse"
	"rapport/generator/search"
)

// site parses and links one page per language, each body under the same
// heading, as translations of each other.
func site(t *testing.T, bodies map[string]string) *link.Site {
	t.Helper()
	set, d := metric.Load("metrics.toml", []byte("[[metric]]\nid = \"nps\"\nformula = \"promoters - detractors\"\nunit = \"points\"\n[[metric.input]]\nid = \"promoters\"\nkind = \"percent\"\n[[metric.input]]\nid = \"detractors\"\nkind = \"percent\"\n"))
	if d.HasErrors() {
		t.Fatal(d)
	}
	md := markdown.New(markdown.Config{Metrics: set})
	var pages []*parse.Page
	langs := []string{"he", "bg"}
	for _, lang := range langs {
		src := load.Source{Path: "content/" + lang + "/x.md", Lang: lang, Rel: "x.md",
			Data: []byte("---\ntitle: X " + lang + "\n---\n## Part\n\n" + bodies[lang])}
		p, d := parse.Parse(src, md.Parser(), md.Bodies()(lang), search.NewDictionary())
		if d.HasErrors() {
			t.Fatal(d)
		}
		pages = append(pages, p)
	}
	s, _ := link.Link(langs, pages, nil, nil)
	return s
}

// TestEveryFeatureDiverges goes through every counted Markdown feature
// (markdown.Features): a translation whose section lacks the feature's
// example, which the other has, is divergent, the report naming the
// feature; with the example in both it is complete.
func TestEveryFeatureDiverges(t *testing.T) {
	for _, f := range markdown.Features() {
		t.Run(f.Name, func(t *testing.T) {
			rep := Translations(site(t, map[string]string{"he": "Text.\n\n" + f.Example, "bg": "Text.\n"}))
			cell := rep.Groups[0].Cells[1]
			want := fmt.Sprintf(`section "Part" has 0 %s; the he version has 1`, f.Name)
			if f.None != "" {
				want = fmt.Sprintf(`section "Part" has %s; the he version has 1 %s there (content/he/x.md:4)`, f.None, f.Name)
			}
			if cell.State != Divergent || len(cell.Notes) != 1 || !strings.Contains(cell.Notes[0], want) {
				t.Errorf("bg without the %s: %s %q, want divergent: %q", f.Name, cell.State, cell.Notes, want)
			}
			rep = Translations(site(t, map[string]string{"he": f.Example, "bg": f.Example}))
			if cell := rep.Groups[0].Cells[1]; cell.State != Complete {
				t.Errorf("both with the %s: %s %q, want complete", f.Name, cell.State, cell.Notes)
			}
		})
	}
}

// TestRebaseTitlesAsTranslations: a report rebased onto a graph whose
// first page's title changed reads as the report made from that graph,
// and says a title changed; rebased onto a graph with the same titles it
// says none did.
func TestRebaseTitlesAsTranslations(t *testing.T) {
	old := Translations(site(t, map[string]string{"he": "a\n", "bg": "b\n"}))
	now := site(t, map[string]string{"he": "a\n", "bg": "b\n"})
	if _, changed := Rebase(old, now); changed {
		t.Error("same titles: Rebase says a title changed")
	}
	var page *link.Page
	for _, p := range now.Pages {
		if p.Parsed.Path == "content/he/x.md" {
			page = p
		}
	}
	page.Parsed.Meta.Title = "Renamed"
	got, changed := Rebase(old, now)
	want := Translations(now)
	if !changed || got.Groups[0].Title != "Renamed" || !reflect.DeepEqual(got.Groups, want.Groups) {
		t.Errorf("rebased: %t %+v\nmade anew: %+v", changed, got.Groups, want.Groups)
	}
	if old.Groups[0].Title == "Renamed" || old.Groups[0].Cells[0].Page == page {
		t.Error("Rebase changed the report it was given")
	}
}

// TestGroupsTitledInTheirSource: a group whose source is the second
// language's page (it has the most units; he, first in the site's order,
// is its translation) is titled in that language, after Units and after a
// rebase with a renamed source.
func TestGroupsTitledInTheirSource(t *testing.T) {
	s := site(t, map[string]string{"he": "One.\n", "bg": "One.\n\nTwo.\n\nThree.\n"})
	rep := Translations(s)
	rep.Units(s, "")
	if g := rep.Groups[0]; g.Title != "X bg" || g.Source != "bg" {
		t.Errorf("group titled %q from %q, want X bg from bg", g.Title, g.Source)
	}
	for _, p := range s.Pages {
		if p.Lang.Tag == "bg" {
			p.Parsed.Meta.Title = "Y bg"
		}
	}
	if got, changed := Rebase(rep, s); !changed || got.Groups[0].Title != "Y bg" {
		t.Errorf("rebased onto a renamed source: %q (changed %t), want Y bg", got.Groups[0].Title, changed)
	}
}

// TestFindingsShareNotes: a divergent translation's finding carries the
// very string its cell's note is, not a copy (a large site's report
// holds one per divergent or stale translation: 43 MB of copies at
// 100,000 playbooks).
func TestFindingsShareNotes(t *testing.T) {
	rep := Translations(site(t, map[string]string{"he": "Text.\n\n- a\n- b\n", "bg": "Text.\n"}))
	cell := rep.Groups[0].Cells[1]
	if cell.State != Divergent || len(cell.Notes) != 1 {
		t.Fatalf("bg without the list: %s %q, want one divergence", cell.State, cell.Notes)
	}
	var msgs []string
	for _, f := range rep.Findings {
		if f.Kind == "divergent" {
			msgs = append(msgs, f.Msg)
		}
	}
	if len(msgs) != 1 || msgs[0] != cell.Notes[0] {
		t.Fatalf("divergent findings %q, want the note %q", msgs, cell.Notes[0])
	}
	if unsafe.StringData(msgs[0]) != unsafe.StringData(cell.Notes[0]) {
		t.Error("the finding's message is a copy of the cell's note")
	}
}
