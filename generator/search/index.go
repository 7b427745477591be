package search

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"strings"
)

// Doc is one playbook to index.
type Doc struct {
	URL      string // site path
	Title    string
	Sections []Section
}

// Section is the text under one heading; Anchor is the heading's id, ""
// for the text before the first heading.
type Section struct {
	Anchor, Heading, Text string
}

// index is the JSON the browser reads. Sections are numbered in order over
// all docs; postings map a term to the sections that contain it, as gaps:
// the first number is a section, each next one is added to the previous
// (runs of small gaps, mostly 1 for common terms, compress to almost
// nothing).
type index struct {
	Lang     string           `json:"lang"`
	Docs     []indexDoc       `json:"docs"`
	Sections [][4]any         `json:"sections"` // doc, anchor, heading, text
	Postings map[string][]int `json:"postings"`
}

type indexDoc struct {
	URL   string `json:"u"`
	Title string `json:"t"`
}

// Build returns the index of docs as gzip-compressed JSON (deterministic:
// the same docs give the same bytes). Titles are indexed as a section of
// their own doc with the anchor "".
func Build(lang string, docs []Doc) []byte {
	ix := index{Lang: lang, Postings: map[string][]int{}}
	for di, d := range docs {
		ix.Docs = append(ix.Docs, indexDoc{URL: d.URL, Title: d.Title})
		add := func(sec int, text string) {
			EachToken(lang, text, func(t string) {
				p := ix.Postings[t]
				if len(p) == 0 || p[len(p)-1] != sec {
					ix.Postings[t] = append(p, sec)
				}
			})
		}
		for _, s := range d.Sections {
			sec := len(ix.Sections)
			ix.Sections = append(ix.Sections, [4]any{di, s.Anchor, s.Heading, compact(s.Text)})
			add(sec, d.Title+" "+s.Heading+" "+s.Text)
		}
	}
	for _, p := range ix.Postings {
		for i := len(p) - 1; i > 0; i-- {
			p[i] -= p[i-1]
		}
	}
	data, _ := json.Marshal(ix) // map keys are sorted: deterministic
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.DefaultCompression)
	zw.Write(data)
	zw.Close()
	return b.Bytes()
}

// compact collapses white space, which the page shows as one space anyway.
func compact(s string) string { return strings.Join(strings.Fields(s), " ") }

// Script wraps an index in JavaScript for pages opened from disk, where
// fetch is blocked: it registers the compressed bytes, base64-encoded, on
// a global that search.js reads.
func Script(lang string, gz []byte) []byte {
	var b bytes.Buffer
	b.WriteString(`(self.rapportSearch = self.rapportSearch || {})[`)
	l, _ := json.Marshal(lang)
	b.Write(l)
	b.WriteString(`] = "`)
	b.WriteString(base64.StdEncoding.EncodeToString(gz))
	b.WriteString("\";\n")
	return b.Bytes()
}

// TextSize is the size in bytes of the plain text an index covers, to
// compare with the index's size.
func TextSize(docs []Doc) int {
	n := 0
	for _, d := range docs {
		n += len(d.Title)
		for _, s := range d.Sections {
			n += len(s.Heading) + len(s.Text)
		}
	}
	return n
}
