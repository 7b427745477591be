package sitefile

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strings"
)

// XMLScript returns where the bytes of an SVG image, or of another file
// a browser shows as an XML document (see [XMLExts]), could run script
// when the file is opened on its own (an <img> never runs it) and what is
// there, or -1 and "": a script element in any namespace (an XHTML
// script runs in any XML document), a foreignObject, iframe, embed or
// object element, an event handler attribute (onload=…), a javascript:
// address in any attribute (href, xlink:href, an animation's to= or
// values=), an entity declaration (its text could be any of these) or an
// xml-stylesheet instruction other than CSS (an XSLT stylesheet can write
// a script). A file that is not well-formed XML is refused too: browsers
// do not show it, and a lenient reading could miss a script.
func XMLScript(data []byte) (offset int, what string) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.Entity = xml.HTMLEntity
	for {
		off := int(d.InputOffset())
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return -1, ""
		}
		if err != nil {
			return off, "not well-formed XML: " + err.Error()
		}
		if what := svgElementScript(tok); what != "" {
			return off, what
		}
	}
}

// svgElementScript returns what in tok could run script, or "".
func svgElementScript(tok xml.Token) string {
	switch t := tok.(type) {
	case xml.StartElement:
		switch strings.ToLower(t.Name.Local) {
		case "script", "foreignobject", "iframe", "embed", "object", "handler":
			return "a <" + t.Name.Local + "> element"
		}
		for _, a := range t.Attr {
			if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") {
				return "an event handler attribute, " + a.Name.Local
			}
			if strings.Contains(compactLower(a.Value), "javascript:") {
				return "a javascript: address in the " + a.Name.Local + " attribute"
			}
		}
	case xml.Directive:
		if bytes.Contains(bytes.ToUpper(t), []byte("ENTITY")) {
			return "an entity declaration"
		}
	case xml.ProcInst:
		if t.Target == "xml-stylesheet" && !cssPI.Match(t.Inst) {
			return "an xml-stylesheet instruction that is not CSS: XSLT can write a script"
		}
	}
	return ""
}

// cssPI matches the pseudo-attributes of an xml-stylesheet instruction
// of type text/css.
var cssPI = regexp.MustCompile(`(?:^|\s)type\s*=\s*("text/css"|'text/css')`)

// XMLExts are the extensions of the files that browsers, served by
// rapport serve, nginx or Apache, show as XML documents, where a script
// element runs: what [XMLScript] checks.
var XMLExts = []string{".svg", ".xml", ".xsl", ".xslt", ".rss", ".atom", ".rdf", ".xsd", ".mml", ".mathml", ".kml", ".gpx"}

// compactLower is s lower-cased without the spaces and control characters
// browsers skip inside a URL's scheme.
func compactLower(s string) string {
	return strings.Map(func(r rune) rune {
		if r <= ' ' {
			return -1
		}
		return r
	}, strings.ToLower(s))
}
