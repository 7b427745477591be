// progress.js: what a reader has done, kept in this browser only.
//
// Loaded on every page (defer). It never sends anything anywhere: the
// progress lives in localStorage, and the progress page exports it to a
// file and imports it from one.
//
// # Storage format (version 1; other tools read it: keep it stable)
//
// One key per site and language:
//
//   "rapport-progress:" + SITE + ":" + LANG
//
// SITE is the path of the site's root folder as the browser sees it,
// new URL(root, location.href).pathname: "/" or "/training/" on a web
// server, "/home/ana/crm-site/" for a -portable build opened from disk (a
// copy moved to another folder starts empty: export and import carry it).
// LANG is the language tag of the pages ("he", "pt-BR").
//
// The value is JSON:
//
//   {
//     "format": "rapport-progress",
//     "version": 1,
//     "site": SITE,
//     "lang": LANG,
//     "updated": "2026-11-30T21:04:05.000Z",
//     "pages": {
//       "global-perspective/strategies/": {     page path under /LANG/
//         "done": true,                         marked done, by the reader or
//         "doneAt": "2026-11-30T21:04:05.000Z", because every question was
//         "doneBy": "reader",                   answered right ("checks")
//         "total": 3,                           questions on the page
//         "questions": {                        by question anchor (q-1, q-2…)
//           "q-1": {"right": true, "tries": 2, "at": "2026-11-30T21:03:00.000Z"}
//         }
//       }
//     }
//   }
//
// A page that was never touched has no entry; "done": false means it was
// marked done and then unmarked. The score of a page is the number of its
// questions whose last answer was right, out of "total". An exported file
// is this same object.
//
// # Inside an LMS package
//
// When the page is in the frame of a package's launcher, the launcher's
// reporting core (window.parent.rapportLMS, see lms.js) holds the
// learner's progress: load() reads the core's record, marking a page done
// and answering go to the core (which reports them to the LMS and writes
// the localStorage record as a mirror), and the progress page offers no
// import or reset: the LMS is the record.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var lang = script.dataset.lang;
  var root = new URL(script.dataset.root || "./", location.href);
  var home = new URL(script.dataset.home || "./", location.href);
  var site = decodeURIComponent(root.pathname.replace(/index\.html$/, ""));
  var langRoot = decodeURIComponent(home.pathname.replace(/index\.html$/, ""));
  var key = "rapport-progress:" + site + ":" + lang;
  var msgs = {};
  try { msgs = JSON.parse(script.dataset.messages || "{}"); } catch (e) { /* keep defaults */ }
  var memory = null; // used when localStorage is unavailable
  var storageOK = true;
  var lms = null; // the LMS package's reporting core, when in one
  try { if (window.parent !== window && window.parent.rapportLMS) lms = window.parent.rapportLMS; } catch (e) { lms = null; }

  function empty() {
    return { format: "rapport-progress", version: 1, site: site, lang: lang, updated: null, pages: {} };
  }

  function valid(d) {
    return d && typeof d === "object" && d.format === "rapport-progress" && d.version === 1 &&
      d.pages && typeof d.pages === "object";
  }

  function load() {
    if (lms) return lms.record();
    var raw = null;
    try { raw = localStorage.getItem(key); } catch (e) { storageOK = false; }
    if (!storageOK) return memory || empty();
    try {
      var d = raw ? JSON.parse(raw) : null;
      return valid(d) ? d : empty();
    } catch (e) { return empty(); }
  }

  function save(d) {
    d.updated = new Date().toISOString();
    try { localStorage.setItem(key, JSON.stringify(d)); } catch (e) { storageOK = false; memory = d; }
    document.dispatchEvent(new CustomEvent("rapport-progress"));
  }

  var own = Object.prototype.hasOwnProperty;
  function entry(d, page) {
    if (!own.call(d.pages, page)) d.pages[page] = {};
    return d.pages[page];
  }

  // An imported file is checked whole against the export's schema before
  // anything of it is used: importProblem returns the message of what is
  // wrong, naming the page, or "". Keys that name an object's own
  // machinery (__proto__) are refused, so none becomes a property.
  var maxImportBytes = 2 * 1024 * 1024, maxPages = 20000, maxQuestions = 1000;
  var badKey = { "__proto__": 1, "constructor": 1, "prototype": 1 };
  function plain(o) { return o !== null && typeof o === "object" && !Array.isArray(o); }
  function isDate(s) { return typeof s === "string" && s.length <= 40 && /^\d{4}-\d\d-\d\dT/.test(s) && !isNaN(Date.parse(s)); }
  function isCount(n, max) { return typeof n === "number" && Math.floor(n) === n && n >= 0 && n <= max; }
  function entryOK(e) {
    if (!plain(e)) return false;
    if ("done" in e && typeof e.done !== "boolean") return false;
    if ("doneAt" in e && !isDate(e.doneAt)) return false;
    if ("doneBy" in e && !(typeof e.doneBy === "string" && e.doneBy.length <= 20)) return false;
    if ("total" in e && !isCount(e.total, maxQuestions)) return false;
    if (!("questions" in e)) return true;
    if (!plain(e.questions) || Object.keys(e.questions).length > maxQuestions) return false;
    return Object.keys(e.questions).every(function (q) {
      var a = e.questions[q];
      return !badKey[q] && q.length <= 200 && plain(a) && typeof a.right === "boolean" &&
        isCount(a.tries, 1e6) && isDate(a.at);
    });
  }
  function importProblem(other) {
    if (!valid(other) || other.lang !== lang || !plain(other.pages)) return t("import_error");
    var pages = Object.keys(other.pages);
    if (pages.length > maxPages) return t("import_too_large");
    for (var i = 0; i < pages.length; i++) {
      var page = pages[i];
      if (badKey[page] || page.length > 1000 || !entryOK(other.pages[page])) {
        return fillText(t("import_bad_entry"), { Page: page.slice(0, 80) });
      }
    }
    return "";
  }

  // pageOf returns the page path under the language folder of a link, or
  // null when it leads elsewhere.
  function pageOf(href) {
    var u;
    try { u = new URL(href, location.href); } catch (e) { return null; }
    var p = decodeURIComponent(u.pathname.replace(/index\.html$/, ""));
    if (p.indexOf(langRoot) !== 0) return null;
    return p.slice(langRoot.length);
  }

  function rightCount(e) {
    var n = 0;
    for (var q in (e && e.questions) || {}) if (e.questions[q].right) n++;
    return n;
  }

  function isDone(d, page) { return !!(d.pages[page] && d.pages[page].done); }

  // loadLang returns the progress kept for another language of the site
  // (read only: a learning path's step not translated into this one is
  // read, and recorded, in that language).
  function loadLang(tag) {
    if (tag === lang) return load();
    try {
      var d = JSON.parse(localStorage.getItem("rapport-progress:" + site + ":" + tag) || "null");
      return valid(d) ? d : empty();
    } catch (e) { return empty(); }
  }

  // stepDone says whether a learning path's step is done: a step is a page
  // path under this language, or [lang, page] for the translation a path
  // links where the step is not translated into this language.
  function stepDone(d, step) {
    if (Array.isArray(step)) return isDone(loadLang(step[0]), step[1]);
    return typeof step === "string" && step !== "" && isDone(d, step);
  }

  var api = {
    lang: lang,
    key: key,
    messages: msgs,
    load: load,
    save: save,
    valid: valid,
    pageOf: pageOf,
    isDone: isDone,
    stepDone: stepDone,
    rightCount: rightCount,
    storageOK: function () { return storageOK; },
    // lms is the LMS package's reporting core, or null.
    lms: lms,
    setDone: function (page, done, by) {
      if (lms) {
        lms.done(page, done);
        save(load());
        return;
      }
      var d = load();
      var e = entry(d, page);
      e.done = done;
      e.doneAt = new Date().toISOString();
      e.doneBy = by;
      save(d);
    },
    // answer records an answer to question q of page; when every question
    // of the page is right, the page is done. detail is what an LMS keeps
    // of the answer (see lms.js, Core.answer).
    answer: function (page, q, right, total, detail) {
      if (lms) {
        lms.answer(page, q, right, detail);
        save(load());
        return rightCount(load().pages[page]) === total;
      }
      var d = load();
      var e = entry(d, page);
      e.total = total;
      e.questions = e.questions || {};
      var prev = e.questions[q] || { tries: 0 };
      e.questions[q] = { right: right, tries: prev.tries + 1, at: new Date().toISOString() };
      var allRight = rightCount(e) === total;
      if (allRight && !e.done) {
        e.done = true;
        e.doneAt = e.questions[q].at;
        e.doneBy = "checks";
      }
      save(d);
      return allRight;
    },
    // merge adds the progress of other (an imported file) to d: a page is
    // done if it is done in either; of two answers the later one counts.
    merge: function (d, other) {
      for (var page in other.pages) {
        var o = other.pages[page], e = entry(d, page);
        if (o.done && !e.done) { e.done = true; e.doneAt = o.doneAt; e.doneBy = o.doneBy; }
        if (o.total) e.total = o.total;
        for (var q in o.questions || {}) {
          e.questions = e.questions || {};
          var a = o.questions[q], b = e.questions[q];
          if (!b || (a.at || "") > (b.at || "")) e.questions[q] = a;
        }
      }
      return d;
    }
  };
  window.rapportProgress = api;

  function t(k) { return msgs[k] || k; }
  function fillText(s, data) {
    return String(s).replace(/\{\{\s*\.(\w+)\s*\}\}/g, function (m, k) { return own.call(data, k) ? data[k] : m; });
  }

  // Ticks in the navigation and a completion bar under each article.
  function paintNav() {
    var d = load();
    var nav = document.querySelector(".site-nav");
    if (!nav) return;
    nav.querySelectorAll("a[href]").forEach(function (a) {
      var page = pageOf(a.getAttribute("href"));
      var tick = a.querySelector(".progress-tick");
      var done = page !== null && page !== "" && isDone(d, page);
      a.classList.toggle("is-done", done);
      if (done && !tick) {
        tick = document.createElement("span");
        tick.className = "progress-tick";
        tick.innerHTML = '<span aria-hidden="true">✓</span><span class="visually-hidden"></span>';
        tick.lastChild.textContent = " (" + t("done") + ")";
        a.appendChild(tick);
      } else if (!done && tick) {
        tick.remove();
      }
    });
    nav.querySelectorAll(":scope > ul > li").forEach(function (li) {
      var sub = li.querySelector(":scope > ul");
      var pages = [];
      if (li.dataset.pages) {
        try { pages = JSON.parse(li.dataset.pages); } catch (e) { pages = []; }
      } else if (sub) {
        [li.querySelector(":scope > a")].concat(Array.prototype.slice.call(sub.querySelectorAll("a[href]"))).forEach(function (a) {
          var page = a && pageOf(a.getAttribute("href"));
          if (page) pages.push(page);
        });
      }
      if (pages.length < 2) return;
      var done = pages.filter(function (p) { return isDone(d, p); }).length;
      var bar = li.querySelector(":scope > progress");
      if (!bar) {
        bar = document.createElement("progress");
        bar.className = "article-progress";
        li.insertBefore(bar, sub);
      }
      bar.max = pages.length;
      bar.value = done;
      var name = li.querySelector(":scope > a");
      bar.setAttribute("aria-label", t("completion") + ": " + (name ? name.textContent.replace(/✓.*$/, "").trim() : "") + " " + done + "/" + pages.length);
      bar.title = done + "/" + pages.length;
    });
  }

  // fill sets a completion bar and its "done/total" text in box.
  function fill(box, done, total) {
    var bar = box.querySelector("progress"), count = box.querySelector("[data-count]");
    if (bar) { bar.max = Math.max(total, 1); bar.value = done; }
    if (count) count.textContent = done + "/" + total;
  }

  function parseList(s) {
    try { var l = JSON.parse(s || "[]"); return Array.isArray(l) ? l : []; } catch (e) { return []; }
  }

  // The progress page: every page's state and score, every article's and
  // path's completion, export, import and reset.
  function progressPage(root) {
    var message = root.querySelector("[data-progress-message]");
    function paint() {
      var d = load();
      root.querySelectorAll("tr[data-page]").forEach(function (tr) {
        var e = d.pages[tr.dataset.page];
        var done = !!(e && e.done);
        var state = tr.querySelector("[data-state]");
        state.textContent = done ? "✓ " + t("done") : t("not_done");
        state.classList.toggle("is-done", done);
        var n = +tr.dataset.questions;
        if (n > 0) {
          var answered = e && e.questions && Object.keys(e.questions).length;
          tr.querySelector("[data-score]").textContent = answered ? rightCount(e) + "/" + n : t("not_answered");
        }
      });
      root.querySelectorAll(".progress-article").forEach(function (sec) {
        var rows = sec.querySelectorAll("tr[data-page]");
        var done = Array.prototype.filter.call(rows, function (tr) { return isDone(d, tr.dataset.page); }).length;
        fill(sec, done, rows.length);
      });
    }
    document.addEventListener("rapport-progress", paint);
    paint();
    if (lms) {
      // The LMS is the record: nothing to import, nothing to reset.
      root.querySelector("[data-import]").closest("label").hidden = true;
      root.querySelector("[data-reset]").hidden = true;
      var lead = root.querySelector(".lead");
      if (lead && lms.course.strings.progress_intro) lead.textContent = lms.course.strings.progress_intro;
      return;
    }
    root.querySelector("[data-export]").addEventListener("click", function () {
      var blob = new Blob([JSON.stringify(load(), null, 2) + "\n"], { type: "application/json" });
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = "progress-" + lang + ".json";
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
    });
    root.querySelector("[data-import]").addEventListener("change", function (ev) {
      var file = ev.target.files && ev.target.files[0];
      if (!file) return;
      if (file.size > maxImportBytes) {
        message.textContent = t("import_too_large");
        ev.target.value = "";
        return;
      }
      var reader = new FileReader();
      reader.onload = function () {
        var other = null;
        try { other = JSON.parse(reader.result); } catch (e) { other = null; }
        var problem = importProblem(other);
        if (problem) {
          message.textContent = problem;
          return;
        }
        save(api.merge(load(), other));
        // A full storage quota keeps the progress for this page only.
        message.textContent = storageOK ? t("imported") : t("import_quota");
      };
      reader.readAsText(file);
      ev.target.value = "";
    });
    root.querySelector("[data-reset]").addEventListener("click", function () {
      if (!window.confirm(t("reset_confirm"))) return;
      try { localStorage.removeItem(key); } catch (e) { /* nothing kept */ }
      memory = null;
      document.dispatchEvent(new CustomEvent("rapport-progress"));
      message.textContent = t("reset_done");
    });
    if (!storageOK) message.textContent = t("no_storage");
  }

  // Every list of learning paths (the progress page, the paths page):
  // each path's completion, counting every step in any language it was
  // read in.
  function paintPathBars() {
    var d = load();
    document.querySelectorAll("li[data-path-steps]").forEach(function (li) {
      var steps = parseList(li.dataset.pathSteps);
      fill(li, steps.filter(function (st) { return stepDone(d, st); }).length, steps.length);
    });
  }

  // A learning path's page: each step's state, completion, the next step.
  // The path is complete when every step is done: in this language, or,
  // where it is not translated, in the language its link leads to.
  function pathPage(root) {
    function paint() {
      var d = load(), total = parseList(root.dataset.pathSteps).length, done = 0, next = null;
      root.querySelectorAll(".path-steps li").forEach(function (li) {
        var page = li.dataset.page;
        var isIt = !!page && (li.dataset.lang ? isDone(loadLang(li.dataset.lang), page) : isDone(d, page));
        if (isIt) done++;
        var state = li.querySelector("[data-state]");
        if (state) state.textContent = isIt ? "✓ " + t("done") : "";
        li.classList.toggle("is-done", isIt);
        li.classList.remove("is-next");
        if (!isIt && !next && li.querySelector("a")) next = li;
      });
      fill(root, done, total);
      var p = root.querySelector("[data-path-next]");
      p.hidden = false;
      p.textContent = "";
      if (next) {
        next.classList.add("is-next");
        var a = next.querySelector("a").cloneNode(true);
        p.append(t("next") + ": ", a);
      } else {
        p.textContent = total && done === total ? t("complete") : "";
        p.hidden = !p.textContent;
      }
    }
    document.addEventListener("rapport-progress", paint);
    paint();
  }

  // The "mark as done" control at the end of a playbook.
  function markControl() {
    var page = script.dataset.page;
    var article = document.querySelector("article.playbook");
    if (!page || !article) return;
    var box = document.createElement("div");
    box.className = "progress-mark";
    box.innerHTML = '<label><input type="checkbox" class="progress-done"> <span></span></label><p class="progress-status" role="status"></p>';
    box.querySelector("span").textContent = t("mark_done");
    var input = box.querySelector("input");
    var status = box.querySelector(".progress-status");
    var before = article.querySelector(".prev-next, .related");
    article.insertBefore(box, before);
    input.addEventListener("change", function () {
      api.setDone(page, input.checked, "reader");
      status.textContent = input.checked ? t("done") : "";
    });
    function paint() {
      var e = load().pages[page];
      input.checked = !!(e && e.done);
      if (e && e.done && e.doneBy === "checks") status.textContent = t("auto_done");
    }
    document.addEventListener("rapport-progress", paint);
    paint();
    if (!storageOK) status.textContent = t("no_storage");
  }

  paintNav();
  paintPathBars();
  markControl();
  var pp = document.querySelector("[data-progress-page]");
  if (pp) progressPage(pp);
  var path = document.querySelector("[data-path-page]");
  if (path) pathPage(path);
  document.addEventListener("rapport-progress", paintNav);
  document.addEventListener("rapport-progress", paintPathBars);
  window.addEventListener("storage", function (ev) {
    if (ev.key && ev.key.indexOf("rapport-progress:" + site + ":") === 0) document.dispatchEvent(new CustomEvent("rapport-progress"));
  });
})();
