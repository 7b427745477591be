package cmi5_test

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"rapport/generator/internal/browsertest"
)

func xmlUnmarshal(data []byte, v any) error { return xml.Unmarshal(data, v) }

// au drives one launched AU in the browser.
type au struct {
	browsertest.Tab
	s *standIn
	l launch
}

const frame = `document.getElementById("course").contentDocument`

// open launches l in the tab and waits for its page and the reporting
// core.
func (s *standIn) open(p browsertest.Tab, l launch) au {
	p.T.Helper()
	a := au{p, s, l}
	a.Do(chromedp.Navigate(l.url))
	a.waitFor(`!!window.rapportLMS && (function () { var d = ` + frame + `; return d.readyState === "complete" && !!d.defaultView.rapportProgress; })()`)
	return a
}

// eval runs js in the launcher, again while the page is between
// documents (Chromium's "Cannot find context").
func (a au) eval(js string) string {
	a.T.Helper()
	var err error
	for try := 0; try < 50; try++ {
		var out string
		if out, err = chromedp.Run(a.Ctx, chromedp.Evaluate[string](js)); err == nil {
			return out
		}
		time.Sleep(200 * time.Millisecond)
	}
	a.T.Fatal(err)
	return ""
}

func (a au) waitFor(cond string) {
	a.T.Helper()
	js := `(function () { try { return String(!!(` + cond + `)); } catch (e) { return "false"; } })()`
	for end := time.Now().Add(60 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		if a.eval(js) == "true" {
			return
		}
	}
	a.T.Fatalf("waited 60 s for %s", cond)
}

// answer answers every question of the page, right or with a wrong
// choice, and returns how many there were.
func (a au) answer(right bool) int {
	a.T.Helper()
	js := `(function () { var d = ` + frame + `, n = 0, right = ` + map[bool]string{true: "true", false: "false"}[right] + `;
  d.querySelectorAll("section.quiz").forEach(function (q) {
    var ins = Array.prototype.slice.call(q.querySelectorAll(".quiz-answers input"));
    if (!q.querySelector(".quiz-retry").hidden) q.querySelector(".quiz-retry").click();
    if (q.querySelector(".quiz-check").hidden) return;
    ins.forEach(function (i) { i.checked = right ? i.hasAttribute("data-right") : false; });
    if (!right) ins.filter(function (i) { return !i.hasAttribute("data-right"); })[0].checked = true;
    q.querySelector(".quiz-check").click();
    n++;
  });
  return String(n); })()`
	var n int
	json.Unmarshal([]byte(a.eval(js)), &n)
	return n
}

func (a au) markDone() {
	a.T.Helper()
	a.eval(`(function () { var b = ` + frame + `.querySelector("input.progress-done"); if (b && !b.checked) b.click(); return ""; })()`)
}

// exit presses the launcher's exit button and waits for the LMS's
// returnURL.
func (a au) exit() {
	a.T.Helper()
	a.eval(`(document.getElementById("lms-exit").click(), "")`)
	want := a.s.lms.URL + "/returned?session=" + a.l.session
	for end := time.Now().Add(60 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		// The page goes away under the test: errors until the LMS's page is in.
		if here, err := chromedp.Run(a.Ctx, chromedp.Evaluate[string](`location.href`)); err == nil && here == want {
			return
		}
	}
	a.T.Fatalf("exit did not return to the LMS's %s", want)
}

// verbs returns the last part of each statement's verb id.
func verbs(sts []map[string]any) []string {
	var out []string
	for _, st := range sts {
		v, _ := st["verb"].(map[string]any)
		id, _ := v["id"].(string)
		out = append(out, id[strings.LastIndex(id, "/")+1:])
	}
	return out
}

func session(st map[string]any) string {
	ctx, _ := st["context"].(map[string]any)
	ext, _ := ctx["extensions"].(map[string]any)
	s, _ := ext[sessionID].(string)
	return s
}

func categories(st map[string]any) []string {
	ctx, _ := st["context"].(map[string]any)
	ca, _ := ctx["contextActivities"].(map[string]any)
	list, _ := ca["category"].([]any)
	var out []string
	for _, c := range list {
		m, _ := c.(map[string]any)
		id, _ := m["id"].(string)
		out = append(out, id)
	}
	return out
}

