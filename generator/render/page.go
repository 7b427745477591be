package render

import (
	"html/template"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"

	"rapport/generator/link"
	"rapport/generator/locale"
)

// Page is one page as the templates see it: the Frame every page shares
// (language, title, navigation, switcher, assets) and the view of its kind
// (Data), shown by the kind's own template (Template) inside the frame.
// render executes Template first, into Main, then the frame's template,
// layout.html, which shows Main inside <main>: layout.html does not know
// the kinds.
type Page struct {
	*Frame
	Template string // the kind's template: "page", "home", "topic"…
	Data     any    // the kind's view: *Article, *Home, *Topic…
	Main     template.HTML
	// Standalone says Template's output is the whole file, without the
	// frame's layout (the language chooser).
	Standalone bool `json:"-"`
}

// Frame is what every page shows around its kind's content. Templates
// reach strings with .T (HTML, marked with lang/dir when it fell back to
// English) and .S (plain, for attributes), and links with .Href.
type Frame struct {
	Lang        LangView
	Title       string
	SiteTitle   string
	Description string
	CSP         string
	NoIndex     bool
	Portable    bool
	ShowSearch  bool
	// Assets are the theme's files; Brand (the settings stylesheet) and
	// Logo are empty unless rapport.toml sets [brand] colours or a
	// paper other than A4, or a logo.
	Assets struct{ CSS, Search, Keys, Icon, Brand, Logo, Site string }
	// Canonical is the page's full URL when the site's is known (Options.
	// SiteURL), else empty: no canonical link or og:url is guessed.
	Canonical string
	// OGType is the page's Open Graph type: "article" or "website".
	OGType      string
	Scripts     []string
	Alternates  []Item
	Switcher    []Item
	Nav         []Item
	SearchURL   string
	TopicsURL   string
	ProgressURL string
	// Progress is progress.js (every page of a language); Quiz is quiz.js,
	// only on pages with knowledge-check questions.
	Progress, Quiz *Script

	r    *renderer
	loc  *locale.Localizer
	link linker
	deps *pageDeps // the site paths Href was given (see deps.go)
	// shown are the pages whose titles the page shows (title), for a
	// generated page's memo (see Memo.putGenerated).
	shown *pageDeps
	// reads are what the view read beyond the site-wide inputs, for
	// Options.Recorded (see generated.go).
	reads *viewReads
}

// LangView describes the page's language.
type LangView struct {
	Tag, Dir, Name string
	Home           string // site path
}

// Item is a link in a list. Lang, Dir and LangName are set when the target
// is in another language than the page (Foreign). Label is a UI string that
// goes with it, such as the switcher's "not translated" note.
type Item struct {
	Href, Text, Note    string
	Lang, Dir, LangName string
	Label               template.HTML
	Foreign, Current    bool
	Children            []Item
	// Pages are the paths under the language of an article's pages, for
	// its completion bar in the navigation (see navPagesMax).
	Pages string
}

// AnchorAttr returns the item's href attribute when it links a heading on
// the same page ("#id"), with the id as written, not percent-encoded:
// html/template would encode every Hebrew, Arabic or Thai letter as six
// bytes, and the browser shows and matches the id either way. Heading ids
// are made by rapport (letters, digits, '-'); anything else gets href="#".
func (it Item) AnchorAttr() template.HTMLAttr {
	if !strings.HasPrefix(it.Href, "#") {
		return `href="#"`
	}
	return template.HTMLAttr(`href="` + template.HTMLEscapeString(it.Href) + `"`)
}

// newFrame returns the frame of the page at site path url in language l,
// with the language's navigation.
func (r *renderer) newFrame(l *link.Lang, url string) *Frame {
	f := &Frame{
		r: r, loc: r.loc(l.Tag), CSP: Policy(r.opts.Settings), Portable: r.opts.Portable,
		link:      linker{base: r.opts.BaseURL, portable: r.opts.Portable, from: url},
		Lang:      LangView{Tag: l.Tag, Dir: l.Dir, Name: r.nativeName(l.Tag), Home: l.Home.URL},
		SearchURL: l.Tag + "/" + link.SearchDir + "/", TopicsURL: l.Tag + "/" + link.TopicsDir + "/",
		ShowSearch: r.opts.Search != nil, deps: r.opts.Memo.newDeps(l), shown: r.opts.Memo.newShown(),
		reads: r.newReads(),
	}
	f.SiteTitle = f.loc.S("site.title")
	f.Canonical = r.absolute(url)
	f.OGType = "website"
	f.setAssets()
	f.Nav = r.nav(f, l, url)
	f.ProgressURL = l.Tag + "/" + link.ProgressDir + "/"
	f.Progress = f.progressScript("")
	return f
}

