//go:build unix

package buildcache

import (
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// mapFile maps the file at path into memory, read-only: a pack is read
// where the kernel keeps it, not copied into the heap. Packs are never
// changed in place (a new one is renamed into place; an old one is
// unlinked, which leaves a mapping whole).
func mapFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if info.Size() == 0 || int64(int(info.Size())) != info.Size() {
		return nil, syscall.EINVAL
	}
	return syscall.Mmap(int(f.Fd()), 0, int(info.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
}

func unmap(data []byte) { syscall.Munmap(data) }

// release tells the kernel the process is done with the pages of data
// read so far: they leave its resident set (the page cache keeps them,
// and a later read of them maps them again).
func release(data []byte) { unix.Madvise(data, unix.MADV_DONTNEED) }
