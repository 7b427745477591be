// Package write is the last stage: it publishes a build's files to a folder
// atomically. The files go into a fresh sibling folder, which is swapped into
// place only when every file is written; a failed or interrupted build leaves
// the previous output exactly as it was.
//
// A folder rapport wrote carries a marker file, [Marker]. A non-empty folder
// without it is never replaced unless the caller forces it, and the output
// may never be the source folder, contain it, or lie inside its content/,
// themes/ or locales/, compared after resolving symbolic links.
//
// Published folders are made with mode 0755 and files with 0644, less
// what the umask removes, so a web server running as another user can
// read them.
//
// Builds into one folder take turns: a build holds a lock on the output's
// parent folder from Begin to Commit or Abort, and a second one waits for
// it (Options.Wait is told), so neither removes the other's work. Messages
// name the output folder and the site's paths, never the temporary folder.
package write

import (
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"rapport/generator/output"
)

// Marker is the file that marks a folder as rapport's output.
const Marker = ".rapport-output"

// Options configure Begin.
type Options struct {
	// Src is the site's source folder, to refuse outputs that would
	// overwrite it.
	Src string
	// Force allows replacing a non-empty folder that has no marker.
	Force bool
	// Wait, when set, is called once if Begin must wait for another build
	// into the same folder to finish.
	Wait func()
	// Cancel, when set, stops a Begin that is waiting when it is closed.
	Cancel <-chan struct{}
	// Manifest, when not empty, is the file (outside the output) that
	// lists the keyed files of the output, for the next build to keep
	// those it makes the same (see Stream.Reusable); Build identifies the
	// program, whose keys another program's manifest does not share.
	Manifest, Build string
}

// Stream writes a build's files into a fresh sibling of the output folder
// as they are produced, and puts the folder in place only at Commit. Put
// may be called from several goroutines.
//
// Put hands the file to a writer goroutine and returns: rendering goes on
// while the file system works (a write may wait for the disk). Files are
// sharded by their first path element, so each folder of the site (he/,
// ar/, assets/) has one writer: creating thousands of folders side by side
// from several threads makes them queue, and spin, on their parent's lock.
type Stream struct {
	// Stale lists the temporary folders of earlier builds, killed before
	// they finished, that Begin removed.
	Stale []string

	out, tmp string
	unlock   func()
	queues   []chan output.File
	writers  sync.WaitGroup
	closed   sync.Once
	mu       sync.Mutex
	err      error
	// reuse, with Options.Manifest, is the previous output's manifest
	// and the new one.
	reuse *reuse
}

// writers is how many writer goroutines a Stream runs.
const writers = 8

// Begin checks the output folder and creates the temporary one.
func Begin(out string, opts Options) (*Stream, error) {
	out, err := filepath.Abs(out)
	if err != nil {
		return nil, err
	}
	if err := checkOut(out, opts); err != nil {
		return nil, err
	}
	parent, base := filepath.Split(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("%s: cannot create output folder: %w", parent, cause(err))
	}
	unlock, err := lock(parent, opts)
	if err != nil {
		return nil, err
	}
	stale := cleanStale(parent, base)
	tmp, err := mkdirUnique(parent, "."+base+".rapport-new-")
	if err != nil {
		unlock()
		return nil, fmt.Errorf("%s: cannot write beside the output folder: %w", parent, cause(err))
	}
	s := &Stream{out: out, tmp: tmp, unlock: unlock, Stale: stale}
	if opts.Manifest != "" {
		s.reuse = loadReuse(opts.Manifest, opts.Build, out, tmp)
	}
	for range writers {
		q := make(chan output.File, 16)
		s.queues = append(s.queues, q)
		s.writers.Add(1)
		go s.write(q)
	}
	return s, nil
}

// Put queues one file for writing. The first error is kept and returned
// by Commit.
func (s *Stream) Put(f output.File) {
	first, _, _ := strings.Cut(f.Path, "/")
	h := fnv.New32a()
	h.Write([]byte(first))
	s.queues[h.Sum32()%writers] <- f
}

