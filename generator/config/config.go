// Package config reads rapport.toml, a site's optional settings, into a
// typed value. The load stage reads the file through the site's fs.FS and
// every later stage receives the value; nothing reads it twice.
//
// # rapport.toml
//
//	url = "https://training.example.com/crm/"  # the site's public address
//	defaultLanguage = "he"                      # the language / leads to
//	editURL = "https://git.example.com/training/edit/main/{path}"
//
//	[brand]
//	logo = "brand/logo.svg"   # a file of the site, shown in the header
//	accent = "#0b6e4f"        # links and buttons, #rgb or #rrggbb
//	accentDark = "#7fd1ae"    # the same in the dark scheme
//
//	[training]
//	pass = 80                 # % of knowledge-check answers right to pass
//	attempts = 2              # answers per question in an LMS (0: no limit)
//	showAnswers = "never"     # after-wrong, after-last-attempt or never
//	onFail = "incomplete"     # what an LMS is told of a fail: failed or incomplete
//
//	[assets]
//	scripts = ["he/tools/*.html"]      # trainer files published as they are
//	imageHosts = ["cdn.example.com"]   # hosts pages may show images from
//
//	[print]
//	paper = "Letter"          # A4 (the default), Letter, A5 or Legal
//
// Every key is optional; a site without the file builds as before. url is
// what `rapport build -base-url` sets (the flag wins when both are given):
// a path such as "/training/" or a full URL, whose scheme and host also
// make the sitemap's URLs absolute. editURL is the address of a page's
// source for an "edit this page" link: {path} becomes the page's slash
// path from the site's folder (content/he/a.md), {lang} its language.
//
// An unknown key, a value of the wrong type and a value that cannot be
// right (a relative url, a colour that is not one or that text in it would
// be hard to read, a logo that is not a file of the site) are errors at
// rapport.toml:line.
//
// # Adding a table
//
// A feature with settings adds one field to [Config] whose type is a
// struct of its own, with toml tags and a doc comment per field, and
// checks its values in a method called from [Parse] (see [Brand.check]).
// [Config.Line] gives the line of any key for errors found later by the
// stage that uses the value.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"rapport/generator/diag"
	"rapport/generator/sitefile"
)

// File is the name of the settings file, at the root of the site's folder.
const File = "rapport.toml"

// Size limits: MaxSize is the largest rapport.toml, MaxLogoSize the
// largest logo (it is on every page).
const (
	MaxSize     = 64 << 10
	MaxLogoSize = 512 << 10
)

// Config is a site's rapport.toml. The zero value is a site with no
// settings.
type Config struct {
	// URL is the site's public address: a path ("/training/") or a full
	// URL ("https://example.com/training/").
	URL string `toml:"url"`
	// DefaultLanguage is the language the root of the site leads to; it
	// must be one of the language folders under content/.
	DefaultLanguage string `toml:"defaultLanguage"`
	// EditURL is the pattern of a page's "edit this page" link: {path} is
	// replaced by its slash path from the site's folder, {lang} by its
	// language. Empty means no link.
	EditURL string `toml:"editURL"`
	// Brand holds the logo and accent colour.
	Brand Brand `toml:"brand"`
	// Training holds the settings of courses taken in an LMS.
	Training Training `toml:"training"`
	// Assets holds what files a trainer adds beside the pages may be.
	Assets Assets `toml:"assets"`
	// Print holds how pages and handouts print.
	Print Print `toml:"print"`

	// lines maps a dotted key ("brand.accent") to its line in the file.
	lines map[string]int
	// Data is the file's bytes, for cache keys; nil without a file.
	Data []byte `toml:"-"`
}

// Brand is the [brand] table: how the site shows its organisation.
type Brand struct {
	// Logo is a slash path from the site's folder to an image file
	// (SVG, PNG, JPEG or WebP), published with the site.
	Logo string `toml:"logo"`
	// Accent is the colour of links and buttons, #rgb or #rrggbb, on the
	// light scheme's white page; AccentDark the same on the dark scheme's
	// (the theme's own blue when empty). Each must be readable: 4.5:1
	// against its page.
	Accent     string `toml:"accent"`
	AccentDark string `toml:"accentDark"`
	// LogoData is the logo file's bytes, read with the settings.
	LogoData []byte `toml:"-"`
}

// Page colours of the default theme's light and dark schemes, which an
// accent must stand out from.
const (
	lightPage = "#ffffff"
	darkPage  = "#14181d"
)

