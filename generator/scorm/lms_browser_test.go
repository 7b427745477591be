package scorm_test

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/chromedp"

	"rapport/generator/internal/browsertest"
	"rapport/generator/scorm"
)

// TestLMSRecords takes the Hebrew package through the scenarios an
// organization's records depend on, in each run-time (strict SCORM 1.2 and
// 2004, scorm-again 1.2 and 2004), each LMS applying its end-of-session
// rules: an untouched attempt, a browsed one, every question right with no
// page done, a failed attempt retried and passed, the passed course
// reopened, and a forged progress import.
func TestLMSRecords(t *testing.T) {
	res, langs := sample(t)
	// One browser for every run-time: starting one takes seconds.
	ctx := browsertest.StartFor(t, 6*time.Minute)
	for _, rt := range runtimes {
		t.Run(rt.kind, func(t *testing.T) {
			set := scorm.Settings{Version: rt.version, Training: res.Config.Training, Site: "https://training.example.com/crm/"}
			srv := lmsServer(t, packages(t, res, langs, set, "he", ""))
			p := lmsTab{browsertest.Tab{T: t, Ctx: ctx}, "he"}
			p.Do(chromedp.Navigate(srv.URL + "/lms.html"))

			p.start(rt.kind, "he", "", "")
			// incomplete is committed at once, not only at the end: an LMS
			// that ends the session itself (the window closed) would turn a
			// "not attempted" SCO into completed.
			committed := `(function () { var i = log.findIndex(function (c) { return /SetValue/.test(c.fn) && /lesson_status|completion_status/.test(c.args[0]) && c.args[1] === "incomplete" && c.error === "0"; });
  return i >= 0 && log.slice(i).some(function (c) { return /Commit/.test(c.fn) && c.error === "0"; }); })()`
			if p.Eval(`String(`+committed+`)`) != "true" {
				t.Error("untouched: incomplete was not committed right after initialize")
			}
			st := p.end()
			if st.Status != "incomplete" || st.SessionTime == "" || st.Score != "" || st.Exit == nil || *st.Exit != "suspend" {
				t.Errorf("untouched: status %q, session time %q, score %q, exit %v; want incomplete, a time, no score, suspend", st.Status, st.SessionTime, st.Score, st.Exit)
			}
			p.noRefusals("untouched", st)

			p.start(rt.kind, "he", "", "")
			p.open("global-perspective/strategies/")
			p.open("global-perspective/pitfalls/")
			p.open("") // back to the page the course opened on
			st = p.end()
			if st.Status != "incomplete" || st.Location != "he/index.html" || st.SessionTime == "" {
				t.Errorf("browsed: status %q, location %q, session time %q", st.Status, st.Location, st.SessionTime)
			}
			p.noRefusals("browsed", st)

			p.start(rt.kind, "he", "", "")
			p.open("global-perspective/knowledge-check/")
			if n := p.answer(true); n != 3 {
				t.Fatalf("the knowledge check has %d questions, want 3", n)
			}
			st = p.end()
			if st.Status != "incomplete" || st.Score != "" {
				t.Errorf("every question right, pages not done: status %q, score %q; want incomplete and no score", st.Status, st.Score)
			}
			p.checkInteractions(rt.version, st, 3, "correct")
			p.noRefusals("answered, not done", st)

			p.failThenPass(rt.kind)
			p.forgedImport(rt.kind)

			// The certificate carries the LMS's name of the learner.
			p.start(rt.kind, "he", "", "")
			p.Eval(`(document.getElementById("sco").contentDocument.getElementById("course").src = "he/certificate/index.html", "")`)
			p.waitFor(`/certificate/.test(w.location.pathname) && d.readyState === "complete" && d.querySelector("[data-cert-name-input]").value !== ""`)
			if got := p.Eval(`(function () { var i = ` + course + `.querySelector("[data-cert-name-input]"); return i.value + (i.readOnly ? " (read-only)" : ""); })()`); got != "Ana Doe (read-only)" {
				t.Errorf("certificate name inside the LMS: %q, want the LMS's \"Doe, Ana\" as \"Ana Doe (read-only)\"", got)
			}
			p.end()
		})
	}
}

