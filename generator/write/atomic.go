package write

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
)

// # Single files
//
// Every file rapport writes outside the output folder's swap (a page that
// `check -mark-current`, `new` or `translate import` writes, the files of
// `init`, the packages of `scorm`) is written by [Replace] or [Create]:
// into a temporary file beside it (a dotfile, which the build never
// reads), flushed to the disk, then renamed into place. A full disk, a
// kill or a crash leaves either the old file whole or the new one whole,
// never a truncated mix; a leftover temporary file is a dotfile ending in
// .tmp, which load ignores and the next write of the same file does not
// collide with.

// Replace writes data to name, a slash path in root, replacing the file
// there, if any, in one rename: the file keeps the permissions of the one
// it replaces (perm for a new one, less the umask).
func Replace(root *os.Root, name string, data []byte, perm fs.FileMode) error {
	keep := false
	if st, err := root.Lstat(name); err == nil && st.Mode().IsRegular() {
		perm, keep = st.Mode().Perm(), true
	}
	tmp, err := stage(root, name, data, perm)
	if err != nil {
		return err
	}
	if keep {
		root.Chmod(tmp, perm) // the umask may have removed some
	}
	if err := root.Rename(tmp, name); err != nil {
		root.Remove(tmp)
		return err
	}
	return nil
}

// Create is Replace for a file that must not exist yet: it is linked into
// place, which fails with an error matching fs.ErrExist when name exists
// (the file there is left alone).
func Create(root *os.Root, name string, data []byte, perm fs.FileMode) error {
	tmp, err := stage(root, name, data, perm)
	if err != nil {
		return err
	}
	defer root.Remove(tmp)
	err = root.Link(tmp, name)
	if err == nil || errors.Is(err, fs.ErrExist) {
		return err
	}
	// A file system without hard links: a rename, after a check.
	if _, serr := root.Lstat(name); serr == nil {
		return &fs.PathError{Op: "create", Path: name, Err: fs.ErrExist}
	}
	return root.Rename(tmp, name)
}

// stage writes data into a new temporary file beside name, synced, and
// returns its path.
func stage(root *os.Root, name string, data []byte, perm fs.FileMode) (string, error) {
	dir, base := path.Split(name)
	var f *os.File
	var tmp string
	for range 100 {
		tmp = fmt.Sprintf("%s.%s.rapport-%08x.tmp", dir, base, rand.Uint32())
		var err error
		f, err = root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if err == nil {
			break
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", err
		}
	}
	if f == nil {
		return "", fmt.Errorf("%s: no free temporary name beside it", name)
	}
	_, err := f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		root.Remove(tmp)
		return "", err
	}
	return tmp, nil
}
