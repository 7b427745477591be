//go:build !linux

package main

import (
	"io/fs"
	"os"
)

// quickSiteFS returns root's fs.FS.
func quickSiteFS(root *os.Root, _ string) fs.FS { return root.FS() }
