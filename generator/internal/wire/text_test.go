package wire

import (
	"reflect"
	"testing"
)

// FuzzTextDecoder: Text reads from a string what Decoder reads from the
// same bytes, value for value, and fails where Decoder fails: ops picks
// which read comes next.
func FuzzTextDecoder(f *testing.F) {
	e := Encoder{}
	e.Uint(300)
	e.Int(-5)
	e.String("שלום")
	e.Bool(true)
	e.Strings([]string{"a", "bc"})
	e.Ints([]int{1, -1 << 40})
	e.Uint(1<<64 - 1)
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 0}, e.B)
	f.Add([]byte{0}, []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02})
	f.Add([]byte{2, 2}, []byte{5, 'a'})
	f.Fuzz(func(t *testing.T, ops, data []byte) {
		b := &Decoder{B: data}
		s := &Text{S: string(data)}
		for i, op := range ops {
			var want, got any
			switch op % 8 {
			case 0:
				want, got = b.Uint(), s.Uint()
			case 1:
				want, got = b.Int(), s.Int()
			case 2:
				want, got = b.String(), s.String()
			case 3:
				want, got = b.Bool(), s.Bool()
			case 4:
				want, got = b.Strings(), s.Strings()
			case 5:
				want, got = b.Ints(), s.Ints()
			case 6:
				want, got = b.Bytes(), s.Bytes()
			case 7:
				want, got = b.Len(), s.Len()
			}
			if !reflect.DeepEqual(want, got) || (b.Err == nil) != (s.Err == nil) || len(b.B) != len(s.S) {
				t.Fatalf("read %d (op %d): Decoder %#v (err %v, %d left), Text %#v (err %v, %d left)", i, op%8, want, b.Err, len(b.B), got, s.Err, len(s.S))
			}
		}
		if (b.Done() == nil) != (s.Done() == nil) {
			t.Fatalf("Done: %v and %v", b.Done(), s.Done())
		}
	})
}
