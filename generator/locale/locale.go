// Package locale loads the UI strings (go-i18n v2 TOML message files, one a
// language, CLDR plural rules) and answers, for a page's language, a string
// and the language it really came from, so a fallback to English can be
// marked with its own lang and dir.
//
// The built-in files are loaded first and a site's locales/<lang>.toml
// second, so a site can override any string or add a language. English (en)
// is the fallback and the list of known keys: topic IDs are the keys of its
// [topic] table.
package locale

import (
	"fmt"
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"rapport/generator/diag"
	"rapport/generator/load"
)

// Fallback is the language every string falls back to.
const Fallback = "en"

// Bundle holds all UI strings of a build.
type Bundle struct {
	b *i18n.Bundle
	// ids maps a language to its message IDs.
	ids map[string]map[string]bool
	mu  sync.Mutex
	// locs keeps one Localizer a language: a localizer remembers the
	// strings it answered, so a string is looked up and its template run
	// once a build, not once a page.
	locs map[string]*Localizer
	// params maps a message ID to the placeholder names ({{.Min}} → Min)
	// its text uses in any language, so a string asked for without data
	// keeps them for a browser script to fill.
	params map[string][]string
}

// Load reads the built-in message files and then the site's.
func Load(builtin fs.FS, site []load.Source) (*Bundle, diag.List) {
	var diags diag.List
	b := &Bundle{b: i18n.NewBundle(language.English), ids: map[string]map[string]bool{}, locs: map[string]*Localizer{}, params: map[string][]string{}}
	b.b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	entries, _ := fs.ReadDir(builtin, ".")
	// English first: its messages declare the placeholders of every
	// language's (see check.go).
	slices.SortStableFunc(entries, func(a, b fs.DirEntry) int { return boolCmp(a.Name() != Fallback+".toml", b.Name() != Fallback+".toml") })
	declared := map[string][]string{}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".toml") {
			data, err := fs.ReadFile(builtin, e.Name())
			if err == nil {
				b.add("locales/"+e.Name(), data, declared, e.Name() == Fallback+".toml", &diags)
			}
		}
	}
	for _, src := range site {
		b.add(src.Path, src.Data, declared, false, &diags)
	}
	return b, diags
}

func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// add adds the message file at path, whose bytes are data, when it has
// no problem (see checkMessages): one with any is not used.
func (b *Bundle) add(path string, data []byte, declared map[string][]string, declare bool, diags *diag.List) {
	var raw map[string]any
	if _, err := toml.Decode(string(data), &raw); err != nil {
		pos, msg := diag.DecodeError(path, data, err)
		diags.Errorf(pos, "invalid TOML: %s", msg)
		return
	}
	if d := checkMessages(path, data, raw, declared, declare); len(d) > 0 {
		diags.Merge(d)
		return
	}
	mf, err := b.b.ParseMessageFileBytes(data, path)
	if err != nil {
		diags.Errorf(diag.Pos{File: path}, "invalid message file: %v", err)
		return
	}
	tag := mf.Tag.String()
	if b.ids[tag] == nil {
		b.ids[tag] = map[string]bool{}
	}
	for _, m := range mf.Messages {
		b.ids[tag][m.ID] = true
		for _, text := range []string{m.Zero, m.One, m.Two, m.Few, m.Many, m.Other} {
			for _, p := range placeholderRE.FindAllStringSubmatch(text, -1) {
				if p[1] != "Count" && !slices.Contains(b.params[m.ID], p[1]) {
					b.params[m.ID] = append(b.params[m.ID], p[1])
				}
			}
		}
	}
}

// placeholderRE finds the {{.Name}} placeholders of a message text.
var placeholderRE = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

// Has reports whether lang has its own file.
func (b *Bundle) Has(lang string) bool { return b.ids[canon(lang)] != nil }

