// Package write is the last stage: it publishes a build's files to a folder
// atomically. The files go into a fresh sibling folder, which is swapped into
// place only when every file is written; a failed or interrupted build leaves
// the previous output exactly as it was.
//
// A folder rapport wrote carries a marker file, [Marker]. A non-empty folder
// without it is never replaced unless the caller forces it, and the output
// may never be the source folder, contain it, or lie inside its content/,
// themes/ or locales/.
package write

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"

	"rapport/generator/render"
)

// Marker is the file that marks a folder as rapport's output.
const Marker = ".rapport-output"

// Options configure Write.
type Options struct {
	// Src is the site's source folder, to refuse outputs that would
	// overwrite it.
	Src string
	// Force allows replacing a non-empty folder that has no marker.
	Force bool
}

// Write publishes files to the folder out.
func Write(out string, files []render.File, opts Options) error {
	out, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	if err := checkOut(out, opts); err != nil {
		return err
	}
	parent, base := filepath.Split(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("%s: cannot create output folder: %w", parent, errors.Unwrap(err))
	}
	cleanStale(parent, base)
	tmp, err := os.MkdirTemp(parent, "."+base+".rapport-new-")
	if err != nil {
		return fmt.Errorf("%s: output folder is not writable: %w", parent, errors.Unwrap(err))
	}
	if err := writeAll(tmp, files); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := swap(tmp, out); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("%s: cannot replace output: %w", out, err)
	}
	return nil
}

// checkOut refuses output folders that would destroy sources or someone
// else's files.
func checkOut(out string, opts Options) error {
	if opts.Src != "" {
		src, err := filepath.Abs(opts.Src)
		if err != nil {
			return err
		}
		if out == src || within(src, out) {
			return fmt.Errorf("%s: refusing to write the site over its own source folder %s", out, src)
		}
		for _, d := range []string{"content", "themes", "locales"} {
			if within(out, filepath.Join(src, d)) {
				return fmt.Errorf("%s: refusing to write output inside the source folder %s", out, d)
			}
		}
	}
	entries, err := os.ReadDir(out)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case errors.Is(err, syscall.ENOTDIR):
		return fmt.Errorf("%s: cannot create output folder: a parent is a file, not a folder", out)
	case err != nil:
		st, serr := os.Stat(out)
		if serr == nil && !st.IsDir() {
			return fmt.Errorf("%s: output exists and is not a folder", out)
		}
		return fmt.Errorf("%s: cannot read output folder: %w", out, errors.Unwrap(err))
	}
	if len(entries) == 0 || opts.Force {
		return nil
	}
	if _, err := os.Stat(filepath.Join(out, Marker)); err != nil {
		return fmt.Errorf("%s: folder is not empty and was not written by rapport: pass -force to replace it", out)
	}
	return nil
}

// within reports whether path is dir or inside it.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && (rel == "." || (rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))))
}

// cleanStale removes temporary folders left by builds that were killed.
func cleanStale(parent, base string) {
	for _, pat := range []string{".rapport-new-*", ".rapport-old-*"} {
		old, _ := filepath.Glob(filepath.Join(parent, "."+base+pat))
		for _, d := range old {
			os.RemoveAll(d)
		}
	}
}

// writeAll writes files into dir from several goroutines: writing many
// small files is bound by system calls, which run in parallel.
func writeAll(dir string, files []render.File) error {
	dirs := map[string]bool{}
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if !within(p, dir) || p == dir {
			return fmt.Errorf("%s: refusing to write outside the output folder", f.Path)
		}
		dirs[filepath.Dir(p)] = true
	}
	for d := range dirs {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return fmt.Errorf("%s: %w", d, err)
		}
	}
	errs := make(chan error, 1)
	jobs := make(chan render.File)
	var wg sync.WaitGroup
	for range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range jobs {
				if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(f.Path)), f.Data, 0o644); err != nil {
					select {
					case errs <- err:
					default:
					}
				}
			}
		}()
	}
	for _, f := range files {
		jobs <- f
	}
	close(jobs)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
	}
	return os.WriteFile(filepath.Join(dir, Marker), []byte("written by rapport; the folder is replaced at every build\n"), 0o644)
}

// writers is how many files are written at once.
const writers = 8

// swap puts tmp in place of out and removes what was there.
func swap(tmp, out string) error {
	if _, err := os.Lstat(out); errors.Is(err, os.ErrNotExist) {
		return os.Rename(tmp, out)
	}
	if err := exchange(tmp, out); err == nil {
		return os.RemoveAll(tmp) // tmp now holds the previous output
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
	return os.RemoveAll(old)
}
