// dates.js: shows each <time datetime="YYYY-MM-DD"> of the page in the
// page's language and calendar (Thai pages in the Buddhist era, Arabic
// digits where the language writes them), with the browser's Intl. The
// page already shows the ISO date, readable anywhere, when this does not
// run. Loaded only on pages with a date.
(function () {
  'use strict';
  var lang = document.documentElement.lang || undefined;
  var format;
  try {
    format = new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
  } catch (e) {
    return;
  }
  document.querySelectorAll('time[datetime]').forEach(function (t) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t.getAttribute('datetime'));
    if (!m) { return; }
    t.textContent = format.format(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])));
  });
})();
