package wire

// Text reads what an Encoder wrote from a string: the strings it returns
// are parts of S, not copies, so a record read whole into one string
// (buildcache.Dir.RecordText) is decoded without an allocation per
// string. It reads what Decoder reads and fails where Decoder fails.
type Text struct {
	S   string
	Err error
}

func (d *Text) fail() { d.Err, d.S = ErrShort, "" }

// Uint reads a uvarint.
func (d *Text) Uint() uint64 {
	var v uint64
	for i := 0; i < len(d.S) && i < 10; i++ {
		b := d.S[i]
		if i == 9 && b > 1 {
			break // more than 64 bits (as binary.Uvarint refuses)
		}
		v |= uint64(b&0x7f) << (7 * i)
		if b < 0x80 {
			d.S = d.S[i+1:]
			return v
		}
	}
	d.fail()
	return 0
}

// Int reads a zig-zag varint.
func (d *Text) Int() int {
	u := d.Uint()
	v := int64(u >> 1)
	if u&1 != 0 {
		v = ^v
	}
	return int(v)
}

// Bool reads a byte written by Encoder.Bool.
func (d *Text) Bool() bool {
	if len(d.S) == 0 {
		d.fail()
		return false
	}
	v := d.S[0]
	d.S = d.S[1:]
	return v == 1
}

// Len reads a length, checked against the bytes left, as Decoder.Len.
func (d *Text) Len() int {
	n := d.Uint()
	if n > uint64(len(d.S)) {
		d.fail()
		return 0
	}
	return int(n)
}

// String reads a string: a part of S.
func (d *Text) String() string {
	n := d.Len()
	if d.Err != nil || n == 0 {
		return ""
	}
	s := d.S[:n]
	d.S = d.S[n:]
	return s
}

// Bytes reads a byte slice (a copy); an empty one is nil.
func (d *Text) Bytes() []byte {
	s := d.String()
	if s == "" {
		return nil
	}
	return []byte(s)
}

// Strings reads what Encoder.Strings wrote; none is nil.
func (d *Text) Strings() []string { return list(d.Len(), d.String) }

// Ints reads what Encoder.Ints wrote; none is nil.
func (d *Text) Ints() []int { return list(d.Len(), d.Int) }

// Done returns the first error, or ErrShort when bytes are left over.
func (d *Text) Done() error {
	if d.Err == nil && len(d.S) > 0 {
		return ErrShort
	}
	return d.Err
}
