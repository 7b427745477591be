package sitefile

import (
	"strings"
	"testing"
)

// TestXMLScript: what in an SVG or XML file could run script once the
// file is opened on its own, and what is left alone.
func TestXMLScript(t *testing.T) {
	for src, want := range map[string]string{
		`<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>`:                                            "",
		`<?xml-stylesheet type="text/css" href="a.css"?><prices/>`:                                         "",
		`<?xml-stylesheet href='a.css' type='text/css'?><prices/>`:                                         "",
		`<?xml-stylesheet type="text/xsl" href="a.xsl"?><root/>`:                                           "xml-stylesheet",
		`<?xml-stylesheet href="a.xsl"?><root/>`:                                                           "xml-stylesheet",
		`<?xml-stylesheet type="text/cssx" href="a.xsl"?><root/>`:                                          "xml-stylesheet",
		`<root><h:script xmlns:h="http://www.w3.org/1999/xhtml">x()</h:script></root>`:                     "<script>",
		`<!DOCTYPE r [<!ENTITY e "x">]><r>&e;</r>`:                                                         "entity",
		`<svg xmlns="http://www.w3.org/2000/svg"><a href=" java&#x09;script:x()"><text>a</text></a></svg>`: "javascript:",
		`<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>`:                                           "event handler",
		`<svg><rect></svg>`: "not well-formed",
	} {
		_, what := XMLScript([]byte(src))
		if (want == "") != (what == "") || !strings.Contains(what, want) {
			t.Errorf("XMLScript(%s) = %q, want %q", src, what, want)
		}
	}
}
