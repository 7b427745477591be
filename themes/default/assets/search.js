// rapport search: queries the per-language index in the browser, with no
// server. The tokenizer mirrors generator/search/tokens.go exactly (a Go
// test runs both on the seed texts and compares). The index loads only when
// a search starts: fetched over http(s), or as a script file from disk.
(function () {
  "use strict";

  // fold maps one lowercased character to its matching form, or "" to drop it.
  function fold(c) {
    var r = c.codePointAt(0);
    if ((r >= 0x64b && r <= 0x65f) || r === 0x670 || r === 0x640) return "";
    if (r >= 0x591 && r <= 0x5c7 && /\p{Mn}/u.test(c)) return "";
    if (c === "أ" || c === "إ" || c === "آ" || c === "ٱ") return "ا";
    if (c === "ى") return "ي";
    if (c === "ة") return "ه";
    if (r === 0x200c || r === 0x200d || r === 0x200e || r === 0x200f || r === 0x61c || r === 0xad) return "";
    return c;
  }

  // normalize returns the folded text and, for each of its characters, the
  // index of the character of text it came from.
  function normalize(text) {
    var src = text.normalize("NFKC").toLowerCase();
    var out = "", map = [];
    var i = 0;
    for (var ch of src) {
      var f = fold(ch);
      for (var k = 0; k < f.length; k++) map.push(i);
      out += f;
      i += ch.length;
    }
    return { text: out, map: map };
  }

  // fold applied to a whole string at once: normalize(text).text, faster.
  var dropRE = /[\u064b-\u065f\u0670\u0640\u200c-\u200f\u061c\u00ad]|(?=\p{Mn})[\u0591-\u05c7]/gu;
  function normalizeText(text) {
    return text.normalize("NFKC").toLowerCase().replace(dropRE, "")
      .replace(/[أإآٱ]/g, "ا").replace(/ى/g, "ي").replace(/ة/g, "ه");
  }

  var wordRE = /[\p{L}\p{M}\p{Nd}]+/gu;
  var latinRE = /^[\p{Script=Latin}\p{M}\p{Nd}]+$/u;

  // stripMarks removes the combining marks of text, decomposed.
  function stripMarks(text) { return text.normalize("NFD").replace(/\p{Mn}/gu, ""); }

  // unaccented returns a Latin-script word without its diacritics, or ""
  // if the word is not Latin or has none.
  function unaccented(w) {
    if (!latinRE.test(w)) return "";
    var f = stripMarks(w);
    return f === w ? "" : f;
  }

  var isThai = function (c) { var r = c.codePointAt(0); return r >= 0xe00 && r <= 0xe7f; };
  var arabicPrefixes = ["وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ل", "ف", "ك"];
  var hebrewPrefixes = ["ו", "ה", "ב", "ל", "מ", "ש", "כ"];

  // prefixed returns the word and, for Arabic and Hebrew, the word without
  // its first prefix when at least three letters remain.
  function prefixed(w) {
    var out = [w];
    var first = w.codePointAt(0), prefixes = [];
    if (first >= 0x600 && first <= 0x6ff) prefixes = arabicPrefixes;
    else if (first >= 0x5d0 && first <= 0x5ea) prefixes = hebrewPrefixes;
    for (var i = 0; i < prefixes.length; i++) {
      var rest = w.slice(prefixes[i].length);
      if (w.startsWith(prefixes[i]) && Array.from(rest).length >= 3) {
        out.push(rest);
        return out;
      }
    }
    return out;
  }

  // wordGroups splits a normalized word into groups of alternatives: one
  // group per Thai bigram (all must match), or one group holding the word
  // and its form without a prefix (either may match).
  function wordGroups(w) {
    var rs = Array.from(w), groups = [], thai = [], start = 0;
    function flush() {
      if (thai.length === 1) groups.push([thai[0]]);
      for (var i = 0; i + 1 < thai.length; i++) groups.push([thai[i] + thai[i + 1]]);
      thai = [];
    }
    for (var i = 0; i < rs.length; i++) {
      if (isThai(rs[i])) {
        if (i > start) groups.push(prefixed(rs.slice(start, i).join("")));
        thai.push(rs[i]);
        start = i + 1;
        continue;
      }
      flush();
    }
    flush();
    if (start < rs.length) groups.push(prefixed(rs.slice(start).join("")));
    return groups;
  }

  // tokens returns the index terms of text, as Tokens(lang, text) does in
  // Go. The rules follow each character's script, not lang.
  function tokens(lang, text) {
    var out = [];
    (normalizeText(text).match(wordRE) || []).forEach(function (w) {
      wordGroups(w).forEach(function (g) { out.push.apply(out, g); });
    });
    return out;
  }

  // prepare turns the index's posting gaps into section numbers, maps each
  // term's form without diacritics to the term, and normalizes every title,
  // heading and text once, when the index loads, so a query only compares
  // prepared strings.
  function prepare(ix) {
    ix.accented = new Map();
    Object.keys(ix.postings).forEach(function (t) {
      var p = ix.postings[t];
      for (var i = 1; i < p.length; i++) p[i] += p[i - 1];
      var u = unaccented(t);
      if (u) ix.accented.set(u, (ix.accented.get(u) || []).concat(t));
    });
    ix.normTitles = ix.docs.map(function (d) { return normalizeText(d.t); });
    ix.normSections = ix.sections.map(function (s) { return [normalizeText(s[2]), normalizeText(s[3])]; });
    return ix;
  }

  // union merges sorted lists of section numbers into one, without repeats.
  function union(lists) {
    if (lists.length === 1) return lists[0];
    var all = [].concat.apply([], lists).sort(function (a, b) { return a - b; });
    return all.filter(function (v, i) { return i === 0 || v !== all[i - 1]; });
  }

  // intersect returns the section numbers in both sorted lists.
  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] < b[j]) i++;
      else if (a[i] > b[j]) j++;
      else { out.push(a[i]); i++; j++; }
    }
    return out;
  }

  // alternatives returns the strings whose presence in normalized text
  // means a query word occurs: the whole word for Thai (the phrase check
  // behind the bigrams), else the word and its form without a prefix.
  function alternatives(w) {
    return /[\u0e00-\u0e7f]/.test(w) ? [w] : (wordGroups(w)[0] || [w]);
  }

  // candidates returns the sections holding every term group of the words,
  // smallest posting lists first. A Latin word typed without diacritics
  // also takes the terms that have them.
  function candidates(ix, words) {
    var groups = [];
    words.forEach(function (w) {
      wordGroups(w).forEach(function (alts) {
        if (plainLatin(w)) alts = alts.concat(ix.accented.get(w) || []);
        groups.push(union(alts.map(function (t) { return ix.postings[t] || []; })));
      });
    });
    groups.sort(function (a, b) { return a.length - b.length; });
    var cands = groups[0] || [];
    for (var i = 1; i < groups.length && cands.length; i++) cands = intersect(cands, groups[i]);
    return cands;
  }

  // plainLatin reports whether w is a Latin word typed without diacritics,
  // which also matches its forms with them.
  function plainLatin(w) { return latinRE.test(w) && !unaccented(w); }

  // where scores a query word in a section: 100 in the title, 10 in the
  // heading, 1 in the text, for any of its forms.
  function where(forms, title, heading, body) {
    var inTitle = false, inHeading = false, inBody = false;
    for (var a = 0; a < forms.length; a++) {
      inTitle = inTitle || title.includes(forms[a]);
      inHeading = inHeading || heading.includes(forms[a]);
      inBody = inBody || body.includes(forms[a]);
    }
    return (inTitle ? 100 : 0) + (inHeading ? 10 : 0) + (inBody ? 1 : 0);
  }

  // search returns one result per matching doc, best first: its best
  // section, score and the forms to mark in its excerpt. A word in the
  // title counts 100, in the section's heading 10, in its text 1, half that
  // when only a form with diacritics the query lacks is there; Thai words
  // must occur whole.
  function search(ix, query) {
    var words = normalizeText(query).match(wordRE) || [];
    if (!words.length) return [];
    var forms = [];
    var wordAlts = words.map(function (w) {
      var wa = { thai: /[\u0e00-\u0e7f]/.test(w), alts: alternatives(w), accented: plainLatin(w) && ix.accented.get(w) || [] };
      forms.push.apply(forms, wa.alts.concat(wa.accented));
      return wa;
    });
    var byDoc = new Map();
    candidates(ix, words).forEach(function (si) {
      var sec = ix.sections[si];
      var title = ix.normTitles[sec[0]], heading = ix.normSections[si][0], body = ix.normSections[si][1];
      var score = 0;
      for (var k = 0; k < wordAlts.length; k++) {
        var sc = where(wordAlts[k].alts, title, heading, body);
        if (wordAlts[k].thai && !sc) return; // bigrams matched, the phrase did not
        if (!sc && wordAlts[k].accented.length) sc = where(wordAlts[k].accented, title, heading, body) / 2;
        score += sc;
      }
      var best = byDoc.get(sec[0]);
      if (!best || score > best.score) byDoc.set(sec[0], { doc: ix.docs[sec[0]], sec: sec, score: score, forms: forms });
    });
    return Array.from(byDoc.values()).sort(function (a, b) { return b.score - a.score || a.sec[0] - b.sec[0]; });
  }

  // marks returns the [start, end) character ranges of text where one of
  // the normalized forms occurs, in order.
  function marks(text, forms) {
    var n = normalize(text), spans = [];
    forms.forEach(function (f) {
      for (var at = n.text.indexOf(f); at >= 0; at = n.text.indexOf(f, at + f.length)) {
        spans.push([n.map[at], n.map[at + f.length - 1] + 1]);
      }
    });
    return spans.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { tokens: tokens, normalize: normalize, normalizeText: normalizeText, prepare: prepare, search: search, marks: marks };
    return;
  }

  var me = document.currentScript;
  var lang = me.getAttribute("data-lang");
  var messages = JSON.parse(me.getAttribute("data-messages") || "{}");
  var form = document.querySelector("[data-search-form]");
  var input = form && form.querySelector("input[name=q]");
  var status = document.querySelector("[data-search-status]");
  var list = document.querySelector("[data-search-results]");
  var loading = null;

  function base64Bytes(s) {
    var bin = atob(s), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes;
  }

  function gunzip(bytes) {
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text().then(JSON.parse).then(prepare);
  }

  function loadIndex() {
    if (loading) return loading;
    status.textContent = messages.loading || "";
    if (location.protocol === "file:" || me.getAttribute("data-portable") === "true") {
      loading = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = me.getAttribute("data-index-script");
        s.onload = function () { resolve(base64Bytes(self.rapportSearch[lang])); };
        s.onerror = reject;
        document.head.appendChild(s);
      }).then(gunzip);
    } else {
      loading = fetch(me.getAttribute("data-index")).then(function (r) { return r.arrayBuffer(); })
        .then(function (b) { return gunzip(new Uint8Array(b)); });
    }
    return loading;
  }

  // excerpt builds a text fragment around the first match, matches in <mark>.
  function excerpt(text, forms) {
    var spans = marks(text, forms), first = -1;
    if (spans.length) first = spans[0][0];
    var from = Math.max(0, first - 60), to = Math.min(text.length, Math.max(first, 0) + 160);
    var p = document.createElement("p");
    p.className = "excerpt";
    var pos = from;
    if (from > 0) p.append("…");
    spans.forEach(function (s) {
      if (s[0] < pos || s[1] > to) return;
      p.append(text.slice(pos, s[0]));
      var m = document.createElement("mark");
      m.textContent = text.slice(s[0], s[1]);
      p.append(m);
      pos = s[1];
    });
    p.append(text.slice(pos, to) + (to < text.length ? "…" : ""));
    return p;
  }

  function plural(n) {
    var forms = messages.results || {};
    var cat = new Intl.PluralRules(lang).select(n);
    return (forms[cat] || forms.other || "{{.Count}}").split("{{.Count}}").join(new Intl.NumberFormat(lang).format(n));
  }

  // maxShown is how many results get an excerpt on the page; the count
  // above the list gives them all.
  var maxShown = 50;
  var base = me.getAttribute("data-index").replace(/assets\/[^/]*$/, "");
  function render(ix, query) {
    list.replaceChildren();
    if (!query.trim()) { status.textContent = messages.empty_query || ""; return; }
    var results = search(ix, query);
    status.textContent = results.length ? plural(results.length) : (messages.no_results || "");
    results.slice(0, maxShown).forEach(function (r) {
      var url = r.doc.u + (r.sec[1] ? "#" + r.sec[1] : "");
      var href = me.getAttribute("data-portable") === "true" || location.protocol === "file:"
        ? relative(r.doc.u) + (r.sec[1] ? "#" + r.sec[1] : "") : base + url;
      var li = document.createElement("li");
      li.setAttribute("data-search-result", url);
      var a = document.createElement("a");
      a.href = href;
      a.textContent = r.doc.t;
      var h = document.createElement("h2");
      h.append(a);
      li.append(h);
      if (r.sec[2]) { var s = document.createElement("p"); s.className = "section"; s.textContent = r.sec[2]; li.append(s); }
      li.append(excerpt(r.sec[3] || r.sec[2] || r.doc.t, r.forms));
      list.append(li);
    });
  }

  // relative links a site path from the search page (<lang>/search/).
  function relative(sitePath) { return "../../" + sitePath + "index.html"; }

  var timer = null;
  function run(updateURL) {
    var q = input.value;
    if (updateURL) {
      var p = new URLSearchParams(location.search);
      if (q) p.set("q", q); else p.delete("q");
      history.replaceState(history.state, "", location.pathname + (p.toString() ? "?" + p : ""));
    }
    loadIndex().then(function (ix) { render(ix, q); }, function () { status.textContent = messages.no_results || ""; });
  }
  if (!form) return;
  form.addEventListener("submit", function (e) { e.preventDefault(); run(true); });
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { run(true); }, 120); });
  input.addEventListener("focus", function () { loadIndex(); }, { once: true });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") { var first = list.querySelector("a"); if (first) { e.preventDefault(); first.focus(); } }
  });
  var q0 = new URLSearchParams(location.search).get("q");
  if (q0) { input.value = q0; run(false); }
})();
