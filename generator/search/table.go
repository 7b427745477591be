package search

import (
	"bytes"
	"hash/maphash"
)

// termTable numbers distinct terms in the order they are first added:
// an open-addressing hash table over the terms' bytes, kept one after
// another in one buffer, which spares a Go map's string per key and
// most of its work (gathering looks a term up for every word of a page).
type termTable struct {
	slots  []int32  // a term's number + 1, or 0; the length is a power of 2
	hashes []uint32 // the hash of term n
	terms  []byte   // the terms, one after another
	ends   []int32  // terms[ends[n-1]:ends[n]] is term n
}

// add returns the number of term t, adding it if it is new.
func (tt *termTable) add(t []byte) (n int32, added bool) {
	return tt.addHashed(t, uint32(maphash.Bytes(termSeed, t)))
}

// addHashed is add of t with hash h (termSeed's, cut to 32 bits).
func (tt *termTable) addHashed(t []byte, h32 uint32) (n int32, added bool) {
	if len(tt.slots) == 0 {
		tt.slots = make([]int32, 1024)
	}
	h := uint64(h32)
	mask := uint64(len(tt.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := tt.slots[i]
		if s == 0 {
			n = int32(len(tt.ends))
			tt.terms = append(tt.terms, t...)
			tt.ends = append(tt.ends, int32(len(tt.terms)))
			tt.hashes = append(tt.hashes, uint32(h))
			tt.slots[i] = n + 1
			if 2*len(tt.ends) > len(tt.slots) {
				tt.grow()
			}
			return n, true
		}
		if tt.hashes[s-1] == uint32(h) && bytes.Equal(tt.term(s-1), t) {
			return s - 1, false
		}
	}
}

// term returns term n.
func (tt *termTable) term(n int32) []byte {
	start := int32(0)
	if n > 0 {
		start = tt.ends[n-1]
	}
	return tt.terms[start:tt.ends[n]]
}

// len returns the number of terms.
func (tt *termTable) len() int { return len(tt.ends) }

// grow doubles the slots.
func (tt *termTable) grow() {
	tt.slots = make([]int32, 2*len(tt.slots))
	mask := uint32(len(tt.slots) - 1)
	for n, h := range tt.hashes {
		i := h & mask
		for tt.slots[i] != 0 {
			i = (i + 1) & mask
		}
		tt.slots[i] = int32(n) + 1
	}
}
