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
//
// Inside an LMS package (progress.js's store.lms, the launcher's reporting
// core) rapport.toml's [training] applies: attempts limits the answers to
// each question (the retry button goes once none is left), showAnswers
// says when the right answers are shown ("after-wrong", as on the web;
// "after-last-attempt"; "never", which also hides the question's "show the
// answer"), and each answer goes to the LMS with what it keeps of it: the
// choices, the right ones, the question's text and the time taken.
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
  var lms = store && store.lms;
  var attempts = lms ? lms.settings.attempts : 0;
  var showAnswers = lms ? lms.settings.showAnswers : "after-wrong";
  var lmsText = lms ? lms.course.strings : {};
  var shown = {}; // question id → when it was last offered, for the LMS's latency

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

  // left is the number of answers question q still takes (Infinity
  // without a limit), counting the one being checked when checking.
  function left(q, checking) {
    if (!attempts || !lms) return Infinity;
    return attempts - lms.tries(page, q.id) - (checking ? 1 : 0);
  }

  // reveals says whether q may show its right answers after a wrong one.
  function reveals(q, checking) {
    return showAnswers === "after-wrong" || (showAnswers === "after-last-attempt" && left(q, checking) <= 0);
  }

  function leftText(n) {
    var forms = lmsText.attempts_left || {};
    return String(forms[plural.select(n)] || forms.other || "").replace(/\{\{\s*\.Count\s*\}\}/g, String(n));
  }

  // detail is what the LMS keeps of an answer to q (see lms.js).
  function detail(q) {
    var ins = inputs(q), text = q.querySelector(".quiz-text");
    var idx = function (f) { return ins.map(function (i, n) { return f(i) ? n : -1; }).filter(function (n) { return n >= 0; }); };
    return { response: idx(function (i) { return i.checked; }), correct: idx(function (i) { return i.hasAttribute("data-right"); }),
      text: text ? text.textContent.trim() : "",
      choices: ins.map(function (i) { var l = i.closest("li").querySelector("label"); return l ? l.textContent.trim() : ""; }), latency: Date.now() - (shown[q.id] || Date.now()) };
  }

  // grade checks the reader's choice, shows feedback and, when the
  // settings allow, the right answers.
  function grade(q, announce, checking) {
    var ins = inputs(q);
    var chosen = ins.filter(function (i) { return i.checked; });
    var result = q.querySelector(".quiz-result");
    if (!chosen.length) {
      result.textContent = t("choose_first");
      return null;
    }
    var right = ins.every(function (i) { return i.checked === i.hasAttribute("data-right"); });
    var reveal = reveals(q, checking), more = left(q, checking);
    var said = [right ? t("correct") : reveal ? t(q.dataset.quiz === "multiple" ? "wrong_many" : "wrong_one") : lmsText.wrong_plain];
    if (!right && more !== Infinity) said[0] += " " + (more > 0 ? leftText(more) : lmsText.no_attempts);
    ins.forEach(function (i) {
      var li = i.closest("li");
      i.disabled = true;
      if (i.checked) {
        li.classList.add(i.hasAttribute("data-right") ? "is-right" : "is-wrong");
        var f = feedbackText(li);
        if (f) said.push(f);
      }
      if (i.checked || (!right && reveal)) {
        var fb = li.querySelector(".quiz-feedback");
        if (fb && (i.checked || i.hasAttribute("data-right"))) fb.hidden = false;
      }
      if (!right && reveal && i.hasAttribute("data-right")) {
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
    retry.hidden = !right && more <= 0;
    var details = q.querySelector(".quiz-reveal");
    if (details) details.hidden = showAnswers !== "after-wrong" && !(reveal && !right);
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
      (retry.hidden ? result : retry).focus();
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
    shown[q.id] = Date.now();
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

  // restore shows questions answered right on an earlier visit as
  // answered, and in an LMS those with no attempt left as closed.
  function restore(q) {
    var e = store && page ? store.load().pages[page] : null;
    var a = e && e.questions && e.questions[q.id];
    if (!a) return;
    if (a.right) {
      inputs(q).forEach(function (i) { i.checked = i.hasAttribute("data-right"); });
      grade(q, false, false);
    } else if (left(q, false) <= 0) {
      close(q);
    }
  }

  // close shows q as answered wrong with no attempt left (the answer given
  // was in an earlier visit: the LMS keeps it, the page does not).
  function close(q) {
    var reveal = reveals(q, false);
    inputs(q).forEach(function (i) {
      i.disabled = true;
      if (reveal && i.hasAttribute("data-right")) i.closest("li").classList.add("is-answer");
    });
    q.classList.add("answered-wrong");
    q.querySelector(".quiz-check").hidden = true;
    q.querySelector(".quiz-result").textContent = lmsText.no_attempts || "";
    var details = q.querySelector(".quiz-reveal");
    if (details) details.hidden = !reveal;
  }

  questions.forEach(function (q) {
    q.querySelector(".quiz-actions").hidden = false;
    shown[q.id] = Date.now();
    var details = q.querySelector(".quiz-reveal");
    if (details && showAnswers !== "after-wrong") details.hidden = true;
    q.querySelector(".quiz-check").addEventListener("click", function () {
      if (left(q, false) <= 0) return;
      var right = grade(q, true, true);
      if (right === null) return;
      if (store && page) store.answer(page, q.id, right, questions.length, detail(q));
      score();
    });
    q.querySelector(".quiz-retry").addEventListener("click", function () { reset(q); });
    restore(q);
  });
  score();
})();
