/* The Draft page's Copy button. Without the Clipboard API (an older browser, or the app opened
   over plain http from another machine) the button stays hidden: the text can still be selected
   and copied by hand, so nothing is lost. */
(function () {
  "use strict";
  var button = document.querySelector("[data-copy]");
  var body = document.getElementById("f-body");
  var status = document.getElementById("copy-status");
  if (!button || !body || !navigator.clipboard || !window.isSecureContext) {
    return;
  }
  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    // The body only: the subject has its own field, and a mail program wants them apart.
    navigator.clipboard.writeText(body.value).then(
      function () { say("Copied. Paste it into your mail program or notes."); },
      function () { say("Could not copy here; select the text and copy it yourself."); }
    );
  });
})();
