package locale

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"rapport/generator/diag"
)

// # UI strings are data
//
// A message file's strings are go-i18n templates, but translators write
// them, so rapport lets them hold text and only the placeholders each
// message declares: {{.Name}}, where the built-in English file's message
// of the same ID uses Name (Count too in a plural message). Any other
// template action ({{range …}}, {{printf …}}, a comment, a pipeline), an
// unclosed {{, and the keys that change a message's delimiters
// (leftDelim, rightDelim) are errors at the file's line, and the file is
// not used: its templates are never run. A table that mixes go-i18n's
// reserved keys with others is an error at its line too (go-i18n's own
// message names no line).

// reserved are go-i18n's reserved keys of a message table (lower-cased).
var reserved = map[string]bool{"id": true, "description": true, "hash": true, "leftdelim": true, "rightdelim": true,
	"zero": true, "one": true, "two": true, "few": true, "many": true, "other": true}

// pluralForms are the CLDR plural keys of a message table.
var pluralForms = []string{"zero", "one", "two", "few", "many", "other"}

// actionRE finds a template action, or an unclosed {{.
var actionRE = regexp.MustCompile(`\{\{-?(?:[^}]|\}[^}])*(?:\}\}|$)`)

// placeholderOnlyRE matches an action that is a placeholder: {{.Name}}.
var placeholderOnlyRE = regexp.MustCompile(`^\{\{\s*\.([A-Za-z]\w*)\s*\}\}$`)

// checker checks one message file's decoded TOML (raw) against the
// placeholders declared by the built-in English messages.
type checker struct {
	path     string
	lines    map[string]int
	declared map[string][]string // message ID → its placeholders; nil map: declare as found
	diags    diag.List
}

// checkMessages reports every problem of raw, the decoded message file
// at path whose bytes are data. declared maps a message ID to the
// placeholders it may use; with declare, the file is the one that
// declares them (built-in English), and what it uses is added instead.
func checkMessages(path string, data []byte, raw map[string]any, declared map[string][]string, declare bool) diag.List {
	c := &checker{path: path, lines: diag.TOMLLines(data), declared: declared}
	if declare {
		c.declared = nil
	}
	c.table("", raw, declared)
	return c.diags
}

func (c *checker) pos(key string) diag.Pos {
	return diag.Pos{File: c.path, Line: c.lines[key]}
}

// table checks a table of messages whose IDs start with prefix.
func (c *checker) table(prefix string, t map[string]any, out map[string][]string) {
	for _, k := range slices.Sorted(maps.Keys(t)) {
		id := prefix + k
		switch v := t[k].(type) {
		case string:
			c.text(id, id, v, false, out)
		case map[string]any:
			if !c.isMessage(id, v) {
				c.table(id+".", v, out)
				continue
			}
			for _, form := range pluralForms {
				if s, ok := v[form].(string); ok {
					c.text(id, id+"."+form, s, true, out)
				}
			}
		}
	}
}

// isMessage reports whether table t, at id, is one message (it has
// reserved keys) and reports a table that mixes them with others, or
// sets delimiters.
func (c *checker) isMessage(id string, t map[string]any) bool {
	var res, other []string
	for k := range t {
		if reserved[strings.ToLower(k)] {
			res = append(res, k)
		} else {
			other = append(other, k)
		}
	}
	slices.Sort(res)
	slices.Sort(other)
	for _, k := range res {
		if l := strings.ToLower(k); l == "leftdelim" || l == "rightdelim" {
			c.diags.Errorf(c.pos(id+"."+k), "%s.%s: UI strings cannot change their template delimiters: remove the key", id, k)
		}
	}
	if len(res) > 0 && len(other) > 0 {
		c.diags.Errorf(c.pos(id), "[%s]: %s reserved in message files (%s), so it cannot sit beside other keys (%s): rename it, or move the other keys to a table of their own",
			id, quoteList(res), strings.Join(slices.Sorted(maps.Keys(reserved)), ", "), strings.Join(other, ", "))
	}
	return len(res) > 0
}

// text checks the text of message id, set at key (a plural form's key in
// a plural message), and records its placeholders in out when declaring.
func (c *checker) text(id, key, s string, plural bool, out map[string][]string) {
	allowed := c.declared[id]
	for _, a := range actionRE.FindAllString(s, -1) {
		m := placeholderOnlyRE.FindStringSubmatch(a)
		switch {
		case m != nil && c.declared == nil:
			if !slices.Contains(out[id], m[1]) {
				out[id] = append(out[id], m[1])
			}
		case m != nil && (slices.Contains(allowed, m[1]) || plural && m[1] == "Count"):
		default:
			c.diags.Errorf(c.pos(key), "%s: %q is not allowed in a UI string: %s", id, clip(a), c.allowedText(allowed, plural))
			return
		}
	}
}

// allowedText says which placeholders a message may use.
func (c *checker) allowedText(allowed []string, plural bool) string {
	var names []string
	for _, a := range allowed {
		names = append(names, "{{."+a+"}}")
	}
	if plural && !slices.Contains(allowed, "Count") {
		names = append(names, "{{.Count}}")
	}
	if len(names) == 0 {
		return "this string takes no placeholders; write plain text"
	}
	return fmt.Sprintf("only its placeholders %s may be used, written exactly so", strings.Join(names, ", "))
}

// clip shortens a long action for a message.
func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// quoteList writes keys as `"a" is` or `"a", "b" are`.
func quoteList(keys []string) string {
	q := make([]string, len(keys))
	for i, k := range keys {
		q[i] = fmt.Sprintf("%q", k)
	}
	if len(q) == 1 {
		return q[0] + " is a word"
	}
	return strings.Join(q, ", ") + " are words"
}
