// cmi5.js: starts an assignable unit of a rapport cmi5 package: the
// theme's reporting core (assets/lms.*.js) with its cmi5 adapter
// (assets/lms-cmi5.*.js, whose header says what is sent when), on the
// course the package was built with (data-course) and the page the LMS
// launched (the au parameter).
(function () {
  "use strict";
  var course = JSON.parse(document.currentScript.dataset.course);
  window.RapportLMS.adapters.cmi5.launch(course);
})();
