// rapport site script. Loaded in <head> without defer, so the theme the
// reader chose is set before the first paint (no flash of the other theme,
// and no inline script under Content-Security-Policy default-src 'self').
// Then, once the page is parsed: the theme choice, the menu drawer (focus
// kept inside while open, Escape closes) and the table of contents marking
// the section being read. Every part works without it: the theme follows
// the system, the drawer opens through :target, the contents are links.
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "rapport.theme"; // "light", "dark"; absent: follow the system

  function stored() {
    try { return localStorage.getItem(KEY) || "system"; } catch (e) { return "system"; }
  }
  function apply(theme) {
    if (theme === "light" || theme === "dark") root.setAttribute("data-theme", theme);
    else root.removeAttribute("data-theme");
  }
  apply(stored());

  function themeChoice() {
    document.querySelectorAll("[data-theme-choice]").forEach(function (box) {
      var select = box.querySelector("select");
      select.value = stored();
      box.hidden = false;
      select.addEventListener("change", function () {
        try {
          if (select.value === "system") localStorage.removeItem(KEY);
          else localStorage.setItem(KEY, select.value);
        } catch (e) { /* private mode: the choice lasts this page */ }
        apply(select.value);
        document.querySelectorAll("[data-theme-choice] select").forEach(function (s) { s.value = select.value; });
      });
    });
  }

  // drawer wires the menu button to the navigation. The drawer is modal on
  // a phone: the rest of the page is inert while it is open.
  function drawer() {
    var button = document.querySelector("[data-menu-button]");
    var nav = document.getElementById("site-nav");
    if (!button || !nav) return;
    var others = [];
    function isDrawer() { return getComputedStyle(button).display !== "none"; }
    function focusables() {
      return Array.prototype.filter.call(nav.querySelectorAll("a[href], select, button, input"),
        function (el) { return el.offsetParent !== null || el === document.activeElement; });
    }
    function open() {
      nav.setAttribute("data-open", "");
      button.setAttribute("aria-expanded", "true");
      others = Array.prototype.filter.call(document.querySelectorAll("body > *, .site-body > *"), function (el) {
        return !el.contains(nav) && !el.inert;
      });
      others.forEach(function (el) { el.inert = true; });
      var f = focusables();
      if (f.length) f[0].focus();
    }
    function close(returnFocus) {
      if (!nav.hasAttribute("data-open") && location.hash !== "#site-nav") return;
      nav.removeAttribute("data-open");
      button.setAttribute("aria-expanded", "false");
      others.forEach(function (el) { el.inert = false; });
      others = [];
      if (location.hash === "#site-nav") history.replaceState(history.state, "", location.pathname + location.search);
      if (returnFocus) button.focus();
    }
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", "site-nav");
    button.addEventListener("click", function (e) { e.preventDefault(); open(); });
    nav.querySelectorAll("[data-drawer-close]").forEach(function (c) {
      c.addEventListener("click", function (e) { e.preventDefault(); close(true); });
    });
    document.addEventListener("keydown", function (e) {
      if (!nav.hasAttribute("data-open")) return;
      if (e.key === "Escape") { e.preventDefault(); close(true); return; }
      if (e.key !== "Tab") return;
      var f = focusables(), first = f[0], last = f[f.length - 1];
      if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
      else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
    });
    document.addEventListener("click", function (e) {
      if (nav.hasAttribute("data-open") && !nav.contains(e.target) && !button.contains(e.target)) close(false);
    });
    window.addEventListener("resize", function () { if (!isDrawer()) close(false); });
    if (location.hash === "#site-nav" && isDrawer()) open();
  }

  // sectionMarker marks, in the table of contents, the link to the last
  // section whose heading has scrolled past the top of the window.
  function sectionMarker() {
    var links = Array.prototype.slice.call(document.querySelectorAll(".toc a[href^='#']"));
    var heads = links.map(function (a) { return document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1))); });
    if (!links.length) return;
    var current = null, pending = false;
    function mark() {
      pending = false;
      var at = -1;
      for (var i = 0; i < heads.length; i++) {
        if (heads[i] && heads[i].getBoundingClientRect().top < 96) at = i;
      }
      var link = at >= 0 ? links[at] : null;
      if (link === current) return;
      if (current) current.removeAttribute("aria-current");
      if (link) link.setAttribute("aria-current", "location");
      current = link;
    }
    window.addEventListener("scroll", function () {
      if (!pending) { pending = true; requestAnimationFrame(mark); }
    }, { passive: true });
    // At the top nothing is marked yet: measuring now would force a layout
    // of the whole page before its first paint.
    if (window.scrollY > 0 || location.hash) requestAnimationFrame(mark);
  }

  // tocToggle folds the table of contents on a phone, where it would fill
  // the first screen before the text: its heading becomes a button that
  // opens it (the accordion pattern). Wider windows keep it open.
  function tocToggle() {
    var toc = document.querySelector(".playbook > .toc"), h = toc && toc.querySelector("h2"), list = toc && toc.querySelector("ol");
    if (!h || !list || !window.matchMedia) return;
    var phone = window.matchMedia("(max-width: 47.99rem)");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "toc-toggle";
    button.textContent = h.textContent;
    list.id = list.id || "toc-list";
    button.setAttribute("aria-controls", list.id);
    function apply() {
      if (phone.matches && !button.isConnected) { h.textContent = ""; h.appendChild(button); set(false); }
      if (!phone.matches && button.isConnected) { h.textContent = button.textContent; list.hidden = false; }
    }
    function set(open) { button.setAttribute("aria-expanded", String(open)); list.hidden = !open; }
    button.addEventListener("click", function () { set(button.getAttribute("aria-expanded") !== "true"); });
    list.addEventListener("click", function (e) { if (phone.matches && e.target.closest("a")) set(false); });
    if (phone.addEventListener) phone.addEventListener("change", apply);
    apply();
  }

  // notFound makes the one 404.html of a host without per-language error
  // pages speak the reader's language: the language of the address's first
  // folder if the site has it, else the first of the browser's preferred
  // languages the site has; with neither, every language stays shown.
  function notFound() {
    var box = document.querySelector("[data-not-found]");
    if (!box) return;
    var sections = Array.prototype.slice.call(box.querySelectorAll("section[lang]"));
    var langs = sections.map(function (s) { return s.lang.toLowerCase(); });
    function match(tag) {
      tag = (tag || "").toLowerCase();
      if (langs.indexOf(tag) >= 0) return tag;
      var primary = tag.split("-")[0];
      for (var i = 0; i < langs.length; i++) if (langs[i].split("-")[0] === primary && primary) return langs[i];
      return "";
    }
    var base = box.getAttribute("data-base") || "/";
    var path = decodeURIComponent(location.pathname);
    var first = path.indexOf(base) === 0 ? path.slice(base.length).split("/")[0] : "";
    var pick = match(first);
    var prefs = navigator.languages || [navigator.language];
    for (var i = 0; !pick && i < prefs.length; i++) pick = match(prefs[i]);
    if (!pick) return;
    sections.forEach(function (s) {
      if (s.lang.toLowerCase() !== pick) { s.hidden = true; return; }
      root.lang = s.lang;
      root.dir = s.dir;
      document.title = s.querySelector("h1").textContent;
    });
  }

  // followPath: a reader who came from a learning path (?path=<id>, on
  // every link a path page and a path banner give) reads its steps in
  // order, so the page's Previous and Next lead to the path's previous and
  // next steps, and only that path's banner is shown.
  function followPath() {
    var id = new URLSearchParams(location.search).get("path");
    var banner = id && document.querySelector('.path-banner[data-path="' + id.replace(/[^a-z0-9-]/g, "") + '"]');
    if (!banner) return;
    document.querySelectorAll(".path-banner").forEach(function (b) { b.hidden = b !== banner; });
    var next = banner.querySelector("a[data-path-next]");
    var pager = document.querySelector(".prev-next");
    if (!pager) {
      pager = document.createElement("nav");
      pager.className = "prev-next";
      var article = document.querySelector("article.playbook");
      if (!article) return;
      article.append(pager);
    }
    function set(cls, href, title, lang) {
      var a = pager.querySelector("a." + cls);
      if (!href) { if (a) a.remove(); return; }
      if (!a) {
        a = document.createElement("a");
        a.className = cls;
        a.rel = cls;
        a.innerHTML = '<span class="label"></span> <span class="title"></span>';
        if (cls === "prev") pager.prepend(a); else pager.append(a);
      }
      a.querySelector(".label").textContent = banner.getAttribute("data-" + cls + "-label");
      a.href = href;
      var t = a.querySelector(".title");
      t.textContent = title;
      if (lang) { t.lang = lang; t.dir = next.dir; } else { t.removeAttribute("lang"); t.removeAttribute("dir"); }
    }
    set("prev", banner.getAttribute("data-prev"), banner.getAttribute("data-prev-title"));
    set("next", next && next.getAttribute("href"), next && next.textContent, next && next.getAttribute("lang"));
  }

  function ready() { themeChoice(); drawer(); sectionMarker(); tocToggle(); notFound(); followPath(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
