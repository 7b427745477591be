// Package sitefile reads one file of a site's source folder the way every
// stage that reads one must: only a regular file (a named pipe, device or
// socket is refused before it is opened, so nothing waits for a writer),
// and at most a given size (a file that grows while it is read is cut off
// there, not read to the end). load and config read through it.
package sitefile

import (
	"fmt"
	"io"
	"io/fs"
)

// TooLargeError is a file over the limit it was read with.
type TooLargeError struct {
	Size, Max int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("file too large: %d bytes, the limit is %d", e.Size, e.Max)
}

// NotRegularError is a path that is not a regular file (nor a symbolic
// link to one).
type NotRegularError struct {
	Mode fs.FileMode
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("not a regular file but %s: only regular files are read", Kind(e.Mode))
}

// Kind names the type of a file mode that is not a regular file's.
func Kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m.IsDir():
		return "a folder"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "a special file"
}

// Irregular returns the error for a directory entry's or stat's mode
// that is neither a regular file, a folder nor a symbolic link (which
// are followed), or nil.
func Irregular(m fs.FileMode) error {
	if m.IsRegular() || m.IsDir() || m&fs.ModeSymlink != 0 {
		return nil
	}
	return &NotRegularError{m}
}

// Read reads the regular file p of fsys, of at most max bytes: a stat
// (following links), then one open, the size from the open file, one
// read. The stat keeps a named pipe from being opened at all; the check
// of the open file catches one put in its place in between.
func Read(fsys fs.FS, p string, max int64) ([]byte, error) {
	st, err := fs.Stat(fsys, p)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &NotRegularError{st.Mode()}
	}
	return ReadOpen(fsys, p, max)
}

// ReadOpen is Read without the stat, for a path whose directory entry
// showed a regular file already (load's walks): the open file is still
// checked.
func ReadOpen(fsys fs.FS, p string, max int64) ([]byte, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &NotRegularError{st.Mode()}
	}
	if st.Size() > max {
		return nil, &TooLargeError{st.Size(), max}
	}
	return readUpTo(f, st.Size(), max)
}

// readUpTo reads f, whose size was size, to its end or until it passes
// max bytes.
func readUpTo(f fs.File, size, max int64) ([]byte, error) {
	data := make([]byte, 0, size+1)
	for {
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
		if int64(len(data)) > max {
			return nil, &TooLargeError{int64(len(data)), max}
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
	}
}