// CSS returns the stylesheet that applies the brand's colours over the
// theme's, or nil when it sets none.
func (b Brand) CSS() []byte {
	if b.Accent == "" && b.AccentDark == "" {
		return nil
	}
	// light-dark() follows color-scheme, which the theme sets from the
	// reader's choice of theme as well as from the system's.
	light, lightSoft := "#0b5cad", "#e6f0fa"
	dark, darkSoft := "#7db7f0", "#1c2c3d"
	if b.Accent != "" {
		light, lightSoft = b.Accent, fmt.Sprintf("color-mix(in srgb, %s 12%%, %s)", b.Accent, lightPage)
	}
	if b.AccentDark != "" {
		dark, darkSoft = b.AccentDark, fmt.Sprintf("color-mix(in srgb, %s 20%%, %s)", b.AccentDark, darkPage)
	}
	return fmt.Appendf(nil, "/* rapport.toml [brand] */\n:root {\n  --accent: light-dark(%s, %s);\n  --accent-soft: light-dark(%s, %s);\n}\n",
		light, dark, lightSoft, darkSoft)
}

// Training is the [training] table: how a course is scored when it is
// taken in a learning management system (rapport scorm) and on the
// completion certificate. Every key is optional; without them a course is
// the self-assessment it is on the web: any number of tries, the right
// answer shown after a wrong one, "failed" reported for a complete attempt
// under the pass mark.
type Training struct {
	// Pass is the share of knowledge-check questions, in percent, a
	// learner must answer right to pass: 1 to 100; 0 means the default,
	// [DefaultPass].
	Pass int `toml:"pass"`
	// Attempts limits the answers to each question inside an LMS: 1 to
	// 20; 0 means no limit. With a limit, "failed" is reported only when
	// no wrong answer can be tried again.
	Attempts int `toml:"attempts"`
	// ShowAnswers says when a question inside an LMS shows its right
	// answers: "after-wrong" (the default), "after-last-attempt" or
	// "never".
	ShowAnswers string `toml:"showAnswers"`
	// OnFail is what the LMS is told of a complete attempt under the pass
	// mark: "failed" (the default) or "incomplete", for an LMS that locks
	// a course once it is failed.
	OnFail string `toml:"onFail"`
}

// Assets is the [assets] table.
type Assets struct {
	// Scripts lists the HTML and JavaScript files under content/ that are
	// published as they are, as slash paths from content/ or patterns
	// (path.Match: "he/tools/*.html"). Any other such file is refused:
	// it would run script on the site's address.
	Scripts []string `toml:"scripts"`
	// ImageHosts lists the hosts pages may show images from
	// (![x](https://cdn.example.com/a.png)): host names, with a port when
	// not 443, or "*.example.com" for its subdomains. The pages' and
	// serve's Content-Security-Policy allow images from them over https;
	// an image from any other host is an error (the policy would block it).
	ImageHosts []string `toml:"imageHosts"`
}

// AllowsScript reports whether p, a slash path from the site's folder
// (content/he/a.html), is listed in Scripts.
func (a Assets) AllowsScript(p string) bool {
	rel, ok := strings.CutPrefix(p, "content/")
	if !ok {
		return false
	}
	for _, pat := range a.Scripts {
		if m, _ := path.Match(pat, rel); m {
			return true
		}
	}
	return false
}

// AllowsImageHost reports whether host (a URL's host, with its port if
// it has one) is listed in ImageHosts, as CSP matches a host source: a
// "*." entry matches the subdomains of the rest, not the rest itself.
func (a Assets) AllowsImageHost(host string) bool {
	host = strings.ToLower(host)
	for _, h := range a.ImageHosts {
		if h == host {
			return true
		}
		if rest, ok := strings.CutPrefix(h, "*"); ok && strings.HasSuffix(host, rest) && len(host) > len(rest) {
			return true
		}
	}
	return false
}

// hostRE matches an imageHosts entry: a lowercase host name, optionally
// "*." before it and a port after it (nothing a CSP source list could
// read as another source or directive).
var hostRE = regexp.MustCompile(`^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?$`)

func (a Assets) check(c *Config, diags *diag.List) {
	for _, pat := range a.Scripts {
		if _, err := path.Match(pat, ""); err != nil || !fs.ValidPath(pat) {
			diags.Errorf(c.Pos("assets.scripts"), "scripts: %q is not a slash path or pattern inside content/ (he/tools/*.html)", pat)
		}
	}
	for _, h := range a.ImageHosts {
		if !hostRE.MatchString(h) {
			diags.Errorf(c.Pos("assets.imageHosts"), "imageHosts: %q is not a host name: write it alone, in lowercase (\"cdn.example.com\", \"*.example.com\", \"img.example.com:8443\"), without https:// or a path", h)
		}
	}
}

// DefaultPass is the pass mark of a site whose rapport.toml sets none.
const DefaultPass = 80

// PassMark returns the pass mark in percent.
func (t Training) PassMark() int {
	if t.Pass == 0 {
		return DefaultPass
	}
	return t.Pass
}

