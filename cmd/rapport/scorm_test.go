package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rapport/generator/link"
	"rapport/generator/parse"
	"rapport/generator/scorm"
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

// TestScormVersion writes SCORM 2004 packages with -version 2004 and
// refuses a version rapport does not write.
func TestScormVersion(t *testing.T) {
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"scorm", "-src", "../..", "-out", out, "-lang", "th", "-version", "2004"}, &stdout, &stderr); code != 0 {
		t.Fatalf("scorm -version 2004: exit %d: %s", code, stderr.String())
	}
	data, err := os.ReadFile(filepath.Join(out, "th.zip"))
	if err != nil || !bytes.Contains(data, []byte("adlcp_v1p3.xsd")) {
		t.Errorf("th.zip is not a SCORM 2004 package (%v)", err)
	}
	stderr.Reset()
	if code := run([]string{"scorm", "-src", "../..", "-out", out, "-version", "1.3"}, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "-version 1.3: write 1.2 or 2004") {
		t.Errorf("scorm -version 1.3: exit %d, %q; want 2 and the versions", code, stderr.String())
	}
}

// TestScormSizeWarning: a course whose progress can outgrow SCORM 1.2's
// suspend data is named in a warning that says to use 2004; the same
// course in 2004 is not.
func TestScormSizeWarning(t *testing.T) {
	c := scorm.Course{ID: "he-big", Title: "קורס גדול", Settings: scorm.Settings{Version: scorm.V12}}
	for range 800 {
		c.Pages = append(c.Pages, &link.Page{Parsed: &parse.Page{Questions: make([]parse.Question, 4)}})
	}
	var stderr bytes.Buffer
	warnSize(&stderr, c)
	if got := stderr.String(); got != "" {
		t.Errorf("800 pages, 3,200 questions, no attempt limit: warned %q", got)
	}
	c.Settings.Training.Attempts = 2
	warnSize(&stderr, c)
	want := "rapport scorm: warning: he-big (קורס גדול): 800 pages and 3200 questions can need 4412 characters of suspend data, over SCORM 1.2's 4096; use -version 2004"
	if got := stderr.String(); !strings.HasPrefix(got, want) {
		t.Errorf("with an attempt limit: %q, want %q…", got, want)
	}
	stderr.Reset()
	c.Settings.Version = scorm.V2004
	warnSize(&stderr, c)
	if stderr.Len() > 0 {
		t.Errorf("SCORM 2004: warned %q", stderr.String())
	}
}
