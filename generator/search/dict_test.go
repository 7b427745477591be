package search

import (
	"bytes"
	"fmt"
	"sync"
	"testing"
)

// TestGatherConcurrently gathers pages on several goroutines, as parse's
// workers do, while indexes of pages gathered earlier are built (rapport
// serve builds an index while the next build parses): every index is the
// one Build gives the same docs alone. Run with -race.
func TestGatherConcurrently(t *testing.T) {
	docs := benchDocs()
	for i := range docs {
		// Terms no other test has numbered, so the dictionary grows
		// while the indexes below read it.
		docs[i].Sections[0].Text += fmt.Sprintf(" concurrentterm%d", i)
	}
	want := Build("mul", docs[:100])
	entries := make([]Entry, len(docs))
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(docs); i += 4 {
				d := docs[i]
				entries[i] = Entry{URL: d.URL, Title: d.Title, Page: Gather(d.Title, d.Sections)}
			}
		}()
	}
	for range 3 {
		if got := Build("mul", docs[:100]); !bytes.Equal(got, want) {
			t.Fatal("an index built while pages are gathered differs")
		}
	}
	wg.Wait()
	if got := Pages("mul", entries[:100]); !bytes.Equal(got, want) {
		t.Error("an index of pages gathered concurrently differs from Build's")
	}
}
