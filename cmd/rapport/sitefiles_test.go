package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNewAndMarkCurrentStayInside: rapport new and check -mark-current
// read and write only inside the site's content folder: -from climbing
// out, paths and translatedFrom outside it, and symbolic links out are
// refused; a missing -src creates nothing. A file outside stays as it was.
func TestNewAndMarkCurrentStayInside(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	outside := filepath.Join(dir, "outside.md")
	secret := "---\ntitle: secret\n---\nsecret\nsourceHash: x\n"
	os.WriteFile(outside, []byte(secret), 0o644)
	page := func(rel, data string) {
		p := filepath.Join(site, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(data), 0o644)
	}
	page("content/cs/a.md", "---\ntitle: A\n---\n# A\n")
	page("content/he/up.md", "---\ntitle: t\ntranslatedFrom: content/../../outside.md\nsourceHash: x\n---\n")
	page("content/he/abs.md", "---\ntitle: t\ntranslatedFrom: "+outside+"\nsourceHash: x\n---\n")
	os.Symlink(outside, filepath.Join(site, "content", "he", "link.md"))
	os.Symlink(outside, filepath.Join(site, "content", "cs", "b.md"))
	missing := filepath.Join(dir, "nowhere")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"new", "-src", site, "-from", "../..", "he/outside.md"}, `-from "../.." is not a language tag`},
		{[]string{"new", "-src", site, "-from", "..", "he/a.md"}, `-from ".." is not a language tag`},
		{[]string{"new", "-src", site, "../../outside.md"}, "inside content/"},
		{[]string{"new", "-src", site, "he/../../../x.md"}, "inside content/"},
		{[]string{"new", "-src", site, "-from", "cs", "he/b.md"}, "content/cs/b.md: a symbolic link on its path leads outside the site folder"},
		{[]string{"new", "-src", missing, "he/a.md"}, missing + ": no content folder"},
		{[]string{"new", "-src", site, "he/.hidden.md"}, `content/he/.hidden.md: the build never reads ".hidden.md"`},
		{[]string{"new", "-src", site, "he/a#b.md"}, `content/he/a#b.md: the name "a#b.md" cannot be part of a web address: it has '#'`},
		{[]string{"new", "-src", site, "he/x\x1b[2Jy.md"}, `content/he/x\x1b[2Jy.md: the name "x\x1b[2Jy.md" cannot be part`},
		{[]string{"check", "-src", site, "-mark-current", "../../outside.md"}, "not inside the site's content folder"},
		{[]string{"check", "-src", site, "-mark-current", outside}, "not inside the site's content folder"},
		{[]string{"check", "-src", site, "-mark-current", "he/up.md"}, `translatedFrom "content/../../outside.md" is not a page inside the content folder`},
		{[]string{"check", "-src", site, "-mark-current", "he/abs.md"}, "is not a page inside the content folder"},
		{[]string{"check", "-src", site, "-mark-current", "content/he/link.md"}, "content/he/link.md: a symbolic link on its path leads outside the site folder"},
		{[]string{"check", "-src", missing, "-mark-current", "he/a.md"}, missing + ": no content folder"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		code := run(tt.args, &stdout, &stderr)
		if code == 0 || !strings.Contains(stderr.String(), tt.want) {
			t.Errorf("rapport %s: exit %d, stderr %q; want an error containing %q", strings.Join(tt.args, " "), code, stderr.String(), tt.want)
		}
	}
	if got, _ := os.ReadFile(outside); string(got) != secret {
		t.Errorf("the file outside the site changed: %q", got)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("a missing -src was created")
	}
	if _, err := os.Stat(filepath.Join(site, "content", "he", "outside.md")); err == nil {
		t.Error("a page was created from a file outside the site")
	}
	// Inside, both still work.
	var stdout, stderr bytes.Buffer
	if code := run([]string{"new", "-src", site, "-from", "cs", "he/a.md"}, &stdout, &stderr); code != 0 {
		t.Fatalf("new -from cs he/a.md: %d %s", code, stderr.String())
	}
	abs := filepath.Join(site, "content", "he", "a.md")
	if code := run([]string{"check", "-src", site, "-mark-current", abs}, &stdout, &stderr); code != 0 {
		t.Errorf("check -mark-current %s: %d %s", abs, code, stderr.String())
	}
}
