package write

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Keeping the previous output's files: with Options.Manifest, a build
// links into the new output every file of the previous one whose Key is
// the same (output.File.Reused) instead of writing it again.
//
// The manifest, a file the caller keeps outside the output (in the build
// cache), lists the Key, size and modification time of each keyed file
// the last build wrote, with Options.Build and the identity of the
// output's Marker file (its inode and modification time: every build
// writes a new one). A previous output that another build replaced (its
// marker is another file), a manifest of another rapport, or a file
// changed since (its size or time differs) is never linked: the page is
// written. A file system without hard links keeps nothing.

// manifestHead starts a manifest's first line.
const manifestHead = "rapport-output-manifest 1"

// kept is a file of an output, as the manifest lists it.
type kept struct {
	key         [32]byte
	size, mtime int64
}

// reuse is a Stream's previous output and the manifest being made.
type reuse struct {
	file, build string
	prev        map[string]kept // nil: nothing to keep

	mu     sync.Mutex
	next   map[string]kept
	linked int
}

// markerToken names the Marker file of the output folder out: its inode
// and modification time, or "" when it has none.
func markerToken(out string) string {
	info, err := os.Lstat(filepath.Join(out, Marker))
	if err != nil {
		return ""
	}
	return fmt.Sprintf("%d:%d", inode(info), info.ModTime().UnixNano())
}

// loadReuse reads the manifest of the output folder out, and keeps it
// when it is out's and the file system links files (probed in tmp).
func loadReuse(file, build, out, tmp string) *reuse {
	r := &reuse{file: file, build: build, next: map[string]kept{}}
	data, err := os.ReadFile(file)
	token := markerToken(out)
	if err != nil || token == "" || os.Link(filepath.Join(out, Marker), filepath.Join(tmp, ".rapport-probe")) != nil {
		return r
	}
	os.Remove(filepath.Join(tmp, ".rapport-probe"))
	head, rest, _ := bytes.Cut(data, []byte("\n"))
	if string(head) != manifestHead+" "+build+" "+token {
		return r
	}
	r.prev = map[string]kept{}
	sc := bufio.NewScanner(bytes.NewReader(rest))
	for sc.Scan() {
		f := strings.SplitN(sc.Text(), " ", 4)
		if len(f) < 4 {
			continue
		}
		key, err1 := hex.DecodeString(f[0])
		size, err2 := strconv.ParseInt(f[1], 10, 64)
		mtime, err3 := strconv.ParseInt(f[2], 10, 64)
		if err1 == nil && err2 == nil && err3 == nil && len(key) == 32 {
			r.prev[f[3]] = kept{[32]byte(key), size, mtime}
		}
	}
	return r
}

// Reusable reports whether the output being replaced holds the file at
// path made from key, unchanged since it was written: a Put of an
// output.File with Reused then links it into the new output.
func (s *Stream) Reusable(path string, key [32]byte) bool {
	if s.reuse == nil || s.reuse.prev == nil {
		return false
	}
	k, ok := s.reuse.prev[path]
	if !ok || k.key != key {
		return false
	}
	info, err := os.Lstat(filepath.Join(s.out, filepath.FromSlash(path)))
	return err == nil && info.Mode().IsRegular() && info.Size() == k.size && info.ModTime().UnixNano() == k.mtime
}

// record notes that the new output's file at path (on disk at p) was
// made from key. A linked file is the previous output's, whose size and
// time Reusable checked: it is noted as the manifest listed it.
func (s *Stream) record(path, p string, key [32]byte, linked bool) {
	if s.reuse == nil || key == [32]byte{} {
		return
	}
	if k, ok := s.reuse.prev[path]; linked && ok && k.key == key {
		s.reuse.mu.Lock()
		s.reuse.next[path] = k
		s.reuse.mu.Unlock()
		return
	}
	info, err := os.Lstat(p)
	if err != nil {
		return
	}
	s.reuse.mu.Lock()
	s.reuse.next[path] = kept{key, info.Size(), info.ModTime().UnixNano()}
	s.reuse.mu.Unlock()
}

// link puts the previous output's file at path into the new output at p.
func (s *Stream) link(path, p string) error {
	err := os.Link(filepath.Join(s.out, filepath.FromSlash(path)), p)
	if err == nil {
		s.reuse.mu.Lock()
		s.reuse.linked++
		s.reuse.mu.Unlock()
	}
	return err
}

// Linked returns how many files were kept from the previous output.
func (s *Stream) Linked() int {
	if s.reuse == nil {
		return 0
	}
	s.reuse.mu.Lock()
	defer s.reuse.mu.Unlock()
	return s.reuse.linked
}

// saveManifest writes the manifest of the output just put in place.
func (s *Stream) saveManifest() {
	if s.reuse == nil {
		return
	}
	r := s.reuse
	var b bytes.Buffer
	token := markerToken(s.out)
	if token == "" {
		return
	}
	fmt.Fprintf(&b, "%s %s %s\n", manifestHead, r.build, token)
	for _, path := range slices.Sorted(maps.Keys(r.next)) {
		k := r.next[path]
		fmt.Fprintf(&b, "%x %d %d %s\n", k.key, k.size, k.mtime, path)
	}
	tmp := r.file + ".tmp-" + strconv.Itoa(os.Getpid())
	if os.MkdirAll(filepath.Dir(r.file), 0o755) != nil || os.WriteFile(tmp, b.Bytes(), 0o644) != nil || os.Rename(tmp, r.file) != nil {
		os.Remove(tmp) // the next build writes every page
	}
}
