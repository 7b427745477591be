package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"golang.org/x/text/language"
)

// openContent opens the site folder src for a command that reads and
// writes single files (new, check -mark-current). The folder must hold
// content/: a mistyped -src is an error, not a new tree. Every path then
// goes through the os.Root, so no "..", absolute path or symbolic link
// leads outside the site.
func openContent(src string) (*os.Root, error) {
	if st, err := os.Stat(filepath.Join(src, "content")); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("%s: no content folder: -src must name the site's folder", src)
	}
	return os.OpenRoot(src)
}

// contentFile turns a path given on the command line (content/he/a.md,
// he/a.md, or an absolute or relative path to the file) into a slash path
// from the site folder src, and refuses one outside content/.
func contentFile(src, p string) (string, error) {
	rel := filepath.ToSlash(p)
	if filepath.IsAbs(p) {
		abs, err := filepath.Abs(src)
		if err != nil {
			return "", err
		}
		r, err := filepath.Rel(abs, p)
		if err != nil {
			return "", err
		}
		rel = filepath.ToSlash(r)
	}
	rel = path.Clean(rel)
	if !strings.HasPrefix(rel, "content/") {
		rel = path.Clean("content/" + rel)
	}
	if !fs.ValidPath(rel) || !strings.HasPrefix(rel, "content/") {
		return "", fmt.Errorf("%s: not inside the site's content folder", p)
	}
	return rel, nil
}

// langFolder reports whether s can name a language folder: a language
// tag, with nothing that could climb out of content/.
func langFolder(s string) bool {
	if s == "" || strings.ContainsAny(s, "/\\.") {
		return false
	}
	_, err := language.Parse(s)
	return err == nil
}

// rootErr drops the path of an *fs.PathError (the messages name the
// file already) and words os.Root's refusal.
func rootErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	if strings.Contains(err.Error(), "path escapes from parent") {
		return errors.New("a symbolic link on its path leads outside the site folder")
	}
	return err
}

// notWritten is the error of a file written in place through write.Replace
// (replacing) or write.Create that failed: on a full disk, say, the file
// that was there is whole and unchanged, and no temporary file is left
// beside it. name is the file as the user knows it.
func notWritten(name string, err error, replacing bool) error {
	switch {
	case errors.Is(err, fs.ErrExist):
		return fmt.Errorf("%s: %w", name, rootErr(err))
	case replacing:
		return fmt.Errorf("%s: cannot write it: %w; the file there is unchanged", name, rootErr(err))
	}
	return fmt.Errorf("%s: cannot write it: %w; nothing was written", name, rootErr(err))
}
