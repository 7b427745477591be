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