// IDs returns the message IDs of lang, sorted.
func (b *Bundle) IDs(lang string) []string {
	return slices.Sorted(func(yield func(string) bool) {
		for id := range b.ids[canon(lang)] {
			if !yield(id) {
				return
			}
		}
	})
}

// Topics returns the known topic IDs: the keys under [topic] in en.
func (b *Bundle) Topics() []string {
	var out []string
	for _, id := range b.IDs(Fallback) {
		if t, ok := strings.CutPrefix(id, "topic."); ok {
			out = append(out, t)
		}
	}
	return out
}

func canon(lang string) string {
	t, err := language.Parse(lang)
	if err != nil {
		return lang
	}
	return t.String()
}

// Localizer answers strings for one language. It is safe for concurrent
// use.
type Localizer struct {
	*answers
	// fell, when set, collects the strings that fell back (see Into).
	fell *Fallbacks
}

// answers is the state a language's localizers share.
type answers struct {
	b    *Bundle
	lang string
	l    *i18n.Localizer
	mu   sync.Mutex
	memo map[memoKey]answer
	// plurals remembers PluralForms, which asks for 200 counts.
	plurals map[string]map[string]string
}

// answer is a string, the language it came from and whether that is a
// fallback (the language's file lacks it).
type answer struct {
	s, from string
	fell    bool
}

// memoKey identifies a string asked for: its id and, for plural strings,
// the count (-1 without data).
type memoKey struct {
	id    string
	count int
}

// For returns the localizer of lang, falling back to en.
func (b *Bundle) For(lang string) *Localizer {
	b.mu.Lock()
	defer b.mu.Unlock()
	l, ok := b.locs[lang]
	if !ok {
		l = &Localizer{answers: &answers{b: b, lang: canon(lang), l: i18n.NewLocalizer(b.b, lang, Fallback), memo: map[memoKey]answer{}, plurals: map[string]map[string]string{}}}
		b.locs[lang] = l
	}
	return l
}

// Into returns a localizer of the same language that adds every string
// it answers from another language to f.
func (l *Localizer) Into(f *Fallbacks) *Localizer {
	return &Localizer{answers: l.answers, fell: f}
}

// Lang is the localizer's language.
func (l *Localizer) Lang() string { return l.lang }

// T returns the string id with data (Count selects the plural form) and the
// language it came from: l.Lang(), or en when it fell back. A missing id in
// every language returns the id itself, so a page shows what is missing.
// Placeholders that data does not give, other than Count, stay in the text
// as written ({{.Max}}) for a browser script to fill: never "<no value>".
func (l *Localizer) T(id string, data map[string]any) (string, string) {
	key, ok := memoable(id, data)
	var a answer
	hit := false
	if ok {
		l.mu.Lock()
		a, hit = l.memo[key]
		l.mu.Unlock()
	}
	if !hit {
		a = l.localize(id, data)
	}
	if ok && !hit {
		l.mu.Lock()
		l.memo[key] = a
		l.mu.Unlock()
	}
	if a.fell && l.fell != nil {
		l.fell.Add(l.lang, id)
	}
	return a.s, a.from
}

// memoable returns the memo key of a request whose only data, if any, is
// an int Count: those are answered from the memo.
func memoable(id string, data map[string]any) (memoKey, bool) {
	if len(data) == 0 {
		return memoKey{id, -1}, true
	}
	if n, ok := data["Count"].(int); ok && len(data) == 1 && n >= 0 {
		return memoKey{id, n}, true
	}
	return memoKey{}, false
}

func (l *Localizer) localize(id string, data map[string]any) answer {
	if names := l.b.params[id]; len(names) > 0 {
		data = maps.Clone(data)
		if data == nil {
			data = map[string]any{}
		}
		for _, n := range names {
			if _, given := data[n]; !given {
				data[n] = "{{." + n + "}}"
			}
		}
	}
	cfg := &i18n.LocalizeConfig{MessageID: id, TemplateData: data}
	if c, ok := data["Count"]; ok {
		cfg.PluralCount = c
	}
	s, tag, err := l.l.LocalizeWithTag(cfg)
	if err != nil && s == "" {
		return answer{id, Fallback, true}
	}
	from := tag.String()
	if from != l.lang && !l.b.ids[l.lang][id] {
		return answer{s, from, true}
	}
	return answer{s, l.lang, false}
}

