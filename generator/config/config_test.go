package config

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // diagnostics, in order
	}{
		{"empty", "", nil},
		{"all keys", `url = "https://example.com/training/"
defaultLanguage = "he"
editURL = "https://git.example.com/edit/main/{path}"

[brand]
logo = "logo.svg"
accent = "#0b6e4f"

[training]
pass = 75
attempts = 2
showAnswers = "after-last-attempt"
onFail = "incomplete"
`, nil},
		{"training values", "[training]\nattempts = 30\nshowAnswers = \"later\"\nonFail = \"passed\"\n",
			[]string{`rapport.toml:2: attempts = 30: give the number of answers allowed per question, 1 to 20, or 0 for no limit`,
				`rapport.toml:3: showAnswers = "later": write "after-wrong", "after-last-attempt" or "never"`,
				`rapport.toml:4: onFail = "passed": write "failed" or "incomplete"`}},
		{"pass too high", "[training]\npass = 120\n",
			[]string{`rapport.toml:2: pass = 120: give the share of right answers needed to pass, in percent, from 1 to 100`}},
		{"pass zero", "[training]\n\npass = 0\n",
			[]string{`rapport.toml:3: pass = 0:`}},
		{"unknown top key", "url = \"/training/\"\nbaseURL = \"/x/\"\n",
			[]string{`rapport.toml:2: unknown key "baseURL"`}},
		{"unknown table key", "[brand]\nlogo = \"a.png\"\n\ncolour = \"#fff\"\n",
			[]string{`rapport.toml:4: unknown key "brand.colour"`}},
		{"unknown table", "url = \"/\"\n\n[trainig]\npass = 3\n",
			[]string{`rapport.toml:3: unknown key "trainig"`, `rapport.toml:4: unknown key "trainig.pass"`}},
		{"dotted key", "brand.accent = \"#0b5cad\"\nbrand.size = 3\n",
			[]string{`rapport.toml:2: unknown key "brand.size"`}},
		{"multi-line string skipped", "editURL = \"\"\"\nfoo = 1\n\"\"\"\nbar = 2\n",
			[]string{`rapport.toml:4: unknown key "bar"`, `rapport.toml:1: editURL`, `rapport.toml:1: editURL`}},
		{"wrong type", "url = \"/\"\ndefaultLanguage = 3\n",
			[]string{`rapport.toml:2: invalid TOML: defaultLanguage: incompatible types`}},
		{"syntax", "url = \"/\"\nbrand = [\n",
			[]string{`rapport.toml:2`}},
		{"bad accent", "[brand]\naccent = \"green\"\n",
			[]string{`rapport.toml:2: accent "green" is not a colour`}},
		{"pale accent", "[brand]\naccent = \"#ffcc00\"\naccentDark = \"#0b5cad\"\n",
			[]string{`rapport.toml:2: accent #ffcc00 is hard to read on the light scheme's page (#ffffff): contrast 1.`,
				`rapport.toml:3: accentDark #0b5cad is hard to read on the dark scheme's page (#14181d): contrast 2.`}},
		{"readable accents", "[brand]\naccent = \"#0b6e4f\"\naccentDark = \"#7fd1ae\"\n", nil},
		{"bad logo kind", "[brand]\nlogo = \"logo.gif\"\n",
			[]string{`rapport.toml:2: logo "logo.gif": use an SVG`}},
		{"relative url", "url = \"training\"\n",
			[]string{`rapport.toml:1: url "training"`}},
		{"image hosts", "[assets]\nimageHosts = [\"cdn.example.com\", \"*.img.example.org\", \"pics.example.net:8443\"]\n", nil},
		{"image host with scheme", "[assets]\nimageHosts = [\"https://cdn.example.com\", \"a.com; script-src *\", \"Cdn.Example.com\", \"*\"]\n",
			[]string{`rapport.toml:2: imageHosts: "https://cdn.example.com" is not a host name`,
				`rapport.toml:2: imageHosts: "a.com; script-src *" is not a host name`,
				`rapport.toml:2: imageHosts: "Cdn.Example.com" is not a host name`,
				`rapport.toml:2: imageHosts: "*" is not a host name`}},
		{"paper", "[print]\npaper = \"Letter\"\n", nil},
		{"paper in any case", "[print]\npaper = \"a5\"\n", nil},
		{"bad paper", "url = \"/\"\n[print]\npaper = \"B5\"\n",
			[]string{`rapport.toml:3: paper = "B5": write "A4", "Letter", "A5" or "Legal"`}},
		{"edit without path", "editURL = \"https://example.com/edit\"\n",
			[]string{`rapport.toml:1: editURL "https://example.com/edit" has no {path}`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := Parse([]byte(tt.src))
			if len(diags) != len(tt.want) {
				t.Fatalf("got %d diagnostics %v, want %d %q", len(diags), diags, len(tt.want), tt.want)
			}
			for i, d := range diags {
				if !strings.HasPrefix(d.String(), tt.want[i]) {
					t.Errorf("diagnostic %d = %q, want prefix %q", i, d, tt.want[i])
				}
			}
		})
	}
}

