// strict12.js: a strict SCORM 1.2 run-time for the tests, written from
// ADL's SCORM Version 1.2 Run-Time Environment book (chapter 3: the API,
// its error codes, the data model's elements, their access and data
// types). It keeps every call in log, refuses every illegal call with the
// book's error code, and at LMSFinish applies the LMS-side end-of-session
// rules of p. 3-25 as Moodle's player does (mod/scorm/datamodels/
// scorm_12.js, StoreData): a lesson_status still "not attempted" becomes
// "completed"; with a mastery score and a score.raw, in normal mode with
// credit, the status becomes "passed" or "failed" by comparing them.
//
// new Strict12(saved, refuse): saved is what an LMS kept of the previous
// session (kept() of it), refuse names calls the LMS refuses with error
// 101: {initialize: true, commit: true, set: "cmi.suspend_data" or "*"}.
function Strict12(saved, refuse) {
  "use strict";
  saved = saved || {};
  refuse = refuse || {};
  var self = this;
  this.refuse = refuse; // the test may change it during the session
  var ERR = { "0": "No error", "101": "General exception", "201": "Invalid argument error",
    "202": "Element cannot have children", "203": "Element not an array - cannot have count",
    "301": "Not initialized", "401": "Not implemented error", "402": "Invalid set value, element is a keyword",
    "403": "Element is read only", "404": "Element is write only", "405": "Incorrect Data Type" };
  var state = "new"; // new, running, finished
  var last = "0";
  this.log = [];
  this.refusals = [];

  // Data types (RTE 3.4.2).
  var T = {
    CMIString255: function (v) { return v.length <= 255; },
    CMIString4096: function (v) { return v.length <= 4096; },
    CMIDecimal: function (v) { return /^-?\d+(\.\d+)?$/.test(v); },
    score: function (v) { return v === "" || (/^-?\d+(\.\d+)?$/.test(v) && +v >= 0 && +v <= 100); },
    CMIIdentifier: function (v) { return /^[\x21-\x7e]{1,255}$/.test(v); },
    CMITime: function (v) { return /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$/.test(v); },
    CMITimespan: function (v) { return /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/.test(v); },
    status: function (v) { return /^(passed|completed|failed|incomplete|browsed)$/.test(v); },
    exit: function (v) { return /^(time-out|suspend|logout|)$/.test(v); },
    itype: function (v) { return /^(true-false|choice|fill-in|matching|performance|sequencing|likert|numeric)$/.test(v); },
    result: function (v) { return /^(correct|wrong|unanticipated|neutral)$/.test(v) || /^-?\d+(\.\d+)?$/.test(v); },
    // CMIFeedback of a choice interaction: single characters 0-9, a-z,
    // separated by commas (RTE 3.4.4, cmi.interactions.n.student_response).
    choice: function (v) { return /^[0-9a-z](,[0-9a-z])*$/.test(v) && v.length <= 255; }
  };

  // The data model (RTE 3.4): element → [access, type].
  var M = {
    "cmi.core._children": ["ro"], "cmi.core.student_id": ["ro"], "cmi.core.student_name": ["ro"],
    "cmi.core.lesson_location": ["rw", T.CMIString255], "cmi.core.credit": ["ro"],
    "cmi.core.lesson_status": ["rw", T.status], "cmi.core.entry": ["ro"], "cmi.core.score._children": ["ro"],
    "cmi.core.score.raw": ["rw", T.score], "cmi.core.score.min": ["rw", T.score], "cmi.core.score.max": ["rw", T.score],
    "cmi.core.total_time": ["ro"], "cmi.core.lesson_mode": ["ro"], "cmi.core.exit": ["wo", T.exit],
    "cmi.core.session_time": ["wo", T.CMITimespan], "cmi.suspend_data": ["rw", T.CMIString4096],
    "cmi.launch_data": ["ro"], "cmi.comments": ["rw", T.CMIString4096], "cmi.comments_from_lms": ["ro"],
    "cmi.student_data._children": ["ro"], "cmi.student_data.mastery_score": ["ro"],
    "cmi.student_data.max_time_allowed": ["ro"], "cmi.student_data.time_limit_action": ["ro"],
    "cmi.interactions._children": ["ro"], "cmi.interactions._count": ["ro"]
  };
  var IM = {
    id: ["wo", T.CMIIdentifier], "objectives._count": ["ro"], time: ["wo", T.CMITime], type: ["wo", T.itype],
    "correct_responses._count": ["ro"], weighting: ["wo", T.CMIDecimal], student_response: ["wo"],
    result: ["wo", T.result], latency: ["wo", T.CMITimespan]
  };
  var core = saved.core || {};
  var v = {
    "cmi.core._children": "student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time",
    "cmi.core.student_id": saved.student_id || "learner-1", "cmi.core.student_name": saved.student_name || "Doe, Ana",
    "cmi.core.lesson_location": core.lesson_location || "", "cmi.core.credit": "credit",
    "cmi.core.lesson_status": core.lesson_status || "not attempted", "cmi.core.entry": core.entry || "ab-initio",
    "cmi.core.score._children": "raw,min,max", "cmi.core.score.raw": (core.score || {}).raw || "",
    "cmi.core.score.min": (core.score || {}).min || "", "cmi.core.score.max": (core.score || {}).max || "",
    "cmi.core.total_time": core.total_time || "0000:00:00.00", "cmi.core.lesson_mode": saved.lesson_mode || "normal",
    "cmi.core.exit": "", "cmi.core.session_time": "", "cmi.suspend_data": saved.suspend_data || "",
    "cmi.launch_data": "", "cmi.comments": "", "cmi.comments_from_lms": "",
    "cmi.student_data._children": "mastery_score,max_time_allowed,time_limit_action",
    "cmi.student_data.mastery_score": saved.mastery_score === undefined ? "80" : saved.mastery_score,
    "cmi.student_data.max_time_allowed": "", "cmi.student_data.time_limit_action": "continue,no message",
    "cmi.interactions._children": "id,objectives,time,type,correct_responses,weighting,student_response,result,latency"
  };
  var interactions = (saved.interactions || []).slice(); // kept records, journaled
  var journal = interactions.length;
  this.interactions = interactions;
  this.values = v;

  function done(result, code, fn, args) {
    last = code;
    self.log.push({ fn: fn, args: args, result: result, error: code });
    if (code !== "0") self.refusals.push(fn + "(" + args.join(", ") + ") -> " + code);
    return result;
  }

  // interaction resolves cmi.interactions.n.rest: [record, rest] or an
  // error code.
  function interaction(el, setting) {
    var m = /^cmi\.interactions\.(\d+)\.(.+)$/.exec(el);
    if (!m) return null;
    var n = +m[1], rest = m[2];
    if (/^correct_responses\.(\d+)\.pattern$/.test(rest)) {
      var k = +/^correct_responses\.(\d+)/.exec(rest)[1];
      if (n > interactions.length) return "201";
      var rec = interactions[n] || {};
      var count = (rec.correct_responses || []).length;
      if (k > count) return "201";
      return [n, rest, ["wo"], k];
    }
    if (/^objectives\.\d+\.id$/.test(rest)) return "401";
    var d = IM[rest];
    if (!d) return "201";
    if (n > interactions.length || (n === interactions.length && !setting && rest.indexOf("_count") < 0)) return "201";
    return [n, rest, d];
  }

  this.LMSInitialize = function (p) {
    var a = [p];
    if (p !== "") return done("false", "201", "LMSInitialize", a);
    if (state === "running") return done("false", "101", "LMSInitialize", a);
    if (state === "finished") return done("false", "101", "LMSInitialize", a);
    if (self.refuse.initialize) return done("false", "101", "LMSInitialize", a);
    state = "running";
    return done("true", "0", "LMSInitialize", a);
  };

  this.LMSFinish = function (p) {
    var a = [p];
    if (p !== "") return done("false", "201", "LMSFinish", a);
    if (state !== "running") return done("false", "301", "LMSFinish", a);
    state = "finished";
    endOfSession();
    return done("true", "0", "LMSFinish", a);
  };

  this.LMSCommit = function (p) {
    var a = [p];
    if (p !== "") return done("false", "201", "LMSCommit", a);
    if (state !== "running") return done("false", "301", "LMSCommit", a);
    if (self.refuse.commit) return done("false", "101", "LMSCommit", a);
    self.commits = (self.commits || 0) + 1;
    return done("true", "0", "LMSCommit", a);
  };

  this.LMSGetValue = function (el) {
    var a = [el];
    if (state !== "running") return done("", "301", "LMSGetValue", a);
    var kw = /\._(children|count)$/.exec(el);
    if (kw && !(el in M) && !/^cmi\.interactions\.\d+\.(objectives|correct_responses)\._count$/.test(el)) {
      var base = el.slice(0, -kw[0].length);
      if (base in M || interaction(base + ".id", false)) return done("", kw[1] === "children" ? "202" : "203", "LMSGetValue", a);
      return done("", "201", "LMSGetValue", a);
    }
    if (el === "cmi.interactions._count") return done(String(interactions.length), "0", "LMSGetValue", a);
    var it = interaction(el, false);
    if (typeof it === "string") return done("", it, "LMSGetValue", a);
    if (it) {
      if (it[2][0] === "wo") return done("", "404", "LMSGetValue", a);
      var rec = interactions[it[0]];
      return done(String(it[1] === "objectives._count" ? 0 : (rec.correct_responses || []).length), "0", "LMSGetValue", a);
    }
    if (/^cmi\.objectives\./.test(el) || /^cmi\.student_preference\./.test(el)) return done("", "401", "LMSGetValue", a);
    var d = M[el];
    if (!d) return done("", "201", "LMSGetValue", a);
    if (d[0] === "wo") return done("", "404", "LMSGetValue", a);
    return done(v[el], "0", "LMSGetValue", a);
  };

  this.LMSSetValue = function (el, val) {
    var a = [el, val];
    if (state !== "running") return done("false", "301", "LMSSetValue", a);
    if (typeof val !== "string") return done("false", "405", "LMSSetValue", a);
    if (self.refuse.set && (self.refuse.set === "*" || self.refuse.set === el)) return done("false", "101", "LMSSetValue", a);
    if (/\._(children|count)$/.test(el)) return done("false", (el in M) || /^cmi\.interactions\.\d+\./.test(el) ? "402" : "201", "LMSSetValue", a);
    var it = interaction(el, true);
    if (typeof it === "string") return done("false", it, "LMSSetValue", a);
    if (it) return setInteraction(it, val, a);
    if (/^cmi\.objectives\./.test(el) || /^cmi\.student_preference\./.test(el)) return done("false", "401", "LMSSetValue", a);
    var d = M[el];
    if (!d) return done("false", "201", "LMSSetValue", a);
    if (d[0] === "ro") return done("false", "403", "LMSSetValue", a);
    if (d[1] && !d[1](val)) return done("false", "405", "LMSSetValue", a);
    v[el] = val;
    return done("true", "0", "LMSSetValue", a);
  };

  function setInteraction(it, val, a) {
    var n = it[0], rest = it[1], d = it[2];
    if (d[0] === "ro") return done("false", "402", "LMSSetValue", a);
    var rec = interactions[n] || { correct_responses: [] };
    if (rest === "student_response" || it[3] !== undefined) {
      // Its format depends on the type (RTE 3.4.4): only choice is used.
      if (rec.type !== "choice" || !T.choice(val)) return done("false", "405", "LMSSetValue", a);
    } else if (d[1] && !d[1](val)) {
      return done("false", "405", "LMSSetValue", a);
    }
    if (it[3] !== undefined) rec.correct_responses[it[3]] = val;
    else rec[rest] = val;
    interactions[n] = rec;
    return done("true", "0", "LMSSetValue", a);
  }

  this.LMSGetLastError = function () { return last; };
  this.LMSGetErrorString = function (code) { return ERR[String(code)] || ""; };
  this.LMSGetDiagnostic = function (code) { return ERR[String(code === "" ? last : code)] || ""; };

  function addTime(total, session) {
    function secs(s) { var p = s.split(":"); return (+p[0]) * 3600 + (+p[1]) * 60 + parseFloat(p[2]); }
    var t = secs(total) + (session ? secs(session) : 0);
    function two(n) { return (n < 10 ? "0" : "") + n; }
    var h = Math.floor(t / 3600), m = Math.floor(t / 60) % 60, s = t - h * 3600 - m * 60;
    return (h < 1000 ? ("000" + h).slice(-4) : String(h)) + ":" + two(m) + ":" + (s < 10 ? "0" : "") + s.toFixed(2);
  }

  // endOfSession: the LMS side of LMSFinish (RTE p. 3-25; Moodle's
  // StoreData).
  function endOfSession() {
    if (v["cmi.core.lesson_status"] === "not attempted") v["cmi.core.lesson_status"] = "completed";
    if (v["cmi.core.lesson_mode"] === "normal" && v["cmi.core.credit"] === "credit" &&
      v["cmi.student_data.mastery_score"] !== "" && v["cmi.core.score.raw"] !== "") {
      v["cmi.core.lesson_status"] = +v["cmi.core.score.raw"] >= +v["cmi.student_data.mastery_score"] ? "passed" : "failed";
    }
    self.sessionTime = v["cmi.core.session_time"];
    v["cmi.core.total_time"] = addTime(v["cmi.core.total_time"], v["cmi.core.session_time"]);
  }

  // kept is what the LMS keeps for the learner's next session.
  this.kept = function () {
    var exit = v["cmi.core.exit"];
    return {
      core: { lesson_status: v["cmi.core.lesson_status"], lesson_location: v["cmi.core.lesson_location"],
        entry: exit === "suspend" ? "resume" : "", total_time: v["cmi.core.total_time"],
        score: { raw: v["cmi.core.score.raw"], min: v["cmi.core.score.min"], max: v["cmi.core.score.max"] } },
      suspend_data: v["cmi.suspend_data"], interactions: interactions, student_name: v["cmi.core.student_name"]
    };
  };

  // state is the record as a report shows it, version-neutral.
  this.state = function () {
    var st = v["cmi.core.lesson_status"];
    return { status: st, score: v["cmi.core.score.raw"], suspend: v["cmi.suspend_data"], location: v["cmi.core.lesson_location"],
      sessionTime: self.sessionTime === undefined ? v["cmi.core.session_time"] : self.sessionTime, exit: v["cmi.core.exit"],
      interactions: interactions.slice(journal), refusals: self.refusals };
  };
}
