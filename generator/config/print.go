package config

import (
	"fmt"
	"strings"

	"rapport/generator/diag"
)

// Print is the [print] table: how the site's pages print.
type Print struct {
	// Paper is the paper size of printed pages and handouts: "A4" (the
	// default), "Letter", "A5" or "Legal".
	Paper string `toml:"paper"`
}

// DefaultPaper is the paper of a site whose rapport.toml sets none.
const DefaultPaper = "A4"

// Paper sizes by name: width and height in millimetres, portrait.
var papers = map[string][2]float64{
	"A4":     {210, 297},
	"Letter": {215.9, 279.4},
	"A5":     {148, 210},
	"Legal":  {215.9, 355.6},
}

// PaperName returns Paper as written in papers ("letter" → "Letter"),
// DefaultPaper when unset, or "" when it names no paper rapport knows.
func (p Print) PaperName() string {
	if p.Paper == "" {
		return DefaultPaper
	}
	for name := range papers {
		if strings.EqualFold(name, p.Paper) {
			return name
		}
	}
	return ""
}

// WidthMM is the width of the paper, portrait, in millimetres.
func (p Print) WidthMM() float64 {
	if name := p.PaperName(); name != "" {
		return papers[name][0]
	}
	return papers[DefaultPaper][0]
}

func (p Print) check(c *Config, diags *diag.List) {
	if p.PaperName() == "" {
		diags.Errorf(c.Pos("print.paper"), "paper = %q: write \"A4\", \"Letter\", \"A5\" or \"Legal\"", p.Paper)
	}
}

// CSS returns the stylesheet that sets the paper over the theme's (A4),
// or nil for A4: the page size of every printed page, and the landscape
// page of the completion certificate with its height as --paper-short,
// the custom property the theme sizes the certificate by.
func (p Print) CSS() []byte {
	name := p.PaperName()
	if name == "" || name == DefaultPaper {
		return nil
	}
	size := papers[name]
	return fmt.Appendf(nil, "/* rapport.toml [print] */\n@page { size: %[1]gmm %[2]gmm; }\n@page certificate { size: %[2]gmm %[1]gmm; }\n:root { --paper-short: %[1]gmm; }\n",
		size[0], size[1])
}

// CSS returns the stylesheet of the settings that change the theme's
// look ([brand] and [print]), or nil when they change nothing.
func (c *Config) CSS() []byte {
	if c == nil {
		return nil
	}
	b, p := c.Brand.CSS(), c.Print.CSS()
	if b == nil && p == nil {
		return nil
	}
	return append(b, p...)
}
