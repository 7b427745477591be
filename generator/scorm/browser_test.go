package scorm_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"rapport/generator/internal/browsertest"
	"rapport/generator/scorm"
)

// scormAgain is the SCORM 1.2 run-time of the npm package scorm-again,
// which .ci/run installs into .cache/npm (git-ignored); RAPPORT_SCORM_AGAIN
// may name another copy.
func scormAgain(t *testing.T) []byte {
	t.Helper()
	p := os.Getenv("RAPPORT_SCORM_AGAIN")
	if p == "" {
		p = "../../.cache/npm/node_modules/scorm-again/dist/scorm12.js"
	}
	data, err := os.ReadFile(p)
	if err != nil {
		if os.Getenv("RAPPORT_REQUIRE_BROWSER") == "1" {
			t.Fatalf("scorm-again is required: npm install --prefix .cache/npm scorm-again (%v)", err)
		}
		t.Skipf("scorm-again not installed (npm install --prefix .cache/npm scorm-again): %v", err)
	}
	return data
}

// lmsPage is the test's LMS: scorm-again's API in the top window, the
// package's SCO in a frame, every call but LMSGetValue logged in calls.
// session starts an attempt with the data an LMS would have kept.
const lmsPage = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>LMS</title>
<script src="/scorm12.js"></script>
<script>
var calls = [];
function session(saved) {
  var api = new Scorm12API({autocommit: false, logLevel: 5});
  api.loadFromJSON(Object.assign({student_data: {mastery_score: "80"}}, saved || {}));
  ["LMSInitialize", "LMSFinish", "LMSCommit", "LMSSetValue"].forEach(function (m) {
    var f = api[m].bind(api);
    api[m] = function (a, b) {
      calls.push(m === "LMSSetValue" ? a + "=" + b : m);
      return f(a, b);
    };
  });
  window.API = api;
  calls = [];
  document.getElementById("sco").src = "/pkg/index.html";
}
function end() { document.getElementById("sco").src = "about:blank"; }
function kept() {
  var c = API.cmi.core;
  return {core: {lesson_status: c.lesson_status, lesson_location: c.lesson_location, entry: "resume",
    score: {raw: c.score.raw, min: c.score.min, max: c.score.max}}, suspend_data: API.cmi.suspend_data};
}
</script></head><body><iframe id="sco" style="width:1200px;height:900px"></iframe></body></html>`

// course is the JavaScript expression of the course frame's document.
const course = `document.getElementById("sco").contentDocument.getElementById("course").contentDocument`

// lms serves the test LMS and the Hebrew package under /pkg/.
func lms(t *testing.T) *httptest.Server {
	res, courses, langs := sample(t, "he", "")
	data, err := scorm.Zip(courses[0], res.Files, langs)
	if err != nil {
		t.Fatal(err)
	}
	files := unzip(t, data)
	runtime := scormAgain(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/lms.html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(lmsPage))
		case r.URL.Path == "/scorm12.js":
			w.Header().Set("Content-Type", "text/javascript")
			w.Write(runtime)
		case strings.HasPrefix(r.URL.Path, "/pkg/"):
			name := strings.TrimPrefix(r.URL.Path, "/pkg/")
			if strings.HasSuffix(name, "/") {
				name += "index.html"
			}
			b, ok := files[name]
			if !ok {
				http.NotFound(w, r)
				return
			}
			http.ServeContent(w, r, filepath.Base(name), time.Time{}, strings.NewReader(string(b)))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

type lmsTab struct{ browsertest.Tab }

// calls returns the API calls of the current attempt.
func (p lmsTab) calls() []string {
	var out []string
	json.Unmarshal([]byte(p.Eval(`JSON.stringify(calls)`)), &out)
	return out
}

// cmi returns a data model element of the current attempt.
func (p lmsTab) cmi(el string) string { return p.Eval(`String(API.cmi.` + el + `)`) }

// open shows page (a path under he/) in the course frame and waits for
// its progress script.
func (p lmsTab) open(page string) {
	p.Eval(`(document.getElementById("sco").contentDocument.getElementById("course").src = "he/` + page + `index.html", "")`)
	p.waitFor(`w.location.pathname.endsWith("/he/` + page + `index.html") && d.readyState === "complete" && !!w.rapportProgress`)
}

// waitFor waits until cond is true: an expression of the course frame's
// window w and document d.
func (p lmsTab) waitFor(cond string) {
	p.T.Helper()
	js := `(function () { try { var d = ` + course + `, w = d.defaultView; return !!(` + cond + `); } catch (e) { return false; } })()`
	p.Do(chromedp.Poll[chromedp.Void](js, chromedp.WithPollingTimeout(20*time.Second)))
}

// answer answers every question of the knowledge check page shown, right
// or with one wrong choice each.
func (p lmsTab) answer(right bool) {
	p.Eval(`(function () { var d = ` + course + `;
  d.querySelectorAll("section.quiz").forEach(function (q) {
    var ins = Array.prototype.slice.call(q.querySelectorAll(".quiz-answers input"));
    ins.forEach(function (i) { i.checked = ` + fmt.Sprint(right) + ` ? i.hasAttribute("data-right") : false; });
    if (!` + fmt.Sprint(right) + `) ins.filter(function (i) { return !i.hasAttribute("data-right"); })[0].checked = true;
    q.querySelector(".quiz-check").click();
  });
  return ""; })()`)
}

// markDone ticks the "mark as done" box of the page shown.
func (p lmsTab) markDone() {
	p.Eval(`(function () { var b = ` + course + `.querySelector("input.progress-done"); if (!b.checked) b.click(); return ""; })()`)
}

func has(calls []string, call string) bool { return slices.Contains(calls, call) }

// TestSCORMAgain runs the Hebrew package in scorm-again: an untouched
// attempt reports nothing; reading, marking a page done and failing the
// knowledge check reports incomplete then failed with the score; the next
// attempt resumes on the same page with the same progress, and answering
// right and finishing every page reports completed, then passed with the
// score. The API is initialised once per attempt however many pages are
// opened, and finished when the SCO unloads.
func TestSCORMAgain(t *testing.T) {
	srv := lms(t)
	p := lmsTab{browsertest.New(t)}
	p.Do(chromedp.Navigate(srv.URL + "/lms.html"))

	// An attempt opened and closed: LMSInitialize and LMSFinish only.
	p.Eval(`(session(), "")`)
	p.waitFor(`w.location.pathname.endsWith("/he/index.html") && !!w.rapportProgress`)
	p.Eval(`(end(), "")`)
	p.Do(chromedp.Poll[chromedp.Void](`calls.indexOf("LMSFinish") >= 0`, chromedp.WithPollingTimeout(10*time.Second)))
	if got := p.calls(); !slices.Equal(got, []string{"LMSInitialize", "LMSFinish"}) {
		t.Errorf("untouched attempt: calls %q, want LMSInitialize, LMSFinish", got)
	}

	// Attempt 1: read, mark done, fail the check.
	p.Eval(`(session(), "")`)
	p.waitFor(`w.location.pathname.endsWith("/he/index.html") && !!w.rapportProgress`)
	p.open("global-perspective/strategies/")
	if c := p.calls(); !has(c, "cmi.core.lesson_status=incomplete") || !has(c, "cmi.core.lesson_location=he/global-perspective/strategies/index.html") || !has(c, "LMSCommit") {
		t.Errorf("after moving to a page: calls %q, want incomplete, the location and a commit", c)
	}
	p.markDone()
	p.open("global-perspective/knowledge-check/")
	p.answer(false)
	p.Do(chromedp.Poll[chromedp.Void](`API.cmi.core.lesson_status === "failed"`, chromedp.WithPollingTimeout(10*time.Second)))
	if raw, max, min := p.cmi("core.score.raw"), p.cmi("core.score.max"), p.cmi("core.score.min"); raw != "0" || max != "100" || min != "0" {
		t.Errorf("failed attempt: score %s (%s–%s), want 0 (0–100)", raw, min, max)
	}
	p.Eval(`(end(), "")`)
	p.Do(chromedp.Poll[chromedp.Void](`calls.indexOf("LMSFinish") >= 0`, chromedp.WithPollingTimeout(10*time.Second)))
	c := p.calls()
	if n := strings.Count(strings.Join(c, "\n"), "LMSInitialize"); n != 1 {
		t.Errorf("attempt 1: LMSInitialize called %d times over three pages, want 1", n)
	}
	if c[len(c)-1] != "LMSFinish" || !has(c, "cmi.core.exit=suspend") {
		t.Errorf("attempt 1 ended with %q, want exit=suspend … LMSFinish", c)
	}
	if st, sd := p.cmi("core.lesson_status"), p.cmi("suspend_data"); st != "failed" || !strings.Contains(sd, "global-perspective/strategies/") {
		t.Errorf("attempt 1: status %q, suspend_data %q", st, sd)
	}

	// Attempt 2 resumes where attempt 1 stopped, with its progress.
	p.Eval(`(session(kept()), "")`)
	p.waitFor(`w.location.pathname.endsWith("/he/global-perspective/knowledge-check/index.html") && d.readyState === "complete"`)
	p.waitFor(`d.querySelector(".quiz-score") && /0/.test(d.querySelector(".quiz-score").textContent)`)
	p.answer(true)
	pages := []string{"global-perspective/", "global-perspective/why-it-matters/", "global-perspective/global-landscape/",
		"global-perspective/strategies/", "global-perspective/measuring-success/", "global-perspective/pitfalls/", "global-perspective/conclusion/"}
	for _, pg := range pages {
		p.open(pg)
		if pg == "global-perspective/strategies/" {
			if p.Eval(`String(`+course+`.querySelector("input.progress-done").checked)`) != "true" {
				t.Error("attempt 2: the page marked done in attempt 1 is not done")
			}
		}
		p.markDone()
	}
	p.Do(chromedp.Poll[chromedp.Void](`API.cmi.core.lesson_status === "passed"`, chromedp.WithPollingTimeout(10*time.Second)))
	c = p.calls()
	ci, pi := slices.Index(c, "cmi.core.lesson_status=completed"), slices.Index(c, "cmi.core.lesson_status=passed")
	if ci < 0 || pi < ci {
		t.Errorf("attempt 2: calls %q, want lesson_status completed, then passed", c)
	}
	if raw := p.cmi("core.score.raw"); raw != "100" {
		t.Errorf("attempt 2: score %s, want 100", raw)
	}
	p.Eval(`(end(), "")`)
	p.Do(chromedp.Poll[chromedp.Void](`calls.indexOf("LMSFinish") >= 0`, chromedp.WithPollingTimeout(10*time.Second)))
	if st := p.cmi("core.lesson_status"); st != "passed" {
		t.Errorf("attempt 2 ended with status %q, want passed", st)
	}
	if n := strings.Count(strings.Join(p.calls(), "\n"), "LMSInitialize"); n != 1 {
		t.Errorf("attempt 2: LMSInitialize called %d times, want 1", n)
	}
}
