package memo

import "testing"

func TestLast(t *testing.T) {
	sumOf := func(s string) func() Sum { return func() Sum { return NewHash().Strings(s).Sum() } }
	l := New[string, int](Serve)
	if _, _, ok := l.Lookup("a", sumOf("x")); ok {
		t.Fatal("empty memo hit")
	}
	_, sum, _ := l.Lookup("a", sumOf("x"))
	l.Put("a", sum, 1)
	if v, _, ok := l.Lookup("a", sumOf("x")); !ok || v != 1 {
		t.Errorf("same inputs: got %d, %t; want 1, true", v, ok)
	}
	if _, _, ok := l.Lookup("a", sumOf("y")); ok {
		t.Error("other inputs hit")
	}
	if _, _, ok := l.Lookup("b", sumOf("x")); ok {
		t.Error("other key hit")
	}
	l.Keep(func(k string, _ int) bool { return k != "a" })
	if _, ok := l.Peek("a"); ok || l.Len() != 0 {
		t.Error("Keep did not drop a")
	}
}

// TestOff checks that a memo that keeps nothing never hits and never
// computes a sum: a one-shot build pays nothing for memoization.
func TestOff(t *testing.T) {
	l := New[string, int](OneShot)
	l.Put("a", Sum{}, 1)
	if _, _, ok := l.Lookup("a", func() Sum { t.Fatal("sum computed"); return Sum{} }); ok {
		t.Error("memo that keeps nothing hit")
	}
	if _, ok := l.Peek("a"); ok {
		t.Error("memo that keeps nothing kept a value")
	}
}

// TestHashLengthPrefixed checks that moving bytes between neighbouring
// strings changes the sum.
func TestHashLengthPrefixed(t *testing.T) {
	cases := [][]string{{"ab", "c"}, {"a", "bc"}, {"abc"}, {"abc", ""}, {"", "abc"}}
	seen := map[Sum][]string{}
	for _, c := range cases {
		s := NewHash().Strings(c...).Sum()
		if prev, ok := seen[s]; ok {
			t.Errorf("%q and %q hash alike", prev, c)
		}
		seen[s] = c
	}
	if NewHash().Ints(1).Sum() == NewHash().Ints(2).Sum() {
		t.Error("Ints ignored")
	}
}

// TestModesKeepWhole checks the one rule that ties the policies together:
// a mode whose memos keep values lets go of nothing a kept value holds
// (a later build reuses a kept parsed page as it is), and a mode that
// keeps nothing builds its search indexes before the build ends.
func TestModesKeepWhole(t *testing.T) {
	for _, m := range []Mode{OneShot, Serve} {
		p := m.Policy()
		if p.Keep && (p.DropSources || p.SpillBodies || p.DropShapes || p.DropSearch) {
			t.Errorf("%s keeps values and drops or spills what they hold: %+v", m, p)
		}
		if !p.Keep && !p.IndexesNow {
			t.Errorf("%s keeps nothing, yet builds its search indexes lazily: %+v", m, p)
		}
		if l := New[string, int](m); (l.m != nil) != p.Keep {
			t.Errorf("%s: New keeps values %t, policy says %t", m, l.m != nil, p.Keep)
		}
	}
}