// absolute returns the full URL of a site path when the site's URL is
// known, else "".
func (r *renderer) absolute(sitePath string) string {
	if r.opts.SiteURL == "" {
		return ""
	}
	return r.opts.SiteURL + r.opts.BaseURL + sitePath
}

// alternate links the page's version at site path url in language lang for
// search engines: by full URL when the site's is known.
func (f *Frame) alternate(lang, url string) Item {
	if abs := f.r.absolute(url); abs != "" {
		return Item{Lang: lang, Href: abs}
	}
	if url == "" { // the site's root: Href keeps "" as a same-page link
		if f.link.portable {
			return Item{Lang: lang, Href: relative(f.link.from, "index.html")}
		}
		return Item{Lang: lang, Href: f.r.opts.BaseURL}
	}
	return Item{Lang: lang, Href: f.Href(url)}
}

// addXDefault adds the language chooser as the x-default alternate of a
// page that has alternates.
func (f *Frame) addXDefault() {
	if len(f.Alternates) > 0 {
		f.Alternates = append(f.Alternates, f.alternate("x-default", ""))
	}
}

// OGLocale is the page's language as Open Graph writes it: he_IL, th_TH.
func (f *Frame) OGLocale() string {
	t, err := language.Parse(f.Lang.Tag)
	if err != nil {
		return f.Lang.Tag
	}
	base, _ := t.Base()
	region, conf := t.Region()
	if conf == language.No || region.String() == "ZZ" {
		return "" // "mul", the chooser's: no one locale
	}
	return base.String() + "_" + region.String()
}

// maxDescription is the length, in characters, a description is cut to:
// about what a search result shows.
const maxDescription = 160

// describe returns text cut to maxDescription characters at a space where
// there is one near the end (Thai has none), with "…" when cut.
func describe(text string) string {
	if !spaced(text) {
		text = strings.Join(strings.Fields(text), " ")
	}
	if utf8.RuneCountInString(text) <= maxDescription {
		if t, ok := strings.CutSuffix(text, ":"); ok { // a list follows in the page
			return t + "…"
		}
		return text
	}
	if !utf8.ValidString(text) {
		text = string([]rune(text)) // bad bytes as U+FFFD, as a rune counts them
	}
	n := 0
	for i := range text {
		if n == maxDescription {
			text = text[:i]
			break
		}
		n++
	}
	if i := strings.LastIndexByte(text, ' '); i > len(text)*3/4 {
		text = text[:i]
	}
	return strings.TrimRight(text, " ,.;:،") + "…"
}

// spaced reports whether text's words are separated by single spaces,
// with none at either end: what joining its fields gives.
func spaced(text string) bool {
	space := true // at the start, a space is not allowed
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == ' ' && !space:
			space = true
		case c == ' ' || '\t' <= c && c <= '\r':
			return false
		case c < utf8.RuneSelf:
			space = false
		default:
			r, n := utf8.DecodeRuneInString(text[i:])
			if unicode.IsSpace(r) {
				return false
			}
			i += n - 1
			space = false
		}
	}
	return !space || text == ""
}

// setAssets links the theme's stylesheet, search script and icon.
// setAssets links the theme's stylesheet, search scripts and icon.
func (f *Frame) setAssets() {
	f.Assets.CSS = f.Href(f.r.assets["style.css"])
	f.Assets.Search = f.Href(f.r.assets["search.js"])
	f.Assets.Keys = f.Href(f.r.assets["search-keys.js"])
	f.Assets.Icon = f.Href(f.r.assets["favicon.svg"])
	if p, ok := f.r.assets["settings.css"]; ok {
		f.Assets.Brand = f.Href(p)
	}
	if p, ok := f.r.assets["logo"]; ok {
		f.Assets.Logo = f.Href(p)
	}
	f.Assets.Site = f.Href(f.r.assets["site.js"])
}

// Href returns the href of a site path from this page.
func (f *Frame) Href(sitePath string) string {
	f.deps.add(sitePath)
	return f.link.href(sitePath)
}

