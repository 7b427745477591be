package generator

import (
	"testing"
	"time"

	"rapport/generator/load"
	"rapport/generator/memo"
)

// TestSettledStamps: the racy-git rule. A page's stamp is recorded only
// when its file's modification and change times are both racyWindow or
// more before the load began; a page without a stamp or sum never is.
func TestSettledStamps(t *testing.T) {
	start := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	at := func(d time.Duration) int64 { return start.Add(d).UnixNano() }
	page := func(mtime, ctime int64) load.Source {
		return load.Source{Sum: memo.Sum{1}, Stamp: load.Stamp{Ino: 7, Size: 10, Mtime: mtime, Ctime: ctime}}
	}
	for _, c := range []struct {
		what string
		p    load.Source
		want bool
	}{
		{"changed an hour before", page(at(-time.Hour), at(-time.Hour)), true},
		{"changed just past the window", page(at(-racyWindow-time.Nanosecond), at(-racyWindow-time.Nanosecond)), true},
		{"modified at the window's start", page(at(-racyWindow), at(-time.Hour)), false},
		{"changed within the window (touch -d back)", page(at(-time.Hour), at(-time.Second)), false},
		{"modified in the future", page(at(time.Hour), at(-time.Hour)), false},
		{"no stamp", load.Source{Sum: memo.Sum{1}}, false},
		{"no sum", load.Source{Stamp: load.Stamp{Ino: 7, Mtime: at(-time.Hour), Ctime: at(-time.Hour)}}, false},
	} {
		if got := settled(c.p, start); got != c.want {
			t.Errorf("%s: settled %v, want %v", c.what, got, c.want)
		}
	}
}