// TestAllowsImageHost: an entry matches a URL's host as a CSP host
// source does: exactly, with the same port, or any subdomain for "*.".
func TestAllowsImageHost(t *testing.T) {
	a := Assets{ImageHosts: []string{"cdn.example.com", "*.img.example.org", "pics.example.net:8443"}}
	for host, want := range map[string]bool{
		"cdn.example.com": true, "CDN.example.com": true, "cdn.example.com:8080": false, "evil.com": false,
		"cdn.example.com.evil.com": false, "a.img.example.org": true, "a.b.img.example.org": true,
		"img.example.org": false, "ximg.example.org": false, "pics.example.net:8443": true, "pics.example.net": false,
	} {
		if got := a.AllowsImageHost(host); got != want {
			t.Errorf("AllowsImageHost(%q) = %v, want %v", host, got, want)
		}
	}
}

// TestTrainingDefaults: without [training] keys a course is today's
// self-assessment.
func TestTrainingDefaults(t *testing.T) {
	c, diags := Parse([]byte("[training]\npass = 70\n"))
	if len(diags) > 0 || c.Training.Attempts != 0 || c.Training.Answers() != "after-wrong" || c.Training.FailStatus() != "failed" {
		t.Errorf("defaults: attempts %d, showAnswers %q, onFail %q (%v)", c.Training.Attempts, c.Training.Answers(), c.Training.FailStatus(), diags)
	}
	c, _ = Parse([]byte("[training]\nshowAnswers = \"never\"\nonFail = \"incomplete\"\n"))
	if c.Training.Answers() != "never" || c.Training.FailStatus() != "incomplete" {
		t.Errorf("set: showAnswers %q, onFail %q", c.Training.Answers(), c.Training.FailStatus())
	}
}

func TestPassMark(t *testing.T) {
	for src, want := range map[string]int{"": DefaultPass, "[training]\npass = 60\n": 60} {
		c, diags := Parse([]byte(src))
		if len(diags) > 0 || c.Training.PassMark() != want {
			t.Errorf("%q: pass mark %d (%v), want %d", src, c.Training.PassMark(), diags, want)
		}
	}
}

func TestRead(t *testing.T) {
	fsys := fstest.MapFS{
		"rapport.toml": {Data: []byte("url = \"/t/\"\n[brand]\nlogo = \"brand/logo.png\"\n")},
	}
	_, diags := Read(fsys)
	if len(diags) != 1 || diags[0].String() != `rapport.toml:3: logo "brand/logo.png": no such file in the site's folder` {
		t.Errorf("missing logo: got %v", diags)
	}
	fsys["brand/logo.png"] = &fstest.MapFile{Data: []byte("\x89PNG\r\n\x1a\n...")}
	c, diags := Read(fsys)
	if len(diags) != 0 || c.URL != "/t/" || c.Brand.Logo != "brand/logo.png" {
		t.Errorf("got %+v %v", c, diags)
	}
	c, diags = Read(fstest.MapFS{})
	if len(diags) != 0 || c.URL != "" || c.Edit("content/he/a.md", "he") != "" {
		t.Errorf("no file: got %+v %v", c, diags)
	}
}

func TestEdit(t *testing.T) {
	c, _ := Parse([]byte(`editURL = "https://git.example.com/{lang}/edit/{path}"`))
	if got, want := c.Edit("content/he/a.md", "he"), "https://git.example.com/he/edit/content/he/a.md"; got != want {
		t.Errorf("Edit = %q, want %q", got, want)
	}
}

func TestBrandCSS(t *testing.T) {
	if css := (Brand{}).CSS(); css != nil {
		t.Errorf("no brand: %q, want nil", css)
	}
	got := string(Brand{Accent: "#0b6e4f", AccentDark: "#7fd1ae"}.CSS())
	for _, want := range []string{"--accent: light-dark(#0b6e4f, #7fd1ae);", "--accent-soft: light-dark(color-mix(in srgb, #0b6e4f 12%, #ffffff), color-mix(in srgb, #7fd1ae 20%, #14181d));"} {
		if !strings.Contains(got, want) {
			t.Errorf("CSS %q lacks %q", got, want)
		}
	}
	if got := string(Brand{Accent: "#0b6e4f"}.CSS()); !strings.Contains(got, "--accent: light-dark(#0b6e4f, #7db7f0)") {
		t.Errorf("a light accent alone must keep the theme's dark one: %q", got)
	}
}

