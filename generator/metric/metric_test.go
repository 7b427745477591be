package metric

import (
	"encoding/json"
	"flag"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestParseEval(t *testing.T) {
	vars := map[string]float64{"a": 6, "b": 3, "c": 2}
	tests := []struct {
		src  string
		want float64
	}{
		{"1 + 2 * 3", 7},
		{"(1 + 2) * 3", 9},
		{"a / b / c", 1},
		{"a - b - c", 1},
		{"-a + b", -3},
		{"--a", 6},
		{"min(a, b, c) + max(a, b)", 8},
		{"round(a / 4)", 2},
		{"((a - c) / b) * 100", 400.0 / 3},
		{"1.5 * c", 3},
		{"1.5e3 / a", 250},
		{"2E-1 * 10", 2},
		{"1e+2", 100},
	}
	for _, tt := range tests {
		n, err := Parse(tt.src, false)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.src, err)
			continue
		}
		got, err := n.Eval(vars)
		if err != nil || math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("%q = %v, %v; want %v", tt.src, got, err, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		src string
		pos int
		msg string
	}{
		{"a +", 3, "formula ends too early"},
		{"(a + b", 6, "expected ')' to close the '(' at column 1, but the formula ends"},
		{"a $ b", 2, "unexpected character '$'"},
		{"sqrt(a)", 0, "unknown function \"sqrt\""},
		{"round(a, b)", 0, "round takes 1 argument"},
		{"a b", 2, "unexpected \"b\""},
		{"a <= b", 2, "unexpected \"<=\""},
		{"max()", 4, "max(…) needs at least one argument"},
		{"min(a,)", 6, "unexpected \")\""},
		{"1.5e", 3, "unexpected \"e\""},
		{"1.2.3", 0, "bad number \"1.2.3\""},
		{"1e999", 0, "bad number"},
		{"((a)", 4, "expected ')'"},
		{strings.Repeat("(", 300) + "a" + strings.Repeat(")", 300), MaxDepth, "nested too deeply"},
		{strings.Repeat("-", 300) + "a", MaxDepth, "nested too deeply"},
		{"a" + strings.Repeat(" + a", 300), 4*MaxDepth + 2, "nested too deeply"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.src, false)
		se, ok := err.(*SyntaxError)
		if !ok || se.Pos != tt.pos || !strings.Contains(se.Msg, tt.msg) {
			t.Errorf("Parse(%q) = %v, want error at %d containing %q", tt.src, err, tt.pos, tt.msg)
		}
	}
	if _, err := Parse("lost <= start", true); err != nil {
		t.Errorf("comparison in a check: %v", err)
	}
}

func TestDivisionByZeroNamesInput(t *testing.T) {
	n, _ := Parse("(lost / start) * 100", false)
	_, err := n.Eval(map[string]float64{"lost": 1, "start": 0})
	dz, ok := err.(*ErrDivZero)
	if !ok || dz.Input != "start" {
		t.Errorf("err = %#v, want division by zero naming start", err)
	}
}

func load(t *testing.T) *Set {
	t.Helper()
	src, err := os.ReadFile("../../content/metrics.toml")
	if err != nil {
		t.Fatal(err)
	}
	set, diags := Load("content/metrics.toml", src)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	return set
}

// TestShippedMetrics checks the seven metrics against worked examples,
// including the seeds' formulas and the acceptance figures.
func TestShippedMetrics(t *testing.T) {
	set := load(t)
	tests := []struct {
		id   string
		in   map[string]float64
		want float64
	}{
		{"crr", map[string]float64{"end": 120, "new": 30, "start": 100}, 90},
		{"churn", map[string]float64{"lost": 5, "start": 200}, 2.5},
		{"nps", map[string]float64{"promoters": 50, "passives": 30, "detractors": 20}, 30},
		{"cltv", map[string]float64{"purchase_value": 12.5, "frequency": 4, "lifespan": 2}, 100},
		{"csat", map[string]float64{"satisfied": 45, "responses": 60}, 75},
		{"cac", map[string]float64{"spend": 5000, "new_customers": 40}, 125},
		{"referral", map[string]float64{"referred": 12, "new_customers": 48}, 25},
	}
	if got := len(set.IDs()); got != len(tests) {
		t.Errorf("%d metrics, want %d", got, len(tests))
	}
	for _, tt := range tests {
		m, ok := set.Lookup(tt.id)
		if !ok {
			t.Errorf("metric %s missing", tt.id)
			continue
		}
		got, err := m.Eval(tt.in)
		if err != nil || math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("%s(%v) = %v, %v; want %v", tt.id, tt.in, got, err, tt.want)
		}
	}
}

