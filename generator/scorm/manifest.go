package scorm

import (
	"bytes"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"text/template"

	"rapport/generator/output"
)

// manifestTmpl is imsmanifest.xml of SCORM 1.2: the schema and version, the
// course's title and description in its language (IMS metadata), one
// organization with one item, and one SCO resource listing every file.
var manifestTmpl = template.Must(template.New("manifest").Funcs(template.FuncMap{"x": xmlEscape}).Parse(`<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{{x .ID}}" version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:imsmd="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
    <imsmd:lom>
      <imsmd:general>
        <imsmd:title><imsmd:langstring xml:lang="{{x .Lang}}">{{x .Title}}</imsmd:langstring></imsmd:title>
        <imsmd:language>{{x .Lang}}</imsmd:language>
        <imsmd:description><imsmd:langstring xml:lang="{{x .Lang}}">{{x .Description}}</imsmd:langstring></imsmd:description>
      </imsmd:general>
    </imsmd:lom>
  </metadata>
  <organizations default="{{x .ID}}-org">
    <organization identifier="{{x .ID}}-org">
      <title>{{x .Title}}</title>
      <item identifier="{{x .ID}}-item" identifierref="{{x .ID}}-sco" isvisible="true">
        <title>{{x .Title}}</title>
        <adlcp:masteryscore>{{.Pass}}</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="{{x .ID}}-sco" type="webcontent" adlcp:scormtype="sco" href="index.html">
{{range .Files}}      <file href="{{x .}}"/>
{{end}}    </resource>
  </resources>
</manifest>
`))

// manifest2004Tmpl is imsmanifest.xml of SCORM 2004 4th edition: one
// organization with one item whose primary objective is satisfied by the
// score (the pass mark as its minimum, which the LMS gives the SCO as
// cmi.scaled_passing_score), completion and success set by the content
// only, and one SCO resource listing every file. Its titles carry no
// language tag (SCORM 2004's have none), and the course's description is
// left out: it would need the LOM schemas.
var manifest2004Tmpl = template.Must(template.New("manifest").Funcs(template.FuncMap{"x": xmlEscape}).Parse(`<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{{x .ID}}" version="1"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 4th Edition</schemaversion>
  </metadata>
  <organizations default="{{x .ID}}-org">
    <organization identifier="{{x .ID}}-org">
      <title>{{x .Title}}</title>
      <item identifier="{{x .ID}}-item" identifierref="{{x .ID}}-sco" isvisible="true">
        <title>{{x .Title}}</title>
        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="{{x .ID}}-passed" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>{{.Scaled}}</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
          <imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/>
        </imsss:sequencing>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="{{x .ID}}-sco" type="webcontent" adlcp:scormType="sco" href="index.html">
{{range .Files}}      <file href="{{x .}}"/>
{{end}}    </resource>
  </resources>
</manifest>
`))

// Manifest returns imsmanifest.xml for course c whose files are content
// (the schema files and the manifest itself are not listed: they describe
// the package, they are not the SCO's). Its identifier names the site
// (c.Settings.Site) and the course, so no two sites' packages share one.
func Manifest(c Course, content []output.File) ([]byte, error) {
	v := struct {
		ID, Lang, Title, Description, Scaled string
		Pass                                 int
		Files                                []string
	}{ID: identifier(SiteKey(c.Settings.Site) + "-" + c.ID), Lang: c.Lang.Tag, Title: c.Title, Description: c.Description,
		Pass: c.Settings.Training.PassMark()}
	v.Scaled = strconv.FormatFloat(float64(v.Pass)/100, 'f', -1, 64)
	for _, f := range content {
		v.Files = append(v.Files, href(f.Path))
	}
	tmpl := manifestTmpl
	if c.Settings.Version == V2004 {
		tmpl = manifest2004Tmpl
	}
	var b bytes.Buffer
	if err := tmpl.Execute(&b, v); err != nil {
		return nil, fmt.Errorf("imsmanifest.xml: %w", err)
	}
	return b.Bytes(), nil
}

// href is a file's path as a URI reference: each segment escaped, so
// Hebrew or Thai folder names and spaces are valid xsd:anyURI.
func href(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return strings.Join(parts, "/")
}

// identifier makes id an xsd:ID (an XML name without colons): a letter
// first, then letters, digits, '-', '_' and '.'.
func identifier(id string) string {
	var b strings.Builder
	b.WriteString("rapport-")
	for _, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

func xmlEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&apos;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
