// quiz.js: knowledge checks on the pages that have them (loaded only there).
//
// Without it a question is a fieldset with its answers and a <details> that
// reveals the right answers. With it the reader chooses (mouse, keyboard or
// touch: the inputs are native radio buttons and checkboxes), checks, hears
// the result (role="status"), sees the right answer after a wrong one, can
// try again, and sees the page's score. Answers are recorded through
// progress.js (window.rapportProgress; see its storage format); a page whose
// questions are all right is done. UI strings come from locales/ through the
// script's data-messages, plural forms chosen with Intl.PluralRules.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var lang = script.dataset.lang;
  var page = script.dataset.page || "";
  var msgs = {};
  try { msgs = JSON.parse(script.dataset.messages || "{}"); } catch (e) { /* keep keys */ }
  var store = window.rapportProgress || null;
  var plural = new Intl.PluralRules(lang);
  var questions = Array.prototype.slice.call(document.querySelectorAll("section.quiz"));
  var scoreEl = document.querySelector(".quiz-score");

  function t(k) { return typeof msgs[k] === "string" ? msgs[k] : k; }

  function tn(k, n) {
    var forms = msgs[k] || {};
    var s = forms[plural.select(n)] || forms.other || k;
    return s.replace(/\{\{\s*\.Count\s*\}\}/g, String(n));
  }

  function inputs(q) { return Array.prototype.slice.call(q.querySelectorAll(".quiz-answers input")); }

  function feedbackText(li) {
    var f = li.querySelector(".quiz-feedback");
    return f ? f.textContent.trim() : "";
  }

  // grade checks the reader's choice, shows feedback and the right answers.
  function grade(q, announce) {
    var ins = inputs(q);
    var chosen = ins.filter(function (i) { return i.checked; });
    var result = q.querySelector(".quiz-result");
    if (!chosen.length) {
      result.textContent = t("choose_first");
      return null;
    }
    var right = ins.every(function (i) { return i.checked === i.hasAttribute("data-right"); });
    var said = [right ? t("correct") : t(q.dataset.quiz === "multiple" ? "wrong_many" : "wrong_one")];
    ins.forEach(function (i) {
      var li = i.closest("li");
      i.disabled = true;
      if (i.checked) {
        li.classList.add(i.hasAttribute("data-right") ? "is-right" : "is-wrong");
        var f = feedbackText(li);
        if (f) said.push(f);
      }
      if (i.checked || !right) {
        var fb = li.querySelector(".quiz-feedback");
        if (fb && (i.checked || i.hasAttribute("data-right"))) fb.hidden = false;
      }
      if (!right && i.hasAttribute("data-right")) {
        li.classList.add("is-answer");
        var badge = document.createElement("span");
        badge.className = "quiz-badge";
        badge.textContent = t("right_mark");
        li.querySelector("label").after(badge);
      }
    });
    q.classList.add(right ? "answered-right" : "answered-wrong");
    q.querySelector(".quiz-check").hidden = true;
    var retry = q.querySelector(".quiz-retry");
    retry.hidden = false;
    // The verdict is shown; the feedback, already shown beside the
    // answers, is added for screen readers only.
    result.textContent = said[0];
    if (announce) {
      if (said.length > 1) {
        var sr = document.createElement("span");
        sr.className = "visually-hidden";
        sr.textContent = " " + said.slice(1).join(" ");
        result.appendChild(sr);
      }
      retry.focus();
    }
    return right;
  }

  function reset(q) {
    q.classList.remove("answered-right", "answered-wrong");
    inputs(q).forEach(function (i) {
      var li = i.closest("li");
      i.disabled = false;
      i.checked = false;
      li.classList.remove("is-right", "is-wrong", "is-answer");
      var fb = li.querySelector(".quiz-feedback");
      if (fb) fb.hidden = true;
      var badge = li.querySelector(".quiz-badge");
      if (badge) badge.remove();
    });
    q.querySelector(".quiz-result").textContent = "";
    q.querySelector(".quiz-check").hidden = false;
    q.querySelector(".quiz-retry").hidden = true;
    inputs(q)[0].focus();
  }

  function score() {
    if (!scoreEl) return;
    var e = store && page ? store.load().pages[page] : null;
    var right = 0;
    questions.forEach(function (q) {
      var a = e && e.questions && e.questions[q.id];
      if (a ? a.right : q.classList.contains("answered-right")) right++;
    });
    scoreEl.hidden = false;
    scoreEl.textContent = t("score") + " " + tn("score_right", right) + " " + tn("score_of", questions.length);
  }

  // restore shows questions answered right on an earlier visit as answered.
  function restore(q) {
    var e = store && page ? store.load().pages[page] : null;
    var a = e && e.questions && e.questions[q.id];
    if (!a || !a.right) return;
    inputs(q).forEach(function (i) { i.checked = i.hasAttribute("data-right"); });
    grade(q, false);
  }

  questions.forEach(function (q) {
    q.querySelector(".quiz-actions").hidden = false;
    q.querySelector(".quiz-check").addEventListener("click", function () {
      var right = grade(q, true);
      if (right === null) return;
      if (store && page) store.answer(page, q.id, right, questions.length);
      score();
    });
    q.querySelector(".quiz-retry").addEventListener("click", function () { reset(q); });
    restore(q);
  });
  score();
})();