// write writes the files of one queue; the folders it makes are its own.
func (s *Stream) write(q chan output.File) {
	defer s.writers.Done()
	dirs := map[string]bool{s.tmp: true}
	for f := range q {
		if !s.failed() { // else drain
			s.writeOne(f, dirs)
		}
	}
}

// writeOne writes f into the staging folder; dirs are the folders made so
// far. A panic fails the stream with f's path: the worker drains its queue.
func (s *Stream) writeOne(f output.File, dirs map[string]bool) {
	defer func() {
		if v := recover(); v != nil {
			s.fail(fmt.Errorf("%s: internal error writing %s: %v (rapport has a bug: please report it)", s.out, f.Path, v))
		}
	}()
	p := filepath.Join(s.tmp, filepath.FromSlash(f.Path))
	if !within(p, s.tmp) || p == s.tmp {
		s.fail(fmt.Errorf("%s: refusing to write outside the output folder", f.Path))
		return
	}
	fail := func(err error) { s.fail(fmt.Errorf("%s: cannot write %s: %w", s.out, f.Path, cause(err))) }
	if dir := filepath.Dir(p); !dirs[dir] {
		mkdir := os.MkdirAll
		if dirs[filepath.Dir(dir)] {
			mkdir = os.Mkdir // one system call instead of a stat and a mkdir
		}
		if err := mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			fail(err)
			return
		}
		dirs[dir] = true
	}
	write := func() error { return writeFile(p, f.Data) }
	if f.Reused {
		write = func() error { return s.link(f.Path, p) }
	}
	if err := write(); err != nil {
		fail(err)
		return
	}
	s.record(f.Path, p, f.Key, f.Reused)
}

// wait closes the queues and waits for every queued file to be written.
func (s *Stream) wait() {
	s.closed.Do(func() {
		for _, q := range s.queues {
			close(q)
		}
	})
	s.writers.Wait()
}

func (s *Stream) failed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err != nil
}

func (s *Stream) fail(err error) {
	s.mu.Lock()
	if s.err == nil {
		s.err = err
	}
	s.mu.Unlock()
}

// Commit puts the written folder in place of the output, unless a Put
// failed; then, as after Abort, the previous output is left as it was.
func (s *Stream) Commit() error {
	s.wait()
	if s.err != nil {
		s.Abort()
		return s.err
	}
	if err := os.WriteFile(filepath.Join(s.tmp, Marker), []byte("written by rapport; the folder is replaced at every build\n"), 0o644); err != nil {
		s.Abort()
		return fmt.Errorf("%s: cannot write %s: %w", s.out, Marker, cause(err))
	}
	if err := swap(s.tmp, s.out); err != nil {
		s.Abort()
		return fmt.Errorf("%s: cannot replace output: %w", s.out, cause(err))
	}
	s.saveManifest()
	s.release()
	return nil
}

// Abort removes what was written; the output folder is untouched.
func (s *Stream) Abort() {
	s.wait()
	os.RemoveAll(s.tmp)
	s.release()
}

// release lets the next build into the folder begin.
func (s *Stream) release() {
	s.mu.Lock()
	unlock := s.unlock
	s.unlock = nil
	s.mu.Unlock()
	if unlock != nil {
		unlock()
	}
}

