package cmi5_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"rapport/generator"
	"rapport/generator/cmi5"
	"rapport/generator/scorm"
)

// build builds testdata/site (a reading page and a knowledge check in
// Hebrew, Arabic and Thai) portably and returns its cmi5 packages' files
// by course id.
func build(t *testing.T) (map[string]map[string][]byte, map[string][]byte) {
	t.Helper()
	res, err := generator.Build(context.Background(), generator.Options{Src: os.DirFS("testdata/site"), Portable: true})
	if err != nil || res.Diags.HasErrors() {
		t.Fatalf("build: %v %v", err, res.Diags.Errors())
	}
	var langs []string
	for _, l := range res.Site.Langs {
		langs = append(langs, l.Tag)
	}
	set := scorm.Settings{Training: res.Config.Training, Site: res.Config.URL}
	pkgs, zips := map[string]map[string][]byte{}, map[string][]byte{}
	for _, c := range cmi5.Courses(res.Site, res.Paths, res.Locales, set, "", "") {
		data, err := cmi5.Zip(c, res.Files, langs)
		if err != nil {
			t.Fatal(err)
		}
		zips[c.ID] = data
		pkgs[c.ID] = unzip(t, data)
	}
	return pkgs, zips
}

func unzip(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name], _ = io.ReadAll(r)
		r.Close()
	}
	return files
}

// structure is what the tests read of cmi5.xml.
type structure struct {
	Course struct {
		ID    string `xml:"id,attr"`
		Title struct {
			Lang string `xml:"lang,attr"`
			Text string `xml:",chardata"`
		} `xml:"title>langstring"`
	} `xml:"course"`
	AUs []struct {
		ID      string `xml:"id,attr"`
		MoveOn  string `xml:"moveOn,attr"`
		Mastery string `xml:"masteryScore,attr"`
		Title   struct {
			Lang string `xml:"lang,attr"`
			Text string `xml:",chardata"`
		} `xml:"title>langstring"`
		URL string `xml:"url"`
	} `xml:"au"`
}

// want is testdata/site's AUs in each language: the page, its moveOn and
// its title.
var want = map[string][][3]string{
	"he": {{"read/", "Completed", "שיחת פתיחה עם לקוח"}, {"check/", "CompletedAndPassed", "בדיקת ידע: שיחת פתיחה"}},
	"ar": {{"read/", "Completed", "المكالمة الأولى مع العميل"}, {"check/", "CompletedAndPassed", "اختبار المعرفة: المكالمة الأولى"}},
	"th": {{"read/", "Completed", "การเปิดบทสนทนากับลูกค้า"}, {"check/", "CompletedAndPassed", "ทดสอบความรู้: การเปิดบทสนทนา"}},
}

// TestStructure: every package's cmi5.xml is valid against the embedded
// CourseStructure.xsd (xmllint), each page is an AU with the moveOn and
// mastery score of its questions, titled in the package's language, and
// launched at a page the package carries; ids are unique across the
// site's packages and the same in a second build, byte for byte.
func TestStructure(t *testing.T) {
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Skip("xmllint not installed (apt-get install libxml2-utils)")
	}
	pkgs, zips := build(t)
	if len(pkgs) != 3 {
		t.Fatalf("%d packages, want he, ar, th", len(pkgs))
	}
	ids := map[string]string{}
	for id, files := range pkgs {
		validate(t, id, files)
		var s structure
		if err := xml.Unmarshal(files["cmi5.xml"], &s); err != nil {
			t.Fatal(err)
		}
		checkAUs(t, id, s, files)
		for _, iri := range append([]string{s.Course.ID}, auIDs(s)...) {
			if other, ok := ids[iri]; ok {
				t.Errorf("%s: id %s also in %s", id, iri, other)
			}
			ids[iri] = id
			if !strings.HasPrefix(iri, "https://training.example.com/cmi5/"+id) {
				t.Errorf("%s: id %s is not under the site's url and the package", id, iri)
			}
		}
	}
	_, again := build(t)
	for id := range zips {
		if !bytes.Equal(zips[id], again[id]) {
			t.Errorf("%s: a second build wrote other bytes", id)
		}
	}
}

func auIDs(s structure) []string {
	var out []string
	for _, au := range s.AUs {
		out = append(out, au.ID)
	}
	return out
}

func validate(t *testing.T, id string, files map[string][]byte) {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"cmi5.xml", "CourseStructure.xsd"} {
		if err := os.WriteFile(filepath.Join(dir, name), files[name], 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, err := exec.Command("xmllint", "--noout", "--schema", filepath.Join(dir, "CourseStructure.xsd"), filepath.Join(dir, "cmi5.xml")).CombinedOutput()
	if err != nil {
		t.Errorf("%s: cmi5.xml is not valid: %v\n%s\n%s", id, err, out, files["cmi5.xml"])
	}
}

func checkAUs(t *testing.T, id string, s structure, files map[string][]byte) {
	t.Helper()
	w := want[id]
	if len(s.AUs) != len(w) || s.Course.Title.Lang != id {
		t.Fatalf("%s: %d AUs, course title in %q; want %d in %s", id, len(s.AUs), s.Course.Title.Lang, len(w), id)
	}
	for i, au := range s.AUs {
		page, moveOn, title := w[i][0], w[i][1], w[i][2]
		if au.URL != "index.html?au="+strings.ReplaceAll(page, "/", "%2F") || au.MoveOn != moveOn || au.Title.Text != title || au.Title.Lang != id {
			t.Errorf("%s: AU %d is %+v, want page %s, moveOn %s, title %q in %s", id, i, au, page, moveOn, title, id)
		}
		if wantMastery := map[bool]string{true: "0.8", false: ""}[moveOn == "CompletedAndPassed"]; au.Mastery != wantMastery {
			t.Errorf("%s: AU %s masteryScore %q, want %q", id, page, au.Mastery, wantMastery)
		}
		if files[id+"/"+page+"index.html"] == nil {
			t.Errorf("%s: AU %s launches a page the package does not carry", id, page)
		}
	}
	if regexp.MustCompile(`(src|href)="https?:`).Match(files["index.html"]) {
		t.Errorf("%s: the launcher loads something from another host:\n%s", id, files["index.html"])
	}
}

// TestIDsWithoutURL: a site without a url names its ids by its title's
// key, so two sites never share one.
func TestIDsWithoutURL(t *testing.T) {
	a, b := cmi5.Base("Customer playbooks"), cmi5.Base("Customer playbooks 2")
	if a == b || !strings.HasPrefix(a, "urn:rapport:Customer-playbooks-") {
		t.Errorf("Base: %q and %q", a, b)
	}
	if got := cmi5.Base("https://x.example/"); got != "https://x.example/cmi5/" {
		t.Errorf("Base(url) = %q", got)
	}
}