// S is T without the source language.
func (l *Localizer) S(id string) string {
	s, _ := l.T(id, nil)
	return s
}

// Fallbacks is a set of strings answered in another language than the one
// asked for: (language, message ID) pairs. The zero value is empty and
// ready; it is safe for concurrent use.
type Fallbacks struct {
	mu sync.Mutex
	m  map[[2]string]bool
}

// Add records that id was shown in English on a page in lang.
func (f *Fallbacks) Add(lang, id string) {
	f.mu.Lock()
	if f.m == nil {
		f.m = map[[2]string]bool{}
	}
	f.m[[2]string{lang, id}] = true
	f.mu.Unlock()
}

// Merge adds every pair of g to f.
func (f *Fallbacks) Merge(g *Fallbacks) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for k := range g.m {
		f.Add(k[0], k[1])
	}
}

// Warnings reports, per language that has its own file in b, the message
// IDs of f: one warning a language, listing at most a few IDs. (A language
// without a file gets one warning of its own from the build.)
func (f *Fallbacks) Warnings(b *Bundle) diag.List {
	f.mu.Lock()
	per := map[string][]string{}
	for k := range f.m {
		per[k[0]] = append(per[k[0]], k[1])
	}
	f.mu.Unlock()
	var diags diag.List
	for _, lang := range slices.Sorted(maps.Keys(per)) {
		if !b.Has(lang) {
			continue
		}
		ids := slices.Sorted(slices.Values(per[lang]))
		shown := ids[:min(len(ids), 5)]
		more := ""
		if len(ids) > len(shown) {
			more = fmt.Sprintf(" and %d more", len(ids)-len(shown))
		}
		diags.Warnf(diag.Pos{File: "locales/" + lang + ".toml"}, "strings shown in English because this file lacks them (%d): %s%s", len(ids), strings.Join(shown, ", "), more)
	}
	return diags
}

// NativeName returns a language's name in itself: its [lang] name string if
// it has one, else the name golang.org/x/text knows.
func (b *Bundle) NativeName(lang string) string {
	if b.ids[canon(lang)]["lang.name"] {
		s, _ := b.For(lang).T("lang.name", nil)
		return s
	}
	t, err := language.Parse(lang)
	if err != nil {
		return lang
	}
	if n := display.Self.Name(t); n != "" {
		return n
	}
	return lang
}

// PluralForms returns the text of each plural form of id for this language,
// keyed by CLDR category (zero, one, two, few, many, other), with the
// {{.Count}} placeholder left in for a browser script to fill after choosing
// the category with Intl.PluralRules.
func (l *Localizer) PluralForms(id string) map[string]string {
	l.mu.Lock()
	forms, ok := l.plurals[id]
	l.mu.Unlock()
	if !ok {
		forms = l.pluralForms(id)
		l.mu.Lock()
		l.plurals[id] = forms
		l.mu.Unlock()
	}
	return maps.Clone(forms)
}

func (l *Localizer) pluralForms(id string) map[string]string {
	tag, _ := language.Parse(l.lang)
	names := map[plural.Form]string{plural.Zero: "zero", plural.One: "one", plural.Two: "two",
		plural.Few: "few", plural.Many: "many", plural.Other: "other"}
	out := map[string]string{}
	for n := 0; n < 200; n++ {
		form := plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0)
		name := names[form]
		if _, done := out[name]; done {
			continue
		}
		s, err := l.l.Localize(&i18n.LocalizeConfig{MessageID: id, PluralCount: n,
			TemplateData: map[string]any{"Count": "{{.Count}}"}})
		if err == nil || s != "" {
			out[name] = s
		}
	}
	return out
}