// S returns the UI string id as plain text.
func (f *Frame) S(id string) string { return f.loc.S(id) }

// T returns the UI string id as HTML; a string that fell back to another
// language is wrapped in a span carrying that language and its direction.
func (f *Frame) T(id string) template.HTML { return f.wrap(f.loc.T(id, nil)) }

// TN returns the plural UI string id for count n.
func (f *Frame) TN(id string, n int) template.HTML {
	return f.wrap(f.loc.T(id, map[string]any{"Count": n}))
}

func (f *Frame) wrap(s, from string) template.HTML {
	esc := template.HTMLEscapeString(s)
	if from == f.Lang.Tag {
		return template.HTML(esc)
	}
	return template.HTML(`<span lang="` + from + `" dir="` + link.Direction(from) + `">` + esc + `</span>`)
}

// title is p's title as links to it show it, recorded as shown (see
// Frame.shown).
func (f *Frame) title(p *link.Page) string {
	f.shown.add(p.URL)
	if p.Parsed.Meta.Title != "" {
		return p.Parsed.Meta.Title
	}
	if p.Kind == link.Home {
		return f.r.loc(p.Lang.Tag).S("site.title")
	}
	return p.Parsed.Rel
}

// pageItem links p from frame f, marking it foreign when its language
// differs.
func (f *Frame) pageItem(p *link.Page) Item {
	it := Item{Href: f.Href(p.URL), Text: f.title(p)}
	if p.Lang.Tag != f.Lang.Tag {
		it.Foreign, it.Lang, it.Dir = true, p.Lang.Tag, p.Lang.Dir
		it.LangName = f.r.nativeName(p.Lang.Tag)
	}
	return it
}

// switcher lists every language: the page's translations as links, the
// current language marked, languages without this page as plain text.
func (f *Frame) switcher(current *link.Page, others []*link.Page) {
	f.Switcher = make([]Item, 0, len(f.r.site.Langs))
	for _, l := range f.r.site.Langs {
		it := Item{Lang: l.Tag, Dir: l.Dir, Text: f.r.nativeName(l.Tag)}
		switch {
		case l.Tag == f.Lang.Tag:
			it.Current = true
		default:
			for _, t := range others {
				if t.Lang == l {
					it.Href = f.Href(t.URL)
				}
			}
			if it.Href == "" {
				it.Label = f.T("nav.not_translated")
			}
		}
		f.Switcher = append(f.Switcher, it)
	}
	f.missingLast()
	if current == nil {
		return
	}
	f.Alternates = make([]Item, 0, len(others)+2)
	f.Alternates = append(f.Alternates, f.alternate(f.Lang.Tag, current.URL))
	for _, t := range others {
		f.Alternates = append(f.Alternates, f.alternate(t.Lang.Tag, t.URL))
	}
	f.addXDefault()
}

// sameInEveryLanguage makes the switcher and alternates of a generated
// page that exists in every language at <lang>/rest (topics, search).
func (f *Frame) sameInEveryLanguage(url string) {
	f.sameInLanguages(url, func(string) bool { return true })
}

// sameInLanguages makes the switcher and alternates of a generated page at
// <lang>/rest in the languages has accepts (a learning path's page); the
// others are listed as not translated.
func (f *Frame) sameInLanguages(url string, has func(lang string) bool) {
	_, rest, _ := strings.Cut(url, "/")
	for _, l := range f.r.site.Langs {
		it := Item{Lang: l.Tag, Dir: l.Dir, Text: f.r.nativeName(l.Tag), Current: l.Tag == f.Lang.Tag}
		switch {
		case it.Current:
		case has(l.Tag):
			it.Href = f.Href(l.Tag + "/" + rest)
		default:
			it.Label = f.T("nav.not_translated")
			f.Switcher = append(f.Switcher, it)
			continue
		}
		f.Switcher = append(f.Switcher, it)
		f.Alternates = append(f.Alternates, f.alternate(l.Tag, l.Tag+"/"+rest))
	}
	f.missingLast()
	f.addXDefault()
}

// missingLast moves the languages the page is not translated into to the
// end of the switcher, so the header says "not translated yet" once,
// after them (the theme hides the note of all but the last from sight;
// a screen reader still reads it with each).
func (f *Frame) missingLast() {
	slices.SortStableFunc(f.Switcher, func(a, b Item) int {
		return cmpBool(a.Href == "" && !a.Current, b.Href == "" && !b.Current)
	})
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}
