package sitefile

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

// SVGScript returns where an SVG file's bytes could run script when the
// file is opened on its own (an <img> never runs it) and what is there,
// or -1 and "": a script, foreignObject, iframe, embed or object element,
// an event handler attribute (onload=…), or a javascript: address in any
// attribute (href, xlink:href, an animation's to= or values=). A file that
// is not well-formed XML is refused too: browsers do not show it as an
// image, and a lenient reading could miss a script.
func SVGScript(data []byte) (offset int, what string) {
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
	}
	return ""
}

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
