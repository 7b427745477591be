// Package learnpath reads learning paths: ordered lists of playbooks,
// possibly across articles, defined once for every language in
// content/paths.toml.
//
// # File
//
//	[[path]]
//	id = "first-week"                       # the path's URL: /<lang>/paths/first-week/
//	steps = [
//	  "global-perspective/why-it-matters.md", # a page by its path in the language folder
//	  "key:nps-basics",                       # or by its translationKey
//	]
//	[path.title]                            # per language; required for at least one
//	he = "השבוע הראשון"
//	cs = "První týden"
//	[path.summary]                          # optional, per language
//	he = "…"
//
// A step names a page the way translations are matched: by its path inside
// the language folder, or by translationKey. Each language's path page
// lists every step; a step with no page in that language is shown as not
// translated, never as a link. A language with none of a path's steps does
// not publish the path at all (no page, handout, package or link), and
// `rapport check` notes it. A step that matches no page in any language
// is an error with its line, as are unknown keys, a missing or repeated id
// and a path without steps or title.
package learnpath

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"rapport/generator/diag"
)

// Path is one learning path.
type Path struct {
	ID      string
	Line    int
	Title   map[string]string // by language tag
	Summary map[string]string
	Steps   []Step
}

// Step is one step of a path: Ref is a page path inside a language folder
// ("a/b.md") or "key:" and a translationKey.
type Step struct {
	Ref  string
	Line int
}

// Key returns the translationKey a step names, if it names one.
func (s Step) Key() (string, bool) { return strings.CutPrefix(s.Ref, "key:") }

// TitleIn returns the path's title in lang; without one, its title in
// English, else in the first language (by tag) that has one: a reader sees
// a title, never the path's id (Missing reports the languages without).
func (p *Path) TitleIn(lang string) string {
	t, _ := p.TitleFor(lang)
	return t
}

// TitleFor returns the title TitleIn returns and the language it is in.
func (p *Path) TitleFor(lang string) (title, in string) {
	for _, l := range []string{lang, "en"} {
		if t := p.Title[l]; t != "" {
			return t, l
		}
	}
	tags := make([]string, 0, len(p.Title))
	for l, t := range p.Title {
		if t != "" {
			tags = append(tags, l)
		}
	}
	if len(tags) == 0 {
		return p.ID, ""
	}
	slices.Sort(tags)
	return p.Title[tags[0]], tags[0]
}

type file struct {
	Path []struct {
		ID      string            `toml:"id"`
		Steps   []string          `toml:"steps"`
		Title   map[string]string `toml:"title"`
		Summary map[string]string `toml:"summary"`
	} `toml:"path"`
}

var idRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// Parse decodes the paths file at path. Every problem is reported; the
// paths that could be read are returned.
func Parse(path string, data []byte) ([]*Path, diag.List) {
	var diags diag.List
	var f file
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		pos, msg := diag.DecodeError(path, data, err)
		diags.Errorf(pos, "%s", firstLine(msg))
		return nil, diags
	}
	lines := strings.Split(string(data), "\n")
	starts := tableStarts(lines)
	for _, k := range md.Undecoded() {
		diags.Errorf(diag.Pos{File: path, Line: keyLine(lines, k[len(k)-1], 0, len(lines))}, "unknown key %q: a path has id, steps, title and summary", k.String())
	}
	var out []*Path
	seen := map[string]bool{}
	for i, fp := range f.Path {
		from, to := 0, len(lines)
		if i < len(starts) {
			from = starts[i]
			if i+1 < len(starts) {
				to = starts[i+1]
			}
		}
		at := diag.Pos{File: path, Line: from + 1}
		p := &Path{ID: fp.ID, Line: from + 1, Title: fp.Title, Summary: fp.Summary}
		switch {
		case !idRE.MatchString(fp.ID):
			diags.Errorf(at, "path id %q: use lowercase letters, digits and '-'", fp.ID)
			continue
		case seen[fp.ID]:
			diags.Errorf(at, "path %q is defined twice", fp.ID)
			continue
		}
		seen[fp.ID] = true
		if len(fp.Steps) == 0 {
			diags.Errorf(at, "path %q has no steps: add steps = [\"article/page.md\", …]", fp.ID)
		}
		if len(fp.Title) == 0 {
			diags.Errorf(at, "path %q has no title: add [path.title] with one line per language", fp.ID)
		}
		for _, s := range fp.Steps {
			p.Steps = append(p.Steps, Step{Ref: s, Line: quotedLine(lines, s, from, to)})
		}
		out = append(out, p)
	}
	return out, diags
}

// Check reports every step that names no page in any language: exists
// says whether one does; refs are the names a step could have meant.
func Check(path string, paths []*Path, exists func(ref string) bool, refs []string) diag.List {
	var diags diag.List
	for _, p := range paths {
		for _, s := range p.Steps {
			if exists(s.Ref) {
				continue
			}
			msg := fmt.Sprintf("unknown step %q of path %q: no page in any language has this path or translationKey", s.Ref, p.ID)
			if sug := diag.Suggest(s.Ref, refs); sug != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", sug)
			}
			diags.Errorf(diag.Pos{File: path, Line: s.Line}, "%s", msg)
		}
	}
	return diags
}

// tableStarts returns the 0-based line of every [[path]] header.
func tableStarts(lines []string) []int {
	var out []int
	for i, l := range lines {
		if strings.TrimSpace(l) == "[[path]]" {
			out = append(out, i)
		}
	}
	return out
}

// quotedLine returns the 1-based line in [from, to) where s appears quoted.
func quotedLine(lines []string, s string, from, to int) int {
	q := strconv.Quote(s)
	for i := from; i < to && i < len(lines); i++ {
		if strings.Contains(lines[i], q) || strings.Contains(lines[i], "'"+s+"'") {
			return i + 1
		}
	}
	return from + 1
}

// keyLine returns the 1-based line in [from, to) where key is assigned.
func keyLine(lines []string, key string, from, to int) int {
	for i := from; i < to && i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		if strings.HasPrefix(t, key) && strings.HasPrefix(strings.TrimSpace(t[len(key):]), "=") {
			return i + 1
		}
		if t == "["+key+"]" || strings.HasSuffix(t, "."+key+"]") {
			return i + 1
		}
	}
	return 1
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}
