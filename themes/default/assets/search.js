// rapport search: queries the per-language index in the browser, with no
// server. The tokenizer mirrors generator/search/tokens.go exactly (a Go
// test runs both on the seed texts and compares). The index loads only when
// a search starts: fetched over http(s), or as a script file from disk.
(function () {
  "use strict";

  // foldRE matches what folding changes in lowercased NFKC text: Arabic
  // harakat, superscript alef and tatweel, Hebrew niqqud and cantillation,
  // joiners, direction marks and soft hyphens (all dropped), and the alef,
  // ya and ta marbuta variants (replaced). Go's fold is the same rule.
  var foldRE = /[\u064b-\u065f\u0670\u0640\u200c-\u200f\u061c\u00ad]|(?=\p{Mn})[\u0591-\u05c7]|[أإآٱىة]/gu;
  var foldTo = { "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه" };

  // fold returns lowercased NFKC text, or one character of it, folded for
  // matching: the one folding function of both normalizers.
  function fold(s) { return s.replace(foldRE, function (c) { return foldTo[c] || ""; }); }

  // mayFold reports whether fold may change a character whose first code
  // unit is r: a cheap test that spares most characters fold's regular
  // expression (foldRE matches only in these ranges).
  function mayFold(r) { return r === 0xad || (r >= 0x591 && r <= 0x671) || (r >= 0x200c && r <= 0x200f); }

  // joins reports whether the character c joins the one before it in
  // NFKC: a mark, a half-width voicing mark, a Hangul vowel or final jamo.
  // Text cut before every other character normalizes piece by piece as it
  // does whole. Answers are kept per code unit.
  var joinsRE = /^[\p{M}\uff9e\uff9f\u1160-\u11ff\ud7b0-\ud7fb]/u;
  var joinsKnown = new Uint8Array(0x10000); // 0 unknown, 1 no, 2 yes
  function joins(c) {
    var r = c.charCodeAt(0), k = joinsKnown[r];
    if (!k) k = joinsKnown[r] = joinsRE.test(c) ? 2 : 1;
    return k === 2;
  }

  // pieceForms remembers the normalized form of the pieces normalize met
  // in text that is not NFKC (Thai with ำ, say): a text has few distinct
  // ones.
  var pieceForms = new Map();

  // normalize returns the folded text and, for each of its characters, the
  // range [from[i], to[i]) of text it came from, for marking matches in
  // the text as written (NFKC changes lengths: ﾎﾟ is ポ, ﬁ is fi, ำ is ํา).
  function normalize(text) {
    var out = "", from = [], to = [];
    var src = text.normalize("NFKC");
    if (src === text && (src = src.toLowerCase()).length === text.length) {
      // Most text: NFKC already, each character in its place; a dropped
      // mark belongs to the character before it.
      var i = 0;
      for (var ch of src) {
        var f = mayFold(ch.charCodeAt(0)) ? fold(ch) : ch;
        if (!f && to.length) to[to.length - 1] = i + ch.length;
        for (var k = 0; k < f.length; k++) { from.push(i); to.push(i + ch.length); }
        out += f;
        i += ch.length;
      }
      return { text: out, from: from, to: to };
    }
    // Else piece by piece: a character with those that join it.
    var piece = "", start = 0, at = 0;
    function emit() {
      var f = pieceForms.get(piece);
      if (f === undefined) {
        f = normalizeText(piece);
        if (pieceForms.size < 10000) pieceForms.set(piece, f);
      }
      if (!f && to.length) to[to.length - 1] = at;
      for (var k = 0; k < f.length; k++) { from.push(start); to.push(at); }
      out += f;
    }
    for (var c of text) {
      if (piece && !joins(c)) { emit(); piece = ""; start = at; }
      piece += c;
      at += c.length;
    }
    if (piece) emit();
    return { text: out, from: from, to: to };
  }

  // normalizeText returns normalize(text).text, faster.
  function normalizeText(text) { return fold(text.normalize("NFKC").toLowerCase()); }

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

  // pairedRanges are the blocks of the scripts indexed as overlapping
  // character pairs (Thai, Lao, Myanmar, Hangul, Khmer, Han, Hiragana,
  // Katakana): Go's pairedRanges, the same list.
  var pairedRanges = [
    [0x0e00, 0x0eff], [0x1000, 0x109f], [0x1100, 0x11ff], [0x1780, 0x17ff], [0x19e0, 0x19ff],
    [0x2e80, 0x2fdf], [0x3005, 0x3007], [0x3021, 0x3029], [0x3031, 0x3035], [0x303b, 0x303c],
    [0x3040, 0x30ff], [0x3130, 0x318f], [0x31f0, 0x31ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff],
    [0xa960, 0xa97f], [0xa9e0, 0xa9ff], [0xaa60, 0xaa7f], [0xac00, 0xd7ff], [0xf900, 0xfaff],
    [0x1aff0, 0x1b2ff], [0x20000, 0x3ffff]
  ];

  // paired reports whether the character c is in a paired script: the one
  // test of script in this file.
  function paired(c) {
    var r = c.codePointAt(0);
    if (r < 0x0e00) return false;
    for (var i = 0; i < pairedRanges.length; i++) {
      if (r >= pairedRanges[i][0] && r <= pairedRanges[i][1]) return true;
    }
    return false;
  }

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

  // pieces splits a normalized word into its runs of paired and of other
  // characters: "crmの導入" is "crm" and "の導入". Each is searched as a
  // word of its own.
  function pieces(w) {
    var out = [], cur = null;
    for (var c of w) {
      var p = paired(c);
      if (!cur || cur.paired !== p) out.push(cur = { text: "", paired: p });
      cur.text += c;
    }
    return out;
  }

  // pairs returns the terms of a paired run: its overlapping pairs, or
  // the run itself when it is one character.
  function pairs(run) {
    var rs = Array.from(run), out = [];
    if (rs.length === 1) return rs;
    for (var i = 0; i + 1 < rs.length; i++) out.push(rs[i] + rs[i + 1]);
    return out;
  }

  // tokens returns the index terms of text, as Tokens(lang, text) does in
  // Go. The rules follow each character's script, not lang.
  function tokens(lang, text) {
    var out = [];
    (normalizeText(text).match(wordRE) || []).forEach(function (w) {
      pieces(w).forEach(function (p) { out.push.apply(out, p.paired ? pairs(p.text) : prefixed(p.text)); });
    });
    return out;
  }

  // queryWords returns the words of a query, each run of paired characters
  // a word of its own: {text, paired, alts (forms that count as the word
  // in the text), accented (terms with diacritics the word lacks)}.
  function queryWords(ix, query) {
    var out = [];
    (normalizeText(query).match(wordRE) || []).forEach(function (w) {
      pieces(w).forEach(function (p) {
        var plain = !p.paired && plainLatin(p.text);
        out.push({ text: p.text, paired: p.paired, alts: p.paired ? [p.text] : prefixed(p.text),
          accented: plain && ix.accented.get(p.text) || [] });
      });
    });
    return out;
  }

  // decode reads an index (the bytes gzip gives, see Pages in
  // generator/search/index.go): "RPS1", flags, the length of the numbers,
  // the numbers (unsigned LEB128), then every string of the index in UTF-8,
  // decoded at once and sliced by the lengths the numbers give in UTF-16
  // code units. It returns {lang, pairs, docs: [{u, t}], sections: [[doc,
  // anchor, heading, text]], postings: term → sorted section numbers}.
  function decode(bytes) {
    if (String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]) !== "RPS1") throw new Error("not a search index");
    var pos = 4;
    function num() {
      var x = 0, mul = 1, b;
      do { b = bytes[pos++]; x += (b & 127) * mul; mul *= 128; } while (b > 127);
      return x;
    }
    var flags = num(), end = num() + pos;
    var strings = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.subarray(end)), at = 0;
    function str() { var n = num(); at += n; return strings.slice(at - n, at); }
    var ix = { lang: str(), docs: [], sections: [], postings: Object.create(null) };
    if (flags & 1) ix.pairs = "local";
    var counts = [], d, k;
    for (d = num(); d > 0; d--) { ix.docs.push({ u: str(), t: str() }); counts.push(num()); }
    for (d = 0; d < counts.length; d++) {
      for (k = counts[d]; k > 0; k--) ix.sections.push([d, str(), str(), str()]);
    }
    var prev = "";
    for (k = num(); k > 0; k--) {
      var term = prev.slice(0, num()) + str(), list = new Array(num()), s = 0;
      for (var i = 0; i < list.length; i++) list[i] = s += num();
      ix.postings[term] = list;
      prev = term;
    }
    if (pos !== end) throw new Error("search index numbers do not end where its strings start");
    return ix;
  }

  // prepare maps each term's form without diacritics to the term, and
  // normalizes every title, heading and text once, when the index loads,
  // so a query only compares prepared strings.
  function prepare(ix) {
    ix.accented = new Map();
    Object.keys(ix.postings).forEach(function (t) {
      var u = unaccented(t);
      if (u) ix.accented.set(u, (ix.accented.get(u) || []).concat(t));
    });
    ix.normTitles = ix.docs.map(function (d) { return normalizeText(d.t); });
    ix.normSections = ix.sections.map(function (s) { return [normalizeText(s[2]), normalizeText(s[3])]; });
    if (ix.pairs === "local") localPairs(ix);
    return ix;
  }

  // localPairs adds the postings of the character pairs that a small index
  // leaves out ("pairs":"local", see localPairsBelow in index.go): the
  // pairs of each section's title, heading and text, as Go indexes them.
  function localPairs(ix) {
    var titlePairs = ix.normTitles.map(pairTerms);
    ix.sections.forEach(function (s, si) {
      [titlePairs[s[0]], pairTerms(ix.normSections[si][0]), pairTerms(ix.normSections[si][1])].forEach(function (ts) {
        ts.forEach(function (t) {
          var p = ix.postings[t];
          if (!p) ix.postings[t] = [si];
          else if (p[p.length - 1] !== si) p.push(si);
        });
      });
    });
  }

  // pairTerms returns the terms of paired runs in normalized text.
  function pairTerms(text) {
    var out = [];
    (text.match(wordRE) || []).forEach(function (w) {
      pieces(w).forEach(function (p) { if (p.paired) out.push.apply(out, pairs(p.text)); });
    });
    return out;
  }

  // pairsWith returns the index's pairs holding the paired character c,
  // with c itself: where a one-character query may occur. The map from
  // characters to pairs is made on the first such query.
  function pairsWith(ix, c) {
    if (!ix.pairsOf) {
      ix.pairsOf = new Map();
      Object.keys(ix.postings).forEach(function (t) {
        var rs = Array.from(t);
        if (rs.length !== 2 || !paired(rs[0])) return;
        rs.forEach(function (r, i) {
          if (i === 1 && r === rs[0]) return;
          var l = ix.pairsOf.get(r);
          if (l) l.push(t); else ix.pairsOf.set(r, [t]);
        });
      });
    }
    return [c].concat(ix.pairsOf.get(c) || []);
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

  // termGroups returns, for a query word, the groups of terms of which
  // the sections holding it have one of each group: every pair of a
  // paired run; a lone paired character or any pair holding it; or the word,
  // its form without a prefix or, typed without diacritics, the terms
  // with them.
  function termGroups(ix, qw) {
    if (!qw.paired) return [qw.alts.concat(qw.accented)];
    var ps = pairs(qw.text);
    if (ps.length === 1 && Array.from(ps[0]).length === 1) return [pairsWith(ix, ps[0])];
    return ps.map(function (p) { return [p]; });
  }

  // candidates returns the sections holding every term group of the query
  // words, smallest posting lists first.
  function candidates(ix, qws) {
    var groups = [];
    qws.forEach(function (qw) {
      termGroups(ix, qw).forEach(function (alts) {
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
  // when only a form with diacritics the query lacks is there; a run of
  // paired characters must occur whole.
  function search(ix, query) {
    var qws = queryWords(ix, query);
    if (!qws.length) return [];
    var forms = [];
    qws.forEach(function (qw) { forms.push.apply(forms, qw.alts.concat(qw.accented)); });
    var byDoc = new Map();
    candidates(ix, qws).forEach(function (si) {
      var sec = ix.sections[si];
      var title = ix.normTitles[sec[0]], heading = ix.normSections[si][0], body = ix.normSections[si][1];
      var score = 0;
      for (var k = 0; k < qws.length; k++) {
        var sc = where(qws[k].alts, title, heading, body);
        if (qws[k].paired && !sc) return; // the pairs matched, the run did not
        if (!sc && qws[k].accented.length) sc = where(qws[k].accented, title, heading, body) / 2;
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
        spans.push([n.from[at], n.to[at + f.length - 1]]);
      }
    });
    return spans.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { tokens: tokens, normalize: normalize, normalizeText: normalizeText, decode: decode, prepare: prepare, search: search, marks: marks };
    return;
  }

  // The search page. Its script element carries, as data- attributes:
  // lang, the page's language; index or index-script, where its index is
  // (fetched over http(s), loaded as a script from disk in a -portable
  // build); portable; root, the site's root as seen from this page ("/",
  // or "../../" in a portable build); langs, the site's other languages
  // as JSON [{lang, dir, name, index, script}]; messages, the UI strings.
  var me = document.currentScript;
  var lang = me.getAttribute("data-lang");
  var messages = JSON.parse(me.getAttribute("data-messages") || "{}");
  var others = JSON.parse(me.getAttribute("data-langs") || "[]") || [];
  var root = me.getAttribute("data-root") || "";
  // portable: the site was built to be opened from disk, or is: indexes
  // load as scripts and links name index.html.
  var portable = me.getAttribute("data-portable") === "true" || location.protocol === "file:";
  var form = document.querySelector("[data-search-form]");
  var input = form && form.querySelector("input[name=q]");
  var status = document.querySelector("[data-search-status]");
  var list = document.querySelector("[data-search-results]");
  var indexes = new Map(); // language → promise of its prepared index

  function base64Bytes(s) {
    var bin = atob(s), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes;
  }

  function gunzip(bytes) {
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).arrayBuffer().then(function (b) { return prepare(decode(new Uint8Array(b))); });
  }

  // loadIndex returns the prepared index of language l ({lang, index,
  // script}), loading it the first time only.
  function loadIndex(l) {
    if (indexes.has(l.lang)) return indexes.get(l.lang);
    var loading;
    if (portable) {
      loading = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = l.script;
        s.onload = function () { resolve(base64Bytes(self.rapportSearch[l.lang])); };
        s.onerror = reject;
        document.head.appendChild(s);
      }).then(gunzip);
    } else {
      loading = fetch(l.index).then(function (r) { return r.arrayBuffer(); })
        .then(function (b) { return gunzip(new Uint8Array(b)); });
    }
    indexes.set(l.lang, loading);
    return loading;
  }
  var own = { lang: lang, index: me.getAttribute("data-index"), script: me.getAttribute("data-index-script") };

  // words finds word boundaries in the page's language (Thai has no
  // spaces between words), or null where the browser cannot.
  var words = typeof Intl === "object" && Intl.Segmenter ? new Intl.Segmenter(lang, { granularity: "word" }) : null;

  // wordEdge moves i, a cut of text, to a word boundary: forward to the end
  // of the word it falls in (the start of an excerpt), or back to its start
  // (the end), so an excerpt never begins or ends with a piece of a word.
  function wordEdge(text, i, forward) {
    if (i <= 0 || i >= text.length) return i;
    if (words) {
      var seg = words.segment(text).containing(i);
      if (!seg || seg.index === i) return i;
      return forward ? seg.index + seg.segment.length : seg.index;
    }
    var re = /\s/;
    if (forward) { while (i < text.length && !re.test(text[i - 1])) i++; } else { while (i > 0 && !re.test(text[i])) i--; }
    return i;
  }

  // excerpt builds a text fragment around the first match, matches in
  // <mark>, cut between words.
  function excerpt(text, forms) {
    var spans = marks(text, forms), first = -1;
    if (spans.length) first = spans[0][0];
    var from = Math.max(0, first - 60), to = Math.min(text.length, Math.max(first, 0) + 160);
    var edge = wordEdge(text, from, true); // a long word (a URL) is cut rather than dropped
    if (edge - from < 20 && (first < 0 || edge <= first)) from = edge;
    while (from > 0 && from < first && /\s/.test(text[from])) from++;
    edge = wordEdge(text, to, false);
    if (to - edge < 20 && edge > from) to = edge;
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
    p.append(to < text.length ? text.slice(pos, to).replace(/\s+$/, "") + "…" : text.slice(pos, to));
    return p;
  }

  // plural returns the page language's text for n results.
  function plural(n) {
    var forms = messages.results || {};
    var cat = new Intl.PluralRules(lang).select(n);
    return (forms[cat] || forms.other || "{{.Count}}").split("{{.Count}}").join(new Intl.NumberFormat(lang).format(n));
  }

  // href links a result: its site path under the root, ending in
  // index.html when portable, and its section's anchor.
  function href(r) {
    return root + r.doc.u + (portable ? "index.html" : "") + (r.sec[1] ? "#" + r.sec[1] : "");
  }

  // maxShown is how many results of a language get an excerpt on the
  // page; the count above the list gives them all.
  var maxShown = 50;

  // fill lists results in ol.
  function fill(ol, results) {
    ol.replaceChildren();
    results.slice(0, maxShown).forEach(function (r) {
      var li = document.createElement("li");
      li.setAttribute("data-search-result", r.doc.u + (r.sec[1] ? "#" + r.sec[1] : ""));
      var a = document.createElement("a");
      a.href = href(r);
      a.textContent = r.doc.t;
      var h = document.createElement(ol === list ? "h2" : "h4");
      h.append(a);
      li.append(h);
      if (r.sec[2]) { var s = document.createElement("p"); s.className = "section"; s.textContent = r.sec[2]; li.append(s); }
      li.append(excerpt(r.sec[3] || r.sec[2] || r.doc.t, r.forms));
      ol.append(li);
    });
  }

  // The results of the other languages go in a section after the page
  // language's, made here: a heading, a status line announced to screen
  // readers, one list per language labelled with its name; and a button
  // that asks for them.
  var othersBox = null, othersStatus = null, othersButton = null, othersWanted = false;
  function makeOthers() {
    othersButton = document.createElement("button");
    othersButton.type = "button";
    othersButton.className = "search-others-button";
    othersButton.setAttribute("data-search-others-button", "");
    othersButton.textContent = messages.others_button || "";
    othersButton.hidden = true;
    othersButton.addEventListener("click", function () { othersWanted = true; run(false); });
    othersBox = document.createElement("section");
    othersBox.className = "search-others";
    othersBox.setAttribute("data-search-others", "");
    othersBox.hidden = true;
    var h = document.createElement("h2");
    h.textContent = messages.other_languages || "";
    othersStatus = document.createElement("p");
    othersStatus.setAttribute("role", "status");
    othersStatus.setAttribute("data-search-others-status", "");
    othersBox.append(h, othersStatus);
    others.forEach(function (l) {
      var sec = document.createElement("section");
      sec.lang = l.lang;
      sec.dir = l.dir;
      sec.setAttribute("data-search-lang", l.lang);
      var h3 = document.createElement("h3");
      h3.textContent = l.name;
      var ol = document.createElement("ol");
      ol.className = "search-results";
      sec.append(h3, ol);
      sec.hidden = true;
      othersBox.append(sec);
    });
    list.after(othersButton, othersBox);
  }

  // showOthers searches the other languages, loading their indexes the
  // first time, and lists what they find.
  function showOthers(query, current) {
    othersButton.hidden = true;
    othersBox.hidden = false;
    othersStatus.textContent = messages.loading || "";
    Promise.all(others.map(function (l) {
      return loadIndex(l).then(function (ix) { return search(ix, query); }, function () { return []; });
    })).then(function (found) {
      if (current !== generation) return;
      var n = 0;
      others.forEach(function (l, i) {
        var sec = othersBox.querySelector("[data-search-lang='" + l.lang + "']");
        fill(sec.querySelector("ol"), found[i]);
        sec.hidden = !found[i].length;
        n += found[i].length;
      });
      othersStatus.textContent = n ? plural(n) : (messages.no_results || "");
    });
  }

  // render shows the page language's results and, when the reader asked
  // for them or there are none, the other languages'.
  var generation = 0;
  function render(ix, query) {
    var current = ++generation;
    othersBox.hidden = true;
    othersButton.hidden = true;
    if (!query.trim()) { list.replaceChildren(); status.textContent = messages.empty_query || ""; return; }
    var results = search(ix, query);
    status.textContent = results.length ? plural(results.length) : (messages.no_results || "");
    fill(list, results);
    if (!others.length) return;
    if (othersWanted || !results.length) showOthers(query, current);
    else othersButton.hidden = false;
  }

  var timer = null;
  function run(updateURL) {
    var q = input.value;
    if (updateURL) {
      var p = new URLSearchParams(location.search);
      if (q) p.set("q", q); else p.delete("q");
      history.replaceState(history.state, "", location.pathname + (p.toString() ? "?" + p : "") + location.hash);
    }
    if (!indexes.has(lang)) status.textContent = messages.loading || "";
    loadIndex(own).then(function (ix) { render(ix, q); }, function () { status.textContent = messages.no_results || ""; });
  }

  // Arrow keys move between the search box and the result links, in the
  // order shown; Enter follows a link.
  function onArrow(e) {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    var links = [input].concat(Array.from(document.querySelectorAll("[data-search-results] li h2 a, [data-search-others] section:not([hidden]) li a"))
      .filter(function (a) { return !a.closest("[hidden]"); }));
    var at = links.indexOf(document.activeElement);
    if (at < 0) return;
    var to = at + (e.key === "ArrowDown" ? 1 : -1);
    if (to < 0 || to >= links.length) return;
    e.preventDefault();
    links[to].focus();
  }

  if (!form) return;
  makeOthers();
  form.addEventListener("submit", function (e) { e.preventDefault(); run(true); });
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { run(true); }, 120); });
  input.addEventListener("focus", function () { loadIndex(own); }, { once: true });
  document.addEventListener("keydown", onArrow);
  var q0 = new URLSearchParams(location.search).get("q");
  if (q0) { input.value = q0; run(false); }
  else input.focus(); // the page's one purpose: ready to type (also where / and Ctrl+K lead)
})();
