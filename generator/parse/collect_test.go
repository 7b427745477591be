package parse

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestReadingCountsAdd checks what collect relies on: a section's words
// counted from its heading and text apart equal those of the two joined.
func TestReadingCountsAdd(t *testing.T) {
	parts := []string{"ความ", "สัมพันธ์", "ลูกค้า", "בניית", "קשרי", "Důvěra", "CRM", " ", "-", "é", "\u0301", "1", ".", "\n"}
	r := rand.New(rand.NewPCG(5, 6))
	random := func() string {
		var b strings.Builder
		for n := r.IntN(8); n > 0; n-- {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		return b.String()
	}
	for range 20000 {
		h, x := random(), random()
		hw, ht := readingCounts(h)
		xw, xt := readingCounts(x)
		if got, want := hw+xw+thaiWords(ht+xt), ReadingWords(h+" "+x); got != want {
			t.Fatalf("%q + %q: %d words counted apart, %d joined", h, x, got, want)
		}
	}
}