// sessionVerbs returns the verbs the AU sent in l's session, checking
// the cmi5 rules of a session: initialized first, terminated last and
// nothing after it, the context template's grouping and the session id on
// every statement, the cmi5 category on the defined ones only.
func (s *standIn) sessionVerbs(t *testing.T, l launch) []string {
	t.Helper()
	var mine []map[string]any
	for _, st := range s.statements(l.registration) {
		if session(st) == l.session && verbs([]map[string]any{st})[0] != "launched" {
			mine = append(mine, st)
		}
	}
	vs := verbs(mine)
	if len(vs) < 2 || vs[0] != "initialized" || vs[len(vs)-1] != "terminated" || slices.Index(vs, "terminated") != len(vs)-1 || slices.Index(vs[1:], "initialized") >= 0 {
		t.Errorf("session %s: verbs %v; want initialized first, terminated last, once each", l.session, vs)
	}
	for i, st := range mine {
		ctx, _ := st["context"].(map[string]any)
		ca, _ := ctx["contextActivities"].(map[string]any)
		grouping, _ := json.Marshal(ca["grouping"])
		defined := vs[i] != "answered"
		if !strings.Contains(string(grouping), l.activity) || ctx["registration"] != l.registration {
			t.Errorf("%s statement without the context template's grouping or the registration: %v", vs[i], ctx)
		}
		if slices.Contains(categories(st), cmi5Cat) != defined {
			t.Errorf("%s statement: cmi5 category %v, want it on defined statements only", vs[i], categories(st))
		}
	}
	return vs
}

// registrationRules checks a registration's statements: one completed,
// passed at most once, scores on the right side of the mastery score,
// and moveOn met (completed, and passed where the AU has a mastery
// score) exactly when satisfied says it should be.
func (s *standIn) registrationRules(t *testing.T, l launch, satisfied bool) {
	t.Helper()
	sts := s.statements(l.registration)
	count := map[string]int{}
	for i, v := range verbs(sts) {
		count[v]++
		if v == "passed" || v == "failed" {
			res, _ := sts[i]["result"].(map[string]any)
			score, _ := res["score"].(map[string]any)
			scaled, _ := score["scaled"].(float64)
			if m := s.masteries[l.activity]; (v == "passed") != (scaled >= m) || res["success"] != (v == "passed") {
				t.Errorf("%s with scaled score %v, success %v; mastery %v", v, scaled, res["success"], m)
			}
		}
	}
	if count["completed"] > 1 || count["passed"] > 1 {
		t.Errorf("registration %s: %d completed, %d passed; at most one each", l.registration, count["completed"], count["passed"])
	}
	met := count["completed"] == 1 && (s.masteries[l.activity] == 0 || count["passed"] == 1)
	if met != satisfied {
		t.Errorf("registration %s: moveOn met %v, want %v (verbs %v)", l.registration, met, satisfied, verbs(sts))
	}
}

// validate runs every stored statement through Learning Locker's xAPI
// validation (npm @learninglocker/xapi-validation; .ci/run installs it
// into .cache/npm).
func (s *standIn) validate(t *testing.T) {
	t.Helper()
	lib, _ := filepath.Abs("../../.cache/npm/node_modules/@learninglocker/xapi-validation")
	if _, err := os.Stat(lib); err != nil {
		if os.Getenv("RAPPORT_REQUIRE_BROWSER") == "1" {
			t.Fatalf("npm install --prefix .cache/npm @learninglocker/xapi-validation@4.0.0: %v", err)
		}
		t.Skipf("xapi-validation not installed (npm install --prefix .cache/npm @learninglocker/xapi-validation@4.0.0): %v", err)
	}
	s.mu.Lock()
	data, _ := json.Marshal(s.stored)
	s.mu.Unlock()
	file := filepath.Join(t.TempDir(), "statements.json")
	os.WriteFile(file, data, 0o644)
	script := `const v = require(process.argv[1]).default, fs = require("fs");
const all = JSON.parse(fs.readFileSync(process.argv[2], "utf8")), bad = [];
all.forEach(function (s, i) { const w = v(s); if (w.length) bad.push(i + " " + s.verb.id + ": " + w.map(function (x) { return x.constructor.name + " at " + (x.path || []).join("."); }).join("; ")); });
console.log(all.length + " statements"); if (bad.length) { console.log(bad.join("\n")); process.exit(1); }`
	out, err := exec.Command("node", "-e", script, lib, file).CombinedOutput()
	if err != nil {
		t.Errorf("xapi-validation: %v\n%s", err, out)
	}
}