// Answers returns ShowAnswers, "after-wrong" when unset.
func (t Training) Answers() string {
	if t.ShowAnswers == "" {
		return "after-wrong"
	}
	return t.ShowAnswers
}

// FailStatus returns OnFail, "failed" when unset.
func (t Training) FailStatus() string {
	if t.OnFail == "" {
		return "failed"
	}
	return t.OnFail
}

func (t Training) check(c *Config, diags *diag.List) {
	if c.Line("training.pass") > 0 && (t.Pass < 1 || t.Pass > 100) {
		diags.Errorf(c.Pos("training.pass"), "pass = %d: give the share of right answers needed to pass, in percent, from 1 to 100", t.Pass)
	}
	if t.Attempts < 0 || t.Attempts > 20 {
		diags.Errorf(c.Pos("training.attempts"), "attempts = %d: give the number of answers allowed per question, 1 to 20, or 0 for no limit", t.Attempts)
	}
	switch t.ShowAnswers {
	case "", "after-wrong", "after-last-attempt", "never":
	default:
		diags.Errorf(c.Pos("training.showAnswers"), "showAnswers = %q: write \"after-wrong\", \"after-last-attempt\" or \"never\"", t.ShowAnswers)
	}
	switch t.OnFail {
	case "", "failed", "incomplete":
	default:
		diags.Errorf(c.Pos("training.onFail"), "onFail = %q: write \"failed\" or \"incomplete\"", t.OnFail)
	}
}

// Line returns the line of rapport.toml where a dotted key is set
// ("url", "brand.logo"), or 0 when the file does not set it.
func (c *Config) Line(key string) int { return c.lines[key] }

// Pos returns the position of a dotted key, for diagnostics.
func (c *Config) Pos(key string) diag.Pos { return diag.Pos{File: File, Line: c.Line(key)} }

// Edit returns the "edit this page" address of the page at the slash path
// p in language lang, or "" when the site sets no pattern.
func (c *Config) Edit(p, lang string) string {
	if c == nil || c.EditURL == "" {
		return ""
	}
	return strings.NewReplacer("{path}", p, "{lang}", lang).Replace(c.EditURL)
}

// Read reads rapport.toml from the root of fsys. A site without the file
// gets the zero Config and no diagnostics.
func Read(fsys fs.FS) (*Config, diag.List) {
	data, err := sitefile.Read(fsys, File, MaxSize)
	if errors.Is(err, fs.ErrNotExist) {
		return &Config{}, nil
	}
	if err != nil {
		var diags diag.List
		diags.Errorf(diag.Pos{File: File}, "cannot read: %v", unwrapPathErr(err))
		return &Config{}, diags
	}
	c, diags := Parse(data)
	c.checkFiles(fsys, &diags)
	return c, diags
}

// Parse decodes rapport.toml's bytes and checks every value that needs no
// other file. On errors the Config holds what could be decoded.
func Parse(data []byte) (*Config, diag.List) {
	var diags diag.List
	c := &Config{Data: data, lines: diag.TOMLLines(data)}
	md, err := toml.Decode(string(data), c)
	if err != nil {
		pos := diag.Pos{File: File, Line: 1}
		var pe toml.ParseError
		if errors.As(err, &pe) {
			pos = diag.At(File, data, pe.Position.Start)
			err = errors.New(pe.Message)
			if pe.LastKey != "" && c.lines[pe.LastKey] > 0 {
				pos = c.Pos(pe.LastKey)
				err = fmt.Errorf("%s: %s", pe.LastKey, pe.Message)
			}
		}
		if m := typeErrRE.FindStringSubmatch(err.Error()); m != nil {
			pos, err = c.Pos(m[1]), fmt.Errorf("%s: %s", m[1], m[2])
		}
		diags.Errorf(pos, "invalid TOML: %v", err)
		return c, diags
	}
	for _, k := range md.Undecoded() {
		diags.Errorf(c.Pos(k.String()), "unknown key %q (the keys rapport knows are listed in README, \"rapport.toml\")", k.String())
	}
	c.check(&diags)
	c.Brand.check(c, &diags)
	c.Training.check(c, &diags)
	c.Assets.check(c, &diags)
	c.Print.check(c, &diags)
	return c, diags
}

func (c *Config) check(diags *diag.List) {
	if c.URL != "" && !strings.HasPrefix(c.URL, "/") && !fullURL.MatchString(c.URL) {
		diags.Errorf(c.Pos("url"), "url %q: give a path starting with / or a full http(s) URL", c.URL)
	}
	if c.EditURL != "" && !strings.Contains(c.EditURL, "{path}") {
		diags.Errorf(c.Pos("editURL"), "editURL %q has no {path}: every page would link the same address", c.EditURL)
	}
	if c.EditURL != "" && !fullURL.MatchString(c.EditURL) {
		diags.Errorf(c.Pos("editURL"), "editURL %q: give a full http(s) URL", c.EditURL)
	}
}

