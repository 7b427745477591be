// copy.js: the copy button of each code block (rendered hidden by the
// Markdown renderer, shown here). Loaded only on pages with code blocks.
// The button is a real <button>, so Enter and Space work; the status line
// next to it (role="status") says that the code was copied, in the page's
// language, for sighted and screen reader users alike.
(function () {
  'use strict';

  // copyText copies with the Clipboard API where the page is a secure
  // context, and with a selection and execCommand elsewhere (a site opened
  // from disk or served over plain http).
  function copyText(pre, text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var range = document.createRange();
      range.selectNodeContents(pre);
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      sel.removeAllRanges();
      if (ok) { resolve(); } else { reject(new Error('copy refused')); }
    });
  }

  document.querySelectorAll('.code').forEach(function (block) {
    var button = block.querySelector('.code-copy');
    var status = block.querySelector('.code-status');
    var pre = block.querySelector('pre');
    if (!button || !status || !pre) { return; }
    var timer = 0;
    button.hidden = false;
    button.addEventListener('click', function () {
      copyText(pre, pre.textContent).then(function () {
        status.textContent = button.dataset.copied;
      }, function () {
        status.textContent = button.dataset.failed;
      }).then(function () {
        clearTimeout(timer);
        timer = setTimeout(function () { status.textContent = ''; }, 5000);
      });
    });
  });
})();