// TestAUInBrowser launches AUs of testdata/site's packages in Chromium
// from the stand-in LMS, as the scenarios of a learner: a page read, a
// check passed, failed then passed in a second session, Browse mode, and
// an LRS outage; every stored statement then passes xapi-validation.
func TestAUInBrowser(t *testing.T) {
	pkgs, _ := build(t)
	s := newStandIn(t, pkgs)
	ctx := browsertest.StartFor(t, 10*time.Minute)
	p := browsertest.Tab{T: t, Ctx: ctx}

	t.Run("read", func(t *testing.T) {
		p.T = t
		l := s.launch("he", "read/", "Normal", uuid())
		a := s.open(p, l)
		a.markDone()
		a.exit()
		if vs := s.sessionVerbs(t, l); strings.Join(vs, " ") != "initialized completed terminated" {
			t.Errorf("read: %v", vs)
		}
		s.registrationRules(t, l, true)
	})
	t.Run("passed", func(t *testing.T) {
		p.T = t
		l := s.launch("he", "check/", "Normal", uuid())
		a := s.open(p, l)
		if n := a.answer(true); n != 2 {
			t.Fatalf("%d questions, want 2", n)
		}
		a.exit()
		if vs := s.sessionVerbs(t, l); strings.Join(vs, " ") != "initialized answered answered completed passed terminated" {
			t.Errorf("passed: %v", vs)
		}
		s.registrationRules(t, l, true)
		s.answeredInLanguage(t, l, "he", "מה עושים לפני שמציגים את המוצר?", "שואלים את הלקוח מה חשוב לו")
	})
	t.Run("failed-then-passed", func(t *testing.T) {
		p.T = t
		reg := uuid()
		l := s.launch("ar", "check/", "Normal", reg)
		a := s.open(p, l)
		a.answer(false)
		a.markDone()
		a.exit()
		if vs := s.sessionVerbs(t, l); strings.Join(vs, " ") != "initialized answered completed failed terminated" {
			t.Errorf("failed: %v", vs)
		}
		s.registrationRules(t, l, false)
		l2 := s.launch("ar", "check/", "Normal", reg)
		a = s.open(p, l2)
		a.answer(true)
		a.exit()
		if vs := s.sessionVerbs(t, l2); strings.Join(vs, " ") != "initialized answered passed terminated" {
			t.Errorf("then passed: %v", vs)
		}
		s.registrationRules(t, l2, true)
		s.answeredInLanguage(t, l2, "ar", "ماذا تفعل قبل أن تعرض المنتج؟", "أسأل العميل عمّا يهمه")
	})
	t.Run("browse", func(t *testing.T) {
		p.T = t
		l := s.launch("th", "check/", "Browse", uuid())
		a := s.open(p, l)
		a.answer(true)
		a.markDone()
		a.exit()
		if vs := s.sessionVerbs(t, l); strings.Join(vs, " ") != "initialized terminated" {
			t.Errorf("browse: %v; want nothing but initialized and terminated", vs)
		}
		s.registrationRules(t, l, false)
	})
	t.Run("outage", func(t *testing.T) { s.outage(t, p) })
	t.Run("closed-during-outage", func(t *testing.T) { s.closedDuringOutage(t, p) })
	if len(s.refusals) > 0 {
		t.Errorf("the stand-in refused: %q", s.refusals)
	}
	s.validate(t)
}

