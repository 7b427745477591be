//go:build unix

package write

import (
	"errors"
	"os"
	"syscall"
)

// tryLock takes an exclusive lock on the folder dir without waiting: ok is
// false when another process holds it. The lock goes with the process, so
// a killed build never leaves it behind.
func tryLock(dir string) (unlock func(), ok bool, err error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, false, err
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	switch {
	case errors.Is(err, syscall.EWOULDBLOCK):
		f.Close()
		return nil, false, nil
	case err != nil:
		f.Close()
		return nil, false, err
	}
	return func() { f.Close() }, true, nil // closing releases the lock
}
