package parse

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"rapport/generator/diag"
)

// TestSimpleYAMLSame checks the fast path against yaml.v3 on random front
// matter made of what pages write and what YAML reads another way: where
// decodeSimpleYAML accepts, yaml.v3 must decode the same without a
// problem.
func TestSimpleYAMLSame(t *testing.T) {
	keys := []string{"title", "description", "topics", "weight", "slug", "lastmod", "translationKey", "sourceHash", "titel", " title", "# title", "title "}
	seps := []string{": ", ":", ":  ", ": \t", " : "}
	values := []string{
		`"אמון"`, `"Důvěra a zpětná vazba"`, `'single'`, `"with \"escape\""`, `"a\tb"`, `'it''s'`, `"unclosed`, `"x" y`, `"x"  `,
		`plain words`, `yes`, `null`, `~`, `Null`, `2026-11-30`, `12`, `012`, `0x1f`, `-3`, `1_000`, `3.5`, `+4`, `0`,
		`a: b`, `a #c`, `a#c`, `http://x.y/z`, `- item`, `[trust, feedback]`, `[trust,feedback ]`, `[]`, `[ ]`, `[a,]`, `[1a]`,
		`[yes, no, null]`, `[a-b, c_d]`, `{a: b}`, `&anchor x`, `*alias`, `!tag x`, `|`, `>`, `'`, `"`, `ends:`, "\u2028x", "x\u0085",
		"\u202bx\u202c", `ความสัมพันธ์`, `"ﻻ ﻼ"`, "", `%x`, "@x", "`x`", `"a: b # c"`, `.x`, `?x`, `? x`, `x, y`,
	}
	r := rand.New(rand.NewPCG(3, 4))
	accepted := 0
	for i := 0; i < 200000; i++ {
		var b strings.Builder
		for n := 1 + r.IntN(3); n > 0; n-- {
			switch r.IntN(12) {
			case 0:
				b.WriteString("\n")
			case 1:
				b.WriteString("  - x\n")
			default:
				b.WriteString(keys[r.IntN(len(keys))] + seps[r.IntN(len(seps))] + values[r.IntN(len(values))] + "\n")
			}
		}
		raw := []byte(b.String())
		fast := &FrontMatter{Lines: map[string]int{}}
		if !decodeSimpleYAML(raw, 2, fast) {
			continue
		}
		accepted++
		slow := &FrontMatter{Lines: map[string]int{}}
		var diags diag.List
		decodeYAMLNodes("f.md", raw, 2, slow, &diags)
		if len(diags) > 0 || !reflect.DeepEqual(fast, slow) {
			t.Fatalf("%q:\nfast %+v\nyaml %+v %v", raw, fast, slow, diags)
		}
	}
	if accepted < 10000 {
		t.Errorf("the fast path accepted %d of 200000 front matters: the test checks too little", accepted)
	}
}

func TestSimpleYAMLCorpus(t *testing.T) {
	raw := []byte("title: \"מחסומי שפה 2\"\ntopics: [customer-service, metrics]\nweight: 2\n")
	fm := &FrontMatter{Lines: map[string]int{}}
	if !decodeSimpleYAML(raw, 2, fm) {
		t.Fatal("the fast path refused a playbook's front matter")
	}
	if fm.Meta.Title != "מחסומי שפה 2" || fm.Meta.Weight != 2 || len(fm.Meta.Topics) != 2 || fm.Lines["weight"] != 4 {
		t.Errorf("got %+v", fm)
	}
}