// failThenPass: every page done with wrong answers is failed; answering
// again, right, passes; the LMS keeps passed when the course is opened
// again and nothing is done.
func (p lmsTab) failThenPass(kind string) {
	t := p.T
	p.start(kind, "he", "", "")
	p.complete(true, false)
	p.Do(chromedp.Poll[chromedp.Void](`state().status === "failed"`, chromedp.WithPollingTimeout(10*time.Second)))
	if st := p.state(); st.Score != "0" {
		t.Errorf("failing: score %q, want 0", st.Score)
	}
	p.open("global-perspective/knowledge-check/")
	p.answer(true)
	st := p.end()
	if st.Status != "passed" || st.Score != "100" || st.Exit == nil || *st.Exit != "" {
		t.Errorf("retry after failing: status %q, score %q, exit %v; want passed, 100, \"\"", st.Status, st.Score, st.Exit)
	}
	p.noRefusals("retry after failing", st)

	p.start(kind, "he", p.kept(), "")
	p.open("global-perspective/strategies/")
	st = p.end()
	if st.Status != "passed" || st.Score != "100" {
		t.Errorf("reopened after passing: status %q, score %q; want passed, 100", st.Status, st.Score)
	}
	if down := p.Eval(`JSON.stringify(log.filter(function (c) { return /SetValue/.test(c.fn) && /lesson_status|completion_status|success_status/.test(c.args[0]) && /incomplete|failed|unknown/.test(c.args[1]); }).map(function (c) { return c.args.join("="); }))`); down != "[]" {
		t.Errorf("reopened after passing: the SCO set %s", down)
	}
	p.noRefusals("reopened", st)
}

// forgedImport: inside a package the progress page offers no import or
// reset, and a forged record put where the site keeps progress never
// reaches the LMS.
func (p lmsTab) forgedImport(kind string) {
	t := p.T
	p.start(kind, "he", "", "")
	p.open("progress/")
	if vis := p.Eval(`String(` + course + `.querySelector("[data-import]").closest("label").hidden && ` + course + `.querySelector("[data-reset]").hidden)`); vis != "true" {
		t.Error("the progress page inside a package offers import or reset")
	}
	p.Eval(`(function () { var w = ` + course + `.defaultView, pp = w.rapportProgress, d = pp.load();
  document.getElementById("sco").contentWindow.rapportLMS.course.pages.forEach(function (pq) {
    var e = {done: true, doneBy: "reader", total: pq[1], questions: {}};
    for (var i = 1; i <= pq[1]; i++) e.questions["q-" + i] = {right: true, tries: 1, at: "2026-01-01T00:00:00.000Z"};
    d.pages[pq[0]] = e;
  });
  w.localStorage.setItem(pp.key, JSON.stringify(d));
  pp.save(pp.merge(pp.load(), d));
  return ""; })()`)
	p.open("global-perspective/knowledge-check/")
	st := p.end()
	if st.Status != "incomplete" || st.Score != "" {
		t.Errorf("forged import: status %q, score %q; want incomplete and no score", st.Status, st.Score)
	}
}

// checkInteractions checks the question records of an attempt: n of them,
// each with the run-time's formats (which the strict run-times and
// scorm-again also enforce) and the result.
func (p lmsTab) checkInteractions(version string, st state, n int, result string) {
	t := p.T
	if len(st.Interactions) != n {
		t.Errorf("%d interaction records, want %d: %v", len(st.Interactions), n, st.Interactions)
		return
	}
	for i, r := range st.Interactions {
		if r == nil || r["type"] != "choice" || r["weighting"] != "1" || !strings.HasPrefix(r["id"], p.lang+"/") || !strings.HasSuffix(r["id"], fmt.Sprintf("/q-%d", i+1)) {
			t.Errorf("interaction %d: %v", i, r)
			continue
		}
		want, resp, desc := result, "student_response", "{lang="+p.lang+"}"
		if version == "2004" {
			resp = "learner_response"
			if want == "wrong" {
				want = "incorrect"
			}
			if !strings.HasPrefix(r["description"], desc) || len(r["description"]) <= len(desc) || r["latency"] == "" || !strings.HasPrefix(r["latency"], "PT") {
				t.Errorf("interaction %d: description %q, latency %q", i, r["description"], r["latency"])
			}
		}
		if r["result"] != want || r[resp] == "" || r["correct_responses.0.pattern"] == "" || r["latency"] == "" {
			t.Errorf("interaction %d: result %q (want %q), response %q, pattern %q, latency %q", i, r["result"], want, r[resp], r["correct_responses.0.pattern"], r["latency"])
		}
	}
}

