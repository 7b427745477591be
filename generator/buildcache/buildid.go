package buildcache

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
)

// BuildID identifies the running binary: the Go build ID the linker
// writes near the start of it, or else the SHA-256 of the whole
// executable. Another rapport (or the same source built otherwise) has
// another ID, so it never reads this one's entries.
func BuildID() string {
	exe, err := os.Executable()
	if err != nil {
		return "unknown"
	}
	f, err := os.Open(exe)
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	head := make([]byte, 64<<10)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	const marker = "\xff Go build ID: \""
	if i := bytes.Index(head, []byte(marker)); i >= 0 {
		rest := head[i+len(marker):]
		if j := bytes.IndexByte(rest, '"'); j > 0 {
			return string(rest[:j])
		}
	}
	h := sha256.New()
	h.Write(head)
	io.Copy(h, f)
	return hex.EncodeToString(h.Sum(nil))
}
