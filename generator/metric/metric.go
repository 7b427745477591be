// Package metric defines the metrics that calculators compute: each metric
// once for all languages, in content/metrics.toml, with a formula in a small
// language that is parsed and checked at build time.
//
// # metrics.toml
//
//	[[metric]]
//	id = "churn"
//	formula = "(lost / start) * 100"
//	unit = "percent"            # percent, points, money or number
//	decimals = 1
//	currency = "EUR"            # money only: the ISO 4217 code results show
//	  [[metric.input]]
//	  id = "lost"
//	  kind = "count"            # count, money, percent or number
//	  min = 0                   # optional bounds; counts are whole numbers
//	  [[metric.input]]
//	  id = "start"
//	  kind = "count"
//	  [[metric.check]]          # an impossible combination of inputs
//	  rule = "lost <= start"
//	  message = "lost_exceeds_start"   # locale key metric.churn.lost_exceeds_start
//
// # The formula language
//
// Numbers, input IDs, + - * /, parentheses, unary minus, and the functions
// min, max and round. Every identifier must be a declared input and every
// input must be used. Errors point at content/metrics.toml:line:col of the
// offending token.
package metric

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"rapport/generator/diag"
)

// Input is one value a reader types into a calculator.
type Input struct {
	ID      string   `toml:"id"`
	Kind    string   `toml:"kind"`
	Min     *float64 `toml:"min"`
	Max     *float64 `toml:"max"`
	Integer *bool    `toml:"integer"`
	Default *float64 `toml:"default"`
}

// Whole reports whether the input takes whole numbers only (counts, unless
// the file says otherwise).
func (in Input) Whole() bool {
	if in.Integer != nil {
		return *in.Integer
	}
	return in.Kind == "count"
}

// Lower returns the input's lower bound: its min, or 0 for counts and money.
func (in Input) Lower() (float64, bool) {
	if in.Min != nil {
		return *in.Min, true
	}
	if in.Kind == "count" || in.Kind == "money" {
		return 0, true
	}
	return 0, false
}

// Check is a rule the inputs must satisfy, with the locale key of the
// message shown when they do not.
type Check struct {
	Rule    string `toml:"rule"`
	Message string `toml:"message"`
	Node    *Node  `toml:"-"`
}

// Metric is one metric.
type Metric struct {
	ID       string  `toml:"id"`
	Formula  string  `toml:"formula"`
	Unit     string  `toml:"unit"`
	Currency string  `toml:"currency"` // ISO 4217 code of a money result
	Decimals int     `toml:"decimals"`
	Inputs   []Input `toml:"input"`
	Checks   []Check `toml:"check"`
	Node     *Node   `toml:"-"`
}

// Input returns the input with the given ID.
func (m *Metric) Input(id string) (Input, bool) {
	i := slices.IndexFunc(m.Inputs, func(in Input) bool { return in.ID == id })
	if i < 0 {
		return Input{}, false
	}
	return m.Inputs[i], true
}

// InputIDs returns the input IDs in order.
func (m *Metric) InputIDs() []string {
	var ids []string
	for _, in := range m.Inputs {
		ids = append(ids, in.ID)
	}
	return ids
}

// Eval computes the metric for the given inputs.
func (m *Metric) Eval(values map[string]float64) (float64, error) {
	v, err := m.Node.Eval(values)
	if err == nil && (math.IsInf(v, 0) || math.IsNaN(v)) {
		return 0, errors.New("result is not a number")
	}
	return v, err
}

// Set is every metric of a site.
type Set struct {
	metrics []*Metric
}

// Lookup returns the metric with the given ID.
func (s *Set) Lookup(id string) (*Metric, bool) {
	if s == nil {
		return nil, false
	}
	i := slices.IndexFunc(s.metrics, func(m *Metric) bool { return m.ID == id })
	if i < 0 {
		return nil, false
	}
	return s.metrics[i], true
}

// IDs returns the metric IDs in file order.
func (s *Set) IDs() []string {
	if s == nil {
		return nil
	}
	var ids []string
	for _, m := range s.metrics {
		ids = append(ids, m.ID)
	}
	return ids
}

var (
	units = []string{"percent", "points", "money", "number"}
	kinds = []string{"count", "money", "percent", "number"}
	idRE  = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	isoRE = regexp.MustCompile(`^[A-Z]{3}$`)
)

