package search

import (
	"bytes"
	"fmt"
	"sync"
	"testing"
)

// TestGatherConcurrently gathers pages on several goroutines, as parse's
// workers do, with one dictionary, while indexes of pages gathered
// earlier with it are built (rapport serve builds an index while the next
// build parses): every index is the one Build gives the same docs alone.
// Run with -race.
func TestGatherConcurrently(t *testing.T) {
	docs := benchDocs()
	for i := range docs {
		// Terms of each doc alone, so the dictionary grows while the
		// indexes below read it.
		docs[i].Sections[0].Text += fmt.Sprintf(" concurrentterm%d", i)
	}
	want := Build("mul", docs[:100])
	dict := NewDictionary()
	entries := make([]Entry, len(docs))
	gather := func(i int) {
		d := docs[i]
		entries[i] = Entry{URL: d.URL, Title: d.Title, Page: dict.Gather(d.Title, d.Sections)}
	}
	for i := range 100 {
		gather(i)
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 100 + w; i < len(docs); i += 4 {
				gather(i)
			}
		}()
	}
	for range 3 {
		if got := dict.Pages("mul", entries[:100]); !bytes.Equal(got, want) {
			t.Fatal("an index built while more pages are gathered differs from Build's")
		}
	}
	wg.Wait()
	if got := dict.Pages("mul", entries[:100]); !bytes.Equal(got, want) {
		t.Error("an index of pages gathered concurrently differs from Build's")
	}
}

// TestDictionariesApart: two sites' dictionaries number their own terms;
// pages gathered with one are indexed as Build indexes them, whatever the
// other numbered first.
func TestDictionariesApart(t *testing.T) {
	docs := benchDocs()[:50]
	want := Build("mul", docs)
	other := NewDictionary()
	for i := len(docs) - 1; i >= 0; i-- { // other numbers in reverse order
		other.Gather(docs[i].Title, docs[i].Sections)
	}
	dict := NewDictionary()
	entries := make([]Entry, len(docs))
	for i, d := range docs {
		entries[i] = Entry{URL: d.URL, Title: d.Title, Page: dict.Gather(d.Title, d.Sections)}
	}
	if got := dict.Pages("mul", entries); !bytes.Equal(got, want) {
		t.Error("an index differs from Build's when another dictionary numbered the same terms")
	}
}
