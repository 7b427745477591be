// lms-scorm2004.js: the SCORM 2004 (4th edition) adapter of the reporting
// core (lms.js, whose header documents the interface). It maps the core's
// fields onto the SCORM 2004 data model and checks every call with
// GetLastError:
//
//   status    cmi.completion_status (incomplete|completed) and
//             cmi.success_status (unknown|passed|failed), apart
//   score     cmi.score.scaled (0-1) with raw, min 0 and max 100
//   progress  cmi.progress_measure (0-1; 1 only when complete)
//   suspend   cmi.suspend_data (up to 64,000 characters)
//   location  cmi.location (up to 1,000 characters)
//   exit      cmi.exit ("" or suspend); session: cmi.session_time (PT…S)
//   record n  cmi.interactions.n: id, type "choice", timestamp, weighting,
//             learner_response and correct_responses.0.pattern as choice
//             identifiers ("a[,]c"), result correct|incorrect, latency
//             and the question's text as description ({lang=he}…, 250
//             characters). Records are found again by id when the learner
//             comes back, so a question keeps one record.
//
// cmi.learner_name is the learner's name and cmi.scaled_passing_score,
// when the LMS has one, the pass mark.
(function () {
  "use strict";
  var L = window.RapportLMS;

  function adapter() {
    var api = null;

    function lastError() {
      var code = "0";
      try { code = String(api.GetLastError()); } catch (e) { code = "0"; }
      return code === "" ? "0" : code;
    }

    // call runs an API function and returns null, or the LMS's error.
    function call(fn, a, b) {
      var r;
      try { r = fn === "SetValue" ? api[fn](a, b) : api[fn](a); } catch (e) { return "exception " + e; }
      var code = lastError();
      if (String(r) === "true" && code === "0") return null;
      if (code === "0") code = "101";
      var text = "";
      try { text = String(api.GetErrorString(code)); } catch (e) { text = ""; }
      return code + " " + text;
    }

    function get(el) {
      var v = "";
      try { v = api.GetValue(el); } catch (e) { v = ""; }
      return lastError() === "0" && v != null ? String(v) : "";
    }

    function set(el, v) { return call("SetValue", el, String(v)); }

    function all(pairs) {
      for (var i = 0; i < pairs.length; i++) {
        var err = set(pairs[i][0], pairs[i][1]);
        if (err) return pairs[i][0] + ": " + err;
      }
      return null;
    }

    function ids(list) {
      return list.map(function (i) { return "abcdefghijklmnopqrstuvwxyz0123456789".charAt(i); }).join("[,]");
    }

    // description is the question's text as a localized string of at most
    // 250 characters (a leading "{" would read as a language tag).
    function description(q) {
      var t = String(q.text).replace(/\s+/g, " ").replace(/[{}]/g, "").trim();
      var chars = Array.from(t);
      if (chars.length > 250) t = chars.slice(0, 249).join("") + "…";
      return "{lang=" + q.lang + "}" + t;
    }

    function timestamp(d) { return d.toISOString().slice(0, 22) + "Z"; }

    // existing maps the ids of the interaction records the LMS keeps to
    // their index.
    function existing() {
      var count = parseInt(get("cmi.interactions._count"), 10), out = { ids: {}, count: count >= 0 ? count : 0 };
      for (var n = 0; n < out.count; n++) {
        var id = get("cmi.interactions." + n + ".id");
        if (id) out.ids[id] = n;
      }
      return out;
    }

    var fields = {
      status: function (st) {
        return all([["cmi.completion_status", st.completion], ["cmi.success_status", st.success]]);
      },
      score: function (v) {
        return all([["cmi.score.min", 0], ["cmi.score.max", 100], ["cmi.score.raw", v], ["cmi.score.scaled", v / 100]]);
      },
      progress: function (v) { return set("cmi.progress_measure", Math.round(v * 10000) / 10000); },
      suspend: function (v) { return set("cmi.suspend_data", v); },
      location: function (v) { return set("cmi.location", v); },
      exit: function (v) { return set("cmi.exit", v); },
      session: function (ms) { return set("cmi.session_time", L.duration(ms)); }
    };

    return {
      limit: 64000,
      locationLimit: 1000,
      open: function () {
        api = L.findAPI("API_1484_11");
        if (!api) return null;
        var err = call("Initialize", "");
        if (err) return { error: err };
        var scaled = get("cmi.score.scaled"), passing = get("cmi.scaled_passing_score");
        return {
          completion: get("cmi.completion_status"),
          success: get("cmi.success_status") || "unknown",
          score: scaled === "" || isNaN(+scaled) ? null : Math.round(100 * scaled),
          suspend: get("cmi.suspend_data"),
          location: get("cmi.location"),
          review: get("cmi.mode") === "review",
          pass: passing === "" || isNaN(+passing) ? null : Math.round(100 * passing),
          learner: { id: get("cmi.learner_id"), name: L.learnerName(get("cmi.learner_name")) },
          interactions: existing()
        };
      },
      set: function (field, v) { return fields[field](v); },
      record: function (n, q) {
        var p = "cmi.interactions." + n + ".";
        if (q.response.length > 36 || q.correct.length > 36) return null;
        return all([[p + "id", q.id], [p + "type", "choice"], [p + "timestamp", timestamp(q.at)], [p + "weighting", 1],
          [p + "learner_response", ids(q.response)], [p + "correct_responses.0.pattern", ids(q.correct)],
          [p + "result", q.right ? "correct" : "incorrect"], [p + "latency", L.duration(q.latency)],
          [p + "description", description(q)]]);
      },
      commit: function () { return call("Commit", ""); },
      finish: function () { return call("Terminate", ""); }
    };
  }

  L.adapters.scorm2004 = adapter;
})();
