package scorm_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"rapport/generator"
	"rapport/generator/scorm"
)

// sample builds the sample site portably and returns its packages.
func sample(t *testing.T, lang, path string) (*generator.Result, []scorm.Course, []string) {
	t.Helper()
	res, err := generator.Build(context.Background(), generator.Options{Src: os.DirFS("../.."), Portable: true})
	if err != nil || res.Diags.HasErrors() {
		t.Fatalf("build: %v %v", err, res.Diags.Errors())
	}
	var langs []string
	for _, l := range res.Site.Langs {
		langs = append(langs, l.Tag)
	}
	return res, scorm.Courses(res.Site, res.Paths, res.Locales, res.Config.Training.PassMark(), lang, path), langs
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

// TestPackages checks every package of the sample site: its files, that
// its manifest lists each of them and validates against the schemas it
// carries (xmllint), and its title in its language.
func TestPackages(t *testing.T) {
	res, courses, langs := sample(t, "", "")
	var ids []string
	for _, c := range courses {
		ids = append(ids, c.ID)
	}
	for _, l := range langs {
		if !slices.Contains(ids, l) {
			t.Errorf("no package for language %s (got %v)", l, ids)
		}
	}
	titles := map[string]string{"he": "מדריכי קשרי לקוחות", "th": "คู่มือความสัมพันธ์กับลูกค้า"}
	for _, c := range courses {
		t.Run(c.ID, func(t *testing.T) {
			data, err := scorm.Zip(c, res.Files, langs)
			if err != nil {
				t.Fatal(err)
			}
			files := unzip(t, data)
			manifest := string(files["imsmanifest.xml"])
			for _, name := range append([]string{"imsmanifest.xml", "index.html", "scorm.js"}, scorm.Schemas...) {
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
				if meta := name == "imsmanifest.xml" || strings.HasSuffix(name, ".xsd"); listed == meta {
					t.Errorf("%s: listed in the manifest = %v", name, listed)
				}
			}
			if files[c.Lang.Tag+"/index.html"] == nil || files[c.Start+"index.html"] == nil {
				t.Errorf("package lacks its language's home or its start page %s", c.Start)
			}
			if want := titles[c.ID]; want != "" && !strings.Contains(manifest, `<imsmd:langstring xml:lang="`+c.Lang.Tag+`">`+want+`<`) {
				t.Errorf("manifest title is not %q", want)
			}
			if err := validate(t, files); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestManifestInvalid makes sure the validation can fail: a resource with
// an unknown scormtype is refused by the schemas.
func TestManifestInvalid(t *testing.T) {
	res, courses, langs := sample(t, "cs", "")
	data, err := scorm.Zip(courses[0], res.Files, langs)
	if err != nil {
		t.Fatal(err)
	}
	files := unzip(t, data)
	files["imsmanifest.xml"] = bytes.Replace(files["imsmanifest.xml"], []byte(`adlcp:scormtype="sco"`), []byte(`adlcp:scormtype="page"`), 1)
	if err := validate(t, files); err == nil {
		t.Error("a manifest with scormtype=\"page\" validated")
	}
}

// validate runs xmllint on the package's manifest with the package's own
// schema files, through a schema that imports the three namespaces.
func validate(t *testing.T, files map[string][]byte) error {
	t.Helper()
	if _, err := exec.LookPath("xmllint"); err != nil {
		if os.Getenv("RAPPORT_REQUIRE_BROWSER") == "1" {
			t.Fatal("xmllint is required: apt-get install -y libxml2-utils")
		}
		t.Skip("xmllint not found: apt-get install -y libxml2-utils")
	}
	dir := t.TempDir()
	for _, name := range append([]string{"imsmanifest.xml"}, scorm.Schemas...) {
		if err := os.WriteFile(filepath.Join(dir, name), files[name], 0o644); err != nil {
			t.Fatal(err)
		}
	}
	all := `<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:rapport:all">
  <xsd:import namespace="http://www.imsproject.org/xsd/imscp_rootv1p1p2" schemaLocation="imscp_rootv1p1p2.xsd"/>
  <xsd:import namespace="http://www.adlnet.org/xsd/adlcp_rootv1p2" schemaLocation="adlcp_rootv1p2.xsd"/>
  <xsd:import namespace="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1" schemaLocation="imsmd_rootv1p2p1.xsd"/>
</xsd:schema>`
	os.WriteFile(filepath.Join(dir, "all.xsd"), []byte(all), 0o644)
	cmd := exec.Command("xmllint", "--noout", "--schema", "all.xsd", "imsmanifest.xml")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return &lintError{string(out)}
	}
	return nil
}

type lintError struct{ out string }

func (e *lintError) Error() string { return "xmllint: " + e.out }
