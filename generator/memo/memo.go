// Package memo is how rapport builds incrementally: every stage after load
// keeps, per input (a source path, a language, a page), the last value it
// computed and the Sum of what it computed it from, and takes that value
// instead of computing it again when the Sum is the same. Nothing is reused
// on a guess: a changed input changes the Sum.
//
// A one-shot build ([OneShot]: rapport build, check) uses memos that keep
// nothing: every lookup misses and the Sum is never even computed, so a
// stage has one code path whether it memoizes or not. What else the two
// kinds of build do differently is listed once, in [Mode.Policy].
package memo

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"hash"
	"sync"
)

// Sum identifies the inputs of a value: a SHA-256 of them, written with
// a [Hash].
type Sum [32]byte

// Hash hashes a list of inputs, each string or byte slice after its
// length, so no two lists hash alike. Sum ends it: the hash's state goes
// back to a pool for the next NewHash (serve hashes every page's view after
// some edits, and a 16 KB buffer each was most of that work).
type Hash struct {
	h       hash.Hash
	w       *bufio.Writer // many small writes, few hash calls
	scratch [32]byte      // a number or Sum on its way to w (not on the heap each time)
}

var hashes = sync.Pool{New: func() any {
	h := sha256.New()
	return &Hash{h: h, w: bufio.NewWriterSize(h, 16<<10)}
}}

// NewHash returns an empty hash.
func NewHash() *Hash {
	return hashes.Get().(*Hash)
}

// Strings adds each string after its length.
func (h *Hash) Strings(ss ...string) *Hash {
	for _, s := range ss {
		h.Ints(len(s))
		h.w.WriteString(s)
	}
	return h
}

// Bytes adds b after its length.
func (h *Hash) Bytes(b []byte) *Hash {
	h.Ints(len(b))
	h.w.Write(b)
	return h
}

// Ints adds each number as a varint (binary.PutUvarint: one byte below
// 128, so a short string's length costs the hash one byte, not eight).
func (h *Hash) Ints(ns ...int) *Hash {
	for _, n := range ns {
		k := binary.PutUvarint(h.scratch[:], uint64(n))
		h.w.Write(h.scratch[:k])
	}
	return h
}

// Sums adds sums of other inputs.
func (h *Hash) Sums(ss ...Sum) *Hash {
	for _, s := range ss {
		h.scratch = s
		h.w.Write(h.scratch[:])
	}
	return h
}

// JSON adds v's JSON encoding (exported fields; map keys sorted).
func (h *Hash) JSON(v any) *Hash {
	b, _ := json.Marshal(v)
	return h.Bytes(b)
}

// Sum returns the hash of everything added; h is not to be used after.
func (h *Hash) Sum() Sum {
	h.w.Flush()
	h.h.Sum(h.scratch[:0])
	s := Sum(h.scratch)
	h.h.Reset()
	h.w.Reset(h.h)
	hashes.Put(h)
	return s
}

// Last keeps the last value per key K (a source path, a language…) with
// the Sum of its inputs. It is safe for concurrent use; the zero value
// keeps nothing (see New).
type Last[K comparable, V any] struct {
	mu sync.Mutex
	m  map[K]entry[V] // nil: keeps nothing
}

type entry[V any] struct {
	sum Sum
	v   V
}

// New returns a memo that keeps values when mode's policy keeps them
// (serve), and otherwise never hits.
func New[K comparable, V any](mode Mode) *Last[K, V] {
	l := &Last[K, V]{}
	if mode.Policy().Keep {
		l.m = map[K]entry[V]{}
	}
	return l
}

// Lookup returns the last value of k when it was computed from inputs
// with the same sum, and that sum, for Put. sum is called only when the
// memo keeps values.
func (l *Last[K, V]) Lookup(k K, sum func() Sum) (V, Sum, bool) {
	var zero V
	if l.m == nil {
		return zero, Sum{}, false
	}
	s := sum()
	l.mu.Lock()
	e, ok := l.m[k]
	l.mu.Unlock()
	if ok && e.sum == s {
		return e.v, s, true
	}
	return zero, s, false
}

// Peek returns the last value of k, whatever it was computed from.
func (l *Last[K, V]) Peek(k K) (V, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.m[k]
	return e.v, ok
}

// Put records v as the value of k, computed from inputs of sum.
func (l *Last[K, V]) Put(k K, sum Sum, v V) {
	if l.m == nil {
		return
	}
	l.mu.Lock()
	l.m[k] = entry[V]{sum, v}
	l.mu.Unlock()
}

// Delete drops the value of k.
func (l *Last[K, V]) Delete(k K) {
	l.mu.Lock()
	delete(l.m, k)
	l.mu.Unlock()
}

// Keep drops the values of the keys for which live is false.
func (l *Last[K, V]) Keep(live func(K, V) bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for k, e := range l.m {
		if !live(k, e.v) {
			delete(l.m, k)
		}
	}
}

// Len returns the number of values kept.
func (l *Last[K, V]) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.m)
}
