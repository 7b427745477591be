package diag

import (
	"fmt"
	"runtime/debug"
	"sync"
)

// Panic is a panic caught on a goroutine of the build, with the input it
// was working on (Pos: a file, a language's folder, the site) and what it
// was doing (What: "link", "search index"), carried to the goroutine that
// waits for it (see [Group]).
type Panic struct {
	Pos   Pos
	What  string
	Value any
	Stack []byte
}

func (p *Panic) Error() string {
	return fmt.Sprintf("%s: internal error during %s: %v (rapport has a bug: please report it with this input)", p.Pos, p.What, p.Value)
}

// Group runs goroutines and waits for them, like a sync.WaitGroup, but a
// panic on one of them does not end the process: it is kept, with what
// that goroutine was working on, and raised again by Wait in the waiting
// goroutine, where a deferred [Recover] (Build's) makes it an error at the
// goroutine's input.
// A goroutine's panic is otherwise out of every recover's reach. The zero
// value is ready to use.
//
// A worker pool whose producer would block on a dead worker recovers per
// item instead (see [Recover]).
type Group struct {
	wg    sync.WaitGroup
	mu    sync.Mutex
	first *Panic
}

// Go runs f on a new goroutine working on pos (what says doing what).
func (g *Group) Go(pos Pos, what string, f func()) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		defer g.catch(pos, what)
		f()
	}()
}

func (g *Group) catch(pos Pos, what string) {
	v := recover()
	if v == nil {
		return
	}
	p, ok := v.(*Panic) // from a group inside f: keep its position
	if !ok {
		p = &Panic{Pos: pos, What: what, Value: v, Stack: debug.Stack()}
	}
	g.mu.Lock()
	if g.first == nil {
		g.first = p
	}
	g.mu.Unlock()
}

// Wait waits for every goroutine started by Go, then panics with the
// first panic one of them had (a *Panic), if any.
func (g *Group) Wait() {
	g.wg.Wait()
	g.mu.Lock()
	p := g.first
	g.mu.Unlock()
	if p != nil {
		panic(p)
	}
}
