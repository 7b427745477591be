package diag

import (
	"strings"
	"sync/atomic"
	"testing"
)

// TestGroupPanic: a panic on a goroutine of a Group reaches the waiting
// goroutine's Recover as an error at the input that goroutine worked on,
// after every other goroutine finished.
func TestGroupPanic(t *testing.T) {
	var l List
	var finished atomic.Int32
	func() {
		defer Recover(&l, Pos{File: "content"}, "the build")
		var g Group
		g.Go(Pos{File: "content/he"}, "the search index", func() { panic("boom") })
		for range 3 {
			g.Go(Pos{File: "content/ar"}, "link", func() { finished.Add(1) })
		}
		g.Wait()
		t.Error("Wait returned after a panic")
	}()
	if finished.Load() != 3 {
		t.Errorf("%d of 3 goroutines finished before Wait raised the panic", finished.Load())
	}
	if len(l) != 1 || l[0].Pos.File != "content/he" || !strings.Contains(l[0].Msg, "the search index") || !strings.Contains(l[0].Msg, "boom") {
		t.Errorf("got %v, want one error at content/he naming the search index and the panic", l)
	}
}

// TestGroupNested: a panic raised by an inner group's Wait keeps the
// inner goroutine's position through an outer group.
func TestGroupNested(t *testing.T) {
	var l List
	func() {
		defer Recover(&l, Pos{File: "content"}, "the build")
		var outer Group
		outer.Go(Pos{File: "content"}, "link", func() {
			var inner Group
			inner.Go(Pos{File: "content/th/a.md"}, "parse", func() { panic("deep") })
			inner.Wait()
		})
		outer.Wait()
	}()
	if len(l) != 1 || l[0].Pos.File != "content/th/a.md" {
		t.Errorf("got %v, want the inner goroutine's file", l)
	}
}

// TestControlCharactersEscaped: a diagnostic is one line whatever the
// names and text it quotes: control and bidi control characters in the
// file name (quoted) and in the message (escaped) cannot forge lines or
// reach the terminal.
func TestControlCharactersEscaped(t *testing.T) {
	d := Diagnostic{Pos: Pos{File: "content/cs/x\ncontent/cs/y.md:1: forged\x1b[2J.md", Line: 3}, Level: Warning, Msg: "title \"a\u202eb\"\x07"}
	want := `"content/cs/x\ncontent/cs/y.md:1: forged\x1b[2J.md":3: warning: title "a\u202eb"\a`
	if got := d.String(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := (Pos{File: "content/he/מדדים.md", Line: 1}).String(); got != "content/he/מדדים.md:1" {
		t.Errorf("a Hebrew name was quoted: %s", got)
	}
}