// oneInput is a valid metrics.toml with one metric, x = a.
const oneInput = "[[metric]]\nid = \"x\"\nunit = \"number\"\nformula = \"a\"\n  [[metric.input]]\n  id = \"a\"\n  kind = \"count\"\n"

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"typo in formula", "[[metric]]\nid = \"nps\"\nunit = \"points\"\nformula = \"(promotrs - detractors) / (promoters + detractors) * 100\"\n  [[metric.input]]\n  id = \"promoters\"\n  kind = \"count\"\n  [[metric.input]]\n  id = \"detractors\"\n  kind = \"count\"\n",
			"m.toml:4:13: unknown input \"promotrs\" in formula of nps (did you mean \"promoters\"?)"},
		{"unused input", "[[metric]]\nid = \"x\"\nunit = \"number\"\nformula = \"a\"\n  [[metric.input]]\n  id = \"a\"\n  kind = \"count\"\n  [[metric.input]]\n  id = \"b\"\n  kind = \"count\"\n",
			"m.toml:9: input \"b\" of x is not used in its formula"},
		{"syntax", "[[metric]]\nid = \"x\"\nunit = \"number\"\nformula = \"a * (a + 1\"\n  [[metric.input]]\n  id = \"a\"\n  kind = \"count\"\n",
			"m.toml:4:22: formula of x: expected ')'"},
		{"bad unit and kind", "[[metric]]\nid = \"x\"\nunit = \"euros\"\nformula = \"a\"\n  [[metric.input]]\n  id = \"a\"\n  kind = \"apples\"\n",
			"m.toml:2: metric x: unit \"euros\" is not one of"},
		{"unknown key", "[[metric]]\nid = \"x\"\nunit = \"number\"\nformla = \"a\"\n", "m.toml:4: unknown key \"metric.formla\""},
		{"toml syntax", "[[metric]\nid = 1\n", "m.toml:1"},
		{"bad check", "[[metric]]\nid = \"x\"\nunit = \"number\"\nformula = \"a\"\n  [[metric.input]]\n  id = \"a\"\n  kind = \"count\"\n  [[metric.check]]\n  rule = \"a + 1\"\n  message = \"m\"\n",
			"m.toml:9:11: check of x: \"a + 1\" must compare two expressions"},
		{"check without input", oneInput + "  [[metric.check]]\n  rule = \"1 <= 2\"\n  message = \"m\"\n",
			"m.toml:9:11: check of x: \"1 <= 2\" names no input"},
		{"check syntax", oneInput + "  [[metric.check]]\n  message = \"m\"\n  rule = \"a <= (a\"\n",
			"m.toml:10:18: check of x: expected ')' to close the '(' at column 6, but the formula ends"},
		{"check unknown input", oneInput + "  [[metric.check]]\n  rule = \"a <= b\"\n  message = \"m\"\n",
			"m.toml:9:16: check of x: unknown input \"b\""},
		{"unclosed", strings.Replace(oneInput, `"a"`, `"(a * 2"`, 1), "m.toml:4:18: formula of x: expected ')'"},
		{"empty call", strings.Replace(oneInput, `"a"`, `"max() + a"`, 1), "m.toml:4:16: formula of x: max(…) needs at least one argument"},
		{"no formula", strings.Replace(oneInput, "formula = \"a\"\n", "", 1), "m.toml:2: metric x has no formula"},
		{"long formula", strings.Replace(oneInput, `"a"`, `"`+strings.Repeat("a + ", 1000)+`a"`, 1), "m.toml:4:814: formula of x: formula too long or nested too deeply"},
		{"second metric's input", oneInput + "[[metric]]\nid = \"y\"\nunit = \"number\"\nformula = \"b\"\n  [[metric.input]]\n  id = \"b\"\n  kind = \"count\"\n  [[metric.input]]\n  id = \"a\"\n  kind = \"count\"\n",
			"m.toml:16: input \"a\" of y is not used in its formula"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := Load("m.toml", []byte(tt.src))
			if !strings.Contains(diags.String(), tt.want) {
				t.Errorf("diagnostics:\n%s\nwant containing %q", diags, tt.want)
			}
		})
	}
}

// TestBrokenMetricNotRendered: a metric whose formula or check did not
// parse stays in the set (a calculator naming it is not "unknown"), is not
// OK, and WriteHTML refuses it instead of panicking.
func TestBrokenMetricNotRendered(t *testing.T) {
	for _, src := range []string{
		strings.Replace(oneInput, `"a"`, `"(a"`, 1),
		oneInput + "  [[metric.check]]\n  rule = \"1 <= 2\"\n  message = \"m\"\n",
		oneInput + "  [[metric.check]]\n  rule = \"a <=\"\n  message = \"m\"\n",
	} {
		set, diags := Load("m.toml", []byte(src))
		m, ok := set.Lookup("x")
		if !diags.HasErrors() || !ok || m.OK() {
			t.Errorf("%q: errors %v, found %v, OK %v", src, diags, ok, ok && m.OK())
			continue
		}
		var b strings.Builder
		if err := m.WriteHTML(&b, View{Label: func(k string) string { return k }}); err == nil || b.Len() > 0 {
			t.Errorf("%q: WriteHTML wrote %q, %v", src, b.String(), err)
		}
	}
	set, _ := Load("m.toml", []byte(oneInput))
	if m, _ := set.Lookup("x"); !m.OK() {
		t.Error("a valid metric is not OK")
	}
}

