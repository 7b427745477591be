package render

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// describeByRunes is describe as first written: the text's fields joined,
// then cut as runes.
func describeByRunes(text string) string {
	text = strings.Join(strings.Fields(text), " ")
	r := []rune(text)
	if len(r) <= maxDescription {
		if t, ok := strings.CutSuffix(text, ":"); ok {
			return t + "…"
		}
		return text
	}
	cut := string(r[:maxDescription])
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)*3/4 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:،") + "…"
}

// TestDescribe: describe, which spares the joining and the runes when it
// can, gives what joining the fields and cutting runes gives.
func TestDescribe(t *testing.T) {
	parts := []string{"a", "word", " ", "  ", "\n", "\t", "\u00a0", "\u3000", "\u0085", "\x1c", "\v", "\r", ":", ",", ".", "،", "שלום", "مرحبا", "สวัสดี", "\xff", "é"}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(120) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		if got, want := describe(b.String()), describeByRunes(b.String()); got != want {
			t.Fatalf("describe(%q) = %q, want %q", b.String(), got, want)
		}
	}
}