// lock takes the lock of builds into parent, waiting while another build
// holds it.
func lock(parent string, opts Options) (func(), error) {
	for waited := false; ; waited = true {
		unlock, ok, err := tryLock(parent)
		switch {
		case err != nil:
			return nil, fmt.Errorf("%s: cannot lock the output's folder: %w", parent, cause(err))
		case ok:
			return unlock, nil
		case !waited && opts.Wait != nil:
			opts.Wait()
		}
		select {
		case <-opts.Cancel:
			return nil, fmt.Errorf("%s: cancelled while waiting for another build into this folder", parent)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// mkdirUnique makes a new folder in dir whose name starts with prefix,
// with mode 0755 less the umask (os.MkdirTemp's folders are 0700, which
// would become the published folder's mode).
func mkdirUnique(dir, prefix string) (string, error) {
	for {
		p := filepath.Join(dir, prefix+strconv.FormatUint(rand.Uint64()%1e12, 10))
		err := os.Mkdir(p, 0o755)
		if !errors.Is(err, fs.ErrExist) {
			return p, err
		}
	}
}

// cause drops the paths of *fs.PathError, *os.LinkError and
// *os.SyscallError, which may name the temporary folder: messages name
// the output and the site's paths instead.
func cause(err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	var se *os.SyscallError
	switch {
	case errors.As(err, &pe):
		return pe.Err
	case errors.As(err, &le):
		return le.Err
	case errors.As(err, &se):
		return se.Err
	}
	return err
}

// checkOut refuses output folders that would destroy sources or someone
// else's files. Paths are compared after resolving symbolic links, so a
// link cannot lead the output into the sources.
func checkOut(out string, opts Options) error {
	if opts.Src != "" {
		src, err := filepath.Abs(opts.Src)
		if err != nil {
			return err
		}
		rsrc, rout := resolve(src), resolve(out)
		if rout == rsrc || within(rsrc, rout) {
			return fmt.Errorf("%s: refusing to write the site over its own source folder %s", out, src)
		}
		for _, d := range []string{"content", "themes", "locales"} {
			if within(rout, filepath.Join(rsrc, d)) {
				return fmt.Errorf("%s: refusing to write output inside the source folder %s", out, d)
			}
		}
	}
	st, err := os.Stat(out)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case errors.Is(err, syscall.ENOTDIR):
		return fmt.Errorf("%s: cannot create output folder: a parent is a file, not a folder", out)
	case err == nil && !st.IsDir():
		return fmt.Errorf("%s: output exists and is a file, not a folder", out)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return fmt.Errorf("%s: cannot read output folder: %w", out, cause(err))
	}
	if len(entries) == 0 || opts.Force {
		return nil
	}
	if _, err := os.Stat(filepath.Join(out, Marker)); err != nil {
		return fmt.Errorf("%s: folder is not empty and was not written by rapport: pass -force to replace it", out)
	}
	return nil
}

// resolve returns the absolute path p with every symbolic link resolved,
// for the part of it that exists.
func resolve(p string) string {
	rest := ""
	for {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(r, rest)
		}
		parent := filepath.Dir(p)
		if parent == p {
			return filepath.Join(p, rest)
		}
		rest = filepath.Join(filepath.Base(p), rest)
		p = parent
	}
}

// within reports whether path is dir or inside it.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && (rel == "." || (rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))))
}

// cleanStale removes temporary folders left by builds that were killed,
// and returns them.
func cleanStale(parent, base string) []string {
	var removed []string
	for _, pat := range []string{".rapport-new-*", ".rapport-old-*"} {
		old, _ := filepath.Glob(filepath.Join(parent, "."+base+pat))
		for _, d := range old {
			if os.RemoveAll(d) == nil {
				removed = append(removed, d)
			}
		}
	}
	return removed
}

// swap puts tmp in place of out and removes what was there.
func swap(tmp, out string) error {
	if _, err := os.Lstat(out); errors.Is(err, os.ErrNotExist) {
		return os.Rename(tmp, out)
	}
	if err := exchange(tmp, out); err == nil {
		return removeTree(tmp) // tmp now holds the previous output
	}
	// No atomic exchange here: move the old folder aside, then the new one
	// in. The window between the two renames is the only time out is absent.
	parent, base := filepath.Split(out)
	old, err := os.MkdirTemp(parent, "."+base+".rapport-old-")
	if err != nil {
		return err
	}
	os.Remove(old)
	if err := os.Rename(out, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, out); err != nil {
		os.Rename(old, out)
		return err
	}
	return removeTree(old)
}

// removeTree removes the folder dir and everything in it, its top-level
// entries (the languages' folders) side by side: removing a site's files
// is a system call or two a file, and folders apart do not wait for each
// other's locks. The first error is returned; the rest is still removed.
func removeTree(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return os.RemoveAll(dir)
	}
	errs := make([]error, len(entries))
	var wg sync.WaitGroup
	sem := make(chan struct{}, removers)
	for i, e := range entries {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			errs[i] = os.RemoveAll(filepath.Join(dir, e.Name()))
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	return os.Remove(dir)
}

// removers is how many of a folder's entries removeTree removes at once.
const removers = 4