// Load parses and checks metrics.toml. path is used in diagnostics.
func Load(path string, src []byte) (*Set, diag.List) {
	var diags diag.List
	var file struct {
		Metric []*Metric `toml:"metric"`
	}
	md, err := toml.Decode(string(src), &file)
	if err != nil {
		pos, msg := diag.DecodeError(path, src, err)
		diags.Errorf(pos, "invalid TOML: %s", msg)
		return &Set{}, diags
	}
	loc := newLocator(src)
	for _, k := range md.Undecoded() {
		diags.Errorf(diag.Pos{File: path, Line: diag.TOMLKeyLine(src, k[len(k)-1])}, "unknown key %q", k.String())
	}
	s := &Set{}
	seen := map[string]bool{}
	for i, m := range file.Metric {
		mloc := loc.table(metricRE, i, false)
		checkMetric(path, m, mloc, &diags)
		line, col := mloc.value(formulaRE)
		checkFormula(diag.Pos{File: path, Line: line, Col: col}, m, mloc, &diags)
		checkRules(path, m, mloc, &diags)
		if seen[m.ID] {
			diags.Errorf(diag.Pos{File: path, Line: mloc.idLine(m.ID)}, "metric %q is defined twice", m.ID)
		}
		seen[m.ID] = true
		s.metrics = append(s.metrics, m)
	}
	return s, diags
}

// OK reports whether the metric's formula and every check parsed, so that
// it can be evaluated and rendered. Load reports why when it is not.
func (m *Metric) OK() bool {
	if m.Node == nil {
		return false
	}
	for _, c := range m.Checks {
		if c.Node == nil {
			return false
		}
	}
	return true
}

// checkMetric checks the metric's id, unit and input kinds.
func checkMetric(path string, m *Metric, loc *locator, diags *diag.List) {
	at := diag.Pos{File: path, Line: loc.idLine(m.ID)}
	if !idRE.MatchString(m.ID) {
		diags.Errorf(at, "metric id %q: use lowercase letters, digits and _", m.ID)
	}
	if !slices.Contains(units, m.Unit) {
		diags.Errorf(at, "metric %s: unit %q is not one of %s", m.ID, m.Unit, strings.Join(units, ", "))
	}
	checkCurrency(at, m, diags)
	if m.Decimals < 0 || m.Decimals > maxDecimals {
		diags.Errorf(at, "metric %s: decimals = %d: give 0 to %d", m.ID, m.Decimals, maxDecimals)
	}
	for _, in := range m.Inputs {
		checkInput(diag.Pos{File: path, Line: loc.idLine(in.ID)}, m, in, diags)
	}
}

// maxDecimals is the most decimals a result is shown with.
const maxDecimals = 10

// checkInput checks an input's id (a name a script may use as a key:
// __proto__ is refused), kind and bounds (finite, min not above max).
func checkInput(at diag.Pos, m *Metric, in Input, diags *diag.List) {
	if !idRE.MatchString(in.ID) {
		diags.Errorf(at, "input id %q of %s: use lowercase letters, digits and _, starting with a letter", in.ID, m.ID)
	}
	if !slices.Contains(kinds, in.Kind) {
		diags.Errorf(at, "input %s of %s: kind %q is not one of %s", in.ID, m.ID, in.Kind, strings.Join(kinds, ", "))
	}
	for _, b := range []struct {
		name string
		v    *float64
	}{{"min", in.Min}, {"max", in.Max}} {
		if b.v != nil && (math.IsNaN(*b.v) || math.IsInf(*b.v, 0)) {
			diags.Errorf(at, "input %s of %s: %s = %v: give a finite number", in.ID, m.ID, b.name, *b.v)
		}
	}
	if in.Min != nil && in.Max != nil && *in.Min > *in.Max {
		diags.Errorf(at, "input %s of %s: min %v is above max %v", in.ID, m.ID, *in.Min, *in.Max)
	}
}

// checkCurrency checks that a money result names its currency with an
// ISO 4217 code, and that no other result does.
func checkCurrency(at diag.Pos, m *Metric, diags *diag.List) {
	switch {
	case m.Currency != "" && m.Unit != "money":
		diags.Errorf(at, "metric %s: currency %q is for money results; its unit is %q", m.ID, m.Currency, m.Unit)
	case m.Currency != "" && !isoRE.MatchString(m.Currency):
		diags.Errorf(at, "metric %s: currency %q is not an ISO 4217 code such as \"EUR\" or \"USD\"", m.ID, m.Currency)
	case m.Currency == "" && m.Unit == "money":
		diags.Warnf(at, "metric %s: a money result without a currency shows a bare number; add currency = \"EUR\" (or another ISO 4217 code)", m.ID)
	}
}

// checkFormula parses the formula, which starts at at, and checks that it
// uses every input and no other name. m.Node stays nil when it does not
// parse.
func checkFormula(at diag.Pos, m *Metric, loc *locator, diags *diag.List) {
	if strings.TrimSpace(m.Formula) == "" {
		diags.Errorf(diag.Pos{File: at.File, Line: loc.idLine(m.ID)}, "metric %s has no formula: add formula = \"…\"", m.ID)
		return
	}
	node, err := Parse(m.Formula, false)
	if err != nil {
		diags.Errorf(shift(at, m.Formula, syntaxPos(err)), "formula of %s: %v", m.ID, err)
		return
	}
	m.Node = node
	used := map[string]bool{}
	for _, v := range node.Vars() {
		used[v.Name] = true
		if _, ok := m.Input(v.Name); !ok {
			msg := fmt.Sprintf("unknown input %q in formula of %s", v.Name, m.ID)
			if s := diag.Suggest(v.Name, m.InputIDs()); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			diags.Errorf(shift(at, m.Formula, v.Pos), "%s", msg)
		}
	}
	for _, in := range m.Inputs {
		if !used[in.ID] {
			diags.Errorf(diag.Pos{File: at.File, Line: loc.idLine(in.ID)}, "input %q of %s is not used in its formula", in.ID, m.ID)
		}
	}
}

