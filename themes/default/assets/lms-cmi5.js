// lms-cmi5.js: the cmi5 adapter of the reporting core (lms.js, whose header
// documents the interface and decides what is reported and when). Each
// page of a cmi5 package is an assignable unit (AU): the LMS opens
// index.html?au=<page>&endpoint=…&fetch=…&actor=…&registration=…&activityId=…
// and this adapter, started by the package's cmi5.js:
//
//   1. reads the launch parameters; without them (opened from disk or a
//      web server) the page is shown as the portable site shows it;
//   2. POSTs to the fetch URL once for the auth token (kept in
//      sessionStorage for a reload of the same launch: the LMS refuses a
//      second fetch);
//   3. GETs the LMS.LaunchData state document (context template, launch
//      mode, moveOn, masteryScore, returnURL) and its own state document
//      (rapport.attempt: the core's suspend data and the statements of the
//      registration already sent), then sends "initialized";
//   4. turns the core's reports into cmi5 defined statements: "completed"
//      when the page is done, "passed"/"failed" with result.score.scaled
//      and result.success when its questions are answered (each at most
//      once a registration; failed can be followed by passed), and
//      "terminated" with the session's duration when the learner leaves;
//      none but initialized and terminated in Browse or Review mode. Each
//      carries the context template, its session id, the registration
//      and the cmi5 category; completed and passed the moveOn category;
//      passed and failed the masteryScore extension;
//   5. sends one cmi5 allowed "answered" statement per answer: an xAPI
//      "choice" interaction in the page's language, without the cmi5
//      category;
//   6. on the launcher's exit button, terminates and goes to returnURL.
//
// Every request (statements by PUT with their own id, so a retry never
// stores one twice; the state document by PUT) goes through one queue,
// in order, kept in localStorage per registration: a refused or failed
// request is retried after 1, 2, 5, 5, … seconds, nothing after it is
// sent before it, and a page closed while requests wait sends them first
// at its next launch. While requests wait, the launcher shows the
// localized notice course.strings.waiting.
(function () {
  "use strict";
  var L = window.RapportLMS;
  var XAPI = "1.0.3";
  var CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
  var MOVEON = "https://w3id.org/xapi/cmi5/context/categories/moveon";
  var EXT = "https://w3id.org/xapi/cmi5/context/extensions/";
  var VERBS = {
    initialized: "http://adlnet.gov/expapi/verbs/initialized", completed: "http://adlnet.gov/expapi/verbs/completed",
    passed: "http://adlnet.gov/expapi/verbs/passed", failed: "http://adlnet.gov/expapi/verbs/failed",
    terminated: "http://adlnet.gov/expapi/verbs/terminated", answered: "http://adlnet.gov/expapi/verbs/answered"
  };
  var DELAYS = [1000, 2000, 5000];

  function uuid() {
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // params reads the launch parameters, or null when there are none.
  function params(search) {
    var q = new URLSearchParams(search), p = {};
    ["endpoint", "fetch", "actor", "registration", "activityId", "au"].forEach(function (k) { p[k] = q.get(k) || ""; });
    if (!p.endpoint || !p.fetch || !p.actor || !p.registration || !p.activityId) return null;
    try { p.actor = JSON.parse(p.actor); } catch (e) { return null; }
    if (!/\/$/.test(p.endpoint)) p.endpoint += "/";
    return p;
  }

  // Queue is the registration's requests waiting for the LRS, in order.
  function Queue(key, notice) {
    this.key = key;
    this.notice = notice;
    this.items = [];
    this.failures = 0;
    this.busy = false;
    try { this.items = JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { this.items = []; }
  }

  Queue.prototype.save = function () {
    try {
      if (this.items.length) localStorage.setItem(this.key, JSON.stringify(this.items));
      else localStorage.removeItem(this.key);
    } catch (e) { /* kept in memory */ }
  };

  Queue.prototype.push = function (req) {
    this.items.push(req);
    this.save();
    this.flush();
  };

  // flush sends the first request, and the next when it is stored; a
  // failure waits for the next delay. last sends what waits with
  // keepalive, the page going away.
  Queue.prototype.flush = function (last) {
    var self = this;
    if (this.busy || !this.items.length || !this.auth) return;
    this.busy = true;
    var req = this.items[0];
    fetch(this.endpoint + req.path, { method: req.method, body: JSON.stringify(req.body), keepalive: !!last,
      headers: { "Authorization": this.auth, "X-Experience-API-Version": XAPI, "Content-Type": "application/json" } })
      .then(function (r) { return r.ok || r.status === 409 ? "stored" : r.status === 400 ? "refused" : "failed " + r.status; })
      .catch(function (e) { return "failed " + e; })
      .then(function (what) {
        self.busy = false;
        if (what === "stored" || what === "refused") {
          if (what === "refused" && window.console) console.warn("rapport: the LRS refused " + req.path);
          self.items.shift();
          self.save();
          self.failures = 0;
          if (!self.items.length) self.notice("");
          if (self.items.length) self.flush(last);
          else if (self.onEmpty) self.onEmpty();
          return;
        }
        self.notice(self.waiting);
        setTimeout(function () { self.flush(); }, DELAYS[Math.min(self.failures++, DELAYS.length - 1)]);
      });
  };

  // request is an xAPI request with the launch's authorization.
  function request(p, auth, method, path) {
    return fetch(p.endpoint + path, { method: method, headers: { "Authorization": auth, "X-Experience-API-Version": XAPI } });
  }

  function stateQuery(p, id) {
    return "activities/state?stateId=" + encodeURIComponent(id) + "&activityId=" + encodeURIComponent(p.activityId) +
      "&agent=" + encodeURIComponent(JSON.stringify(p.actor)) + "&registration=" + encodeURIComponent(p.registration);
  }

  // token POSTs to the fetch URL once per launch.
  function token(p) {
    var key = "rapport-cmi5-token:" + p.fetch;
    try { if (sessionStorage.getItem(key)) return Promise.resolve(sessionStorage.getItem(key)); } catch (e) { /* fetch it */ }
    return fetch(p.fetch, { method: "POST" }).then(function (r) { return r.json(); }).then(function (d) {
      if (!d["auth-token"]) throw new Error("fetch: error " + d["error-code"] + " " + d["error-text"]);
      var auth = "Basic " + d["auth-token"];
      try { sessionStorage.setItem(key, auth); } catch (e) { /* one launch, one page */ }
      return auth;
    });
  }

  function getJSON(p, auth, id) {
    return request(p, auth, "GET", stateQuery(p, id)).then(function (r) {
      if (r.status === 404) return null;
      if (!r.ok) throw new Error("state " + id + ": " + r.status);
      return r.json();
    });
  }

  window.RapportLMS.adapters.cmi5 = { launch: launch, params: params };

  // launch starts the AU: course is the package's course, of which the AU
  // is the page named by the au parameter.
  function launch(course) {
    var p = params(location.search), au = new URLSearchParams(location.search).get("au") || "";
    var page = null;
    course.pages.forEach(function (pg) { if (pg[0] === au) page = pg; });
    var one = Object.assign({}, course, { pages: page ? [page] : [], start: course.lang + "/" + au + "index.html" });
    if (!page) one.start = course.start;
    if (!p || !page) return L.start({ open: function () { return null; } }, one);
    return token(p).then(function (auth) {
      return Promise.all([auth, getJSON(p, auth, "LMS.LaunchData"), getJSON(p, auth, "rapport.attempt")]);
    }).then(function (got) {
      return new Session(p, got[0], got[1] || {}, got[2] || {}, one).start();
    }).catch(function (e) {
      if (window.console) console.warn("rapport: the LMS did not start the session: " + e);
      return L.start({ open: function () { return { error: String(e) }; } }, one);
    });
  }

  // Session is one launch of the AU.
  function Session(p, auth, launchData, saved, course) {
    var box = document.getElementById("lms-notice");
    this.p = p;
    this.data = launchData;
    this.course = course;
    this.saved = { suspend: saved.suspend || "", location: saved.location || "", sent: saved.sent || {} };
    this.normal = (launchData.launchMode || "Normal") === "Normal";
    this.queue = new Queue("rapport-cmi5-queue:" + p.endpoint + ":" + p.registration, function (text) {
      if (!box) return;
      box.textContent = text;
      box.hidden = !text;
    });
    this.queue.waiting = course.strings.waiting || course.strings.retrying;
    this.queue.endpoint = p.endpoint;
    this.queue.auth = auth;
    this.began = Date.now();
    this.score = null;
  }

  // statement is a statement of verb about the AU, with the context
  // template; defined adds the cmi5 category.
  Session.prototype.statement = function (verb, defined, result, object) {
    var t = this.data.contextTemplate || {}, ctx = JSON.parse(JSON.stringify(t));
    ctx.registration = this.p.registration;
    ctx.language = this.course.lang;
    ctx.contextActivities = ctx.contextActivities || {};
    ctx.extensions = ctx.extensions || {};
    if (defined) {
      var cat = (ctx.contextActivities.category || []).slice();
      cat.push({ id: CMI5, objectType: "Activity" });
      if (verb === "completed" || verb === "passed") cat.push({ id: MOVEON, objectType: "Activity" });
      ctx.contextActivities.category = cat;
    }
    if ((verb === "passed" || verb === "failed") && this.data.masteryScore != null) ctx.extensions[EXT + "masteryscore"] = this.data.masteryScore;
    var s = { id: uuid(), actor: this.p.actor, verb: { id: VERBS[verb], display: { "en-US": verb } },
      object: object || { id: this.p.activityId, objectType: "Activity" }, context: ctx, timestamp: new Date().toISOString() };
    if (result) s.result = result;
    return s;
  };

  Session.prototype.send = function (verb, defined, result, object) {
    var s = this.statement(verb, defined, result, object);
    this.queue.push({ method: "PUT", path: "statements?statementId=" + s.id, body: s });
  };

  // keep writes the attempt's state document (suspend data, location, the
  // statements sent) after the statements before it.
  Session.prototype.keep = function () {
    this.queue.push({ method: "PUT", path: stateQuery(this.p, "rapport.attempt"), body: this.saved });
  };

  Session.prototype.start = function () {
    this.queue.flush();
    this.send("initialized", true);
    var sent = this.saved.sent, mastery = this.data.masteryScore;
    var entry = {
      completion: sent.completed ? "completed" : "incomplete", success: sent.passed ? "passed" : sent.failed ? "failed" : "unknown",
      score: null, suspend: this.saved.suspend, location: "", review: !this.normal,
      pass: mastery != null && !isNaN(+mastery) ? Math.round(100 * mastery) : null,
      learner: { id: this.p.actor.account ? this.p.actor.account.name : this.p.actor.mbox || "", name: this.p.actor.name || "" },
      interactions: { ids: {}, count: 0 }
    };
    var core = L.start(this.adapter(entry), this.course);
    this.exitButton(core);
    return core;
  };

  // adapter is the core's view of the session.
  Session.prototype.adapter = function (entry) {
    var self = this;
    return {
      limit: 64000,
      locationLimit: 1000,
      open: function () { return entry; },
      set: function (field, v) {
        if (field === "score") self.score = v;
        else if (field === "status") self.pending = v;
        else if (field === "suspend" || field === "location") {
          self.saved[field] = v;
          self.dirty = true;
        }
        return null;
      },
      record: function (n, q) { self.answered(q); return null; },
      commit: function () {
        // The core writes the status before the answers that led to it:
        // they go first, the status at the commit.
        if (self.pending) self.status(self.pending);
        self.pending = null;
        if (self.dirty) self.keep();
        self.dirty = false;
        return null;
      },
      finish: function () { self.terminate(); return null; }
    };
  };

  // status sends completed, passed or failed the first time the core
  // reports them in Normal mode.
  Session.prototype.status = function (st) {
    var sent = this.saved.sent, ms = Date.now() - this.began;
    if (!this.normal) return;
    if (st.completion === "completed" && !sent.completed) {
      sent.completed = true;
      this.dirty = true;
      this.send("completed", true, { completion: true, duration: L.duration(ms) });
    }
    if ((st.success === "passed" && !sent.passed) || (st.success === "failed" && !sent.passed && !sent.failed)) {
      sent[st.success] = true;
      this.dirty = true;
      var r = { success: st.success === "passed", duration: L.duration(ms) };
      if (this.score != null) r.score = { scaled: this.score / 100, raw: this.score, min: 0, max: 100 };
      this.send(st.success, true, r);
    }
  };

  // answered sends the cmi5 allowed statement of an answer: the question
  // as a choice interaction in the page's language.
  Session.prototype.answered = function (q) {
    var lang = q.lang, letters = "abcdefghijklmnopqrstuvwxyz0123456789";
    var ids = function (list) { return list.map(function (i) { return letters.charAt(i); }).join("[,]"); };
    var def = { type: "http://adlnet.gov/expapi/activities/cmi.interaction", interactionType: "choice",
      name: {}, description: {}, correctResponsesPattern: [ids(q.correct)], choices: [] };
    def.name[lang] = q.text || q.id;
    def.description[lang] = q.text || q.id;
    (q.choices || []).forEach(function (text, i) {
      var d = {};
      d[lang] = text;
      def.choices.push({ id: letters.charAt(i), description: d });
    });
    var object = { id: this.p.activityId + "/" + q.id.split("/").map(encodeURIComponent).join("/"), objectType: "Activity", definition: def };
    this.send("answered", false, { response: ids(q.response), success: !!q.right, duration: L.duration(q.latency) }, object);
  };

  Session.prototype.terminate = function () {
    if (this.ended) return;
    this.ended = true;
    if (this.pending) this.status(this.pending);
    this.pending = null;
    if (this.dirty) this.keep();
    this.dirty = false;
    this.send("terminated", true, { duration: L.duration(Date.now() - this.began) });
    this.queue.flush(true);
  };

  // exitButton adds the launcher's exit: terminated, then returnURL once
  // the queue is empty (or after ten seconds, the records kept for the
  // next launch).
  Session.prototype.exitButton = function (core) {
    var self = this, label = this.course.strings.exit;
    if (!label || !core) return;
    var b = document.createElement("button");
    b.type = "button";
    b.id = "lms-exit";
    b.className = "lms-exit";
    b.textContent = label;
    document.body.insertBefore(b, document.body.firstChild);
    b.addEventListener("click", function () {
      b.disabled = true;
      var go = function () { if (self.data.returnURL) location.href = self.data.returnURL; };
      self.queue.onEmpty = go;
      core.finish();
      if (!self.queue.items.length) go();
      setTimeout(go, 10000);
    });
  };
})();
