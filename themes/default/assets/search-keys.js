// rapport: "/" and Ctrl+K (⌘K on a Mac) put the cursor in the search box
// from any page: the search page's own box, else the one in the page's
// header. When that box is hidden (a narrow screen's closed menu, say) or
// the page has none, they open the search page (data-search), which starts
// with its box focused. "/" is left alone while the reader types in a
// field; Ctrl+K works everywhere, as in other documentation sites.
(function () {
  "use strict";
  var searchURL = document.currentScript.getAttribute("data-search");

  // typing reports whether keys pressed in el are the reader's text.
  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  document.addEventListener("keydown", function (e) {
    if (e.defaultPrevented || e.altKey) return;
    var ctrlK = (e.ctrlKey || e.metaKey) && (e.key === "k" || e.key === "K");
    var slash = e.key === "/" && !e.ctrlKey && !e.metaKey && !typing(e.target);
    if (!ctrlK && !slash) return;
    var box = document.querySelector("[data-search-form] input[name=q]") || document.querySelector(".site-search input[name=q]");
    if (box && box.getClientRects().length) {
      e.preventDefault();
      box.focus();
      box.select();
    } else if (searchURL) {
      e.preventDefault();
      location.href = searchURL;
    }
  });
})();