// notice returns the launcher's notice, "" when hidden.
func (p lmsTab) notice() string {
	return p.Eval(`(function () { var n = document.getElementById("sco").contentDocument.getElementById("lms-notice"); return n && !n.hidden ? n.textContent : ""; })()`)
}

// waitNotice waits until the launcher's notice is text ("" for hidden).
func (p lmsTab) waitNotice(text string) {
	p.T.Helper()
	js := fmt.Sprintf(`(function () { var n = document.getElementById("sco").contentDocument.getElementById("lms-notice"); return !!n && (n.hidden ? "" : n.textContent) === %q; })()`, text)
	p.Do(chromedp.Poll[chromedp.Void](js, chromedp.WithPollingTimeout(15*time.Second)))
}

// TestLMSRefuses runs the Hebrew package in strict run-times that refuse
// to start the session, to keep a value and to commit: the learner is
// told, in Hebrew, that progress is not being recorded or saved; refused
// values and commits are tried again, and once the LMS takes them the
// notice goes and the record is whole.
func TestLMSRefuses(t *testing.T) {
	res, langs := sample(t)
	// One browser for every run-time: starting one takes seconds.
	ctx := browsertest.StartFor(t, 6*time.Minute)
	loc := res.Locales.For("he")
	for _, rt := range runtimes[:2] {
		t.Run(rt.kind, func(t *testing.T) {
			set := scorm.Settings{Version: rt.version, Training: res.Config.Training, Site: "x"}
			srv := lmsServer(t, packages(t, res, langs, set, "he", ""))
			p := lmsTab{browsertest.Tab{T: t, Ctx: ctx}, "he"}
			p.Do(chromedp.Navigate(srv.URL + "/lms.html"))

			p.start(rt.kind, "he", "", `{"initialize": true}`)
			if got := p.notice(); got != loc.S("scorm.not_recorded") || got == "" {
				t.Errorf("refused initialize: notice %q, want %q", got, loc.S("scorm.not_recorded"))
			}
			p.open("global-perspective/strategies/")
			p.Eval(`(end(), "")`)

			// SCORM 1.2's LMS refuses a value, 2004's commits.
			for _, refuse := range []string{map[string]string{"strict12": `{"set": "cmi.suspend_data"}`, "strict2004": `{"commit": true}`}[rt.kind]} {
				p.start(rt.kind, "he", "", refuse)
				p.open("global-perspective/strategies/")
				p.markDone()
				p.waitNotice(loc.S("scorm.retrying"))
				p.Eval(`(rt.refuse = {}, "")`)
				p.waitNotice("")
				st := p.end()
				if st.Status != "incomplete" || !strings.HasPrefix(st.Suspend, "r2") || st.SessionTime == "" {
					t.Errorf("%s, then taken: status %q, suspend %q, session time %q", refuse, st.Status, st.Suspend, st.SessionTime)
				}
				p.start(rt.kind, "he", p.kept(), "")
				p.open("global-perspective/strategies/")
				if p.Eval(`String(`+course+`.querySelector("input.progress-done").checked)`) != "true" {
					t.Errorf("%s, then taken: the page marked done is not done in the next session", refuse)
				}
				p.end()
			}
		})
	}
}

// bigSite is a generated course of 200 pages (20 articles of 10) and 800
// questions, 4 on each page, in English.
func bigSite() fstest.MapFS {
	src := fstest.MapFS{"content/en/_index.md": {Data: []byte("---\ntitle: Big course\n---\nA generated course.\n")}}
	quiz := func(page string) string {
		var b strings.Builder
		for q := 1; q <= 4; q++ {
			fmt.Fprintf(&b, "\n::: quiz\nQuestion %d of %s: which answer is right?\n\n- [ ] This one\n- [x] That one\n- [ ] Neither\n:::\n", q, page)
		}
		return b.String()
	}
	for a := 1; a <= 20; a++ {
		dir := fmt.Sprintf("content/en/article-%02d/", a)
		src[dir+"_index.md"] = &fstest.MapFile{Data: []byte(fmt.Sprintf("---\ntitle: Article %d\nweight: %d\n---\nThe article.\n%s", a, a, quiz(dir)))}
		for pg := 1; pg <= 9; pg++ {
			name := fmt.Sprintf("%spage-%d.md", dir, pg)
			src[name] = &fstest.MapFile{Data: []byte(fmt.Sprintf("---\ntitle: Page %d of article %d\nweight: %d\n---\nSome text.\n%s", pg, a, pg, quiz(name)))}
		}
	}
	return src
}

