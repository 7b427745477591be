package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestScormCommand writes the sample site's packages, one language's, and
// refuses a language or path the site does not have.
func TestScormCommand(t *testing.T) {
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"scorm", "-src", "../..", "-out", out, "-lang", "he"}, &stdout, &stderr); code != 0 {
		t.Fatalf("scorm -lang he: exit %d: %s", code, stderr.String())
	}
	entries, _ := os.ReadDir(out)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got := strings.Join(names, " "); got != "he-first-steps.zip he.zip" {
		t.Errorf("wrote %q, want he-first-steps.zip he.zip", got)
	}
	if !strings.Contains(stdout.String(), filepath.Join(out, "he.zip")+" (מדריכי קשרי לקוחות, 8 pages,") {
		t.Errorf("stdout %q does not name the package, its title and pages", stdout.String())
	}
	for _, tc := range []struct{ args, want string }{
		{"-lang xx", "-lang xx: the site has no such language"},
		{"-path nowhere", "-path nowhere: no learning path of that id"},
	} {
		stdout.Reset()
		stderr.Reset()
		args := append([]string{"scorm", "-src", "../..", "-out", t.TempDir()}, strings.Fields(tc.args)...)
		if code := run(args, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("scorm %s: exit %d, %q; want 1 and %q", tc.args, code, stderr.String(), tc.want)
		}
	}
}
