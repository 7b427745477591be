package load

import (
	"crypto/sha256"
	"io/fs"

	"rapport/generator/config"
	"rapport/generator/diag"
	"rapport/generator/memo"
)

// # Pages not read again
//
// [LoadKnown] is [Load] for a build that remembers what an earlier one
// read (rapport build's cache): before reading a page it takes the
// file's [Stamp] (its device, inode, size, modification and change
// times, from the directory walk's lstat), and when known says an
// earlier build read that very stamp, the page is not read: its Source
// has no Data, only the Sum of the bytes it had (a later stage that
// needs them reads them with [Fill]). This is what git's index and make
// trust. A page whose stamp differs in any of its fields is read: an
// editor's save, a copy over it, touch -d (it keeps the size and sets the
// modification time back, but the change time is the clock's, and no
// program can set it back) or a file renamed over it (another inode).
// Only a change that keeps all five (a write to the disk behind the file
// system, or the clock set back) is not seen. Which stamps may be
// trusted at all (the racy-git rule: not a file changed just before the
// stamp was recorded) is the recorder's rule (see generator's cache).

// Stamp is what a file's metadata says of its version.
type Stamp struct {
	Dev, Ino           uint64
	Size, Mtime, Ctime int64 // nanoseconds since 1970 for the times
}

// Known reports the Sum of the bytes of the page at path when an earlier
// build read them from the file with the stamp st.
type Known func(path string, st Stamp) (memo.Sum, bool)

// LoadKnown is Load, but a page whose stamp known recognizes is not read
// (its Source's Data is nil, Sum and Stamp are set), and every page read
// has its Sum and Stamp set. A nil known reads every page, with sums.
func LoadKnown(fsys fs.FS, known Known) (*Input, diag.List) {
	if known == nil {
		known = func(string, Stamp) (memo.Sum, bool) { return memo.Sum{}, false }
	}
	in := &Input{Config: &config.Config{}, known: known}
	return in.load(fsys)
}

// SumOf returns the Sum a Source read by LoadKnown has for data.
func SumOf(data []byte) memo.Sum { return sha256.Sum256(data) }

// Fill reads the bytes of src, a page LoadKnown did not read, as
// LoadKnown would have; they may have changed since its stamp was
// taken, so src's Sum is set again. A problem reading it is in diags,
// and Data stays nil.
func Fill(fsys fs.FS, src *Source, diags *diag.List) {
	if src.Data != nil {
		return
	}
	if read := readSource(fsys, src.Path, MaxFileSize, diags); read != nil {
		src.Data, src.Sum = read.Data, SumOf(read.Data)
	}
}

// stampOf returns the stamp of the regular file d, and false when d is
// not one or its system's stat has no such fields.
func stampOf(d fs.DirEntry) (Stamp, bool) {
	if d == nil || !d.Type().IsRegular() {
		return Stamp{}, false
	}
	info, err := d.Info()
	if err != nil || !info.Mode().IsRegular() {
		return Stamp{}, false
	}
	return sysStamp(info)
}

// FolderStamp returns the stamp of fsys's root folder (its device and
// inode name the site among others), and false when it has none.
func FolderStamp(fsys fs.FS) (Stamp, bool) {
	info, err := fs.Stat(fsys, ".")
	if err != nil || !info.IsDir() {
		return Stamp{}, false
	}
	return sysStamp(info)
}
