package render

import (
	"bytes"
	"strings"
	"testing"
	"unsafe"
)

// TestBigPageKeepsItsBuffer: a page is copied out of its buffer and the
// buffer goes back to the pool, except a page of more than bigPage (a
// large site's status page), which takes the buffer's bytes: neither
// copied at the heap's peak nor kept in the pool for the pages after it.
func TestBigPageKeepsItsBuffer(t *testing.T) {
	r := &renderer{}
	r.bufs.New = func() any { return new(bytes.Buffer) }
	small := new(bytes.Buffer)
	small.WriteString("<p>small</p>")
	got := r.done(small)
	if string(got) != "<p>small</p>" || unsafe.SliceData(got) == unsafe.SliceData(small.Bytes()) {
		t.Errorf("small page: %q, want a copy", got)
	}
	big := new(bytes.Buffer)
	big.WriteString(strings.Repeat("<tr><td>row</td></tr>", bigPage/20))
	want := big.Bytes()
	got = r.done(big)
	if !bytes.Equal(got, want) || unsafe.SliceData(got) != unsafe.SliceData(want) || cap(got) != len(got) {
		t.Errorf("big page of %d bytes: a copy (or its buffer's spare room) was returned", len(want))
	}
	for range 3 {
		if r.bufs.Get().(*bytes.Buffer) == big {
			t.Fatal("the big page's buffer went back to the pool")
		}
	}
}
