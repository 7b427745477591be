// certificate.js: the completion certificate page (<lang>/certificate/).
//
// It reads the progress this browser keeps (progress.js's storage format,
// documented there) and, for the training chosen (the address's fragment,
// #article-<path> or #path-<id>, or the list), shows a certificate once
// every page of the training is done (a learning path's step that is not
// translated into the page's language counts when it is done in the
// language its path page links), the learner's name is given, and the
// share of knowledge-check answers right reaches the pass mark: the name,
// the training, the date the last page was done in the reader's language
// and calendar (Intl.DateTimeFormat), and the score. Nothing leaves the
// browser; the page says the certificate is self-declared.
//
// window.rapportCertificate.setName(name) puts a name on the certificate
// as if the learner had typed it (an LMS's learner name, for instance).
(function () {
  "use strict";
  var form = document.querySelector("[data-certificate-form]");
  var cert = document.querySelector("[data-cert]");
  if (!form || !cert) return;
  var lang = form.dataset.lang;
  // decode is decodeURIComponent that never throws: the address's
  // fragment is anyone's to write (certificate/#% is not an escape).
  function decode(s) {
    try { return decodeURIComponent(s); } catch (e) { return s; }
  }
  // maxName is the longest name printed, in characters: a name of
  // thousands would print a certificate of dozens of pages.
  var maxName = 100;
  var root = new URL(form.dataset.root || "./", location.href);
  var site = decode(root.pathname.replace(/index\.html$/, ""));
  var pass = parseInt(form.dataset.pass, 10) || 0;
  var msgs = {};
  try { msgs = JSON.parse(form.dataset.messages || "{}"); } catch (e) { msgs = {}; }
  var select = form.querySelector("[data-cert-course-select]");
  var nameInput = form.querySelector("[data-cert-name-input]");
  var state = form.querySelector("[data-cert-state]");
  var printButton = form.querySelector("[data-cert-print]");
  nameInput.maxLength = maxName;
  form.hidden = false;

  function fill(s, data) {
    return String(s || "").replace(/\{\{\s*\.(\w+)\s*\}\}/g, function (m, k) { return k in data ? data[k] : m; });
  }

  // load returns the progress kept for language tag.
  function load(tag) {
    try {
      var d = JSON.parse(localStorage.getItem("rapport-progress:" + site + ":" + tag) || "null");
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

  // plural writes the plural UI string k for n, the number in the
  // reader's digits.
  function plural(k, n) {
    var forms = msgs[k] || {}, s = forms.other || "";
    try { s = forms[new Intl.PluralRules(lang).select(n)] || s; } catch (e) { /* other */ }
    return fill(s, { Count: new Intl.NumberFormat(locale()).format(n) });
  }

  function list(s) {
    try { var l = JSON.parse(s || "[]"); return Array.isArray(l) ? l : []; } catch (e) { return []; }
  }

  // tally counts a training's pages done, its answers right and its
  // questions, and finds when its last page was done.
  function tally(opt) {
    var pages = list(opt.dataset.pages), counts = list(opt.dataset.questions);
    var t = { pages: pages.length, done: 0, last: "", right: 0, total: 0 }, stores = {};
    pages.forEach(function (p, i) {
      var tag = Array.isArray(p) ? p[0] : lang, page = Array.isArray(p) ? p[1] : p;
      var d = stores[tag] || (stores[tag] = load(tag)), e = page && d.pages[page];
      if (e && e.done) {
        t.done++;
        if ((e.doneAt || "") > t.last) t.last = e.doneAt;
      }
      t.total += counts[i] || 0;
      for (var q in (e && e.questions) || {}) if (e.questions[q].right) t.right++;
    });
    t.percent = t.total ? Math.round(100 * t.right / t.total) : 100;
    return t;
  }

  function percent(n) { return new Intl.NumberFormat(locale(), { style: "percent" }).format(n / 100); }

  function paint() {
    var opt = select.options[select.selectedIndex];
    if (!opt) return;
    var t = tally(opt), name = Array.from(nameInput.value.trim()).slice(0, maxName).join("");
    var complete = t.pages > 0 && t.done === t.pages, passed = t.percent >= pass;
    var ready = complete && passed && name !== "";
    cert.hidden = !ready;
    printButton.disabled = !ready;
    if (!complete) state.textContent = fill(msgs.not_complete, { Done: t.done, Total: t.pages });
    else if (!passed) state.textContent = fill(msgs.below_pass, { Score: percent(t.percent), Pass: percent(pass) });
    else if (!name) state.textContent = msgs.name_missing || "";
    else state.textContent = msgs.ready || "";
    if (!ready) return;
    cert.querySelector("[data-cert-name]").textContent = name;
    cert.querySelector("[data-cert-course]").textContent = opt.textContent;
    var when = t.last ? new Date(t.last) : new Date();
    cert.querySelector("[data-cert-date]").textContent = new Intl.DateTimeFormat(locale(), { dateStyle: "long" }).format(when);
    cert.querySelector("[data-cert-score]").textContent = t.total ?
      plural("score_right", t.right) + " " + plural("score_of", t.total) + " (" + percent(t.percent) + ")" :
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
  window.addEventListener("storage", function (ev) { if (ev.key && ev.key.indexOf("rapport-progress:" + site + ":") === 0) paint(); });
  window.rapportCertificate = {
    setName: function (name) { nameInput.value = String(name || "").trim(); paint(); }
  };
  paint();
})();
