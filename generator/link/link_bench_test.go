package link

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"rapport/generator/diag"
	"rapport/generator/load"
	"rapport/generator/markdown"
	"rapport/generator/parse"
)

// genConfig shapes a synthetic site for benchmarks and equivalence tests.
type genConfig struct {
	langs     []string
	pages     int // per language
	topics    []string
	weights   int     // weights drawn from 1..weights (0: i+1, all distinct)
	titles    int     // titles drawn from this many (0: all distinct)
	sections  int     // folders with an _index.md (0: a flat site)
	keys      float64 // share of pages with a translationKey
	noHome    bool    // leave out the last language's _index.md
	unknown   float64 // share of pages with an unknown topic
	noTopics  float64 // share of pages without topics
	slugClash bool    // give a few pages slugs that clash
}

var benchConfig = genConfig{
	langs:  []string{"he", "ar", "bg", "cs", "th"},
	pages:  2000,
	topics: []string{"trust", "personalization", "communication", "cultural-differences", "feedback", "loyalty", "metrics", "onboarding", "retention", "surveys", "support", "pricing", "churn"},
}

var titleWords = []string{"Measuring", "Trust", "Loyalty", "Feedback", "Churn", "Surveys", "Onboarding", "Pricing", "Support", "Retention", "Culture", "Metrics", "אמון", "ولاء", "Доверие", "Důvěra", "ความไว้วางใจ"}

// genPages builds a synthetic parsed site.
func genPages(rng *rand.Rand, c genConfig) []*parse.Page {
	var pages []*parse.Page
	for li, lang := range c.langs {
		if !(c.noHome && li == len(c.langs)-1) {
			pages = append(pages, newPage(lang, "_index.md", parse.Meta{Title: "Home " + lang}))
		}
		var dirs []string
		for s := range c.sections {
			dir := fmt.Sprintf("s%02d/", s)
			if s%3 == 2 {
				dir = fmt.Sprintf("s%02d/sub%d/", s-1, s)
			}
			dirs = append(dirs, dir)
			if s%4 != 3 { // some folders have no _index.md
				m := parse.Meta{Title: fmt.Sprintf("Section %d", s), Weight: rng.IntN(5)}
				if s%5 == 1 {
					m.Slug = fmt.Sprintf("sec%d", s)
				}
				pages = append(pages, newPage(lang, dir+"_index.md", m))
			}
		}
		for i := range c.pages {
			dir := ""
			if len(dirs) > 0 && rng.IntN(5) > 0 {
				dir = dirs[rng.IntN(len(dirs))]
			}
			rel := fmt.Sprintf("%sp%05d.md", dir, i)
			m := parse.Meta{Weight: i + 1}
			if c.weights > 0 {
				m.Weight = rng.IntN(c.weights) + 1
			}
			if c.titles > 0 {
				m.Title = fmt.Sprintf("%s %d", titleWords[rng.IntN(len(titleWords))], rng.IntN(c.titles))
			} else {
				m.Title = fmt.Sprintf("%s %d", titleWords[i%len(titleWords)], i+1)
			}
			if rng.Float64() < c.keys {
				m.TranslationKey = fmt.Sprintf("k%d", rng.IntN(c.pages))
			}
			if c.slugClash && rng.IntN(50) == 0 {
				m.Slug = fmt.Sprintf("p%05d", rng.IntN(c.pages))
			}
			if rng.Float64() >= c.noTopics {
				for n := 2 + rng.IntN(2); len(m.Topics) < n; {
					t := c.topics[rng.IntN(len(c.topics))]
					if rng.IntN(20) == 0 && len(m.Topics) > 0 {
						t = m.Topics[0] // a repeated topic
					}
					m.Topics = append(m.Topics, t)
				}
				if rng.Float64() < c.unknown {
					m.Topics = append(m.Topics, "trusst")
				}
			}
			p := newPage(lang, rel, m)
			for range 2 + rng.IntN(3) {
				dest := fmt.Sprintf("p%05d.md", rng.IntN(c.pages))
				switch rng.IntN(8) {
				case 0:
					dest += "#h1"
				case 1:
					dest += "#nope"
				case 2:
					dest = "https://example.com/x"
				case 3:
					dest = "#h0"
				case 4:
					dest = "../" + dest
				}
				p.Links = append(p.Links, markdown.Link{Dest: dest, Pos: diag.Pos{File: p.Path, Line: 5}})
			}
			pages = append(pages, p)
		}
	}
	rng.Shuffle(len(pages), func(i, j int) { pages[i], pages[j] = pages[j], pages[i] })
	return pages
}

func newPage(lang, rel string, m parse.Meta) *parse.Page {
	p := &parse.Page{Source: load.Source{Path: "content/" + lang + "/" + rel, Lang: lang, Rel: rel}}
	p.Meta = m
	p.Lines = map[string]int{"topics": 3, "translationKey": 4}
	for i := range m.Topics {
		p.TopicLines = append(p.TopicLines, 10+i)
	}
	p.Headings = []parse.Heading{{Level: 2, ID: "h0"}, {Level: 2, ID: "h1"}}
	return p
}

func BenchmarkLink(b *testing.B) {
	pages := genPages(rand.New(rand.NewPCG(1, 2)), benchConfig)
	b.ResetTimer()
	for b.Loop() {
		Link(benchConfig.langs, pages, nil, benchConfig.topics)
	}
}
