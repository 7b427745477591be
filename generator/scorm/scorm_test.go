package scorm_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"rapport/generator"
	"rapport/generator/output"
	"rapport/generator/scorm"
)

// build builds the site of src portably.
func build(t *testing.T, src fs.FS) (*generator.Result, []string) {
	t.Helper()
	res, err := generator.Build(context.Background(), generator.Options{Src: src, Portable: true})
	if err != nil || res.Diags.HasErrors() {
		t.Fatalf("build: %v %v", err, res.Diags.Errors())
	}
	var langs []string
	for _, l := range res.Site.Langs {
		langs = append(langs, l.Tag)
	}
	return res, langs
}

// sampleSite is the sample site's portable build, made once for every
// test of the package (each takes it read-only).
var sampleSite struct {
	once  sync.Once
	res   *generator.Result
	langs []string
}

// sample returns the sample site's portable build.
func sample(t *testing.T) (*generator.Result, []string) {
	t.Helper()
	sampleSite.once.Do(func() { sampleSite.res, sampleSite.langs = build(t, os.DirFS("../..")) })
	if sampleSite.res == nil {
		t.Fatal("the sample site did not build")
	}
	return sampleSite.res, sampleSite.langs
}

// packages returns the files of the packages of res's courses in set's
// version, by course id.
func packages(t *testing.T, res *generator.Result, langs []string, set scorm.Settings, lang, path string) map[string]map[string][]byte {
	t.Helper()
	out := map[string]map[string][]byte{}
	for _, c := range scorm.Courses(res.Site, res.Paths, res.Locales, set, lang, path) {
		data, err := scorm.Zip(c, res.Files, langs)
		if err != nil {
			t.Fatal(err)
		}
		out[c.ID] = unzip(t, data)
	}
	return out
}

// unzip returns a package's files by name.
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
		b, _ := io.ReadAll(r)
		r.Close()
		files[f.Name] = b
	}
	return files
}

// TestPackages checks every package of the sample site in both versions:
// its files, that its manifest lists each of them and validates against
// the schemas it carries (xmllint), its title in its language, and its
// identifier, unique to the site and the course.
func TestPackages(t *testing.T) {
	res, langs := sample(t)
	for _, version := range []string{scorm.V12, scorm.V2004} {
		set := scorm.Settings{Version: version, Training: res.Config.Training, Site: "https://training.example.com/crm/"}
		courses := scorm.Courses(res.Site, res.Paths, res.Locales, set, "", "")
		var ids []string
		for _, c := range courses {
			ids = append(ids, c.ID)
		}
		for _, l := range langs {
			if !slices.Contains(ids, l) {
				t.Errorf("no package for language %s (got %v)", l, ids)
			}
		}
		seen := map[string]string{}
		for _, c := range courses {
			t.Run(version+"/"+c.ID, func(t *testing.T) {
				files := checkPackage(t, c, res.Files, langs)
				id := regexp.MustCompile(`<manifest identifier="([^"]+)"`).FindStringSubmatch(string(files["imsmanifest.xml"]))
				if id == nil || !strings.HasPrefix(id[1], "rapport-training.example.com-crm-") || seen[id[1]] != "" {
					t.Errorf("manifest identifier %v (already used by %s)", id, seen[id[1]])
				} else {
					seen[id[1]] = c.ID
				}
			})
		}
	}
}

// checkPackage checks the package of c and returns its files.
func checkPackage(t *testing.T, c scorm.Course, built []output.File, langs []string) map[string][]byte {
	t.Helper()
	data, err := scorm.Zip(c, built, langs)
	if err != nil {
		t.Fatal(err)
	}
	files := unzip(t, data)
	manifest := string(files["imsmanifest.xml"])
	schemas, _ := scorm.SchemaFiles(c.Settings.Version)
	for _, name := range append([]string{"imsmanifest.xml", "index.html", "scorm.js"}, schemas...) {
		if files[name] == nil {
			t.Errorf("package lacks %s", name)
		}
	}
	for name := range files {
		first, _, _ := strings.Cut(name, "/")
		if first != c.Lang.Tag && slices.Contains(langs, first) || name == "404.html" || first == "status" {
			t.Errorf("package carries %s, which is not part of the course", name)
		}
		listed := strings.Contains(manifest, `<file href="`+name+`"/>`)
		if meta := name == "imsmanifest.xml" || slices.Contains(schemas, name); listed == meta {
			t.Errorf("%s: listed in the manifest = %v", name, listed)
		}
	}
	if files[c.Lang.Tag+"/index.html"] == nil || files[c.Start+"index.html"] == nil {
		t.Errorf("package lacks its language's home or its start page %s", c.Start)
	}
	titles := map[string]string{"he": "מדריכי קשרי לקוחות", "th": "คู่มือความสัมพันธ์กับลูกค้า"}
	if want := titles[c.ID]; want != "" && !strings.Contains(manifest, `<title>`+want+`</title>`) {
		t.Errorf("manifest title is not %q", want)
	}
	if c.Settings.Version == scorm.V12 && titles[c.ID] != "" && !strings.Contains(manifest, `<imsmd:langstring xml:lang="`+c.Lang.Tag+`">`+titles[c.ID]+`<`) {
		t.Errorf("manifest's metadata title is not %q", titles[c.ID])
	}
	if err := validate(t, files, c.Settings.Version); err != nil {
		t.Error(err)
	}
	return files
}

