package scorm_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"rapport/generator/internal/browsertest"
)

// The LMS tests run packages in Chromium inside a test LMS
// (testdata/lms.html) with one of four run-times: the strict SCORM 1.2 and
// 2004 run-times of testdata/strict12.js and strict2004.js, written from
// ADL's run-time books, and scorm-again's (npm; .ci/run installs it into
// .cache/npm, RAPPORT_SCORM_AGAIN may name another copy of its dist
// folder).

// runtimes are the test LMS's run-times, with the package version each
// takes.
var runtimes = []struct{ kind, version string }{
	{"strict12", "1.2"}, {"strict2004", "2004"}, {"again12", "1.2"}, {"again2004", "2004"},
}

func scormAgain(t *testing.T, name string) []byte {
	t.Helper()
	dir := os.Getenv("RAPPORT_SCORM_AGAIN")
	if dir == "" {
		dir = "../../.cache/npm/node_modules/scorm-again/dist"
	}
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		if os.Getenv("RAPPORT_REQUIRE_BROWSER") == "1" {
			t.Fatalf("scorm-again is required: npm install --prefix .cache/npm scorm-again@3.4.3 (%v)", err)
		}
		t.Skipf("scorm-again not installed (npm install --prefix .cache/npm scorm-again@3.4.3): %v", err)
	}
	return data
}

// lmsServer serves the test LMS at /lms.html, the run-times under /rt/
// and each package of pkgs (name → its files) under /<name>/.
func lmsServer(t *testing.T, pkgs map[string]map[string][]byte) *httptest.Server {
	t.Helper()
	rt := map[string][]byte{"scorm12.js": scormAgain(t, "scorm12.js"), "scorm2004.js": scormAgain(t, "scorm2004.js")}
	for _, name := range []string{"strict12.js", "strict2004.js", "lms.html"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		rt[name] = data
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, rest, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
		var data []byte
		switch {
		case name == "lms.html":
			data = rt["lms.html"]
		case name == "rt":
			data = rt[rest]
		case pkgs[name] != nil:
			if rest == "" || strings.HasSuffix(rest, "/") {
				rest += "index.html"
			}
			data = pkgs[name][rest]
		}
		if data == nil {
			http.NotFound(w, r)
			return
		}
		name = r.URL.Path
		if strings.HasSuffix(name, "/") {
			name += "index.html"
		}
		http.ServeContent(w, r, filepath.Base(name), time.Time{}, strings.NewReader(string(data)))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// lmsTab drives the test LMS.
type lmsTab struct {
	browsertest.Tab
	lang string // the package's language folder
}

// course is the JavaScript expression of the course frame's document.
const course = `document.getElementById("sco").contentDocument.getElementById("course").contentDocument`

// state is the attempt's record in the LMS, as testdata/lms.html's
// state() gives it.
type state struct {
	Status, Completion, Success, Score, Suspend, Location, SessionTime string
	Exit                                                               *string
	Interactions                                                       []map[string]string
	Refusals                                                           []string
	Calls                                                              int
}

// start opens an attempt of package pkg with run-time kind, saved (what the
// LMS kept, JSON or "") and refuse (calls the LMS refuses, JSON or "").
func (p lmsTab) start(kind, pkg, saved, refuse string) {
	p.T.Helper()
	if saved == "" {
		saved = "null"
	}
	if refuse == "" {
		refuse = "null"
	}
	p.Eval(fmt.Sprintf(`(session(%q, %q, %s, %s), "")`, kind, pkg, saved, refuse))
	p.waitFor(`d.readyState === "complete" && !!w.rapportProgress && /\/index\.html$/.test(w.location.pathname)`)
}

// end closes the attempt and returns the LMS's record of it.
func (p lmsTab) end() state {
	p.T.Helper()
	p.Eval(`(end(), "")`)
	p.Do(chromedp.Poll[chromedp.Void](`finished()`, chromedp.WithPollingTimeout(10*time.Second)))
	return p.state()
}

func (p lmsTab) state() state {
	p.T.Helper()
	var st state
	if err := json.Unmarshal([]byte(p.Eval(`JSON.stringify(state())`)), &st); err != nil {
		p.T.Fatal(err)
	}
	return st
}

// open shows page (a path under the language folder) in the course frame
// and waits for its scripts.
func (p lmsTab) open(page string) {
	p.T.Helper()
	p.Eval(`(function () { var f = document.getElementById("sco").contentDocument.getElementById("course");
  try { f.contentWindow.stale = true; } catch (e) { /* not loaded yet */ }
  f.src = "` + p.lang + `/` + page + `index.html"; return ""; })()`)
	p.waitFor(`!w.stale && decodeURIComponent(w.location.pathname).endsWith("/` + p.lang + `/` + page + `index.html") && d.readyState === "complete" && !!w.rapportProgress`)
}

// waitFor waits until cond is true: an expression of the course frame's
// window w and document d.
func (p lmsTab) waitFor(cond string) {
	p.T.Helper()
	js := `(function () { try { var d = ` + course + `, w = d.defaultView; return !!(` + cond + `); } catch (e) { return false; } })()`
	p.Do(chromedp.Poll[chromedp.Void](js, chromedp.WithPollingTimeout(20*time.Second)))
}

// answer answers every question of the page shown, right or with one
// wrong choice each, and returns how many there were.
func (p lmsTab) answer(right bool) int {
	p.T.Helper()
	n := p.Eval(`(function () { var d = ` + course + `, n = 0;
  d.querySelectorAll("section.quiz").forEach(function (q) {
    var ins = Array.prototype.slice.call(q.querySelectorAll(".quiz-answers input"));
    if (!q.querySelector(".quiz-retry").hidden) q.querySelector(".quiz-retry").click();
    if (q.querySelector(".quiz-check").hidden) return;
    ins.forEach(function (i) { i.checked = ` + fmt.Sprint(right) + ` ? i.hasAttribute("data-right") : false; });
    if (!` + fmt.Sprint(right) + `) ins.filter(function (i) { return !i.hasAttribute("data-right"); })[0].checked = true;
    q.querySelector(".quiz-check").click();
    n++;
  });
  return String(n); })()`)
	var count int
	fmt.Sscan(n, &count)
	return count
}

// markDone ticks the "mark as done" box of the page shown.
func (p lmsTab) markDone() {
	p.T.Helper()
	p.Eval(`(function () { var b = ` + course + `.querySelector("input.progress-done"); if (b && !b.checked) b.click(); return ""; })()`)
}

// pages returns the course's pages, from the launcher's reporting core.
func (p lmsTab) pages() []string {
	p.T.Helper()
	var pages [][]any
	json.Unmarshal([]byte(p.Eval(`JSON.stringify(document.getElementById("sco").contentWindow.rapportLMS.course.pages)`)), &pages)
	var out []string
	for _, pg := range pages {
		out = append(out, pg[0].(string))
	}
	return out
}

// complete opens every page of the course, answers its questions (right
// or wrong) and marks it done; with answers false the questions are left.
func (p lmsTab) complete(answers, right bool) {
	p.T.Helper()
	for _, pg := range p.pages() {
		p.open(pg)
		if answers {
			p.answer(right)
		}
		p.markDone()
	}
}

func (p lmsTab) noRefusals(when string, st state) {
	p.T.Helper()
	if len(st.Refusals) > 0 {
		p.T.Errorf("%s: the LMS refused %d calls: %q", when, len(st.Refusals), st.Refusals)
	}
}

func (p lmsTab) kept() string { return p.Eval(`JSON.stringify(kept())`) }
