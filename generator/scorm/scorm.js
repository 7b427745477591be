// scorm.js: starts a rapport SCORM package's launcher (index.html): the
// theme's reporting core (assets/lms.*.js, whose header says what is
// reported and when) with the adapter of the package's version, on the
// course the package was built with (data-course).
(function () {
  "use strict";
  var data = document.currentScript.dataset;
  var course = JSON.parse(data.course);
  window.RapportLMS.start(window.RapportLMS.adapters[data.adapter](), course);
})();
