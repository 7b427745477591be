package buildcache

import (
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"io"
	"os"
)

// BuildID identifies the running binary: the Go build ID the linker
// writes into it (an ELF note, or near the start of other executables),
// or else the SHA-256 of the whole executable. Another rapport (or the
// same source built otherwise) has another ID, so it never reads this
// one's entries.
func BuildID() string {
	exe, err := os.Executable()
	if err != nil {
		return "unknown"
	}
	if id := elfBuildID(exe); id != "" {
		return id
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

// elfBuildID returns the Go build ID of the ELF executable at path, from
// its note ".note.go.buildid" (name "Go", type 4, as cmd/go writes and
// reads it), or "" when it is not an ELF file or has no such note:
// reading it costs a few kilobytes, hashing the executable 20 MB.
func elfBuildID(path string) string {
	f, err := elf.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	s := f.Section(".note.go.buildid")
	if s == nil || s.Size > 4096 {
		return ""
	}
	data, err := s.Data()
	if err != nil || len(data) < 16 {
		return ""
	}
	bo := f.ByteOrder
	namesz, descsz, typ := bo.Uint32(data), bo.Uint32(data[4:]), bo.Uint32(data[8:])
	if namesz != 4 || typ != 4 || string(data[12:16]) != "Go\x00\x00" || int(descsz) > len(data)-16 || descsz == 0 {
		return ""
	}
	return string(data[16 : 16+descsz])
}