var (
	accentRE = regexp.MustCompile(`^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)
	fullURL  = regexp.MustCompile(`^https?://[^/\s]+(/\S*)?$`)
	logoRE   = regexp.MustCompile(`(?i)\.(svg|png|jpe?g|webp)$`)
	// typeErrRE matches BurntSushi/toml's decoding errors, which carry
	// the key but no position.
	typeErrRE = regexp.MustCompile(`^toml: (?:line \d+ )?\(last key "([^"]+)"\): (.*)$`)
)

func (b Brand) check(c *Config, diags *diag.List) {
	for _, a := range []struct{ key, value, page, scheme string }{
		{"accent", b.Accent, lightPage, "light"}, {"accentDark", b.AccentDark, darkPage, "dark"}} {
		switch {
		case a.value == "":
		case !accentRE.MatchString(a.value):
			diags.Errorf(c.Pos("brand."+a.key), "%s %q is not a colour: write #rgb or #rrggbb, e.g. \"#0b6e4f\"", a.key, a.value)
		case contrast(a.value, a.page) < 4.5:
			diags.Errorf(c.Pos("brand."+a.key), "%s %s is hard to read on the %s scheme's page (%s): contrast %.1f:1, it needs 4.5:1", a.key, a.value, a.scheme, a.page, contrast(a.value, a.page))
		}
	}
	if b.Logo != "" && !logoRE.MatchString(b.Logo) {
		diags.Errorf(c.Pos("brand.logo"), "logo %q: use an SVG, PNG, JPEG or WebP file", b.Logo)
	}
}

// contrast returns the WCAG contrast ratio of two #rgb or #rrggbb colours.
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

func luminance(hex string) float64 {
	hex = strings.TrimPrefix(hex, "#")
	if len(hex) == 3 {
		hex = string([]byte{hex[0], hex[0], hex[1], hex[1], hex[2], hex[2]})
	}
	var rgb [3]float64
	for i := range rgb {
		v, _ := strconv.ParseUint(hex[2*i:2*i+2], 16, 8)
		c := float64(v) / 255
		if c <= 0.03928 {
			rgb[i] = c / 12.92
		} else {
			rgb[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*rgb[0] + 0.7152*rgb[1] + 0.0722*rgb[2]
}

// checkFiles checks the values that name files of the site, and reads the
// logo.
func (c *Config) checkFiles(fsys fs.FS, diags *diag.List) {
	if c.Brand.Logo == "" {
		return
	}
	if !fs.ValidPath(c.Brand.Logo) {
		diags.Errorf(c.Pos("brand.logo"), "logo %q: give a slash path inside the site's folder, without ./ or ..", c.Brand.Logo)
		return
	}
	data, err := sitefile.Read(fsys, c.Brand.Logo, MaxLogoSize)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		diags.Errorf(c.Pos("brand.logo"), "logo %q: no such file in the site's folder", c.Brand.Logo)
		return
	case err != nil:
		diags.Errorf(c.Pos("brand.logo"), "logo %q: %v", c.Brand.Logo, unwrapPathErr(err))
		return
	}
	if msg := logoProblem(c.Brand.Logo, data); msg != "" {
		diags.Errorf(c.Pos("brand.logo"), "logo %q: %s", c.Brand.Logo, msg)
		return
	}
	c.Brand.LogoData = data
}

// logoProblem returns why data, the logo at p, is not an image of an
// accepted type (its extension and its first bytes must agree), or "".
func logoProblem(p string, data []byte) string {
	ext := strings.ToLower(path.Ext(p))
	var ok bool
	switch ext {
	case ".png":
		ok = bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n"))
	case ".jpg", ".jpeg":
		ok = bytes.HasPrefix(data, []byte("\xff\xd8\xff"))
	case ".webp":
		ok = len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP"
	case ".svg":
		ok = utf8.Valid(data) && svgRE.Match(data)
		if _, what := sitefile.XMLScript(data); ok && what != "" {
			return "the SVG could run script (" + what + "): remove it, or use a PNG"
		}
	default:
		return "" // Brand.check reports the extension
	}
	if !ok {
		return fmt.Sprintf("the file is not a %s image", strings.ToUpper(strings.TrimPrefix(ext, ".")))
	}
	return ""
}

// svgRE matches an SVG file's start: an optional XML declaration,
// comments and doctype, then the svg element.
var svgRE = regexp.MustCompile(`^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--(?:[^-]|-[^-])*-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]`)

// unwrapPathErr drops the path of an *fs.PathError: messages name the file.
func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	if strings.Contains(err.Error(), "path escapes from parent") { // os.Root's refusal
		return errors.New("a symbolic link on its path leads outside the site folder: it is not read")
	}
	return err
}
