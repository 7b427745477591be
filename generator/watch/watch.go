// Package watch turns file system events under a site's folders into
// coalesced batches of changed paths, one batch per save however the editor
// saves (in place, write-then-rename, delete-and-create, sed -i, vim's 4913
// probe and swap files) and one per burst such as a git checkout.
//
// It watches directories, never files (an editor that saves by renaming
// drops a file watch), adds folders created later, ignores chmod-only events
// and editor droppings, turns an event-queue overflow into a full rescan,
// and falls back to polling when inotify runs out of watches.
//
// A panic on one of its goroutines (a bug of rapport's) does not end the
// process serving the site: it is reported through Options.Notice as an
// internal error naming what the watcher was doing, the next batch is a
// rescan (so no change is lost), and the goroutine goes on.
package watch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"rapport/generator/load"
)

// Batch is a set of changes: the changed paths (slash paths relative to the
// root, sorted), or Rescan when events were lost and everything may have
// changed.
type Batch struct {
	Paths  []string
	Rescan bool
}

// Options configure a Watcher.
type Options struct {
	// Quiet is how long no event must arrive before a batch is sent.
	Quiet time.Duration
	// MaxWait bounds how long a continuous stream of events delays a batch.
	MaxWait time.Duration
	// Poll forces polling (also used when inotify has no watches left).
	Poll bool
	// PollEvery is the polling interval.
	PollEvery time.Duration
	// Notice receives messages for the user, such as the fall back to
	// polling or an internal error in a goroutine of the watcher. It may be
	// nil.
	Notice func(string)

	// step, when set (by tests), is called with the stage ("read",
	// "gather", "poll") and the path of every event before it is handled:
	// a panic in it stands for a bug in that stage.
	step func(stage, path string)
}

// Watcher watches folders under a root.
type Watcher struct {
	root    string
	dirs    []string
	opts    Options
	batches chan Batch
	events  chan string // changed paths, or "" for a rescan
	done    chan struct{}
	fsw     *fsnotify.Watcher
	once    sync.Once
	// queued counts the events sent and not yet gathered; gathering says
	// events are gathered for the next batch (see Pending).
	queued    atomic.Int64
	gathering atomic.Bool
}

// New watches dirs (relative to root; missing ones are ignored until they
// appear under a watched parent) and sends batches on Batches.
func New(root string, dirs []string, opts Options) (*Watcher, error) {
	if opts.Quiet == 0 {
		// Editors write a file in one go, or as a temporary file renamed
		// over it within a millisecond or two: 5 ms of silence is the end
		// of a save, short enough for the page to reload at once. A save
		// slower than that (a busy machine, a backup copy first) is seen
		// by Pending before the build made from its first part is shown.
		opts.Quiet = 5 * time.Millisecond
	}
	if opts.MaxWait == 0 {
		opts.MaxWait = time.Second
	}
	if opts.PollEvery == 0 {
		opts.PollEvery = 500 * time.Millisecond
	}
	w := &Watcher{root: root, dirs: dirs, opts: opts, batches: make(chan Batch, 1),
		events: make(chan string, 1024), done: make(chan struct{})}
	if !opts.Poll {
		if err := w.startNotify(); err != nil {
			if !errors.Is(err, syscall.ENOSPC) && !errors.Is(err, syscall.EMFILE) {
				return nil, err
			}
			w.notice("the system's limit of inotify watches is used up, so rapport checks for changes every " +
				opts.PollEvery.String() + " instead; raise it with: sudo sysctl fs.inotify.max_user_watches=524288")
			w.opts.Poll = true
		}
	}
	if w.opts.Poll {
		if w.opts.Quiet < w.opts.PollEvery {
			// A save seen by polling can span two polls (truncated, then
			// written): wait a poll longer before calling it done.
			w.opts.Quiet += w.opts.PollEvery
		}
		go w.poll()
	}
	go w.coalesce()
	return w, nil
}

// Batches returns the channel of coalesced changes.
func (w *Watcher) Batches() <-chan Batch { return w.batches }

// Pending reports whether changes came after the last batch was sent: the
// files may be mid-save, and another batch is on its way. A caller that
// built from the last batch can then drop that build instead of showing
// it, and build again from the next.
func (w *Watcher) Pending() bool {
	return w.queued.Load() > 0 || w.gathering.Load() || len(w.batches) > 0
}

// send passes a changed path ("" for a rescan) to coalesce.
func (w *Watcher) send(path string) {
	w.queued.Add(1)
	w.events <- path
}

// Close stops watching.
func (w *Watcher) Close() error {
	w.once.Do(func() { close(w.done) })
	if w.fsw != nil {
		return w.fsw.Close()
	}
	return nil
}

func (w *Watcher) notice(msg string) {
	if w.opts.Notice != nil {
		w.opts.Notice(msg)
	}
}

func (w *Watcher) startNotify() error {
	fsw, err := fsnotify.NewBufferedWatcher(1024)
	if err != nil {
		return err
	}
	w.fsw = fsw
	if err := fsw.Add(w.root); err != nil {
		fsw.Close()
		return err
	}
	for _, d := range w.dirs {
		if err := w.addTree(filepath.Join(w.root, d)); err != nil {
			fsw.Close()
			return err
		}
	}
	go w.read()
	return nil
}

