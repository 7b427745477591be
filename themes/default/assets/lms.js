// lms.js: the reporting core of rapport's LMS packages (SCORM 1.2, SCORM
// 2004; a cmi5/xAPI adapter can use the same core).
//
// It runs in a package's launcher page (index.html), which the LMS opens
// and which holds the course's pages in a frame: the launcher never unloads
// while the learner moves from page to page, so the LMS session is opened
// once and closed once. The core decides WHAT is reported and WHEN; an
// adapter (lms-scorm12.js, lms-scorm2004.js) only says HOW, in its
// standard's data model. Everything an organization reads in its LMS comes
// from here:
//
//   - the course's rule: the attempt is complete when every page of the
//     course is done and every knowledge-check question has an answer;
//     before that the LMS hears "incomplete" and no score;
//   - the score (share of questions whose last answer is right) and
//     passed/failed, only once the attempt is complete; "failed" only when
//     the learner cannot improve any more (no attempts left on a wrong
//     answer, or no attempt limit), or never (onFail "incomplete");
//   - status only moves up: completed and passed are never replaced by a
//     lower status on resume, a lower score never replaces a passing one;
//   - the attempt's state in the LMS (suspend data: a bit per page done, two
//     bits per question, its tries when attempts are limited), never in the
//     browser: the localStorage record progress.js paints from is a mirror
//     the core writes, and nothing the page imports reaches the LMS;
//   - every call's result checked; refused writes and commits retried with
//     a delay; a localized notice when the LMS refuses the session or keeps
//     refusing to save.
//
// # Interface
//
//   RapportLMS.start(adapter, course)  once, in the launcher
//
// course: {lang, start (site path of the first page), pages: [[page, number
// of questions], …] in course order, pass (percent), attempts (0: no
// limit), showAnswers ("after-wrong" | "after-last-attempt" | "never"),
// onFail ("failed" | "incomplete"), strings {not_recorded, retrying,
// not_saved, saved}}.
//
// adapter: an object with
//
//   limit                  the suspend data's size, in characters
//   open()                 finds the LMS and starts the session: null when
//                          there is no LMS, {error} when it refuses, else
//                          the attempt as the LMS has it: {completion
//                          ("not attempted"|"unknown"|"incomplete"|
//                          "completed"), success ("unknown"|"passed"|
//                          "failed"), score (0-100 or null), suspend,
//                          location, review (bool), pass (the LMS's own pass
//                          mark in percent, or null), learner {id, name},
//                          interactions (records already kept: {id: n},
//                          and count)}
//   set(field, value)      writes one field: "status" ({completion,
//                          success}), "score" (0-100), "progress" (0-1),
//                          "suspend", "location", "exit" ("" | "suspend"),
//                          "session" (milliseconds); returns null or the
//                          LMS's error ("405 Incorrect Data Type")
//   record(n, q)           writes interaction record n for question q
//                          ({id, text, lang, response, correct, right,
//                          latency ms, at Date}); null or the error
//   commit(), finish()     null or the error
//
// Pages of the course reach the core as window.parent.rapportLMS (see
// progress.js, quiz.js, certificate.js): record() is the attempt as a
// progress.js storage record; done(page, bool) and answer(page, q, right,
// detail) report the learner's actions; settings {attempts, showAnswers};
// learner {id, name} (the name as "Given Family"). Only the launcher talks
// to the LMS.
(function () {
  "use strict";

  // base64url digits, 6 bits each, for the suspend data's bit sets.
  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  // retry delays of a refused write or commit, in milliseconds.
  var DELAYS = [1000, 3000, 10000, 30000];

  function bitsOut(bits) {
    var s = "";
    for (var i = 0; i < bits.length; i += 6) {
      var v = 0;
      for (var j = 0; j < 6; j++) if (bits[i + j]) v |= 1 << j;
      s += B64.charAt(v);
    }
    return s;
  }

  function bitsIn(s, n) {
    var bits = [];
    for (var i = 0; i < n; i++) {
      var v = B64.indexOf(s.charAt(Math.floor(i / 6)));
      bits.push(v > 0 && (v >> (i % 6)) & 1 ? 1 : 0);
    }
    return bits;
  }

  // hash is FNV-1a of s, as 8 hex digits: the course's fingerprint in the
  // suspend data, and the short id of a page whose path is too long.
  function hash(s) {
    var h = 0x811c9dc5;
    for (var i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return ("0000000" + h.toString(16)).slice(-8);
  }

  // Attempt is the learner's state over the course's pages: done[i] for
  // page i, and for question k (pages' questions in order) answered[k],
  // right[k], tries[k].
  function Attempt(course) {
    this.course = course;
    this.first = [];
    var k = 0;
    this.index = {};
    for (var i = 0; i < course.pages.length; i++) {
      this.index[course.pages[i][0]] = i;
      this.first.push(k);
      k += course.pages[i][1];
    }
    this.questions = k;
    this.done = [];
    this.answered = [];
    this.right = [];
    this.tries = [];
    this.fingerprint = hash(JSON.stringify(course.pages)).slice(0, 4);
  }

  // slot returns question q's number in the course ("q-3" of page), or -1.
  Attempt.prototype.slot = function (page, q) {
    var i = this.index[page], n = parseInt(String(q).replace(/^q-/, ""), 10);
    if (i === undefined || !(n >= 1) || n > this.course.pages[i][1]) return -1;
    return this.first[i] + n - 1;
  };

  // encode is the suspend data: "r2" version, the course's fingerprint,
  // then "." separated base64url bit sets (pages done, questions
  // answered, questions right) and, with an attempt limit, a digit of
  // tries per question.
  Attempt.prototype.encode = function () {
    var s = "r2" + this.fingerprint + "." + bitsOut(this.done) + "." + bitsOut(this.answered) + "." + bitsOut(this.right);
    if (this.course.attempts > 0) {
      s += ".";
      for (var k = 0; k < this.questions; k++) s += B64.charAt(Math.min(this.tries[k] || 0, 63));
    }
    return s;
  };

  // decode reads suspend data written by encode for this very course;
  // anything else (another version of the course, another format) is
  // ignored: the status the LMS keeps is not.
  Attempt.prototype.decode = function (s) {
    var parts = String(s || "").split(".");
    if (parts[0] !== "r2" + this.fingerprint || parts.length < 4) return false;
    var n = this.questions;
    this.done = bitsIn(parts[1], this.course.pages.length);
    this.answered = bitsIn(parts[2], n);
    this.right = bitsIn(parts[3], n);
    for (var k = 0; k < n; k++) this.tries[k] = parts[4] ? B64.indexOf(parts[4].charAt(k)) : (this.answered[k] ? 1 : 0);
    return true;
  };

  // measure: pages done, questions answered and right, and whether the
  // attempt is complete by the course's rule.
  Attempt.prototype.measure = function () {
    var m = { done: 0, answered: 0, right: 0, locked: true };
    var attempts = this.course.attempts;
    for (var i = 0; i < this.course.pages.length; i++) if (this.done[i]) m.done++;
    for (var k = 0; k < this.questions; k++) {
      if (this.answered[k]) m.answered++;
      if (this.right[k]) m.right++;
      else if (attempts > 0 && (this.tries[k] || 0) < attempts) m.locked = false;
    }
    m.complete = m.done === this.course.pages.length && m.answered === this.questions;
    m.score = this.questions ? Math.round(100 * m.right / this.questions) : null;
    var units = this.course.pages.length + this.questions;
    m.progress = units ? (m.done + m.answered) / units : 1;
    return m;
  };

  // record is the attempt as a progress.js storage record (its format is
  // documented there), for the pages to paint.
  Attempt.prototype.record = function (site) {
    var d = { format: "rapport-progress", version: 1, site: site, lang: this.course.lang, updated: new Date().toISOString(), pages: {} };
    for (var i = 0; i < this.course.pages.length; i++) {
      var page = this.course.pages[i][0], n = this.course.pages[i][1], e = null;
      if (this.done[i]) e = { done: true, doneAt: d.updated, doneBy: "reader" };
      for (var j = 0; j < n; j++) {
        var k = this.first[i] + j;
        if (!this.answered[k]) continue;
        e = e || {};
        e.total = n;
        e.questions = e.questions || {};
        e.questions["q-" + (j + 1)] = { right: !!this.right[k], tries: this.tries[k] || 1, at: d.updated };
      }
      if (e) d.pages[page] = e;
    }
    return d;
  };

  // Status ranks: a report never replaces a higher one.
  var COMPLETION = { "": 0, unknown: 0, "not attempted": 0, incomplete: 1, completed: 2 };
  var SUCCESS = { "": 0, unknown: 0, failed: 1, passed: 2 };

  // interactionID is question q of page's record id in the LMS: stable
  // across builds while the page keeps its path and the question its
  // place; printable ASCII without spaces, at most 255 characters (the
  // strictest of the standards, SCORM 1.2's CMIIdentifier).
  function interactionID(lang, page, q) {
    var p = encodeURI(page).replace(/[^\x21-\x7e]/g, "");
    var id = lang + "/" + p + q;
    return id.length <= 255 ? id : lang + "/" + hash(page) + "/" + q;
  }

  function Core(adapter, course, entry, launcher) {
    this.adapter = adapter;
    this.course = course;
    this.entry = entry;
    this.launcher = launcher;
    this.attempt = new Attempt(course);
    this.resumed = this.attempt.decode(entry.suspend);
    this.pass = entry.pass != null ? entry.pass : course.pass;
    this.sent = {};      // field → value the LMS has
    this.pending = {};   // field → value not written yet (refused)
    this.records = entry.interactions || { ids: {}, count: 0 };
    this.queue = [];     // interaction records to write
    this.failures = 0;
    this.timer = null;
    this.began = Date.now();
    this.settings = { attempts: course.attempts || 0, showAnswers: course.showAnswers || "after-wrong" };
    this.learner = entry.learner || { id: "", name: "" };
    this.sent.suspend = entry.suspend || "";
    this.sent.location = entry.location || "";
    this.sent.score = entry.score;
    this.lms = { completion: entry.completion || "", success: entry.success || "" };
  }

  // status is what to report: the course's rule, never below what the
  // LMS already has.
  Core.prototype.status = function (m) {
    var completion = m.complete ? "completed" : "incomplete", success = "unknown";
    if (m.complete && m.score !== null) {
      if (m.score >= this.pass) success = "passed";
      else if (this.course.onFail !== "incomplete" && (this.settings.attempts === 0 || m.locked)) success = "failed";
      if (success !== "passed" && this.course.onFail === "incomplete") completion = "incomplete";
    }
    if (COMPLETION[this.lms.completion] > COMPLETION[completion]) completion = this.lms.completion;
    if (SUCCESS[this.lms.success] > SUCCESS[success]) success = this.lms.success;
    return { completion: completion, success: success };
  };

  // write sets field to value unless the LMS has it; a refused value is
  // kept to be written again.
  Core.prototype.write = function (field, value) {
    var key = JSON.stringify(value);
    if (JSON.stringify(this.sent[field]) === key && !(field in this.pending)) return false;
    var err = this.adapter.set(field, value);
    if (err) {
      this.pending[field] = value;
      this.refused("set " + field, err);
      return false;
    }
    delete this.pending[field];
    this.sent[field] = value;
    return true;
  };

  // report writes what changed since the last report and commits it.
  Core.prototype.report = function (final) {
    if (this.entry.review) return;
    var m = this.attempt.measure(), st = this.status(m), changed = false;
    if (this.scored(m)) changed = this.write("score", m.score) || changed;
    changed = this.write("status", st) || changed;
    if (JSON.stringify(this.sent.status) === JSON.stringify(st)) this.lms = { completion: st.completion, success: st.success };
    changed = this.write("progress", m.progress) || changed;
    if (this.touched) changed = this.write("suspend", this.attempt.encode()) || changed;
    if (this.here) changed = this.write("location", this.here) || changed;
    changed = this.flushRecords() || changed;
    if (final) {
      var complete = st.completion === "completed" || st.success !== "unknown";
      this.write("exit", complete ? "" : "suspend");
      this.write("session", Date.now() - this.began);
      changed = true;
    }
    if (changed || this.uncommitted || Object.keys(this.pending).length) this.commit(final);
  };

  // scored says whether to send the score: only once the attempt is
  // complete by the course's rule and passed or failed, and never a lower
  // score over a passing one.
  Core.prototype.scored = function (m) {
    if (!m.complete || m.score === null) return false;
    if (this.lms.success === "passed") return this.sent.score == null || m.score > this.sent.score;
    var st = this.status(m);
    return st.success !== "unknown";
  };

  Core.prototype.flushRecords = function () {
    var any = false;
    while (this.queue.length) {
      var r = this.queue[0], n = this.records.ids[r.id];
      if (n === undefined) n = this.records.count;
      var err = this.adapter.record(n, r);
      if (err) {
        this.refused("record " + r.id, err);
        return any;
      }
      if (this.records.ids[r.id] === undefined) {
        this.records.ids[r.id] = n;
        this.records.count++;
      }
      this.queue.shift();
      any = true;
    }
    return any;
  };

  Core.prototype.commit = function (final) {
    var err = this.adapter.commit();
    this.uncommitted = !!err;
    if (err) {
      this.refused("commit", err);
    } else if (!Object.keys(this.pending).length && !this.queue.length) {
      if (this.failures) this.launcher.notice("");
      this.failures = 0;
      return;
    }
    if (final) return;
    this.retryLater();
  };

  // retryLater writes the refused values and commits again after a delay,
  // four times, then tells the learner that progress is not being saved
  // (and keeps trying on each of their next steps).
  Core.prototype.retryLater = function () {
    var self = this;
    if (this.timer) return;
    var delay = DELAYS[this.failures];
    this.failures++;
    if (delay === undefined) {
      this.launcher.notice(this.course.strings.not_saved);
      return;
    }
    if (this.failures > 1) this.launcher.notice(this.course.strings.retrying);
    this.timer = setTimeout(function () {
      self.timer = null;
      self.report(false);
    }, delay);
  };

  Core.prototype.refused = function (what, err) {
    if (window.console) console.warn("rapport: the LMS refused " + what + ": " + err);
  };

  // The pages' interface (window.rapportLMS).

  Core.prototype.done = function (page, done) {
    var i = this.attempt.index[page];
    if (i === undefined) return;
    this.attempt.done[i] = done ? 1 : 0;
    this.touched = true;
    this.report(false);
  };

  // answer records the learner's answer to question q of page: right, and
  // detail {response: [choice index], correct: [choice index], text,
  // latency (ms)} for the LMS's record of the question.
  Core.prototype.answer = function (page, q, right, detail) {
    var k = this.attempt.slot(page, q);
    if (k < 0) return;
    var a = this.attempt;
    if (this.settings.attempts > 0 && (a.tries[k] || 0) >= this.settings.attempts) return;
    a.answered[k] = 1;
    a.right[k] = right ? 1 : 0;
    a.tries[k] = (a.tries[k] || 0) + 1;
    var i = a.index[page];
    var allRight = true;
    for (var j = 0; j < this.course.pages[i][1]; j++) if (!a.right[a.first[i] + j]) allRight = false;
    if (allRight) a.done[i] = 1;
    this.touched = true;
    if (detail) {
      this.queue.push({ id: interactionID(this.course.lang, page, q), text: detail.text || "", lang: this.course.lang,
        response: detail.response || [], correct: detail.correct || [], choices: detail.choices || [], right: !!right, latency: detail.latency || 0, at: new Date() });
    }
    this.report(false);
  };

  Core.prototype.tries = function (page, q) {
    var k = this.attempt.slot(page, q);
    return k < 0 ? 0 : this.attempt.tries[k] || 0;
  };

  Core.prototype.record = function () { return this.attempt.record(this.launcher.site); };

  // mirror writes the attempt into this browser's progress record, which
  // certificate.js reads: the LMS's learner, not whoever used this browser
  // before. progress.js writes it again after each of the learner's
  // actions (from record()).
  Core.prototype.mirror = function () {
    try { localStorage.setItem(this.launcher.key, JSON.stringify(this.record())); } catch (e) { /* pages ask the core */ }
  };

  // moved says the learner is on another page (a path relative to the
  // package).
  Core.prototype.moved = function (here) {
    if (here && here.length <= this.adapter.locationLimit) this.here = here;
    this.report(false);
  };

  Core.prototype.finish = function () {
    if (this.finished) return;
    this.finished = true;
    if (this.timer) clearTimeout(this.timer);
    if (!this.entry.review) this.report(true);
    var err = this.adapter.finish();
    if (err) this.refused("finish", err);
  };

  // begin starts the attempt: the LMS is told at once that it is under way
  // (an LMS turns a "not attempted" SCO that sets no status into
  // "completed" when it finishes), and the browser's record is replaced
  // by the LMS's.
  Core.prototype.begin = function () {
    this.mirror();
    if (this.entry.review) return;
    this.report(false);
  };

  // Launcher: the frame, the links that leave the package, the notice.

  function Launcher(course) {
    this.course = course;
    this.frame = document.getElementById("course");
    this.box = document.getElementById("lms-notice");
    this.root = new URL("./", location.href);
    this.site = decodeURIComponent(this.root.pathname);
    this.key = "rapport-progress:" + this.site + ":" + course.lang;
  }

  Launcher.prototype.notice = function (text) {
    if (!this.box) return;
    this.box.textContent = text;
    this.box.hidden = !text;
  };

  // relative returns the package path of an address inside the package,
  // or "".
  Launcher.prototype.relative = function (href) {
    var u = new URL(href);
    u.hash = "";
    u.search = "";
    return u.href.indexOf(this.root.href) === 0 ? decodeURIComponent(u.href.slice(this.root.href.length)) : "";
  };

  // fence keeps the learner in the course: links to pages the package
  // does not carry (other languages) are disabled, links to other sites
  // open in a new window instead of the course's frame.
  Launcher.prototype.fence = function (doc) {
    var root = this.root, lang = this.course.lang;
    doc.querySelectorAll("a[href]").forEach(function (a) {
      var u;
      try { u = new URL(a.getAttribute("href"), doc.baseURI); } catch (e) { return; }
      var p = u.origin + u.pathname;
      if (u.origin !== root.origin) {
        a.target = "_blank";
        a.rel = "noopener";
      } else if (p.indexOf(root.href + lang + "/") !== 0 && p.indexOf(root.href + "assets/") !== 0) {
        a.removeAttribute("href");
        a.setAttribute("aria-disabled", "true");
      }
    });
  };

  // run shows the course: where the learner stopped when the LMS says so,
  // else the start page; core, when there is one, hears of each page.
  Launcher.prototype.run = function (core, resume) {
    var self = this, first = null, lang = this.course.lang;
    this.frame.addEventListener("load", function () {
      var doc, here;
      try { doc = self.frame.contentDocument; here = self.relative(self.frame.contentWindow.location.href); } catch (e) { return; }
      if (!doc) return;
      if (doc.title) document.title = doc.title;
      self.fence(doc);
      // The first page is where the LMS left the learner; every later
      // one is a move (back to the first page too).
      if (first === null) first = here;
      else if (core) core.moved(here);
    });
    var safe = /^[^:?#\\]+\/index\.html$/.test(resume || "") && resume.indexOf("..") < 0 && resume.indexOf(lang + "/") === 0;
    this.frame.src = safe ? resume : this.course.start;
  };

  function start(adapter, course) {
    var launcher = new Launcher(course);
    var entry = adapter.open();
    if (!entry) {
      // No LMS (opened from disk or a plain web server): the portable site.
      location.replace(course.start);
      return null;
    }
    if (entry.error) {
      launcher.notice(course.strings.not_recorded);
      if (window.console) console.warn("rapport: the LMS refused to start the session: " + entry.error);
      launcher.run(null, "");
      return null;
    }
    var core = new Core(adapter, course, entry, launcher);
    window.rapportLMS = core;
    core.begin();
    var end = function () { core.finish(); };
    window.addEventListener("pagehide", end);
    window.addEventListener("beforeunload", end);
    launcher.run(core, entry.location);
    return core;
  }

  // Helpers the adapters share.
  function timespan12(ms) {
    var cs = Math.floor(ms / 10), s = Math.floor(cs / 100), h = Math.min(Math.floor(s / 3600), 9999);
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return two(h) + ":" + two(Math.floor(s / 60) % 60) + ":" + two(s % 60) + "." + two(cs % 100);
  }

  function duration(ms) {
    var cs = Math.floor(ms / 10), s = Math.floor(cs / 100);
    var h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, rest = (s % 60) + (cs % 100) / 100;
    return "PT" + (h ? h + "H" : "") + (m ? m + "M" : "") + rest.toFixed(2).replace(/\.?0+$/, "") + "S";
  }

  // learnerName turns an LMS's "Family, Given" into "Given Family".
  function learnerName(s) {
    s = String(s || "").replace(/^\{lang=[^}]*\}/, "").trim();
    var parts = s.split(",");
    return parts.length === 2 && parts[0].trim() && parts[1].trim() ? parts[1].trim() + " " + parts[0].trim() : s;
  }

  // findAPI looks for the LMS's API object called name in win and then in
  // its parents, then in the opener's, as both SCORM run-time books
  // describe; a frame of another origin on the way is skipped.
  function findAPI(name) {
    function up(win) {
      for (var tries = 0; win && tries < 10; tries++) {
        try { if (win[name]) return win[name]; } catch (e) { /* another origin */ }
        var p = null;
        try { p = win.parent; } catch (e) { p = null; }
        if (!p || p === win) return null;
        win = p;
      }
      return null;
    }
    var api = up(window);
    if (!api) {
      try { if (window.opener) api = up(window.opener); } catch (e) { api = null; }
    }
    return api;
  }

  window.RapportLMS = {
    start: start,
    Attempt: Attempt,
    interactionID: interactionID,
    timespan12: timespan12,
    duration: duration,
    learnerName: learnerName,
    findAPI: findAPI,
    adapters: {}
  };
})();
