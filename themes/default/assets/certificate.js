// certificate.js: the completion certificate page (<lang>/certificate/).
//
// It reads the progress this browser keeps (progress.js's storage format,
// documented there) and, for the training chosen (the address's fragment,
// #article-<path> or #path-<id>, or the list), shows a certificate once
// every page of the training is done: the name the learner types, the
// training, the date the last page was done in the reader's language and
// calendar (Intl.DateTimeFormat), and the share of knowledge-check answers
// right. Nothing leaves the browser; the page says the certificate is
// self-declared.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var lang = script.dataset.lang;
  // decode is decodeURIComponent that never throws: the address's
  // fragment is anyone's to write (certificate/#% is not an escape).
  function decode(s) {
    try { return decodeURIComponent(s); } catch (e) { return s; }
  }
  // maxName is the longest name printed, in characters: a name of
  // thousands would print a certificate of dozens of pages.
  var maxName = 100;
  var root = new URL(script.dataset.root || "./", location.href);
  var key = "rapport-progress:" + decode(root.pathname.replace(/index\.html$/, "")) + ":" + lang;
  var msgs = {};
  try { msgs = JSON.parse(script.dataset.messages || "{}"); } catch (e) { msgs = {}; }
  var form = document.querySelector("[data-certificate-form]");
  var cert = document.querySelector("[data-cert]");
  if (!form || !cert) return;
  var select = form.querySelector("[data-cert-course-select]");
  var nameInput = form.querySelector("[data-cert-name-input]");
  var state = form.querySelector("[data-cert-state]");
  var printButton = form.querySelector("[data-cert-print]");
  nameInput.maxLength = maxName;
  form.hidden = false;

  function fill(s, data) {
    return String(s || "").replace(/\{\{\s*\.(\w+)\s*\}\}/g, function (m, k) { return k in data ? data[k] : m; });
  }

  function load() {
    try {
      var d = JSON.parse(localStorage.getItem(key) || "null");
      if (d && d.format === "rapport-progress" && d.version === 1 && d.pages) return d;
    } catch (e) { /* unreadable: nothing done */ }
    return { pages: {} };
  }

  // locale is the reader's own form of the page's language (ar-EG, th-TH)
  // when the browser lists one, for its calendar and numbers.
  function locale() {
    var list = navigator.languages || [navigator.language];
    for (var i = 0; i < list.length; i++) {
      if (list[i] && list[i].split("-")[0].toLowerCase() === lang.split("-")[0].toLowerCase()) return list[i];
    }
    return lang;
  }

  function list(s) {
    try { var l = JSON.parse(s || "[]"); return Array.isArray(l) ? l : []; } catch (e) { return []; }
  }

  function paint() {
    var opt = select.options[select.selectedIndex];
    if (!opt) return;
    var pages = list(opt.dataset.pages), counts = list(opt.dataset.questions);
    var d = load(), done = 0, last = "", right = 0, total = 0;
    pages.forEach(function (p, i) {
      var e = d.pages[p];
      if (e && e.done) {
        done++;
        if ((e.doneAt || "") > last) last = e.doneAt;
      }
      total += counts[i] || 0;
      for (var q in (e && e.questions) || {}) if (e.questions[q].right) right++;
    });
    var complete = pages.length > 0 && done === pages.length;
    cert.hidden = !complete;
    printButton.disabled = !complete;
    var name = Array.from(nameInput.value.trim()).slice(0, maxName).join("");
    if (!complete) {
      state.textContent = fill(msgs.not_complete, { Done: done, Total: pages.length });
      return;
    }
    state.textContent = name ? "" : msgs.name_missing || "";
    var nf = new Intl.NumberFormat(locale());
    cert.querySelector("[data-cert-name]").textContent = name;
    cert.querySelector("[data-cert-course]").textContent = opt.textContent;
    var when = last ? new Date(last) : new Date();
    cert.querySelector("[data-cert-date]").textContent = new Intl.DateTimeFormat(locale(), { dateStyle: "long" }).format(when);
    cert.querySelector("[data-cert-score]").textContent = total ?
      fill(msgs.score_value, { Right: nf.format(right), Total: nf.format(total), Percent: nf.format(Math.round(100 * right / total)) }) :
      msgs.no_checks || "";
  }

  var wanted = decode(location.hash.slice(1));
  for (var i = 0; i < select.options.length; i++) {
    if (select.options[i].value === wanted) select.selectedIndex = i;
  }
  select.addEventListener("change", function () {
    history.replaceState(null, "", "#" + select.value);
    paint();
  });
  // Inside an LMS package the name is the learner's as the LMS has it
  // (the launcher's reporting core, lms.js: learner.name).
  try {
    var lms = window.parent !== window ? window.parent.rapportLMS : null;
    if (lms && lms.learner && lms.learner.name) {
      nameInput.value = lms.learner.name;
      nameInput.readOnly = true;
    }
  } catch (e) { /* not in a package */ }
  nameInput.addEventListener("input", paint);
  printButton.addEventListener("click", function () { window.print(); });
  window.addEventListener("storage", function (ev) { if (ev.key === key) paint(); });
  paint();
})();