// addTree watches dir and every folder below it.
func (w *Watcher) addTree(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // vanished or unreadable: the build reports it
		}
		if !d.IsDir() {
			return nil
		}
		if p != dir && load.Ignored(d.Name()) {
			return filepath.SkipDir
		}
		return w.fsw.Add(p)
	})
}

func (w *Watcher) read() {
	for {
		select {
		case <-w.done:
			return
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				w.send("")
			}
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			if w.guard("a change to "+ev.Name, func() { w.handle(ev) }) {
				w.send("")
			}
		}
	}
}

// guard runs f, one step of a watcher goroutine working on what, and
// reports whether it panicked: the panic, a bug of rapport's, goes to
// Notice as an error, and the caller makes the next batch a rescan.
func (w *Watcher) guard(what string, f func()) (panicked bool) {
	defer func() {
		if v := recover(); v != nil {
			panicked = true
			w.notice(fmt.Sprintf("internal error in the file watcher, handling %s: %v (rapport has a bug: please report it); every file is read again", what, v))
		}
	}()
	f()
	return false
}

func (w *Watcher) handle(ev fsnotify.Event) {
	if w.opts.step != nil {
		w.opts.step("read", ev.Name)
	}
	if ev.Op == fsnotify.Chmod {
		return
	}
	rel, err := filepath.Rel(w.root, ev.Name)
	if err != nil || !w.relevant(rel) {
		return
	}
	if ev.Has(fsnotify.Create) {
		if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
			if err := w.addTree(ev.Name); err != nil {
				w.notice("cannot watch " + rel + ": " + err.Error())
			}
			w.send("") // its files were written before the watch: rescan
			return
		}
	}
	w.send(filepath.ToSlash(rel))
}

// relevant reports whether a path under root is in a watched folder and is
// not an editor's dropping or a dotfile.
func (w *Watcher) relevant(rel string) bool {
	rel = filepath.ToSlash(rel)
	top, _, _ := strings.Cut(rel, "/")
	if !slices.Contains(w.dirs, top) {
		return false
	}
	for _, part := range strings.Split(rel, "/") {
		if load.Ignored(part) {
			return false
		}
	}
	return true
}

// coalesce runs gather until the watcher is closed: after a panic in
// gather (see guard), the events it held are lost, so it starts again
// with a rescan.
func (w *Watcher) coalesce() {
	rescan := false
	for w.guard("the changes gathered", func() { w.gather(rescan) }) {
		rescan = true
	}
}

// gather gathers events until none has come for Quiet (or MaxWait has
// passed since the first), then sends one batch; rescan starts it with a
// rescan gathered. It returns when the watcher is closed.
func (w *Watcher) gather(rescan bool) {
	var pending map[string]bool
	var quiet, deadline <-chan time.Time
	if rescan {
		pending, quiet, deadline = map[string]bool{}, time.After(w.opts.Quiet), time.After(w.opts.MaxWait)
	}
	flush := func() {
		b := Batch{Rescan: rescan}
		for p := range pending {
			b.Paths = append(b.Paths, p)
		}
		slices.Sort(b.Paths)
		pending, rescan, quiet, deadline = nil, false, nil, nil
		w.gathering.Store(false)
		select {
		case w.batches <- b:
		case <-w.done:
		}
	}
	for {
		select {
		case <-w.done:
			return
		case p := <-w.events:
			w.gathering.Store(true)
			w.queued.Add(-1)
			if w.opts.step != nil {
				w.opts.step("gather", p)
			}
			if pending == nil {
				pending = map[string]bool{}
				deadline = time.After(w.opts.MaxWait)
			}
			if p == "" {
				rescan = true
			} else {
				pending[p] = true
			}
			quiet = time.After(w.opts.Quiet)
		case <-quiet:
			flush()
		case <-deadline:
			flush()
		}
	}
}

// poll compares the watched trees' file sizes and times every PollEvery.
func (w *Watcher) poll() {
	prev := w.snapshot()
	t := time.NewTicker(w.opts.PollEvery)
	defer t.Stop()
	for {
		select {
		case <-w.done:
			return
		case <-t.C:
			if w.guard("a poll of the files", func() { w.pollOnce(&prev) }) {
				w.send("")
			}
		}
	}
}

// pollOnce sends the paths whose size or time differ from *last, which
// it sets to the files' stamps now first (so that a panic sending them,
// followed by a rescan, is not met again at the next poll).
func (w *Watcher) pollOnce(last *map[string]stamp) {
	prev, cur := *last, w.snapshot()
	*last = cur
	for p, st := range cur {
		if prev[p] != st {
			if w.opts.step != nil {
				w.opts.step("poll", p)
			}
			w.send(p)
		}
	}
	for p := range prev {
		if _, ok := cur[p]; !ok {
			w.send(p)
		}
	}
}

type stamp struct {
	size int64
	mod  time.Time
}

func (w *Watcher) snapshot() map[string]stamp {
	out := map[string]stamp{}
	for _, d := range w.dirs {
		filepath.WalkDir(filepath.Join(w.root, d), func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				if e != nil && e.IsDir() && load.Ignored(e.Name()) && p != filepath.Join(w.root, d) {
					return filepath.SkipDir
				}
				return nil
			}
			rel, _ := filepath.Rel(w.root, p)
			if !w.relevant(rel) {
				return nil
			}
			if info, err := e.Info(); err == nil {
				out[filepath.ToSlash(rel)] = stamp{info.Size(), info.ModTime()}
			}
			return nil
		})
	}
	return out
}
