//go:build !unix

package write

import "os"

// writeFile writes a published file.
func writeFile(name string, data []byte) error { return os.WriteFile(name, data, 0o644) }
