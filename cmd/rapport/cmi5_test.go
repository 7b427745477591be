package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCmi5Command writes the cmi5 sample's packages (generator/cmi5's
// testdata: he, ar, th), one language's with -lang, and refuses a language
// or path the site does not have.
func TestCmi5Command(t *testing.T) {
	src := filepath.Join("..", "..", "generator", "cmi5", "testdata", "site")
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"cmi5", "-src", src, "-out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("cmi5: exit %d: %s", code, stderr.String())
	}
	entries, _ := os.ReadDir(out)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got := strings.Join(names, " "); got != "ar.zip he.zip th.zip" {
		t.Errorf("wrote %q, want ar.zip he.zip th.zip", got)
	}
	if !strings.Contains(stdout.String(), filepath.Join(out, "he.zip")+" (מדריכי קשרי לקוחות, 2 assignable units,") {
		t.Errorf("stdout %q does not name the package, its title and AUs", stdout.String())
	}
	data, err := os.ReadFile(filepath.Join(out, "th.zip"))
	if err != nil || !bytes.Contains(data, []byte("CourseStructure.xsd")) {
		t.Errorf("th.zip has no course structure schema (%v)", err)
	}
	for _, tc := range []struct{ args, want string }{
		{"-lang xx", "-lang xx: the site has no such language"},
		{"-path nowhere", "-path nowhere: no learning path of that id"},
	} {
		stdout.Reset()
		stderr.Reset()
		args := append([]string{"cmi5", "-src", src, "-out", t.TempDir()}, strings.Fields(tc.args)...)
		if code := run(args, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("cmi5 %s: exit %d, %q; want 1 and %q", tc.args, code, stderr.String(), tc.want)
		}
	}
}