// TestManifestInvalid makes sure the validation can fail: a resource with
// an unknown scormtype is refused by the schemas of either version, and a
// SCORM 2004 pass mark over 1 by the sequencing schema.
func TestManifestInvalid(t *testing.T) {
	res, langs := sample(t)
	for _, tc := range []struct{ version, old, new string }{
		{scorm.V12, `adlcp:scormtype="sco"`, `adlcp:scormtype="page"`},
		{scorm.V2004, `adlcp:scormType="sco"`, `adlcp:scormType="page"`},
		{scorm.V2004, `<imsss:minNormalizedMeasure>0.8<`, `<imsss:minNormalizedMeasure>80<`},
	} {
		set := scorm.Settings{Version: tc.version, Training: res.Config.Training, Site: "x"}
		pkgs := packages(t, res, langs, set, "cs", "")
		files := pkgs["cs"]
		if !bytes.Contains(files["imsmanifest.xml"], []byte(tc.old)) {
			t.Fatalf("%s manifest has no %s", tc.version, tc.old)
		}
		files["imsmanifest.xml"] = bytes.Replace(files["imsmanifest.xml"], []byte(tc.old), []byte(tc.new), 1)
		if err := validate(t, files, tc.version); err == nil {
			t.Errorf("a SCORM %s manifest with %s validated", tc.version, tc.new)
		}
	}
}

// validate runs xmllint on the package's manifest with the package's own
// schema files, through a schema that imports the version's namespaces.
func validate(t *testing.T, files map[string][]byte, version string) error {
	t.Helper()
	if _, err := exec.LookPath("xmllint"); err != nil {
		if os.Getenv("RAPPORT_REQUIRE_BROWSER") == "1" {
			t.Fatal("xmllint is required: apt-get install -y libxml2-utils")
		}
		t.Skip("xmllint not found: apt-get install -y libxml2-utils")
	}
	dir := t.TempDir()
	schemas, _ := scorm.SchemaFiles(version)
	for _, name := range append([]string{"imsmanifest.xml"}, schemas...) {
		if err := os.WriteFile(filepath.Join(dir, name), files[name], 0o644); err != nil {
			t.Fatal(err)
		}
	}
	imports := [][2]string{{"http://www.imsproject.org/xsd/imscp_rootv1p1p2", "imscp_rootv1p1p2.xsd"},
		{"http://www.adlnet.org/xsd/adlcp_rootv1p2", "adlcp_rootv1p2.xsd"}, {"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1", "imsmd_rootv1p2p1.xsd"}}
	if version == scorm.V2004 {
		imports = [][2]string{{"http://www.imsglobal.org/xsd/imscp_v1p1", "imscp_v1p1.xsd"},
			{"http://www.adlnet.org/xsd/adlcp_v1p3", "adlcp_v1p3.xsd"}, {"http://www.adlnet.org/xsd/adlseq_v1p3", "adlseq_v1p3.xsd"},
			{"http://www.adlnet.org/xsd/adlnav_v1p3", "adlnav_v1p3.xsd"}, {"http://www.imsglobal.org/xsd/imsss", "imsss_v1p0.xsd"}}
	}
	all := `<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:rapport:all">` + "\n"
	for _, im := range imports {
		all += `  <xsd:import namespace="` + im[0] + `" schemaLocation="` + im[1] + `"/>` + "\n"
	}
	all += "</xsd:schema>\n"
	os.WriteFile(filepath.Join(dir, "all.xsd"), []byte(all), 0o644)
	cmd := exec.Command("xmllint", "--noout", "--nonet", "--schema", "all.xsd", "imsmanifest.xml")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return &lintError{string(out)}
	}
	return nil
}

type lintError struct{ out string }

func (e *lintError) Error() string { return "xmllint: " + e.out }

// TestSiteKey: a site's packages are named by its url or title, readable
// where it can be, and two sites never share a key.
func TestSiteKey(t *testing.T) {
	for site, want := range map[string]string{
		"https://training.example.com/crm/": "training.example.com-crm-",
		"/training/":                        "training-",
		"מדריכי קשרי לקוחות":                "",
	} {
		got := scorm.SiteKey(site)
		if !strings.HasPrefix(got, want) || !regexp.MustCompile(`^([A-Za-z0-9][A-Za-z0-9.-]*-)?[0-9a-f]{8}$`).MatchString(got) {
			t.Errorf("SiteKey(%q) = %q, want prefix %q and a hash", site, got, want)
		}
	}
	if scorm.SiteKey("Acme CRM") == scorm.SiteKey("Acme-CRM") {
		t.Error("two titles that read alike share a key")
	}
}

// TestSuspendSize: the worst case of the suspend data grows by a digit
// per six pages, two per six questions, and one per question with an
// attempt limit; the browser test of the generated course checks that
// lms.js writes exactly this many characters.
func TestSuspendSize(t *testing.T) {
	for _, tc := range []struct{ pages, questions, attempts, want int }{
		{0, 0, 0, 9}, {8, 3, 0, 13}, {200, 800, 0, 311}, {200, 800, 2, 1112},
	} {
		if got := scorm.SuspendSize(tc.pages, tc.questions, tc.attempts); got != tc.want {
			t.Errorf("SuspendSize(%d, %d, %d) = %d, want %d", tc.pages, tc.questions, tc.attempts, got, tc.want)
		}
	}
}
