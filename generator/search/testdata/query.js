// query.js runs search.js's search on indexes built by Go, for the tests in
// node_test.go. Input (stdin, JSON): {"script": path of search.js,
// "indexes": {lang: path of a gzip index, binary or, for comparing,
// the JSON form it replaced}, "queries": [{"lang", "q"}],
// "repeat": n, "loads": n, "same": [[index, index]]}. Output (stdout, JSON): per query, the results as
// "URL#anchor" and the best of n query times in milliseconds (search plus
// the excerpt marks of the first 50 results); and per index, its best load
// time (gunzip, decode, prepare) over "loads" loads; per pair of "same",
// whether both indexes decode to the same docs, sections and postings.
"use strict";
const fs = require("fs");
const zlib = require("zlib");

const input = JSON.parse(fs.readFileSync(0, "utf8"));
const m = { exports: {} };
new Function("module", fs.readFileSync(input.script, "utf8"))(m);
const s = m.exports;

// fromJSON reads an index in the JSON form search.js read before its
// binary one (refIndexJSON in reference_test.go), postings as gaps, into
// what decode returns: for comparing results old and new.
function fromJSON(data) {
  const ix = JSON.parse(data.toString("utf8"));
  const postings = Object.create(null);
  for (const [t, p] of Object.entries(ix.postings)) {
    for (let i = 1; i < p.length; i++) p[i] += p[i - 1];
    postings[t] = p;
  }
  ix.postings = postings;
  ix.docs = ix.docs || [];
  ix.sections = ix.sections || [];
  return ix;
}

// same reports whether two decoded indexes hold the same: language,
// pairs flag, docs, sections and postings (compared in sorted term order).
function same(a, b) {
  const key = (ix) => JSON.stringify([ix.lang, ix.pairs || "", ix.docs, ix.sections,
    Object.keys(ix.postings).sort().map((t) => [t, ix.postings[t]])]);
  return key(a) === key(b);
}

const indexes = {}, loadMs = {};
for (let k = 0; k < (input.loads || 1); k++) {
  for (const [lang, file] of Object.entries(input.indexes)) {
    const raw = fs.readFileSync(file);
    const t0 = performance.now();
    const data = zlib.gunzipSync(raw);
    indexes[lang] = s.prepare(data[0] === 0x7b ? fromJSON(data) : s.decode(new Uint8Array(data)));
    loadMs[lang] = Math.min(loadMs[lang] || Infinity, performance.now() - t0);
  }
}

const out = input.queries.map(({ lang, q }) => {
  const ix = indexes[lang];
  let results = [], best = Infinity;
  for (let i = 0; i < (input.repeat || 1); i++) {
    const t0 = performance.now();
    results = s.search(ix, q);
    results.slice(0, 50).forEach((r) => s.marks(r.sec[3] || r.sec[2] || r.doc.t, r.forms));
    best = Math.min(best, performance.now() - t0);
  }
  return {
    results: results.map((r) => r.doc.u + (r.sec[1] ? "#" + r.sec[1] : "")),
    ms: best,
  };
});
// Each pair [a, b] of "same" names two indexes that must decode alike.
const sameOut = (input.same || []).map(([a, b]) => {
  const read = (file) => {
    const data = zlib.gunzipSync(fs.readFileSync(file));
    return data[0] === 0x7b ? fromJSON(data) : s.decode(new Uint8Array(data));
  };
  return same(read(input.indexes[a]), read(input.indexes[b]));
});
process.stdout.write(JSON.stringify({ queries: out, loadMs, same: sameOut }));
