// rapport serve: reloads the page when the site is rebuilt, keeping the
// scroll position. Injected only by `rapport serve`, never into built sites.
(function () {
  "use strict";
  var me = document.currentScript;
  var token = new URL(me.src).searchParams.get("token");
  var key = "rapport-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var xy = saved.split(",");
    window.scrollTo(Number(xy[0]), Number(xy[1]));
  }
  var es = new EventSource("/__rapport/events?token=" + encodeURIComponent(token));
  es.addEventListener("reload", function () {
    sessionStorage.setItem(key, window.scrollX + "," + window.scrollY);
    es.close();
    location.reload();
  });
})();
