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

  function empty() {
    return { format: "rapport-progress", version: 1, site: site, lang: lang, updated: null, pages: {} };
  }

  function valid(d) {
    return d && typeof d === "object" && d.format === "rapport-progress" && d.version === 1 &&
      d.pages && typeof d.pages === "object";
  }

  function load() {
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

  function entry(d, page) {
    if (!d.pages[page]) d.pages[page] = {};
    return d.pages[page];
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

  var api = {
    lang: lang,
    key: key,
    messages: msgs,
    load: load,
    save: save,
    valid: valid,
    pageOf: pageOf,
    isDone: isDone,
    rightCount: rightCount,
    storageOK: function () { return storageOK; },
    setDone: function (page, done, by) {
      var d = load();
      var e = entry(d, page);
      e.done = done;
      e.doneAt = new Date().toISOString();
      e.doneBy = by;
      save(d);
    },
    // answer records an answer to question q of page; when every question
    // of the page is right, the page is done.
    answer: function (page, q, right, total) {
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
      if (!sub) return;
      var links = [li.querySelector(":scope > a")].concat(Array.prototype.slice.call(sub.querySelectorAll("a[href]")));
      var total = 0, done = 0;
      links.forEach(function (a) {
        var page = a && pageOf(a.getAttribute("href"));
        if (!page) return;
        total++;
        if (isDone(d, page)) done++;
      });
      var bar = li.querySelector(":scope > progress");
      if (!bar) {
        bar = document.createElement("progress");
        bar.className = "article-progress";
        li.insertBefore(bar, sub);
      }
      bar.max = total;
      bar.value = done;
      bar.setAttribute("aria-label", t("completion") + " " + done + "/" + total);
      bar.title = done + "/" + total;
    });
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
  markControl();
  document.addEventListener("rapport-progress", paintNav);
  window.addEventListener("storage", function (ev) {
    if (ev.key === key) document.dispatchEvent(new CustomEvent("rapport-progress"));
  });
})();
