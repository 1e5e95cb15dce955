/* Quick exit (issue 12): leave for a harmless site without a way back into Koers.

   - The control is a link to Koers's /exit/, which logs out, empties the session (self-check,
     contact, questionnaire state) and redirects to the harmless site: that works without
     JavaScript. With JavaScript the page is blanked at once, the same /exit/ is posted in
     the background (keepalive, so it finishes after the page is gone) and the harmless
     site replaces this history entry (location.replace), so Back does not return here.
   - Pressing Shift three times (alone, each within 5 seconds of the last) does the same,
     as GOV.UK's "Exit this page" does; a screen reader hears how many presses are left.
   - Pages inside a multi-step flow (self-check, contact, questionnaire, incident report)
     name the page where their flow started in <meta name="koers-flow-start">; their
     history entry is rewritten to that address, so Back from the harmless site lands at
     most there — never on a result, a code or a member page. */
(function () {
  "use strict";
  var TIMEOUT = 5000;
  var presses = 0;
  var lastWasModified = false;
  var timer = null;

  function control() { return document.querySelector("[data-quick-exit]"); }

  function status(text) {
    var node = document.querySelector("[data-quick-exit-status]");
    if (node) { node.textContent = text || ""; }
  }

  function leave() {
    var link = control();
    if (!link) { return; }
    try { document.body.hidden = true; } catch (e) { /* nothing to hide */ }
    try { window.sessionStorage.clear(); window.localStorage.clear(); } catch (e) { /* blocked */ }
    var target = link.getAttribute("data-exit-to") || link.href;
    var ended = false;
    try {
      if (window.fetch) {
        window.fetch(link.href, { method: "POST", credentials: "same-origin", keepalive: true });
        ended = true;
      } else if (navigator.sendBeacon) {
        ended = navigator.sendBeacon(link.href);
      }
    } catch (e) { ended = false; }
    // Without a background logout, go through /exit/ itself (it redirects onwards).
    window.location.replace(ended ? target : link.href);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-quick-exit]");
    if (!link) { return; }
    event.preventDefault();
    leave();
  });

  function reset() {
    presses = 0;
    if (timer) { window.clearTimeout(timer); timer = null; }
  }

  document.addEventListener("keyup", function (event) {
    var link = control();
    if (!link) { return; }
    if (event.key === "Shift" && !lastWasModified) {
      presses += 1;
      if (timer) { window.clearTimeout(timer); }
      if (presses >= 3) {
        reset();
        status(link.getAttribute("data-exit-leaving"));
        leave();
      } else {
        status(link.getAttribute(presses === 1 ? "data-exit-two-more" : "data-exit-one-more"));
        timer = window.setTimeout(function () { reset(); status(""); }, TIMEOUT);
      }
    } else if (presses) {
      reset();
      status("");
    }
    lastWasModified = event.shiftKey;
  }, true);

  function replaceFlowEntry() {
    var meta = document.querySelector("meta[name='koers-flow-start']");
    var start = meta && meta.getAttribute("content");
    if (start && window.history && window.history.replaceState) {
      // Forms without an action post to the page's own address: pin it before the
      // address bar changes, so they still go where they went.
      var here = window.location.pathname + window.location.search;
      var forms = document.querySelectorAll("form");
      for (var i = 0; i < forms.length; i++) {
        if (!forms[i].getAttribute("action")) { forms[i].setAttribute("action", here); }
      }
      try { window.history.replaceState(null, "", start); } catch (e) { /* other origin */ }
    }
  }
  replaceFlowEntry();

  // A page restored from the back/forward cache is shown fresh from the server instead
  // (it may belong to a session that the quick exit has ended).
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { window.location.reload(); }
  });
})();
