// Package wire is the binary encoding of the persistent build cache's
// entries (package buildcache): uvarints, zig-zag varints, and strings
// and byte slices as a length and their bytes. An Encoder appends to a
// byte slice; a Decoder reads one back and remembers its first error
// (a truncated or malformed entry), so a caller checks once at the end.
//
// Each type the cache keeps has its own pair of functions written with
// these (parse.Snapshot's, search.Page's); a test of each fills every
// field by reflection and checks the round trip, so a field added to
// the type and forgotten in its functions fails it.
package wire

import (
	"encoding/binary"
	"errors"
)

// ErrShort is a Decoder's error when the input ends early or holds a
// length past its end.
var ErrShort = errors.New("wire: truncated or malformed")

// Encoder appends values to B.
type Encoder struct{ B []byte }

// Uint appends v as a uvarint.
func (e *Encoder) Uint(v uint64) { e.B = binary.AppendUvarint(e.B, v) }

// Int appends v as a zig-zag varint.
func (e *Encoder) Int(v int) { e.B = binary.AppendVarint(e.B, int64(v)) }

// Bool appends v as one byte.
func (e *Encoder) Bool(v bool) {
	b := byte(0)
	if v {
		b = 1
	}
	e.B = append(e.B, b)
}

// String appends s's length and bytes.
func (e *Encoder) String(s string) { e.Uint(uint64(len(s))); e.B = append(e.B, s...) }

// Bytes appends b's length and bytes. A nil and an empty slice are both
// read back as nil.
func (e *Encoder) Bytes(b []byte) { e.Uint(uint64(len(b))); e.B = append(e.B, b...) }

// Strings appends a length and each string.
func (e *Encoder) Strings(ss []string) {
	e.Uint(uint64(len(ss)))
	for _, s := range ss {
		e.String(s)
	}
}

// Ints appends a length and each int.
func (e *Encoder) Ints(ns []int) {
	e.Uint(uint64(len(ns)))
	for _, n := range ns {
		e.Int(n)
	}
}

// Decoder reads what an Encoder wrote from B.
type Decoder struct {
	B   []byte
	Err error
}

func (d *Decoder) fail() { d.Err, d.B = ErrShort, nil }

// Uint reads a uvarint.
func (d *Decoder) Uint() uint64 {
	v, n := binary.Uvarint(d.B)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.B = d.B[n:]
	return v
}

// Int reads a zig-zag varint.
func (d *Decoder) Int() int {
	v, n := binary.Varint(d.B)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.B = d.B[n:]
	return int(v)
}

// Bool reads a byte written by Encoder.Bool.
func (d *Decoder) Bool() bool {
	if len(d.B) == 0 {
		d.fail()
		return false
	}
	v := d.B[0]
	d.B = d.B[1:]
	return v == 1
}

// Len reads a length, checked against the bytes left (each element
// takes at least one byte), so a damaged length allocates nothing huge.
func (d *Decoder) Len() int {
	n := d.Uint()
	if n > uint64(len(d.B)) {
		d.fail()
		return 0
	}
	return int(n)
}

// Raw reads a length and returns that many bytes, not copied.
func (d *Decoder) Raw() []byte {
	n := d.Len()
	if d.Err != nil || n == 0 {
		return nil
	}
	b := d.B[:n:n]
	d.B = d.B[n:]
	return b
}

// String reads a string (a copy).
func (d *Decoder) String() string { return string(d.Raw()) }

// Bytes reads a byte slice (a copy); an empty one is nil.
func (d *Decoder) Bytes() []byte {
	b := d.Raw()
	if b == nil {
		return nil
	}
	return append([]byte(nil), b...)
}

// Strings reads what Encoder.Strings wrote; none is nil.
func (d *Decoder) Strings() []string { return list(d.Len(), d.String) }

// Ints reads what Encoder.Ints wrote; none is nil.
func (d *Decoder) Ints() []int { return list(d.Len(), d.Int) }

// list reads n values with read, the lists of Decoder and Text; none is
// nil.
func list[T any](n int, read func() T) []T {
	if n == 0 {
		return nil
	}
	out := make([]T, n)
	for i := range out {
		out[i] = read()
	}
	return out
}

// Done returns the first error, or ErrShort when bytes are left over.
func (d *Decoder) Done() error {
	if d.Err == nil && len(d.B) > 0 {
		return ErrShort
	}
	return d.Err
}
