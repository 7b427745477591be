package diag

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// lineRE finds the line a TOML or YAML decoder names in its message
// ("toml: line 3 (last key …): …", "yaml: line 2: …").
var lineRE = regexp.MustCompile(`line (\d+)`)

// DecodeError returns where err, returned by decoding src as TOML
// (BurntSushi/toml) or YAML (yaml.v3), points in src, with file as the
// position's file, and the cause without the decoder's own position prefix.
// A TOML syntax error's byte offset is exact (its reported line can be the
// next one), so it gives a column too; otherwise the line is the one the
// message names, or 1.
func DecodeError(file string, src []byte, err error) (Pos, string) {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return At(file, src, pe.Position.Start), pe.Message
	}
	msg := err.Error()
	pos := Pos{File: file, Line: 1}
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		pos.Line, _ = strconv.Atoi(m[1])
		// yaml.v3 numbers lines from 1 in scanner errors but from 0 in
		// parser errors ("did not find expected …"): make both 1-based.
		if strings.Contains(msg, "did not find expected") {
			pos.Line++
		}
	}
	return pos, stripPrefix(msg)
}

// stripPrefix removes "yaml: line N: " or "toml: line N (last key …): "
// from a decoder's message: the position says it.
func stripPrefix(msg string) string {
	for _, p := range []string{"yaml: ", "toml: "} {
		msg = strings.TrimPrefix(msg, p)
	}
	if !strings.HasPrefix(msg, "line ") {
		return msg
	}
	if i := strings.Index(msg, ": "); i > 0 {
		return msg[i+2:]
	}
	return msg
}

// TOMLKeyLine returns the 1-based line of the first line of src that
// assigns key (`key = …`, spaces allowed around it), or 1.
func TOMLKeyLine(src []byte, key string) int {
	for i, line := range strings.Split(string(src), "\n") {
		t := strings.TrimSpace(line)
		if rest, ok := strings.CutPrefix(t, key); ok && strings.HasPrefix(strings.TrimSpace(rest), "=") {
			return i + 1
		}
	}
	return 1
}

var (
	tomlTableRE = regexp.MustCompile(`^\s*\[\[?\s*([^\]]+?)\s*\]\]?`)
	tomlKeyRE   = regexp.MustCompile(`^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=`)
)

// TOMLLines maps each dotted key of a TOML file to the line that sets it,
// tables to their header's line. BurntSushi/toml keeps key positions to
// itself; the file is small, so a line scan that knows table headers,
// dotted and quoted keys and multi-line strings is enough.
func TOMLLines(data []byte) map[string]int {
	m := map[string]int{}
	table := ""
	inString := ""
	for i, line := range strings.Split(string(data), "\n") {
		if inString != "" {
			if strings.Count(line, inString)%2 == 1 {
				inString = ""
			}
			continue
		}
		if t := tomlTableRE.FindStringSubmatch(line); t != nil {
			table = dotted(t[1])
			m[table] = i + 1
			continue
		}
		k := tomlKeyRE.FindStringSubmatch(line)
		if k == nil {
			continue
		}
		key := dotted(k[1])
		if table != "" {
			key = table + "." + key
		}
		if _, ok := m[key]; !ok {
			m[key] = i + 1
		}
		for _, q := range []string{`"""`, `'''`} {
			if strings.Count(line, q)%2 == 1 {
				inString = q
			}
		}
	}
	return m
}

// dotted normalises a TOML key as toml.Key.String writes it: parts joined
// by dots, quotes kept only where needed.
func dotted(k string) string {
	var parts []string
	for _, p := range tomlKeyPartRE.FindAllString(k, -1) {
		parts = append(parts, strings.Trim(p, `"'`))
	}
	return toml.Key(parts).String()
}

var tomlKeyPartRE = regexp.MustCompile(`"[^"]*"|'[^']*'|[^.\s]+`)
