//go:build linux

package main

import (
	"io"
	"io/fs"
	"os"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"rapport/generator/sitefile"
)

// rootFS is what an os.Root's fs.FS offers.
type rootFS interface {
	fs.ReadDirFS
	fs.ReadFileFS
	fs.StatFS
	fs.ReadLinkFS
}

// quickFS is an os.Root's fs.FS whose Open of a regular file is one
// openat2 system call confined to the root by the kernel
// (RESOLVE_BENEATH: no "..", absolute path or symbolic link leads out).
// os.Root opens each folder of the path in turn and registers the file
// with the runtime's poller (two fcntl, an epoll_ctl that fails for a
// regular file, two more fcntl): loading the 10,000-playbook corpus took
// 13 system calls a page, now 5. Anything else, and any path openat2
// refuses, is os.Root's to open, with its errors.
type quickFS struct {
	rootFS
	dir int // the root folder, opened O_PATH
}

// quickSiteFS returns root's fs.FS, with quick opens when the kernel has
// openat2 (Linux 5.6). src is the folder root was opened from.
func quickSiteFS(root *os.Root, src string) fs.FS {
	rfs, ok := root.FS().(rootFS)
	if !ok {
		return root.FS()
	}
	dir, err := unix.Open(src, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return rfs
	}
	if !sameFolder(rfs, dir) {
		unix.Close(dir) // not openat2, or src was replaced since root was opened
		return rfs
	}
	return &quickFS{rootFS: rfs, dir: dir}
}

// sameFolder reports whether dir is the folder rfs reads, and openat2
// works in it.
func sameFolder(rfs rootFS, dir int) bool {
	var st unix.Stat_t
	info, err := rfs.Stat(".")
	if err != nil || unix.Fstat(dir, &st) != nil {
		return false
	}
	s, ok := info.Sys().(*syscall.Stat_t)
	if !ok || s.Dev != st.Dev || s.Ino != st.Ino {
		return false
	}
	fd, err := unix.Openat2(dir, ".", &unix.OpenHow{Flags: unix.O_PATH | unix.O_CLOEXEC, Resolve: unix.RESOLVE_BENEATH})
	if err != nil {
		return false
	}
	unix.Close(fd)
	return true
}

func (q *quickFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) || name == "." {
		return q.rootFS.Open(name)
	}
	var fd int
	err := retry(func() (err error) {
		// O_NONBLOCK: opening a named pipe does not wait for a writer
		// (it is then os.Root's to open); reads of a regular file ignore it.
		fd, err = unix.Openat2(q.dir, name, &unix.OpenHow{Flags: unix.O_RDONLY | unix.O_CLOEXEC | unix.O_NOCTTY | unix.O_NONBLOCK,
			Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_MAGICLINKS})
		return err
	})
	if err != nil {
		return q.rootFS.Open(name)
	}
	f := &quickFile{fd: fd, name: name}
	if err := unix.Fstat(fd, &f.st); err != nil || f.st.Mode&unix.S_IFMT != unix.S_IFREG {
		unix.Close(fd)
		if err == nil && f.st.Mode&unix.S_IFMT != unix.S_IFDIR {
			// A named pipe, device or socket: os.Root's open of a pipe
			// would wait for a writer, forever.
			return nil, &fs.PathError{Op: "open", Path: name, Err: &sitefile.NotRegularError{Mode: modeType(f.st.Mode)}}
		}
		return q.rootFS.Open(name)
	}
	return f, nil
}

// quickFile is a regular file opened by quickFS.
type quickFile struct {
	fd   int
	name string
	st   unix.Stat_t
}

func (f *quickFile) Stat() (fs.FileInfo, error) { return quickInfo{f}, nil }

func (f *quickFile) Read(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	var n int
	err := retry(func() (err error) {
		n, err = unix.Read(f.fd, b)
		return err
	})
	switch {
	case err != nil:
		return 0, &fs.PathError{Op: "read", Path: f.name, Err: err}
	case n == 0:
		return 0, io.EOF
	}
	return n, nil
}

func (f *quickFile) Close() error { return unix.Close(f.fd) }

// quickInfo is a quickFile's fs.FileInfo.
type quickInfo struct{ f *quickFile }

func (i quickInfo) Name() string {
	for j := len(i.f.name) - 1; j >= 0; j-- {
		if i.f.name[j] == '/' {
			return i.f.name[j+1:]
		}
	}
	return i.f.name
}
func (i quickInfo) Size() int64        { return i.f.st.Size }
func (i quickInfo) Mode() fs.FileMode  { return fs.FileMode(i.f.st.Mode & 0o777) }
func (i quickInfo) ModTime() time.Time { return time.Unix(i.f.st.Mtim.Unix()) }
func (i quickInfo) IsDir() bool        { return false }
func (i quickInfo) Sys() any           { return &i.f.st }

// modeType turns a stat's file type into an fs.FileMode's type bits.
func modeType(m uint32) fs.FileMode {
	switch m & unix.S_IFMT {
	case unix.S_IFIFO:
		return fs.ModeNamedPipe
	case unix.S_IFSOCK:
		return fs.ModeSocket
	case unix.S_IFCHR:
		return fs.ModeDevice | fs.ModeCharDevice
	case unix.S_IFBLK:
		return fs.ModeDevice
	}
	return fs.ModeIrregular
}

// retry calls f again while it is interrupted by a signal.
func retry(f func() error) error {
	for {
		if err := f(); err != unix.EINTR {
			return err
		}
	}
}
