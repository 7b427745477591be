// rapport calculators: evaluates each .calculator's formula, given as data
// (never code) in data-formula, with the reader's numbers. Accepts Western,
// Arabic-Indic, Extended Arabic-Indic and Thai digits, the page locale's
// decimal separator and a dot or comma from the reader's keyboard where it
// can only be a decimal; refuses an input that could be read two ways
// (1.500 on a Czech page: 1,5 or 1500?) with a message saying how to write
// it. Formats results for the page's locale, money in the metric's
// currency; keeps the inputs in the URL (?metric.input=value) so a link
// reproduces the result. No eval, no Function, no innerHTML.
(function () {
  "use strict";
  var lang = document.documentElement.lang || "en";

  // separators returns the page locale's decimal separator, "." or ",",
  // and its grouping separator when that is the other one of the two
  // (English 1,500), else "" (Czech and Bulgarian group with spaces).
  function separators(tag) {
    var dec = ".", group = "";
    try {
      new Intl.NumberFormat(tag).formatToParts(12345.5).forEach(function (p) {
        if (p.type === "decimal") dec = p.value;
        if (p.type === "group") group = p.value;
      });
    } catch (e) { /* an unknown tag reads like English */ }
    dec = dec === "," ? "," : ".";
    if (dec === ".") group = ",";
    else group = group === "." ? "." : "";
    return { dec: dec, group: group };
  }
  var sep = separators(lang);

  // plain maps every digit to ASCII, the Arabic separators to . and , and
  // drops spaces, apostrophes and direction marks (grouping in any locale).
  function plain(raw) {
    var s = "";
    for (var i = 0; i < raw.length; i++) {
      var c = raw.charCodeAt(i);
      if (c >= 0x660 && c <= 0x669) s += String(c - 0x660);
      else if (c >= 0x6f0 && c <= 0x6f9) s += String(c - 0x6f0);
      else if (c >= 0xe50 && c <= 0xe59) s += String(c - 0xe50);
      else if (c === 0x66b) s += ".";                      // Arabic decimal separator
      else if (c === 0x2212) s += "-";                     // minus sign
      else if (c === 0x66c || c === 0x200e || c === 0x200f || c === 0x61c || c === 0xa0 || c === 0x202f || c === 0x2009 || c === 0x20 || c === 0x27 || c === 0x2019) continue;
      else s += raw[i];
    }
    return s;
  }

  function grouped(intPart, g) {
    return new RegExp("^[1-9]\\d{0,2}(\\" + g + "\\d{3})+$").test(intPart);
  }

  // toNumber reads what a reader typed: {value} or, when it could be read
  // two ways, {ambiguous: [asDecimal, asWhole]}; value is NaN when it is no
  // number. d is the page's decimal separator, g its grouping one or "".
  function toNumber(raw, d, g) {
    d = d || sep.dec; g = g === undefined ? sep.group : g;
    var s = plain(raw), exp = "";
    var m = /^(.*?)([eE][-+]?\d+)$/.exec(s);
    if (m) { s = m[1]; exp = m[2]; }
    var sign = /^[-+]/.test(s) ? s[0] : "";
    s = s.slice(sign.length);
    if (!/^[\d.,]+$/.test(s) || !/\d/.test(s)) return { value: NaN };
    var dots = s.split(".").length - 1, commas = s.split(",").length - 1;
    var read = function (intPart, frac) { return { value: parseFloat(sign + intPart + (frac ? "." + frac : "") + exp) }; };
    if (dots === 0 && commas === 0) return read(s, "");
    if (dots > 0 && commas > 0) {
      // Both: the last one written is the decimal, the other groups.
      var last = s.lastIndexOf(".") > s.lastIndexOf(",") ? "." : ",", other = last === "." ? "," : ".";
      var at = s.lastIndexOf(last), head = s.slice(0, at);
      if (s.split(last).length - 1 > 1 || !grouped(head, other)) return { value: NaN };
      return read(head.split(other).join(""), s.slice(at + 1));
    }
    var c = dots > 0 ? "." : ",", n = dots + commas;
    var parts = s.split(c);
    if (n > 1) return grouped(s, c) && !exp ? read(parts.join(""), "") : { value: NaN };
    if (c === d || parts[0] === "" || parts[1] === "") return read(parts[0] || "0", parts[1]);
    if (!grouped(s, c) || exp) return read(parts[0], parts[1]);
    if (c === g) return read(parts.join(""), "");
    return { value: NaN, ambiguous: [parseFloat(sign + parts[0] + "." + parts[1]), parseFloat(sign + parts.join(""))] };
  }

  // DivZero is thrown for a division by zero: inputs are the IDs of the
  // divisor's inputs, in formula order, each once.
  function DivZero(inputs) { this.inputs = inputs; }

  function vars(node, out) {
    if (node[0] === "var" && out.indexOf(node[1]) < 0) out.push(node[1]);
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
        if (b === 0) throw new DivZero(vars(node[2], []));
        return a / b;
      case "<": return a < b;
      case "<=": return a <= b;
      case ">": return a > b;
      case ">=": return a >= b;
    }
    throw new Error("unknown operator " + op);
  }

  function fill(template, key, value) { return template.split("{{." + key + "}}").join(value); }

  // format writes value for the page's locale: a percent, a sum of money in
  // currency (when the metric names one), or a number.
  function format(value, unit, decimals, currency) {
    var opts = { maximumFractionDigits: decimals, minimumFractionDigits: unit === "money" ? decimals : 0 };
    try {
      if (unit === "percent") { opts.style = "percent"; return new Intl.NumberFormat(lang, opts).format(value / 100); }
      if (unit === "money" && currency) { opts.style = "currency"; opts.currency = currency; }
      return new Intl.NumberFormat(lang, opts).format(value);
    } catch (e) {
      return String(Math.round(value * Math.pow(10, decimals)) / Math.pow(10, decimals));
    }
  }

  // list joins labels as the page's language joins words, each quoted as
  // the locale's quoted template says.
  function list(labels, quoted) {
    var each = labels.map(function (l) { return fill(quoted || "“{{.Label}}”", "Label", l); });
    try { return new Intl.ListFormat(lang, { type: "conjunction" }).format(each); } catch (e) { return each.join(", "); }
  }

  function setup(section) {
    var metric = section.getAttribute("data-metric");
    var formula = JSON.parse(section.getAttribute("data-formula"));
    var checks = JSON.parse(section.getAttribute("data-checks") || "[]");
    var msgs = JSON.parse(section.getAttribute("data-messages") || "{}");
    var unit = section.getAttribute("data-unit");
    var currency = section.getAttribute("data-currency") || "";
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
      return l ? l.getAttribute("data-label") || l.textContent : id;
    }

    // A money field's label names the currency it is typed in.
    if (currency) inputs.forEach(function (el) {
      var l = el.getAttribute("data-kind") === "money" && section.querySelector('label[for="' + el.id + '"]');
      if (!l) return;
      var sym = currency;
      try {
        new Intl.NumberFormat(lang, { style: "currency", currency: currency }).formatToParts(1).forEach(function (p) {
          if (p.type === "currency") sym = p.value;
        });
      } catch (e) { /* the code itself */ }
      l.setAttribute("data-label", l.textContent);
      l.textContent += " (" + sym + ")";
    });

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

    // fieldMessage returns what is wrong with a field's number n (from
    // toNumber), or "".
    function fieldMessage(el, raw, n) {
      var v = n.value, min = el.getAttribute("data-min"), max = el.getAttribute("data-max");
      if (n.ambiguous) {
        return fill(fill(fill(msgs.ambiguous_number, "Typed", raw), "Decimal", format(n.ambiguous[0], "number", 20)),
          "Whole", new Intl.NumberFormat(lang, { useGrouping: false, maximumFractionDigits: 20 }).format(n.ambiguous[1]));
      }
      if (isNaN(v)) return msgs.invalid_number;
      if (!isFinite(v) || Math.abs(v) > 1e15) return msgs.too_large;
      if (min === "0" && v < 0) return msgs.negative;
      if (min !== null && v < parseFloat(min)) return fill(msgs.below_min, "Min", format(parseFloat(min), "number", 6));
      if (max !== null && v > parseFloat(max)) return fill(msgs.above_max, "Max", format(parseFloat(max), "number", 6));
      if (el.getAttribute("data-integer") === "true" && Math.floor(v) !== v) return msgs.not_integer;
      return "";
    }

    // divZeroMessage names the inputs whose values make the divisor zero.
    function divZeroMessage(ids) {
      if (ids.length === 1) return fill(msgs.division_by_zero, "Input", label(ids[0]));
      if (ids.length === 0) return msgs.not_computable;
      return fill(msgs.division_by_zero_inputs, "Inputs", list(ids.map(label), msgs.quoted));
    }

    function compute(updateURL) {
      var env = {}, bad = false, empty = false;
      inputs.forEach(function (el) {
        var raw = el.value.trim();
        if (raw === "") { empty = true; showError(el, ""); return; }
        var n = toNumber(raw), msg = fieldMessage(el, raw, n);
        showError(el, msg);
        if (msg) bad = true;
        env[el.getAttribute("data-input")] = n.value;
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
        if (!isFinite(value)) throw new DivZero([]);
        result(format(value, unit, decimals, currency), String(value), false);
      } catch (e) {
        if (!(e instanceof DivZero)) throw e;
        result(divZeroMessage(e.inputs), "", true);
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
    module.exports.separators = separators;
    return;
  }

  var MATHML = "http://www.w3.org/1998/Math/MathML";

  // wrapRow breaks row after its operators into lines no wider than
  // width, as a table of rows (MathML has no line breaking in browsers); a
  // piece wider than width stays whole on its line.
  function wrapRow(row, width) {
    var pieces = Array.prototype.slice.call(row.children), lines = [[]], used = 0;
    pieces.forEach(function (el, i) {
      var w = el.getBoundingClientRect().width;
      var prev = pieces[i - 1];
      if (used + w > width && lines[lines.length - 1].length && prev && prev.localName === "mo") {
        lines.push([]);
        used = 0;
      }
      lines[lines.length - 1].push(el);
      used += w;
    });
    if (lines.length < 2) return;
    var table = document.createElementNS(MATHML, "mtable");
    lines.forEach(function (line) {
      var tr = document.createElementNS(MATHML, "mtr"), td = document.createElementNS(MATHML, "mtd");
      var r = document.createElementNS(MATHML, "mrow");
      line.forEach(function (el) { r.appendChild(el); });
      td.appendChild(r);
      tr.appendChild(td);
      table.appendChild(tr);
    });
    row.replaceWith(table);
  }

  // rowWidth is the width of row's pieces side by side (a fraction's row
  // reports no more than the box's width however wide its pieces are).
  function rowWidth(row) {
    return Array.prototype.reduce.call(row.children, function (w, el) { return w + el.getBoundingClientRect().width; }, 0);
  }

  // wrap breaks a formula too wide for width: first the numerators and
  // denominators too wide by themselves (a fraction of two long labels),
  // then its top row.
  function wrap(math, width) {
    var row = math.firstElementChild;
    if (!row || row.localName !== "mrow") return;
    Array.prototype.forEach.call(row.querySelectorAll("mfrac > mrow"), function (part) {
      if (rowWidth(part) > width) wrapRow(part, width);
    });
    if (rowWidth(row) > width) wrapRow(row, width);
  }

  // fit makes each formula fit its box: broken after operators into lines,
  // then, where a piece is still too wide, smaller type down to 80% of its
  // size (smaller is hard to read, labels are words); where even that is
  // too wide, a line under the box says it scrolls sideways (besides the
  // shadow at the hidden side and a dashed line under it).
  function fit() {
    Array.prototype.forEach.call(document.querySelectorAll(".calc-formula"), function (box) {
      var math = box.querySelector("math"), section = box.closest(".calculator");
      if (!math || !section) return;
      if (!math.rapportOriginal) math.rapportOriginal = math.innerHTML;
      else math.innerHTML = math.rapportOriginal;
      math.style.fontSize = "";
      var full = parseFloat(getComputedStyle(math).fontSize);
      if (box.scrollWidth > box.clientWidth + 1) wrap(math, box.clientWidth - 8);
      if (box.scrollWidth > box.clientWidth + 1) {
        var scale = Math.max(0.8, (box.clientWidth - 4) / box.scrollWidth);
        math.style.fontSize = (full * scale).toFixed(1) + "px";
      }
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle("calc-formula-scrolls", scrolls);
      var hint = section.querySelector(".calc-scroll-hint");
      if (scrolls && !hint) {
        var msgs = JSON.parse(section.getAttribute("data-messages") || "{}");
        hint = document.createElement("p");
        hint.className = "calc-scroll-hint";
        hint.textContent = msgs.scroll_hint || "";
        box.after(hint);
      }
      if (hint) hint.hidden = !scrolls;
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".calculator[data-formula]"), setup);
    fit();
    var pending = 0;
    window.addEventListener("resize", function () {
      cancelAnimationFrame(pending);
      pending = requestAnimationFrame(fit);
    });
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(fit);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
