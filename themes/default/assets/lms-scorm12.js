// lms-scorm12.js: the SCORM 1.2 adapter of the reporting core (lms.js,
// whose header documents the interface). It maps the core's fields onto
// the SCORM 1.2 data model and checks every call with LMSGetLastError:
//
//   status    cmi.core.lesson_status: passed or failed when the success is
//             known, else completed or incomplete
//   score     cmi.core.score.raw (0-100), with score.min 0 and max 100
//   suspend   cmi.suspend_data (CMIString4096)
//   location  cmi.core.lesson_location (CMIString255)
//   exit      cmi.core.exit; session: cmi.core.session_time (HHHH:MM:SS.SS)
//   record n  cmi.interactions.n: id, type "choice", time, weighting,
//             student_response and correct_responses.0.pattern as choice
//             letters ("a,c"), result correct|wrong, latency. SCORM 1.2 has
//             no description, and its interactions are write-only: a
//             question answered again in a later session gets a new record.
//
// cmi.core.student_name ("Family, Given") is the learner's name, and
// cmi.student_data.mastery_score, when the LMS sets it, the pass mark.
(function () {
  "use strict";
  var L = window.RapportLMS;

  function adapter() {
    var api = null;

    // call runs an API function and returns null, or the LMS's error
    // ("405 Incorrect Data Type") when it returned "false" or set an error.
    function call(fn, a, b) {
      var r;
      try { r = fn === "LMSSetValue" ? api[fn](a, b) : api[fn](a); } catch (e) { return "exception " + e; }
      var code = "0";
      try { code = String(api.LMSGetLastError()); } catch (e) { code = "0"; }
      if (String(r) === "true" && (code === "0" || code === "")) return null;
      if (code === "0" || code === "") code = "101";
      var text = "";
      try { text = String(api.LMSGetErrorString(code)); } catch (e) { text = ""; }
      return code + " " + text;
    }

    function get(el) {
      var v = "";
      try { v = api.LMSGetValue(el); } catch (e) { v = ""; }
      var code = "0";
      try { code = String(api.LMSGetLastError()); } catch (e) { code = "0"; }
      return code === "0" || code === "" ? (v == null ? "" : String(v)) : "";
    }

    function set(el, v) { return call("LMSSetValue", el, String(v)); }

    // all sets each element of pairs in order, stopping at the first
    // refusal.
    function all(pairs) {
      for (var i = 0; i < pairs.length; i++) {
        var err = set(pairs[i][0], pairs[i][1]);
        if (err) return pairs[i][0] + ": " + err;
      }
      return null;
    }

    function letters(list) {
      return list.map(function (i) { return "abcdefghijklmnopqrstuvwxyz0123456789".charAt(i); }).join(",");
    }

    function clock(d) {
      function two(n) { return (n < 10 ? "0" : "") + n; }
      return two(d.getHours()) + ":" + two(d.getMinutes()) + ":" + two(d.getSeconds());
    }

    var fields = {
      status: function (st) {
        var s = st.success !== "unknown" ? st.success : st.completion === "completed" ? "completed" : "incomplete";
        return set("cmi.core.lesson_status", s);
      },
      score: function (v) { return all([["cmi.core.score.min", 0], ["cmi.core.score.max", 100], ["cmi.core.score.raw", v]]); },
      progress: function () { return null; },
      suspend: function (v) { return set("cmi.suspend_data", v); },
      location: function (v) { return set("cmi.core.lesson_location", v); },
      exit: function (v) { return set("cmi.core.exit", v); },
      session: function (ms) { return set("cmi.core.session_time", L.timespan12(ms).replace(/\.\d+$/, "")); }
    };

    return {
      limit: 4096,
      locationLimit: 255,
      open: function () {
        api = L.findAPI("API");
        if (!api) return null;
        var err = call("LMSInitialize", "");
        if (err) return { error: err };
        var status = get("cmi.core.lesson_status"), score = get("cmi.core.score.raw"), mastery = get("cmi.student_data.mastery_score");
        var completion = status === "completed" || status === "passed" || status === "failed" ? "completed" : status;
        var count = parseInt(get("cmi.interactions._count"), 10);
        return {
          completion: completion === "browsed" ? "incomplete" : completion,
          success: status === "passed" || status === "failed" ? status : "unknown",
          score: score === "" || isNaN(+score) ? null : +score,
          suspend: get("cmi.suspend_data"),
          location: get("cmi.core.lesson_location"),
          review: get("cmi.core.lesson_mode") === "review",
          pass: mastery === "" || isNaN(+mastery) ? null : +mastery,
          learner: { id: get("cmi.core.student_id"), name: L.learnerName(get("cmi.core.student_name")) },
          interactions: { ids: {}, count: count >= 0 ? count : 0 }
        };
      },
      set: function (field, v) { return fields[field](v); },
      record: function (n, q) {
        var p = "cmi.interactions." + n + ".";
        if (q.response.length > 36 || q.correct.length > 36) return null;
        return all([[p + "id", q.id], [p + "type", "choice"], [p + "time", clock(q.at)], [p + "weighting", 1],
          [p + "student_response", letters(q.response)], [p + "correct_responses.0.pattern", letters(q.correct)],
          [p + "result", q.right ? "correct" : "wrong"], [p + "latency", L.timespan12(q.latency)]]);
      },
      commit: function () { return call("LMSCommit", ""); },
      finish: function () { return call("LMSFinish", ""); }
    };
  }

  L.adapters.scorm12 = adapter;
})();
