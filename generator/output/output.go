// Package output defines File, one file of a built site as a value: what
// render produces, write puts on disk and serve sends. It imports nothing
// of rapport, so every stage can use it without importing another.
package output

// File is one output file.
type File struct {
	Path string // slash path inside the output folder
	Data []byte
	// Lazy, when set (builds with a cache only), computes the file's bytes
	// on first use instead of Data: rapport serve sends the reload event
	// before a changed language's search index is built. It may be called
	// from any goroutine; it computes once.
	Lazy func() []byte
	// Key, when not zero, identifies the file's bytes by everything they
	// were made from (a rendered page's build cache sum): the write stage
	// records it, so that the next build can keep the file (Reused).
	Key [32]byte
	// Reused says the file is the previous output's file at Path, made
	// from the same Key: the write stage links it into the new output
	// instead of writing it, and the File has no bytes.
	Reused bool
}

// Bytes returns the file's content, computing it if it is lazy.
func (f File) Bytes() []byte {
	if f.Lazy != nil {
		return f.Lazy()
	}
	return f.Data
}

// Merge merges two lists of files sorted by path into a new one, a's
// file first of two at the same path.
func Merge(a, b []File) []File {
	return MergeOrder(a, nil, b)
}

// MergeOrder is Merge of a taken in the order of order, a permutation of
// a's indexes that sorts it by path (nil: a is sorted), without making
// the sorted copy of a first: a build's content pages are made in the
// site's order, its other files are few.
func MergeOrder(a []File, order []int, b []File) []File {
	at := func(k int) File { return a[k] }
	if order != nil {
		at = func(k int) File { return a[order[k]] }
	}
	out := make([]File, 0, len(a)+len(b))
	k := 0
	for _, f := range b {
		for ; k < len(a) && at(k).Path <= f.Path; k++ {
			out = append(out, at(k))
		}
		out = append(out, f)
	}
	for ; k < len(a); k++ {
		out = append(out, at(k))
	}
	return out
}
