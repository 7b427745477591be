// scorm.js: the SCO of a rapport SCORM 1.2 package (see the package
// comment of generator/scorm for what it reports and when).
//
// It runs in the launcher page, index.html, which the LMS opens and which
// stays open while the course's pages change inside its frame: the LMS API
// is found once, initialised once and finished once, when the launcher
// unloads. Progress is the record progress.js keeps in localStorage (its
// storage format is documented in themes/default/assets/progress.js);
// this script seeds it from cmi.suspend_data before the first page loads
// and reads it back on every "rapport-progress" event of the page shown.
(function () {
  "use strict";
  var script = document.currentScript;
  var data = script.dataset;
  var lang = data.lang;
  var start = data.start;
  var pass = parseFloat(data.pass);
  var pages = [];
  try { pages = JSON.parse(data.pages || "[]"); } catch (e) { pages = []; }
  var frame = document.getElementById("course");
  var root = new URL("./", location.href);
  var key = "rapport-progress:" + decodeURIComponent(root.pathname) + ":" + lang;
  var limit = 4096; // SCORM 1.2: cmi.suspend_data is a CMIString4096

  // findAPI looks for the LMS's API object in win and then in its
  // parents, as the SCORM 1.2 run-time environment describes; a frame of
  // another origin on the way is skipped.
  function findAPI(win) {
    for (var tries = 0; win && tries < 10; tries++) {
      try { if (win.API) return win.API; } catch (e) { /* another origin */ }
      var up = null;
      try { up = win.parent; } catch (e) { up = null; }
      if (!up || up === win) return null;
      win = up;
    }
    return null;
  }

  function getAPI() {
    var api = findAPI(window);
    if (!api) {
      try { if (window.opener) api = findAPI(window.opener); } catch (e) { api = null; }
    }
    return api;
  }

  var api = getAPI();
  if (!api || String(api.LMSInitialize("")) !== "true") {
    // No LMS (opened from disk or a plain web server): the portable site.
    location.replace(start);
    return;
  }

  var began = Date.now();
  var sent = {};        // the last value of each element, read or set
  var touched = false;  // has the learner done anything in this attempt?
  var finished = false;
  var firstPage = null;
  var here = "";        // the page shown, relative to the package

  function get(el) {
    var v = api.LMSGetValue(el);
    return v == null ? "" : String(v);
  }

  // set sets el to v unless it already has that value; it says whether it
  // set anything.
  function set(el, v) {
    v = String(v);
    if (sent[el] === v) return false;
    sent[el] = v;
    api.LMSSetValue(el, v);
    return true;
  }

  ["cmi.core.lesson_status", "cmi.core.lesson_location", "cmi.core.score.raw", "cmi.core.score.min",
    "cmi.core.score.max", "cmi.suspend_data"].forEach(function (el) { sent[el] = get(el); });
  var mastery = parseFloat(get("cmi.student_data.mastery_score"));
  if (!isNaN(mastery)) pass = mastery; // the LMS's setting wins over the package's
  var review = get("cmi.core.lesson_mode") === "review";
  touched = sent["cmi.suspend_data"] !== "";

  // The progress record, as progress.js keeps it.
  function empty() {
    return { format: "rapport-progress", version: 1, site: decodeURIComponent(root.pathname), lang: lang, updated: null, pages: {} };
  }

  function load() {
    try {
      var d = JSON.parse(localStorage.getItem(key) || "null");
      if (d && d.format === "rapport-progress" && d.version === 1 && d.pages) return d;
    } catch (e) { /* unreadable: start empty */ }
    return empty();
  }

  // encode keeps the progress of the package's pages in suspend_data:
  // {"v":1,"p":{page:{"d":"r"|"c","t":questions,"q":{"q-1":1,"q-2":0}}}},
  // "d" saying the page is done (by the reader or by its checks), "q" the
  // last answer to each question, right (1) or not (0). Without "q" when
  // that would not fit.
  function encode(d, answers) {
    var out = { v: 1, p: {} };
    pages.forEach(function (pq) {
      var e = d.pages[pq[0]];
      if (!e) return;
      var o = {};
      if (e.done) o.d = e.doneBy === "checks" ? "c" : "r";
      if (answers && e.questions) {
        o.t = e.total || pq[1];
        o.q = {};
        for (var q in e.questions) o.q[q] = e.questions[q].right ? 1 : 0;
      }
      out.p[pq[0]] = o;
    });
    var s = JSON.stringify(out);
    return s.length > limit && answers ? encode(d, false) : s;
  }

  function decode(s) {
    var d = empty();
    var o;
    try { o = JSON.parse(s); } catch (e) { return d; }
    if (!o || o.v !== 1 || !o.p) return d;
    var now = new Date().toISOString();
    for (var page in o.p) {
      var p = o.p[page], e = {};
      if (p.d) { e.done = true; e.doneAt = now; e.doneBy = p.d === "c" ? "checks" : "reader"; }
      if (p.q) {
        e.total = p.t;
        e.questions = {};
        for (var q in p.q) e.questions[q] = { right: p.q[q] === 1, tries: 1, at: now };
      }
      d.pages[page] = e;
    }
    return d;
  }

  // seed replaces this browser's record with the LMS's: the LMS knows the
  // learner, the browser may be shared.
  function seed(s) {
    try {
      if (s) {
        var d = decode(s);
        d.updated = new Date().toISOString();
        localStorage.setItem(key, JSON.stringify(d));
      } else {
        localStorage.removeItem(key);
      }
    } catch (e) { /* no storage: progress lasts as long as the page */ }
  }

  // measure says how far the learner is in the package's pages.
  function measure(d) {
    var m = { any: false, done: 0, total: 0, right: 0, answered: true };
    pages.forEach(function (pq) {
      var e = d.pages[pq[0]], n = pq[1];
      if (e) m.any = true;
      if (e && e.done) m.done++;
      if (n === 0) return;
      m.total += n;
      var qs = (e && e.questions) || {};
      if (Object.keys(qs).length < n) m.answered = false;
      for (var q in qs) if (qs[q].right) m.right++;
    });
    m.complete = m.done === pages.length;
    m.answered = m.answered && m.total > 0;
    return m;
  }

  // report sends what changed since the last report and commits it;
  // moved says the learner opened another page.
  function report(moved) {
    if (review) return;
    var d = load(), m = measure(d);
    if (!touched && !m.any && !moved) return; // an untouched attempt stays untouched
    touched = true;
    var status = m.complete ? "completed" : "incomplete";
    var changed = false;
    if (m.answered) {
      var score = Math.round(100 * m.right / m.total);
      changed = set("cmi.core.score.min", 0) | set("cmi.core.score.max", 100) | set("cmi.core.score.raw", score);
      if (score < pass) status = "failed";
      else if (m.complete) status = "passed";
    }
    if (status === "passed" && sent["cmi.core.lesson_status"] !== "passed" && set("cmi.core.lesson_status", "completed")) {
      api.LMSCommit(""); // "completed" first, for LMSs that count nothing else as complete
    }
    changed = set("cmi.core.lesson_status", status) | changed;
    changed = set("cmi.suspend_data", encode(d, true)) | changed;
    if (here && here.length <= 255) changed = set("cmi.core.lesson_location", here) | changed;
    changed = set("cmi.core.exit", "suspend") | changed;
    if (changed) api.LMSCommit("");
  }

  // relative returns the package path of an address inside the package,
  // or "".
  function relative(href) {
    var u = new URL(href);
    u.hash = "";
    u.search = "";
    return u.href.indexOf(root.href) === 0 ? decodeURIComponent(u.href.slice(root.href.length)) : "";
  }

  // inside says whether address u is part of the package.
  function inside(u) {
    var p = u.origin + u.pathname;
    return p.indexOf(root.href + lang + "/") === 0 || p.indexOf(root.href + "assets/") === 0;
  }

  // fence keeps the learner in the course: links to pages the package
  // does not carry (other languages) are disabled, links to other sites
  // open in a new window instead of the course's frame.
  function fence(doc) {
    doc.querySelectorAll("a[href]").forEach(function (a) {
      var u;
      try { u = new URL(a.getAttribute("href"), doc.baseURI); } catch (e) { return; }
      if (u.origin !== root.origin) {
        a.target = "_blank";
        a.rel = "noopener";
      } else if (!inside(u)) {
        a.removeAttribute("href");
        a.setAttribute("aria-disabled", "true");
      }
    });
  }

  frame.addEventListener("load", function () {
    var doc;
    try { doc = frame.contentDocument; here = relative(frame.contentWindow.location.href); } catch (e) { return; }
    if (!doc) return;
    if (firstPage === null) firstPage = here;
    if (doc.title) document.title = doc.title;
    fence(doc);
    doc.addEventListener("rapport-progress", function () { report(false); });
    report(here !== firstPage);
  });

  function timespan(ms) {
    var s = Math.floor(ms / 1000), h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return two(Math.min(h, 9999)) + ":" + two(m) + ":" + two(s % 60);
  }

  function finish() {
    if (finished) return;
    finished = true;
    if (touched && !review) {
      report(false);
      set("cmi.core.session_time", timespan(Date.now() - began));
      api.LMSCommit("");
    }
    api.LMSFinish("");
  }
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);

  // lesson_location, when it names a page of the package, is where the
  // learner stopped.
  var resume = sent["cmi.core.lesson_location"];
  var safe = /^[^:?#\\]+\/index\.html$/.test(resume) && resume.indexOf("..") < 0 && resume.indexOf(lang + "/") === 0;
  seed(sent["cmi.suspend_data"]);
  frame.src = safe ? resume : start;
})();
