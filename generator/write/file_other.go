//go:build !unix

package write

import (
	"io/fs"
	"os"
)

// writeFile writes a published file.
func writeFile(name string, data []byte) error { return os.WriteFile(name, data, 0o644) }

// inode is 0 where file infos carry none: the marker's time alone names it.
func inode(fs.FileInfo) uint64 { return 0 }