// BenchmarkParseLong parses a sum of 100,000 terms, which must be rejected
// (MaxDepth) in time linear in its length, a max of 100,000 arguments
// (valid), and a sum just under the limit.
func BenchmarkParseLong(b *testing.B) {
	long := "a" + strings.Repeat(" + a", 100_000)
	wide := "max(a" + strings.Repeat(", a", 100_000) + ")" // valid: two deep
	ok := "a" + strings.Repeat(" + a", MaxDepth-1)
	for b.Loop() {
		if _, err := Parse(long, false); err == nil {
			b.Fatal("100,000 terms accepted")
		}
		for _, f := range []string{wide, ok} {
			if _, err := Parse(f, false); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkLoadLongFormula loads a metrics.toml whose formula has
// 100,000 terms (139 s before parsing was linear), rejected by MaxDepth.
func BenchmarkLoadLongFormula(b *testing.B) {
	src := []byte(strings.Replace(oneInput, `"a"`, `"a`+strings.Repeat(" + a", 100_000)+`"`, 1))
	for b.Loop() {
		if _, diags := Load("m.toml", src); !diags.HasErrors() {
			b.Fatal("accepted")
		}
	}
}

// TestMathMLGolden renders every shipped metric left to right and right to
// left, with labels shown as their locale keys, against golden files.
func TestMathMLGolden(t *testing.T) {
	set := load(t)
	var b strings.Builder
	for _, id := range set.IDs() {
		m, _ := set.Lookup(id)
		for _, dir := range []string{"ltr", "rtl"} {
			b.WriteString(m.MathML(func(k string) string { return k }, dir) + "\n")
		}
	}
	golden := filepath.Join("testdata", "mathml.golden")
	if *update {
		os.WriteFile(golden, []byte(b.String()), 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("MathML differs from %s (go test -update to accept):\n%s", golden, b.String())
	}
	m, _ := set.Lookup("nps")
	got := m.MathML(func(k string) string { return k }, "rtl")
	if !strings.Contains(got, `<math display="block" dir="rtl">`) || !strings.Contains(got, "<mfrac>") {
		t.Errorf("NPS MathML lacks rtl or a fraction: %s", got)
	}
}

// TestJSEvaluatorAgrees runs calculator.js's evaluator under node on every
// shipped formula with several inputs, and compares with Go's.
func TestJSEvaluatorAgrees(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	set := load(t)
	type tc struct {
		Formula []any              `json:"formula"`
		Env     map[string]float64 `json:"env"`
		Want    float64            `json:"want"`
	}
	var cases []tc
	for _, id := range set.IDs() {
		m, _ := set.Lookup(id)
		for _, k := range []float64{1, 3, 7.5, 120} {
			env := map[string]float64{}
			for i, in := range m.Inputs {
				env[in.ID] = k*float64(i+2) + 1
			}
			want, err := m.Eval(env)
			if err != nil {
				t.Fatal(err)
			}
			cases = append(cases, tc{m.Node.Data(), env, want})
		}
	}
	data, _ := json.Marshal(cases)
	script := `
const fs = require("fs");
const src = fs.readFileSync(process.argv[1], "utf8");
// Load the IIFE with a stub document, then reach its evaluator through the
// test hook it exposes when module is defined.
global.document = {documentElement: {lang: "en"}, readyState: "complete", querySelectorAll: () => []};
global.location = {search: ""};
const m = {exports: {}};
new Function("module", src)(m);
const cases = JSON.parse(fs.readFileSync(0, "utf8"));
let bad = 0;
for (const c of cases) {
  const got = m.exports.evaluate(c.formula, c.env);
  if (Math.abs(got - c.want) > 1e-9 * Math.max(1, Math.abs(c.want))) { bad++; console.log(JSON.stringify(c), got); }
}
console.log(cases.length + " cases, " + bad + " differ");
process.exit(bad ? 1 : 0);
`
	cmd := exec.Command(node, "-e", script, "../../themes/default/assets/calculator.js")
	cmd.Stdin = strings.NewReader(string(data))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	t.Log(strings.TrimSpace(string(out)))
}