// TestLogoChecked: the logo must be a regular file of at most MaxLogoSize
// whose first bytes are those of an image of the type its name says.
func TestLogoChecked(t *testing.T) {
	svg := "<?xml version=\"1.0\"?>\n<!-- logo -->\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
	for name, c := range map[string]struct {
		file fstest.MapFile
		want string
	}{
		"brand/a.svg":    {fstest.MapFile{Data: []byte(svg)}, ""},
		"brand/a.jpg":    {fstest.MapFile{Data: []byte("\xff\xd8\xff\xe0")}, ""},
		"brand/a.webp":   {fstest.MapFile{Data: []byte("RIFF\x00\x00\x00\x00WEBPVP8 ")}, ""},
		"brand/b.png":    {fstest.MapFile{Data: make([]byte, 1000)}, "the file is not a PNG image"},
		"brand/b.svg":    {fstest.MapFile{Data: []byte("<html><script>alert(1)</script>")}, "the file is not a SVG image"},
		"brand/a.gif":    {fstest.MapFile{Data: []byte("GIF89a")}, "use an SVG, PNG, JPEG or WebP file"},
		"brand/c.png":    {fstest.MapFile{Data: append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, MaxLogoSize)...)}, "file too large: 524296 bytes, the limit is 524288"},
		"brand/pipe.png": {fstest.MapFile{Mode: fs.ModeNamedPipe}, "not a regular file but a named pipe (FIFO)"},
	} {
		fsys := fstest.MapFS{"rapport.toml": {Data: []byte("[brand]\nlogo = \"" + name + "\"\n")}, name: &c.file}
		_, diags := Read(fsys)
		switch {
		case c.want == "" && len(diags) != 0:
			t.Errorf("%s: %v, want no error", name, diags)
		case c.want != "" && (len(diags) != 1 || diags[0].Pos.Line != 2 || !strings.Contains(diags[0].Msg, c.want)):
			t.Errorf("%s: %v, want rapport.toml:2 saying %q", name, diags, c.want)
		}
	}
}

// TestReadLimits: rapport.toml over MaxSize, or not a regular file, is an
// error naming it, and nothing past the limit is read.
func TestReadLimits(t *testing.T) {
	big := fstest.MapFS{"rapport.toml": {Data: make([]byte, MaxSize+1)}}
	if _, diags := Read(big); len(diags) != 1 || diags[0].String() != "rapport.toml: cannot read: file too large: 65537 bytes, the limit is 65536" {
		t.Errorf("too large: %v", diags)
	}
	pipe := fstest.MapFS{"rapport.toml": {Mode: fs.ModeNamedPipe}}
	if _, diags := Read(pipe); len(diags) != 1 || !strings.Contains(diags[0].String(), "rapport.toml: cannot read: not a regular file but a named pipe (FIFO)") {
		t.Errorf("named pipe: %v", diags)
	}
}

// TestPrintCSS: A4, the theme's paper, needs no stylesheet; another
// paper sets every page's size and the certificate's landscape page.
func TestPrintCSS(t *testing.T) {
	for _, src := range []string{"", "[print]\npaper = \"A4\"\n", "[print]\npaper = \"a4\"\n"} {
		c, _ := Parse([]byte(src))
		if css := c.CSS(); css != nil {
			t.Errorf("%q: %q, want no stylesheet", src, css)
		}
	}
	c, _ := Parse([]byte("[print]\npaper = \"letter\"\n"))
	got := string(c.CSS())
	for _, want := range []string{"@page { size: 215.9mm 279.4mm; }", "@page certificate { size: 279.4mm 215.9mm; }", "--paper-short: 215.9mm;"} {
		if !strings.Contains(got, want) {
			t.Errorf("CSS %q lacks %q", got, want)
		}
	}
	c, _ = Parse([]byte("[brand]\naccent = \"#0b6e4f\"\n[print]\npaper = \"Legal\"\n"))
	if got := string(c.CSS()); !strings.Contains(got, "--accent: light-dark(#0b6e4f") || !strings.Contains(got, "size: 215.9mm 355.6mm") {
		t.Errorf("brand and paper: %q", got)
	}
}
