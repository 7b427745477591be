// rapport calculators: evaluates each .calculator's formula, given as data
// (never code) in data-formula, with the reader's numbers. Accepts Western,
// Arabic-Indic, Extended Arabic-Indic and Thai digits, and a decimal comma
// where the page's language writes one; formats results for the page's
// locale; keeps the inputs in the URL (?metric.input=value) so a link
// reproduces the result. No eval, no Function, no innerHTML.
(function () {
  "use strict";
  var lang = document.documentElement.lang || "en";
  var commaLangs = ["cs", "bg", "de", "fr", "ru", "uk", "pl", "sk", "es", "it", "pt", "nl", "tr", "id", "vi"];
  var decimalComma = commaLangs.indexOf(lang.split("-")[0]) >= 0;

  // toNumber parses what a reader typed, or returns NaN.
  function toNumber(raw) {
    var s = "";
    for (var i = 0; i < raw.length; i++) {
      var c = raw.charCodeAt(i);
      if (c >= 0x660 && c <= 0x669) s += String(c - 0x660);
      else if (c >= 0x6f0 && c <= 0x6f9) s += String(c - 0x6f0);
      else if (c >= 0xe50 && c <= 0xe59) s += String(c - 0xe50);
      else if (c === 0x66b) s += ".";                      // Arabic decimal separator
      else if (c === 0x2212) s += "-";                     // minus sign
      else if (c === 0x66c || c === 0x200e || c === 0x200f || c === 0x61c || c === 0xa0 || c === 0x202f || c === 0x20 || c === 0x27 || c === 0x2019) continue;
      else s += raw[i];
    }
    if (decimalComma) s = s.replace(/\./g, "").replace(",", ".");
    else s = s.replace(/,/g, "");
    if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(s)) return NaN;
    return parseFloat(s);
  }

  function DivZero(input) { this.input = input; }

  function vars(node, out) {
    if (node[0] === "var") out.push(node[1]);
    for (var i = 1; i < node.length; i++) if (Array.isArray(node[i])) vars(node[i], out);
    return out;
  }

  // evaluate computes a formula tree: ["num", 5], ["var", "x"], ["neg", a],
  // ["+", a, b], ["call", "min", a, b...], comparisons in checks.
  function evaluate(node, env) {
    var op = node[0];
    if (op === "num") return node[1];
    if (op === "var") return env[node[1]];
    if (op === "neg") return -evaluate(node[1], env);
    if (op === "call") {
      var args = node.slice(2).map(function (a) { return evaluate(a, env); });
      if (node[1] === "round") return Math.round(args[0]);
      return node[1] === "min" ? Math.min.apply(null, args) : Math.max.apply(null, args);
    }
    var a = evaluate(node[1], env), b = evaluate(node[2], env);
    switch (op) {
      case "+": return a + b;
      case "-": return a - b;
      case "*": return a * b;
      case "/":
        if (b === 0) { var v = vars(node[2], []); throw new DivZero(v.length === 1 ? v[0] : ""); }
        return a / b;
      case "<": return a < b;
      case "<=": return a <= b;
      case ">": return a > b;
      case ">=": return a >= b;
    }
    throw new Error("unknown operator " + op);
  }

  function fill(template, key, value) { return template.split("{{." + key + "}}").join(value); }

  function format(value, unit, decimals) {
    var opts = { maximumFractionDigits: decimals, minimumFractionDigits: unit === "money" ? decimals : 0 };
    try {
      if (unit === "percent") { opts.style = "percent"; return new Intl.NumberFormat(lang, opts).format(value / 100); }
      return new Intl.NumberFormat(lang, opts).format(value);
    } catch (e) {
      return String(Math.round(value * Math.pow(10, decimals)) / Math.pow(10, decimals));
    }
  }

  function setup(section) {
    var metric = section.getAttribute("data-metric");
    var formula = JSON.parse(section.getAttribute("data-formula"));
    var checks = JSON.parse(section.getAttribute("data-checks") || "[]");
    var msgs = JSON.parse(section.getAttribute("data-messages") || "{}");
    var unit = section.getAttribute("data-unit");
    var decimals = parseInt(section.getAttribute("data-decimals"), 10) || 0;
    var inputs = Array.prototype.slice.call(section.querySelectorAll("input[data-input]"));
    var output = section.querySelector("output[data-metric-output]");
    var form = section.querySelector("form");
    section.classList.add("js-ready");
    form.addEventListener("submit", function (e) { e.preventDefault(); compute(true); });

    var params = new URLSearchParams(location.search);
    inputs.forEach(function (el) {
      var q = params.get(metric + "." + el.getAttribute("data-input"));
      if (q !== null) el.value = q;
      el.addEventListener("input", function () { compute(true); });
    });

    function label(id) {
      var el = section.querySelector('input[data-input="' + id + '"]');
      var l = el && section.querySelector('label[for="' + el.id + '"]');
      return l ? l.textContent : id;
    }

    function showError(el, msg) {
      var slot = section.querySelector('[data-error-for="' + el.getAttribute("data-input") + '"]');
      if (slot) slot.textContent = msg;
      if (msg) el.setAttribute("aria-invalid", "true"); else el.removeAttribute("aria-invalid");
    }

    function result(text, value, invalid) {
      output.textContent = text;
      output.setAttribute("data-value", value);
      if (invalid) output.setAttribute("data-invalid", "true"); else output.removeAttribute("data-invalid");
    }

    function compute(updateURL) {
      var env = {}, bad = false, empty = false;
      inputs.forEach(function (el) {
        var raw = el.value.trim();
        var msg = "";
        if (raw === "") { empty = true; showError(el, ""); return; }
        var v = toNumber(raw);
        var min = el.getAttribute("data-min"), max = el.getAttribute("data-max");
        if (isNaN(v)) msg = msgs.invalid_number;
        else if (!isFinite(v) || Math.abs(v) > 1e15) msg = msgs.too_large;
        else if (min === "0" && v < 0) msg = msgs.negative;
        else if (min !== null && v < parseFloat(min)) msg = fill(msgs.below_min, "Min", format(parseFloat(min), "number", 6));
        else if (max !== null && v > parseFloat(max)) msg = fill(msgs.above_max, "Max", format(parseFloat(max), "number", 6));
        else if (el.getAttribute("data-integer") === "true" && Math.floor(v) !== v) msg = msgs.not_integer;
        showError(el, msg || "");
        if (msg) bad = true;
        env[el.getAttribute("data-input")] = v;
      });
      if (updateURL) keepURL();
      if (bad) return result("—", "", true);
      if (empty) return result("—", "", false);
      for (var i = 0; i < checks.length; i++) {
        if (!evaluate(checks[i].rule, env)) {
          var el = section.querySelector('input[data-input="' + checks[i].input + '"]');
          showError(el, checks[i].message);
          return result("—", "", true);
        }
      }
      try {
        var value = evaluate(formula, env);
        if (!isFinite(value)) throw new DivZero("");
        result(format(value, unit, decimals), String(value), false);
      } catch (e) {
        if (!(e instanceof DivZero)) throw e;
        result(fill(msgs.division_by_zero, "Input", e.input ? label(e.input) : "0"), "", true);
      }
    }

    function keepURL() {
      var p = new URLSearchParams(location.search);
      inputs.forEach(function (el) {
        var key = metric + "." + el.getAttribute("data-input");
        if (el.value.trim() === "") p.delete(key); else p.set(key, el.value.trim());
      });
      var q = p.toString();
      history.replaceState(history.state, "", location.pathname + (q ? "?" + q : "") + location.hash);
    }

    compute(false);
  }

  // Test hook: under node (the Go test), expose the evaluator and parser.
  if (typeof module !== "undefined" && module.exports) {
    module.exports.evaluate = evaluate;
    module.exports.toNumber = toNumber;
    return;
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".calculator[data-formula]"), setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
