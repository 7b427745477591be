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
}

// Bytes returns the file's content, computing it if it is lazy.
func (f File) Bytes() []byte {
	if f.Lazy != nil {
		return f.Lazy()
	}
	return f.Data
}
