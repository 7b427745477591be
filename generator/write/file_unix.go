//go:build unix

package write

import (
	"io"
	"io/fs"
	"syscall"
)

// writeFile is os.WriteFile in three system calls: open, write, close.
// os.OpenFile would also try to register the file with the runtime's
// poller (two fcntl to make it non-blocking, an epoll_ctl that fails for
// a regular file, two fcntl to undo it): five more calls per file, 50,000
// on the 10,000-playbook corpus.
func writeFile(name string, data []byte) error {
	var fd int
	err := retry(func() (err error) {
		fd, err = syscall.Open(name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, 0o644)
		return err
	})
	if err != nil {
		return &fs.PathError{Op: "open", Path: name, Err: err}
	}
	for len(data) > 0 && err == nil {
		var n int
		err = retry(func() (err error) {
			n, err = syscall.Write(fd, data)
			return err
		})
		if err == nil && n <= 0 {
			err = io.ErrShortWrite
		}
		if err == nil {
			data = data[n:]
		}
	}
	if cerr := syscall.Close(fd); err == nil {
		err = cerr
	}
	if err != nil {
		return &fs.PathError{Op: "write", Path: name, Err: err}
	}
	return nil
}

// retry calls f again while it is interrupted by a signal.
func retry(f func() error) error {
	for {
		if err := f(); err != syscall.EINTR {
			return err
		}
	}
}

// inode returns the inode number of the file info describes.
func inode(info fs.FileInfo) uint64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Ino)
	}
	return 0
}