// TestLMSBigCourse runs the generated 200-page, 800-question course in
// every run-time: every page done and every question answered (through
// the reporting core, as the pages' scripts do) is passed, with one
// record per question, and no call is refused. Its suspend data is as long
// as scorm.SuspendSize says, far under SCORM 1.2's 4,096 characters.
func TestLMSBigCourse(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the full run takes the packages through it")
	}
	res, langs := build(t, bigSite())
	// One browser for every run-time: starting one takes seconds.
	ctx := browsertest.StartFor(t, 6*time.Minute)
	for _, rt := range runtimes {
		t.Run(rt.kind, func(t *testing.T) {
			set := scorm.Settings{Version: rt.version, Training: res.Config.Training, Site: "big"}
			pkgs := packages(t, res, langs, set, "en", "")
			srv := lmsServer(t, pkgs)
			p := lmsTab{browsertest.Tab{T: t, Ctx: ctx}, "en"}
			p.Do(chromedp.Navigate(srv.URL + "/lms.html"))
			p.start(rt.kind, "en", "", "")
			if n := len(p.pages()); n != 200 {
				t.Fatalf("the course has %d pages, want 200", n)
			}
			for _, pg := range []string{"article-07/page-3/", "article-12/page-5/"} {
				p.open(pg)
				p.answer(false)
			}
			p.Eval(`(function () { var core = document.getElementById("sco").contentWindow.rapportLMS;
  core.course.pages.forEach(function (pq) {
    if (/^article-(07\/page-3|12\/page-5)\/$/.test(pq[0])) return core.done(pq[0], true);
    for (var i = 1; i <= pq[1]; i++) core.answer(pq[0], "q-" + i, true, {response: [1], correct: [1], text: "Question " + i, latency: 1500});
    core.done(pq[0], true);
  });
  return ""; })()`)
			st := p.end()
			if st.Status != "passed" || st.Score != "99" {
				t.Errorf("200 pages done, 792 of 800 right: status %q, score %q; want passed, 99", st.Status, st.Score)
			}
			if want := scorm.SuspendSize(200, 800, 0); len(st.Suspend) != want {
				t.Errorf("suspend data of %d characters, want %d", len(st.Suspend), want)
			}
			t.Logf("%s: %d calls, suspend data %d characters", rt.kind, st.Calls, len(st.Suspend))
			if n := len(st.Interactions); n != 800 {
				t.Errorf("%d interaction records, want one per question, 800", n)
			}
			p.noRefusals("200 pages", st)
		})
	}
}

// TestLMSLanguages completes the Arabic and Thai packages and the Hebrew
// package of a learning path in the strict run-times: passed, every
// question's record in the page's language, no call refused, and the
// launcher in the language's direction.
func TestLMSLanguages(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the full run takes the packages through it")
	}
	res, langs := sample(t)
	// One browser for every run-time: starting one takes seconds.
	ctx := browsertest.StartFor(t, 6*time.Minute)
	for _, rt := range runtimes[:2] {
		t.Run(rt.kind, func(t *testing.T) {
			set := scorm.Settings{Version: rt.version, Training: res.Config.Training, Site: "x"}
			pkgs := packages(t, res, langs, set, "", "")
			srv := lmsServer(t, pkgs)
			p := lmsTab{Tab: browsertest.Tab{T: t, Ctx: ctx}}
			p.Do(chromedp.Navigate(srv.URL + "/lms.html"))
			for _, tc := range []struct{ pkg, lang, dir string }{{"ar", "ar", "rtl"}, {"th", "th", "ltr"}, {"he-first-steps", "he", "rtl"}} {
				p.lang = tc.lang
				p.start(rt.kind, tc.pkg, "", "")
				if dir := p.Eval(`document.getElementById("sco").contentDocument.documentElement.dir`); dir != tc.dir {
					t.Errorf("%s: launcher dir %q, want %q", tc.pkg, dir, tc.dir)
				}
				p.complete(true, true)
				st := p.end()
				if st.Status != "passed" || st.Score != "100" {
					t.Errorf("%s: status %q, score %q; want passed, 100", tc.pkg, st.Status, st.Score)
				}
				p.checkInteractions(rt.version, st, 3, "correct")
				p.noRefusals(tc.pkg, st)
			}
		})
	}
}

