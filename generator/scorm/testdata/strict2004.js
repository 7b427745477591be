// strict2004.js: a strict SCORM 2004 4th edition run-time for the tests,
// written from ADL's SCORM 2004 4th Edition Run-Time Environment book
// (section 3: the API, its states and error codes; section 4: the data
// model's elements, access, data types, dependencies and smallest
// permitted maximums). It keeps every call in log, refuses every illegal
// call with the book's error code and applies the LMS side of the data
// model: cmi.success_status is evaluated against cmi.scaled_passing_score
// when the SCO has set cmi.score.scaled (4.2.22), cmi.completion_status
// against a completion threshold when there is one (4.2.4), and an
// attempt that ends with neither set has "unknown" for both.
//
// new Strict2004(saved, refuse): saved is what an LMS kept of the previous
// session (kept() of it); refuse names calls the LMS refuses with a
// general failure: {initialize: true, commit: true, set: element or "*"}.
function Strict2004(saved, refuse) {
  "use strict";
  saved = saved || {};
  refuse = refuse || {};
  var self = this;
  this.refuse = refuse; // the test may change it during the session
  var ERR = { "0": "No Error", "101": "General Exception", "102": "General Initialization Failure",
    "103": "Already Initialized", "104": "Content Instance Terminated", "111": "General Termination Failure",
    "112": "Termination Before Initialization", "113": "Termination After Termination",
    "122": "Retrieve Data Before Initialization", "123": "Retrieve Data After Termination",
    "132": "Store Data Before Initialization", "133": "Store Data After Termination",
    "142": "Commit Before Initialization", "143": "Commit After Termination", "201": "General Argument Error",
    "301": "General Get Failure", "351": "General Set Failure", "391": "General Commit Failure",
    "401": "Undefined Data Model Element", "402": "Unimplemented Data Model Element",
    "403": "Data Model Element Value Not Initialized", "404": "Data Model Element Is Read Only",
    "405": "Data Model Element Is Write Only", "406": "Data Model Element Type Mismatch",
    "407": "Data Model Element Value Out Of Range", "408": "Data Model Dependency Not Established" };
  var state = "new"; // new, running, terminated
  var last = "0";
  this.log = [];
  this.refusals = [];

  var REAL = /^-?\d+(\.\d+)?$/;
  // Data types (RTE 4.1.1); each returns "" or the error code.
  function range(lo, hi) { return function (x) { return !REAL.test(x) ? "406" : +x < lo || +x > hi ? "407" : ""; }; }
  function vocab(re) { return function (x) { return re.test(x) ? "" : "406"; }; }
  function chars(spm) { return function (x) { return x.length <= spm ? "" : "406"; }; }
  var T = {
    real: function (x) { return REAL.test(x) ? "" : "406"; },
    scaled: range(-1, 1),
    measure: range(0, 1),
    longID: function (x) { return x.length && x.length <= 4000 && /^[\x21-\x7e]+$/.test(x) ? "" : "406"; },
    // time (second,10,0): YYYY[-MM[-DD[Thh[:mm[:ss[.s[TZD]]]]]]]
    time: vocab(/^\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2}(\.\d{1,2})?(Z|[+-]\d{2}(:\d{2})?)?)?)?)?)?)?$/),
    // timeinterval (second,10,2): ISO 8601 duration
    interval: vocab(/^P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/),
    // localized_string_type (SPM 250): {lang=<tag>} then the text
    lang250: function (x) {
      var m = /^(\{lang=([A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*)\})?([\s\S]*)$/.exec(x);
      return m && Array.from(m[4]).length <= 250 && m[4].charAt(0) !== "{" ? "" : "406";
    },
    // a choice interaction's response: short_identifier_type[,]... unique
    choice: function (x) {
      if (x === "") return "";
      var ids = x.split("[,]");
      var ok = ids.every(function (id) { return /^[\x21-\x7e]{1,250}$/.test(id) && id.indexOf("[,]") < 0; });
      var unique = ids.filter(function (id, i) { return ids.indexOf(id) === i; }).length === ids.length;
      return ok && unique && ids.length <= 36 ? "" : "406";
    }
  };
  var M = {
    "cmi._version": ["ro"], "cmi.completion_status": ["rw", vocab(/^(completed|incomplete|not attempted|unknown)$/)],
    "cmi.completion_threshold": ["ro"], "cmi.credit": ["ro"], "cmi.entry": ["ro"],
    "cmi.exit": ["wo", vocab(/^(time-out|suspend|logout|normal|)$/)], "cmi.launch_data": ["ro"],
    "cmi.learner_id": ["ro"], "cmi.learner_name": ["ro"], "cmi.location": ["rw", chars(1000)],
    "cmi.max_time_allowed": ["ro"], "cmi.mode": ["ro"], "cmi.progress_measure": ["rw", T.measure],
    "cmi.scaled_passing_score": ["ro"], "cmi.score._children": ["ro"], "cmi.score.scaled": ["rw", T.scaled],
    "cmi.score.raw": ["rw", T.real], "cmi.score.min": ["rw", T.real], "cmi.score.max": ["rw", T.real],
    "cmi.session_time": ["wo", T.interval], "cmi.success_status": ["rw", vocab(/^(passed|failed|unknown)$/)],
    "cmi.suspend_data": ["rw", chars(64000)], "cmi.time_limit_action": ["ro"], "cmi.total_time": ["ro"],
    "cmi.interactions._children": ["ro"], "cmi.interactions._count": ["ro"]
  };
  var IM = {
    id: ["rw", T.longID], type: ["rw", vocab(/^(true-false|choice|fill-in|long-fill-in|likert|matching|performance|sequencing|numeric|other)$/)],
    timestamp: ["rw", T.time], weighting: ["rw", T.real], learner_response: ["rw"], result: ["rw", function (x) {
      return /^(correct|incorrect|unanticipated|neutral)$/.test(x) || REAL.test(x) ? "" : "406"; }],
    latency: ["rw", T.interval], description: ["rw", T.lang250], "objectives._count": ["ro"], "correct_responses._count": ["ro"]
  };
  var v = {
    "cmi._version": "1.0", "cmi.completion_status": saved.completion_status || "unknown", "cmi.completion_threshold": undefined,
    "cmi.credit": "credit", "cmi.entry": saved.entry || "ab-initio", "cmi.launch_data": undefined,
    "cmi.learner_id": "learner-1", "cmi.learner_name": saved.learner_name || "Doe, Ana", "cmi.location": saved.location,
    "cmi.max_time_allowed": undefined, "cmi.mode": saved.mode || "normal", "cmi.progress_measure": saved.progress_measure,
    "cmi.scaled_passing_score": saved.scaled_passing_score === undefined ? "0.8" : saved.scaled_passing_score,
    "cmi.score._children": "scaled,raw,min,max", "cmi.score.scaled": (saved.score || {}).scaled,
    "cmi.score.raw": (saved.score || {}).raw, "cmi.score.min": (saved.score || {}).min, "cmi.score.max": (saved.score || {}).max,
    "cmi.success_status": saved.success_status || "unknown", "cmi.suspend_data": saved.suspend_data,
    "cmi.time_limit_action": "continue,no message", "cmi.total_time": saved.total_time || "PT0S",
    "cmi.interactions._children": "id,type,objectives,timestamp,correct_responses,weighting,learner_response,result,latency,description"
  };
  var interactions = JSON.parse(JSON.stringify(saved.interactions || []));
  this.values = v;

  function done(result, code, fn, args) {
    last = code;
    self.log.push({ fn: fn, args: args, result: result, error: code });
    if (code !== "0") self.refusals.push(fn + "(" + args.join(", ") + ") -> " + code);
    return result;
  }

  function bad(before, after) { return state === "new" ? before : state === "terminated" ? after : ""; }

  this.Initialize = function (p) {
    var a = [p];
    if (p !== "") return done("false", "201", "Initialize", a);
    if (state === "running") return done("false", "103", "Initialize", a);
    if (state === "terminated") return done("false", "104", "Initialize", a);
    if (self.refuse.initialize) return done("false", "102", "Initialize", a);
    state = "running";
    return done("true", "0", "Initialize", a);
  };

  this.Terminate = function (p) {
    var a = [p];
    if (p !== "") return done("false", "201", "Terminate", a);
    var b = bad("112", "113");
    if (b) return done("false", b, "Terminate", a);
    state = "terminated";
    endOfSession();
    return done("true", "0", "Terminate", a);
  };

  this.Commit = function (p) {
    var a = [p];
    if (p !== "") return done("false", "201", "Commit", a);
    var b = bad("142", "143");
    if (b) return done("false", b, "Commit", a);
    if (self.refuse.commit) return done("false", "391", "Commit", a);
    self.commits = (self.commits || 0) + 1;
    return done("true", "0", "Commit", a);
  };

  // interaction resolves cmi.interactions.n.rest into {n, rest, d, k}, or
  // an error code.
  function interaction(el, setting) {
    var m = /^cmi\.interactions\.(\d+)\.(.+)$/.exec(el);
    if (!m) return null;
    var n = +m[1], rest = m[2], k;
    var cr = /^correct_responses\.(\d+)\.pattern$/.exec(rest);
    if (cr) k = +cr[1];
    else if (/^objectives\./.test(rest) && rest !== "objectives._count") return setting ? "351" : "301";
    var d = cr ? ["rw"] : IM[rest];
    if (!d) return "401";
    if (n > interactions.length || (n === interactions.length && !setting)) return setting ? "351" : "301";
    return { n: n, rest: rest, d: d, k: k };
  }

  this.GetValue = function (el) {
    var a = [el];
    var b = bad("122", "123");
    if (b) return done("", b, "GetValue", a);
    if (el === "") return done("", "301", "GetValue", a);
    if (el === "cmi.interactions._count") return done(String(interactions.length), "0", "GetValue", a);
    if (el === "cmi.success_status") return done(success(), "0", "GetValue", a);
    if (el === "cmi.completion_status") return done(completion(), "0", "GetValue", a);
    var it = interaction(el, false);
    if (typeof it === "string") return done("", it, "GetValue", a);
    if (it) {
      var rec = interactions[it.n];
      if (it.rest === "objectives._count") return done("0", "0", "GetValue", a);
      if (it.rest === "correct_responses._count") return done(String(rec.correct_responses.length), "0", "GetValue", a);
      var val = it.k !== undefined ? rec.correct_responses[it.k] : rec[it.rest];
      return val === undefined ? done("", it.k !== undefined ? "301" : "403", "GetValue", a) : done(val, "0", "GetValue", a);
    }
    if (/\._(children|count)$/.test(el) && !(el in M)) return done("", "301", "GetValue", a);
    if (/^cmi\.(objectives|comments_from_l|learner_preference)/.test(el) || /^adl\./.test(el)) return done("", "402", "GetValue", a);
    var d = M[el];
    if (!d) return done("", "401", "GetValue", a);
    if (d[0] === "wo") return done("", "405", "GetValue", a);
    if (v[el] === undefined) return done("", "403", "GetValue", a);
    return done(v[el], "0", "GetValue", a);
  };

  this.SetValue = function (el, val) {
    var a = [el, val];
    var b = bad("132", "133");
    if (b) return done("false", b, "SetValue", a);
    if (el === "") return done("false", "351", "SetValue", a);
    if (self.refuse.set && (self.refuse.set === "*" || self.refuse.set === el)) return done("false", "351", "SetValue", a);
    val = String(val);
    var it = interaction(el, true);
    if (typeof it === "string") return done("false", it, "SetValue", a);
    if (it) return setInteraction(it, val, a);
    if (/\._(children|count|version)$/.test(el) && el in M) return done("false", "404", "SetValue", a);
    if (/^cmi\.(objectives|comments_from_l|learner_preference)/.test(el) || /^adl\./.test(el)) return done("false", "402", "SetValue", a);
    var d = M[el];
    if (!d) return done("false", "401", "SetValue", a);
    if (d[0] === "ro") return done("false", "404", "SetValue", a);
    var e = d[1] ? d[1](val) : "";
    if (e) return done("false", e, "SetValue", a);
    v[el] = val;
    return done("true", "0", "SetValue", a);
  };

  function setInteraction(it, val, a) {
    if (it.d[0] === "ro") return done("false", "404", "SetValue", a);
    var rec = interactions[it.n];
    if (!rec) {
      // A new record starts with its id (RTE 4.2.9.1: dependency).
      if (it.rest !== "id") return done("false", "408", "SetValue", a);
      rec = { correct_responses: [] };
    }
    if (it.rest !== "id" && rec.id === undefined) return done("false", "408", "SetValue", a);
    var typed = it.rest === "learner_response" || it.k !== undefined;
    if (typed && rec.type === undefined) return done("false", "408", "SetValue", a);
    if (it.k !== undefined && it.k > rec.correct_responses.length) return done("false", "351", "SetValue", a);
    var e = typed ? (rec.type === "choice" ? T.choice(val) : "") : it.d[1] ? it.d[1](val) : "";
    if (e) return done("false", e, "SetValue", a);
    if (it.k !== undefined) rec.correct_responses[it.k] = val;
    else rec[it.rest] = val;
    interactions[it.n] = rec;
    return done("true", "0", "SetValue", a);
  }

  this.GetLastError = function () { return last; };
  this.GetErrorString = function (code) { return ERR[String(code)] || ""; };
  this.GetDiagnostic = function (code) { return ERR[String(code === "" ? last : code)] || ""; };

  // success and completion are the LMS's evaluation of the statuses
  // (RTE 4.2.22, 4.2.4).
  function success() {
    var pass = v["cmi.scaled_passing_score"], scaled = v["cmi.score.scaled"];
    if (pass !== undefined && pass !== "" && scaled !== undefined) return +scaled >= +pass ? "passed" : "failed";
    if (pass !== undefined && pass !== "" && scaled === undefined) return "unknown";
    return v["cmi.success_status"];
  }
  function completion() {
    var th = v["cmi.completion_threshold"], pm = v["cmi.progress_measure"];
    if (th !== undefined && pm !== undefined) return +pm >= +th ? "completed" : "incomplete";
    if (th !== undefined) return "unknown";
    return v["cmi.completion_status"];
  }

  function endOfSession() {
    v["cmi.success_status"] = success();
    v["cmi.completion_status"] = completion();
    self.sessionTime = v["cmi.session_time"];
  }

  // kept is what the LMS keeps for the learner's next session: with exit
  // "suspend" the attempt goes on (entry "resume"); else the attempt's
  // record stays as it is and, in these tests, the learner reopens it.
  this.kept = function () {
    return {
      completion_status: v["cmi.completion_status"], success_status: v["cmi.success_status"], location: v["cmi.location"],
      progress_measure: v["cmi.progress_measure"], suspend_data: v["cmi.suspend_data"], interactions: interactions,
      entry: v["cmi.exit"] === "suspend" ? "resume" : "",
      score: { scaled: v["cmi.score.scaled"], raw: v["cmi.score.raw"], min: v["cmi.score.min"], max: v["cmi.score.max"] }
    };
  };

  this.state = function () {
    var s = success(), c = completion();
    return { status: s !== "unknown" ? s : c, completion: c, success: s, score: v["cmi.score.raw"] === undefined ? "" : v["cmi.score.raw"],
      scaled: v["cmi.score.scaled"], suspend: v["cmi.suspend_data"] || "", location: v["cmi.location"] || "",
      sessionTime: self.sessionTime === undefined ? v["cmi.session_time"] : self.sessionTime, exit: v["cmi.exit"],
      interactions: interactions, refusals: self.refusals };
  };
}