// answeredInLanguage checks the first answered statement of l: a choice
// interaction whose question and first choice are in lang.
func (s *standIn) answeredInLanguage(t *testing.T, l launch, lang, question, choice string) {
	t.Helper()
	for _, st := range s.statements(l.registration) {
		if session(st) != l.session || verbs([]map[string]any{st})[0] != "answered" {
			continue
		}
		obj, _ := st["object"].(map[string]any)
		def, _ := obj["definition"].(map[string]any)
		desc, _ := def["description"].(map[string]any)
		choices, _ := json.Marshal(def["choices"])
		if def["interactionType"] != "choice" || desc[lang] != question || !strings.Contains(string(choices), choice) {
			t.Errorf("answered: definition %v; want a choice interaction with %q and %q in %s", def, question, choice, lang)
		}
		return
	}
	t.Errorf("no answered statement in session %s", l.session)
}

// outage takes the LRS down right after initialized for RAPPORT_CMI5_OUTAGE
// (a Go duration; 30s, or 3s under -short): the learner passes the check
// meanwhile, sees the waiting notice, and when the LRS is back every
// statement arrives, in order, and the notice goes.
func (s *standIn) outage(t *testing.T, p browsertest.Tab) {
	p.T = t
	d := 30 * time.Second
	if testing.Short() {
		d = 3 * time.Second
	}
	if v := os.Getenv("RAPPORT_CMI5_OUTAGE"); v != "" {
		d, _ = time.ParseDuration(v)
	}
	l := s.launch("he", "check/", "Normal", uuid())
	a := s.open(p, l)
	a.waitFor(`localStorage.length === 0 || !Object.keys(localStorage).some(function (k) { return /^rapport-cmi5-queue:/.test(k); })`)
	s.setDown(true)
	began := time.Now()
	a.answer(true)
	a.waitFor(`!document.getElementById("lms-notice").hidden`)
	notice := a.eval(`document.getElementById("lms-notice").textContent`)
	if !strings.Contains(notice, "מאגר רשומות הלמידה") {
		t.Errorf("notice during the outage: %q", notice)
	}
	if queued := a.eval(`String(Object.keys(localStorage).filter(function (k) { return /^rapport-cmi5-queue:/.test(k); }).map(function (k) { return JSON.parse(localStorage[k]).filter(function (r) { return /^statements/.test(r.path); }).length; }))`); queued != "4" {
		t.Errorf("queued in localStorage during the outage: %s, want 4 (two answered, completed, passed)", queued)
	}
	time.Sleep(d - time.Since(began))
	s.setDown(false)
	a.waitFor(`document.getElementById("lms-notice").hidden`)
	a.exit()
	if vs := s.sessionVerbs(t, l); strings.Join(vs, " ") != "initialized answered answered completed passed terminated" {
		t.Errorf("after a %v outage: %v", d, vs)
	}
	s.registrationRules(t, l, true)
}

// closedDuringOutage: the learner passes the check and leaves while the
// LRS is down; the statements stay in localStorage, and the next launch
// of the same registration sends them first, in order, before its own.
func (s *standIn) closedDuringOutage(t *testing.T, p browsertest.Tab) {
	p.T = t
	reg := uuid()
	l := s.launch("th", "check/", "Normal", reg)
	a := s.open(p, l)
	a.waitFor(`!Object.keys(localStorage).some(function (k) { return /^rapport-cmi5-queue:/.test(k); })`)
	s.setDown(true)
	a.answer(true)
	a.exit() // returns after ten seconds with the records still waiting
	s.setDown(false)
	if got := verbs(s.statements(reg)); strings.Join(got, " ") != "launched initialized" {
		t.Fatalf("during the outage the LRS has %v", got)
	}
	l2 := s.launch("th", "check/", "Normal", reg)
	a = s.open(p, l2)
	a.exit()
	want := "launched initialized launched answered completed passed terminated initialized terminated"
	if got := strings.Join(verbs(s.statements(reg)), " "); got != want {
		t.Errorf("after the next launch the LRS has %s; want %s", got, want)
	}
	s.sessionVerbs(t, l)
	s.sessionVerbs(t, l2)
	s.registrationRules(t, l2, true)
}