// checkRules parses the metric's checks: each compares two expressions of
// its inputs. loc is the metric's table. A check that does not parse
// keeps a nil Node.
func checkRules(path string, m *Metric, loc *locator, diags *diag.List) {
	for i, c := range m.Checks {
		line, col := loc.table(checkRE, i, true).value(ruleRE)
		at := diag.Pos{File: path, Line: line, Col: col}
		n, err := Parse(c.Rule, true)
		switch {
		case err != nil:
			diags.Errorf(shift(at, c.Rule, syntaxPos(err)), "check of %s: %v", m.ID, err)
			continue
		case !strings.ContainsAny(n.Op, "<>"):
			diags.Errorf(at, "check of %s: %q must compare two expressions, such as lost <= start", m.ID, c.Rule)
			continue
		case len(n.Vars()) == 0:
			diags.Errorf(at, "check of %s: %q names no input: a check compares inputs, such as lost <= start", m.ID, c.Rule)
			continue
		}
		ok := true
		for _, v := range n.Vars() {
			if _, known := m.Input(v.Name); !known {
				diags.Errorf(shift(at, c.Rule, v.Pos), "check of %s: unknown input %q", m.ID, v.Name)
				ok = false
			}
		}
		if ok {
			m.Checks[i].Node = n
		}
	}
}

// shift returns at moved to the rune of s at byte offset off, when at has
// a column: s starts at at.
func shift(at diag.Pos, s string, off int) diag.Pos {
	if at.Col > 0 {
		at.Col += runeCol(s, off)
	}
	return at
}

// syntaxPos returns the byte offset of a *SyntaxError, or 0.
func syntaxPos(err error) int {
	var se *SyntaxError
	if errors.As(err, &se) {
		return se.Pos
	}
	return 0
}

// runeCol converts a byte offset in s to a 0-based column in runes.
func runeCol(s string, off int) int {
	return len([]rune(s[:min(off, len(s))]))
}

// locator finds the lines of keys in the TOML source, which BurntSushi/toml
// does not report for values. It looks inside a range of lines: the whole
// file, or one [[metric]] table and its sub-tables.
type locator struct {
	lines      []string
	start, end int // 0-based, end exclusive
}

func newLocator(src []byte) *locator {
	lines := strings.Split(string(src), "\n")
	return &locator{lines: lines, end: len(lines)}
}

var (
	metricRE  = regexp.MustCompile(`^\s*\[\[\s*metric\s*\]\]`)
	checkRE   = regexp.MustCompile(`^\s*\[\[\s*metric\.check\s*\]\]`)
	tableRE   = regexp.MustCompile(`^\s*\[`)
	formulaRE = regexp.MustCompile(`^\s*formula\s*=\s*["']`)
	ruleRE    = regexp.MustCompile(`^\s*rule\s*=\s*["']`)
)

// table returns the locator of the i-th table whose header matches header,
// up to the next such header (or, with short, the next table of any kind);
// l itself when there is none.
func (l *locator) table(header *regexp.Regexp, i int, short bool) *locator {
	n := 0
	for ln := l.start; ln < l.end; ln++ {
		if !header.MatchString(l.lines[ln]) {
			continue
		}
		if n == i {
			t := &locator{lines: l.lines, start: ln, end: l.end}
			for next := ln + 1; next < l.end; next++ {
				if header.MatchString(l.lines[next]) || short && tableRE.MatchString(l.lines[next]) {
					t.end = next
					break
				}
			}
			return t
		}
		n++
	}
	return l
}

// value returns the line of the first key that re matches (a key with a
// string value) and the 1-based column of the first character inside the
// string's quotes; the range's first line and column 0 when there is none.
func (l *locator) value(re *regexp.Regexp) (int, int) {
	for ln := l.start; ln < l.end; ln++ {
		if m := re.FindStringIndex(l.lines[ln]); m != nil {
			return ln + 1, len([]rune(l.lines[ln][:m[1]])) + 1
		}
	}
	return l.start + 1, 0
}

func (l *locator) find(re *regexp.Regexp) int {
	line, _ := l.value(re)
	return line
}

func (l *locator) idLine(id string) int {
	return l.find(regexp.MustCompile(`^\s*id\s*=\s*["']` + regexp.QuoteMeta(id) + `["']`))
}
