// tabs.js: turns each ::: tabs group (rendered as one .tab-panel per
// alternative, each with its label) into ARIA tabs: a tab list of buttons,
// one panel shown at a time. Arrow keys move between tabs (mirrored on
// right-to-left pages), Home and End go to the first and last. Choosing a
// label chooses it in every group of the page that has it, and is kept in
// localStorage, so the next page opens on the same alternative. Loaded
// only on pages with tabs; without it every alternative shows.
(function () {
  'use strict';
  var KEY = 'rapport.tab';
  var groups = [];

  function remembered() {
    try { return localStorage.getItem(KEY); } catch (e) { return null; }
  }

  function remember(label) {
    try { localStorage.setItem(KEY, label); } catch (e) { /* storage off */ }
  }

  // select shows the tab at index i of group g.
  function select(g, i, focus) {
    g.tabs.forEach(function (tab, j) {
      var on = i === j;
      tab.setAttribute('aria-selected', on ? 'true' : 'false');
      tab.tabIndex = on ? 0 : -1;
      g.panels[j].hidden = !on;
    });
    if (focus) { g.tabs[i].focus(); }
  }

  // choose selects label in every group that has it.
  function choose(label) {
    groups.forEach(function (g) {
      var i = g.labels.indexOf(label);
      if (i >= 0) { select(g, i, false); }
    });
  }

  function onKey(g, e) {
    var i = g.tabs.indexOf(e.target);
    var rtl = getComputedStyle(g.root).direction === 'rtl';
    var next = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1 }[e.key];
    var n = g.tabs.length;
    var to = -1;
    if (next) { to = (i + next + n) % n; }
    if (e.key === 'Home') { to = 0; }
    if (e.key === 'End') { to = n - 1; }
    if (to < 0) { return; }
    e.preventDefault();
    select(g, to, true);
    remember(g.labels[to]);
    choose(g.labels[to]);
  }

  function build(root, n) {
    var panels = Array.prototype.slice.call(root.children).filter(function (c) {
      return c.classList.contains('tab-panel');
    });
    if (panels.length === 0) { return; }
    var list = document.createElement('div');
    list.className = 'tab-list';
    list.setAttribute('role', 'tablist');
    var g = { root: root, tabs: [], panels: panels, labels: [] };
    panels.forEach(function (panel, j) {
      var label = panel.dataset.label;
      var id = 'tabs-' + n + '-' + j;
      var tab = document.createElement('button');
      tab.type = 'button';
      tab.id = id;
      tab.setAttribute('role', 'tab');
      tab.setAttribute('aria-controls', id + '-panel');
      tab.textContent = label;
      panel.id = id + '-panel';
      panel.setAttribute('role', 'tabpanel');
      panel.setAttribute('aria-labelledby', id);
      panel.tabIndex = 0;
      var shown = panel.querySelector('.tab-label');
      if (shown) { shown.hidden = true; }
      tab.addEventListener('click', function () {
        remember(label);
        choose(label);
      });
      tab.addEventListener('keydown', function (e) { onKey(g, e); });
      list.appendChild(tab);
      g.tabs.push(tab);
      g.labels.push(label);
    });
    root.insertBefore(list, panels[0]);
    groups.push(g);
    var start = g.labels.indexOf(remembered());
    select(g, start >= 0 ? start : 0, false);
  }

  document.querySelectorAll('.tabs').forEach(build);
})();
