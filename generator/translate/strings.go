package translate

import (
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"rapport/generator/translate/blocks"
)

// Strings besides pages: the UI strings (with topic names and metric
// labels) a language lacks in locales/<lang>.toml, and the titles and
// summaries of learning paths in content/paths.toml. Both files are read
// line by line, as rapport writes them: [tables] and key = "basic string"
// on one line; a value written otherwise is left out.

// entry is a key = "value" line of a TOML file.
type entry struct {
	table, key, value string
	line              int // 1-based
	path              string
}

var (
	tomlTableRE = regexp.MustCompile(`^\s*\[\[?\s*([A-Za-z0-9_.-]+)\s*\]\]?\s*(#.*)?$`)
	tomlKeyRE   = regexp.MustCompile(`^\s*([A-Za-z0-9_-]+)\s*=\s*("(?:[^"\\]|\\.)*")\s*(#.*)?$`)
)

// entries reads a TOML file's string entries; path is the id of the
// [[path]] they are under, for paths.toml.
func entries(data []byte) []entry {
	var out []entry
	table, id := "", ""
	for i, l := range strings.Split(string(data), "\n") {
		if m := tomlTableRE.FindStringSubmatch(l); m != nil {
			table = m[1]
			if strings.HasPrefix(strings.TrimSpace(l), "[[") {
				id = ""
			}
			continue
		}
		m := tomlKeyRE.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		v, err := strconv.Unquote(m[2])
		if err != nil {
			continue
		}
		if table == "path" && m[1] == "id" {
			id = v
		}
		out = append(out, entry{table: table, key: m[1], value: v, line: i + 1, path: id})
	}
	return out
}

// localeFile is the UI strings (every key English has), from the source
// language's file (English's where the source lacks one), with lang's as
// targets: those lang lacks are untranslated.
func localeFile(fsys fs.FS, from, lang string) (File, bool) {
	read := func(l string) ([]entry, bool) {
		data, err := fs.ReadFile(fsys, "locales/"+l+".toml")
		return entries(data), err == nil
	}
	en, _ := read("en")
	src, ok := read(from)
	tgt, _ := read(lang)
	f := File{Source: "locales/" + from + ".toml", Target: "locales/" + lang + ".toml", Title: "UI strings", kind: "locale", lang: lang}
	if !ok || lang == "en" {
		return f, false
	}
	have := map[string]string{}
	for _, e := range tgt {
		have[e.table+"."+e.key] = e.value
	}
	bySrc := map[string]entry{}
	for _, e := range src {
		bySrc[e.table+"."+e.key] = e
	}
	for _, e := range en {
		k := e.table + "." + e.key
		s, ok := bySrc[k]
		if !ok {
			s = e
		}
		u := Unit{Key: k, Kind: "string", Context: "UI string " + k, Line: s.line, Source: blocks.Tokenize(s.value), block: -1, tblock: -1}
		if v, ok := have[k]; ok {
			u.Target, u.State = blocks.Renumber(blocks.Tokenize(v), u.Source), Translated
		}
		f.Units = append(f.Units, u)
	}
	return f, len(f.Units) > 0
}

// pathsFile is the learning paths' titles and summaries.
func pathsFile(fsys fs.FS, from, lang string) (File, bool) {
	data, err := fs.ReadFile(fsys, "content/paths.toml")
	f := File{Source: "content/paths.toml", Target: "content/paths.toml", Title: "Learning paths", kind: "paths", lang: lang}
	if err != nil {
		return f, false
	}
	all := entries(data)
	for _, e := range all {
		if e.key != from || (e.table != "path.title" && e.table != "path.summary") || e.path == "" {
			continue
		}
		what := strings.TrimPrefix(e.table, "path.")
		u := Unit{Key: e.path + "." + what, Kind: "path-" + what, Context: "learning path " + e.path, Line: e.line,
			Source: blocks.Tokenize(e.value), block: -1, tblock: -1}
		if i := slices.IndexFunc(all, func(t entry) bool { return t.table == e.table && t.path == e.path && t.key == lang }); i >= 0 {
			u.Target, u.State = blocks.Renumber(blocks.Tokenize(all[i].value), u.Source), Translated
		}
		f.Units = append(f.Units, u)
	}
	return f, len(f.Units) > 0
}

// applyStrings writes the edits of a locale file or paths.toml.
func (f *File) applyStrings(fsys fs.FS, edits []edit) (*Change, string) {
	data, err := fs.ReadFile(fsys, f.Target)
	exists := err == nil
	lines := strings.Split(string(data), "\n")
	if !exists {
		lines = []string{"# UI strings, written by rapport translate import.", ""}
	}
	for _, e := range edits {
		table, key := splitKey(e.unit.Key)
		if f.kind == "paths" {
			path, what, _ := strings.Cut(e.unit.Key, ".")
			table, key = "path."+what, path
		}
		var msg string
		if lines, msg = setString(lines, f.kind, table, key, f.lang, e.text); msg != "" {
			return nil, fmt.Sprintf("%s: %s", f.Target, msg)
		}
	}
	return &Change{Path: f.Target, Data: []byte(strings.Join(lines, "\n")), New: !exists, Units: len(edits)}, ""
}

func splitKey(k string) (table, key string) {
	i := strings.LastIndexByte(k, '.')
	return k[:i], k[i+1:]
}

// setString sets key = value in a table: for a locale file, key in
// [table]; for paths.toml, the line of language lang in the table of the
// path whose id is key.
func setString(lines []string, kind, table, key, lang, value string) ([]string, string) {
	line := key + " = " + strconv.Quote(value)
	if kind == "paths" {
		line = lang + " = " + strconv.Quote(value)
	}
	start, end, found := -1, len(lines), false
	id := ""
	for i, l := range lines {
		if m := tomlTableRE.FindStringSubmatch(l); m != nil {
			if strings.HasPrefix(strings.TrimSpace(l), "[[") {
				id = ""
			}
			if found {
				end = i
				break
			}
			found = m[1] == table && (kind != "paths" || id == key)
			if found {
				start = i
			}
			continue
		}
		if m := tomlKeyRE.FindStringSubmatch(l); m != nil && m[1] == "id" {
			id, _ = strconv.Unquote(m[2])
		}
		if m := tomlKeyRE.FindStringSubmatch(l); found && m != nil && (m[1] == key && kind != "paths" || m[1] == lang && kind == "paths") {
			lines[i] = line
			return lines, ""
		}
	}
	if start < 0 {
		if kind == "paths" {
			return lines, fmt.Sprintf("learning path %q has no [%s] table", key, table)
		}
		for len(lines) > 0 && lines[len(lines)-1] == "" {
			lines = lines[:len(lines)-1]
		}
		return append(lines, "", "["+table+"]", line, ""), ""
	}
	last := start
	for i := start + 1; i < end; i++ {
		if strings.TrimSpace(lines[i]) != "" {
			last = i
		}
	}
	return slices.Insert(lines, last+1, line), ""
}
