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

// TestPackageCommands writes the packages of rapport scorm (the sample
// site, one language's) and rapport cmi5 (generator/cmi5's testdata: he,
// ar, th), and refuses a language or path the site does not have.
func TestPackageCommands(t *testing.T) {
	cmi5Site := filepath.Join("..", "..", "generator", "cmi5", "testdata", "site")
	for _, tc := range []struct {
		cmd, src, lang, names, he, inZip, schema string
	}{
		{"scorm", "../..", "he", "he-first-steps.zip he.zip", "8 pages", "he.zip", "imscp_rootv1p1p2.xsd"},
		{"cmi5", cmi5Site, "", "ar.zip he.zip th.zip", "2 assignable units", "th.zip", "CourseStructure.xsd"},
	} {
		out := t.TempDir()
		args := []string{tc.cmd, "-src", tc.src, "-out", out}
		if tc.lang != "" {
			args = append(args, "-lang", tc.lang)
		}
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr.String())
		}
		entries, _ := os.ReadDir(out)
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		if got := strings.Join(names, " "); got != tc.names {
			t.Errorf("%s wrote %q, want %s", tc.cmd, got, tc.names)
		}
		if !strings.Contains(stdout.String(), filepath.Join(out, "he.zip")+" (מדריכי קשרי לקוחות, "+tc.he+",") {
			t.Errorf("%s: stdout %q does not name the package, its title and %s", tc.cmd, stdout.String(), tc.he)
		}
		data, err := os.ReadFile(filepath.Join(out, tc.inZip))
		if err != nil || !bytes.Contains(data, []byte(tc.schema)) {
			t.Errorf("%s: %s has no %s (%v)", tc.cmd, tc.inZip, tc.schema, err)
		}
		for _, bad := range []struct{ args, want string }{
			{"-lang xx", "-lang xx: the site has no such language"},
			{"-path nowhere", "-path nowhere: no learning path of that id"},
		} {
			stdout.Reset()
			stderr.Reset()
			args := append([]string{tc.cmd, "-src", tc.src, "-out", t.TempDir()}, strings.Fields(bad.args)...)
			if code := run(args, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), bad.want) {
				t.Errorf("%s %s: exit %d, %q; want 1 and %q", tc.cmd, bad.args, code, stderr.String(), bad.want)
			}
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
