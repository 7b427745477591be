//go:build !unix

package buildcache

import "os"

// mapFile reads the file at path (mapping it is left to unix systems).
func mapFile(path string) ([]byte, error) { return os.ReadFile(path) }

func unmap([]byte) {}

func release([]byte) {}