// TestLMSSettings takes the Hebrew package with [training] settings: two
// attempts a question, answers never shown, a fail reported as incomplete;
// then one attempt with answers shown after it, a fail reported as failed.
func TestLMSSettings(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the full run takes the packages through it")
	}
	res, langs := sample(t)
	// One browser for every run-time: starting one takes seconds.
	ctx := browsertest.StartFor(t, 6*time.Minute)
	loc := res.Locales.For("he")
	for _, rt := range runtimes[:2] {
		t.Run(rt.kind, func(t *testing.T) {
			set := scorm.Settings{Version: rt.version, Site: "x", Training: res.Config.Training}
			set.Training.Attempts, set.Training.ShowAnswers, set.Training.OnFail = 2, "never", "incomplete"
			strict := packages(t, res, langs, set, "he", "")
			set.Training.Attempts, set.Training.ShowAnswers, set.Training.OnFail = 1, "after-last-attempt", ""
			last := packages(t, res, langs, set, "he", "")
			srv := lmsServer(t, map[string]map[string][]byte{"strict": strict["he"], "last": last["he"]})
			p := lmsTab{browsertest.Tab{T: t, Ctx: ctx}, "he"}
			p.Do(chromedp.Navigate(srv.URL + "/lms.html"))

			p.start(rt.kind, "strict", "", "")
			p.open("global-perspective/knowledge-check/")
			shown := `String(` + course + `.querySelectorAll("li.is-answer").length + "/" + Array.prototype.filter.call(` + course + `.querySelectorAll(".quiz-reveal"), function (d) { return !d.hidden; }).length)`
			p.answer(false)
			if got := p.Eval(shown); got != "0/0" {
				t.Errorf("showAnswers never: %s right answers marked / answers to reveal after a wrong answer", got)
			}
			if r := p.Text("section.quiz .quiz-result"); !strings.Contains(r, loc.S("scorm.wrong_plain")) || !strings.Contains(r, "נשאר ניסיון אחד") {
				t.Errorf("first wrong answer of two: %q", r)
			}
			p.answer(false)
			if r := p.Text("section.quiz .quiz-result"); !strings.Contains(r, loc.S("scorm.no_attempts")) {
				t.Errorf("second wrong answer of two: %q", r)
			}
			if n := p.answer(true); n != 0 {
				t.Errorf("%d questions could be answered a third time", n)
			}
			p.complete(false, false)
			st := p.end()
			if st.Status != "incomplete" || st.Score != "" || st.Exit == nil || *st.Exit != "suspend" {
				t.Errorf("onFail incomplete: status %q, score %q, exit %v; want incomplete, no score, suspend", st.Status, st.Score, st.Exit)
			}
			p.start(rt.kind, "strict", p.kept(), "")
			p.open("global-perspective/knowledge-check/")
			if got := p.Eval(`String(Array.prototype.every.call(` + course + `.querySelectorAll(".quiz-answers input"), function (i) { return i.disabled; }))`); got != "true" {
				t.Error("reopened: a question with no attempt left can be answered")
			}
			p.end()

			p.start(rt.kind, "last", "", "")
			p.open("global-perspective/knowledge-check/")
			p.answer(false)
			if got := p.Eval(shown); got != "4/3" {
				t.Errorf("showAnswers after-last-attempt, one attempt: %s right answers marked / answers to reveal, want 4/3", got)
			}
			p.complete(false, false)
			st = p.end()
			if st.Status != "failed" || st.Score != "0" || st.Exit == nil || *st.Exit != "" {
				t.Errorf("onFail failed, no attempt left: status %q, score %q, exit %v; want failed, 0, \"\"", st.Status, st.Score, st.Exit)
			}
		})
	}
}
