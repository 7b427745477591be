//go:build !unix

package write

// tryLock is not available on this system: builds into one folder are not
// kept apart.
func tryLock(dir string) (unlock func(), ok bool, err error) { return func() {}, true, nil }
