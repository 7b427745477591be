package load

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"syscall"

	"rapport/generator/diag"
	"rapport/generator/sitefile"
)

// # Symbolic links
//
// A link inside the site is read as the file it points to, when that file
// is inside the site folder too. A link that leads outside (an absolute
// target, a relative one that climbs out, or a chain of links that does)
// is an error naming the link: its target is never read nor published. A
// link to a folder is an error too: folders are not followed, so a walk
// can neither loop nor leave the site. Callers give load an fs.FS that
// enforces the same on every open (os.Root's), so a link that changes
// between the check and the read cannot escape either.

// linkProblem returns why the symbolic link at p is refused, or "" when it
// leads to a regular file inside fsys (or is a loop or broken, which
// reading it reports).
func linkProblem(fsys fs.FS, p string) string {
	target, err := fs.ReadLink(fsys, p)
	if err != nil {
		return "" // the FS has no links to read: opening it tells
	}
	if path.IsAbs(target) || escapes(path.Join(path.Dir(p), target)) {
		return fmt.Sprintf("symbolic link to %q, outside the site folder: it is not read or published", target)
	}
	st, err := fs.Stat(fsys, p)
	switch {
	case err != nil && isEscape(err):
		return fmt.Sprintf("symbolic link to %q leads outside the site folder through another link: it is not read or published", target)
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Sprintf("symbolic link to %q, which does not exist", target)
	case err == nil && st.IsDir():
		return fmt.Sprintf("symbolic link to the folder %q: links to folders are not followed; link the files, or copy the folder", target)
	case err == nil && !st.Mode().IsRegular():
		return fmt.Sprintf("symbolic link to %q, %s: only regular files are read", target, sitefile.Kind(st.Mode()))
	}
	return ""
}

// escapes reports whether a cleaned slash path climbs out of the root.
func escapes(p string) bool { return p == ".." || strings.HasPrefix(p, "../") }

// isEscape reports whether err is os.Root's refusal of a path that leaves
// the root (its error value is not exported).
func isEscape(err error) bool {
	return err != nil && strings.Contains(err.Error(), "path escapes from parent")
}

// isLink reports whether a directory entry is a symbolic link.
func isLink(d fs.DirEntry) bool { return d.Type()&fs.ModeSymlink != 0 }

// checkTree reports every refused link under root (themes/): those files
// are read later, by path, and must not lead outside the site. A link in
// place of root itself counts too. It is false when it reported one.
func checkTree(fsys fs.FS, root string, diags *diag.List) bool {
	ok := true
	report := func(p string) {
		if msg := linkProblem(fsys, p); msg != "" {
			diags.Errorf(diag.Pos{File: p}, "%s", msg)
			ok = false
		}
	}
	if st, err := fs.Lstat(fsys, root); err != nil || st.Mode()&fs.ModeSymlink != 0 {
		if err == nil {
			report(root)
		}
		return ok
	}
	fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
		case isLink(d):
			report(p)
		case sitefile.Irregular(d.Type()) != nil:
			diags.Errorf(diag.Pos{File: p}, "%v", sitefile.Irregular(d.Type()))
			ok = false
		}
		return nil
	})
	return ok
}

// readErr words an error of reading a file for a diagnostic that names
// the file already.
func readErr(err error) string {
	switch {
	case isEscape(err):
		return "a symbolic link on its path leads outside the site folder: it is not read or published"
	case errors.Is(err, syscall.EISDIR):
		return "is a folder (a symbolic link to a folder?): links to folders are not followed"
	}
	return unwrapPathErr(err).Error()
}

// linkProblemOf is linkProblem for an entry that may not be a link.
func linkProblemOf(fsys fs.FS, d fs.DirEntry, p string) string {
	if !isLink(d) {
		return ""
	}
	return linkProblem(fsys, p)
}

// readTop reads a file of content/ that is not a page (metrics.toml,
// paths.toml), refusing a link that leads outside the site.
func readTop(fsys fs.FS, e fs.DirEntry, diags *diag.List) *Source {
	p := "content/" + e.Name()
	if msg := linkProblemOf(fsys, e, p); msg != "" {
		diags.Errorf(diag.Pos{File: p}, "%s", msg)
		return nil
	}
	if err := sitefile.Irregular(e.Type()); err != nil {
		diags.Errorf(diag.Pos{File: p}, "%v", err)
		return nil
	}
	return readSource(fsys, p, MaxDataSize, diags)
}
