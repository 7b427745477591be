package spill

import (
	"bytes"
	"fmt"
	"os"
	"testing"
)

// TestBlobs: every blob reads back its bytes before and after its chunk
// is written, into a buffer long enough or not, sliced or whole, and
// blobs larger than a chunk too.
func TestBlobs(t *testing.T) {
	f, err := New()
	if err != nil {
		t.Fatal(err)
	}
	var want [][]byte
	var blobs []Blob
	check := func(when string) {
		t.Helper()
		for i, b := range blobs {
			if got := b.Bytes(nil); !bytes.Equal(got, want[i]) {
				t.Fatalf("%s: blob %d: %d bytes, want %d", when, i, len(got), len(want[i]))
			}
			if got := b.Bytes(make([]byte, 7, 1<<21)); !bytes.Equal(got, want[i]) {
				t.Fatalf("%s: blob %d read into a buffer: wrong bytes", when, i)
			}
			if n := len(want[i]); n > 2 {
				if got := b.Slice(1, n-1).Bytes(nil); !bytes.Equal(got, want[i][1:n-1]) {
					t.Fatalf("%s: blob %d sliced: wrong bytes", when, i)
				}
			}
		}
	}
	for i := range 600 {
		n := i * 37 % 9000
		if i%97 == 0 {
			n = ChunkSize + i // larger than a chunk
		}
		b := bytes.Repeat([]byte(fmt.Sprintf("%d,", i)), n/2+1)[:n]
		want = append(want, b)
		blobs = append(blobs, f.Put(b))
		if i == 10 {
			check("in memory")
		}
	}
	check("some written")
	f.Flush()
	check("all written")
	if f.cur != nil || f.failed {
		t.Fatalf("after Flush: a chunk is in memory (failed %v)", f.failed)
	}
	for i, b := range blobs {
		if b.c != nil && b.c.data != nil {
			t.Fatalf("blob %d is still in memory after Flush", i)
		}
	}
}

// TestWriteFails: when the file cannot be written, the bytes stay in
// memory and read back all the same.
func TestWriteFails(t *testing.T) {
	f, err := New()
	if err != nil {
		t.Fatal(err)
	}
	f.f.Close() // every write fails
	f.f, _ = os.Open(os.DevNull)
	b := f.Put([]byte("kept"))
	f.Flush()
	c := f.Put([]byte("and this"))
	f.Flush()
	if !f.failed {
		t.Fatal("a write to a read-only file did not fail")
	}
	if got := string(b.Bytes(nil)) + " " + string(c.Bytes(nil)); got != "kept and this" {
		t.Fatalf("read back %q", got)
	}
}
