/* Quick exit: leave for a harmless site and replace this page's history entry, so the
   Back button does not return to Koers. Without JavaScript the link still works. */
(function () {
  "use strict";
  function leave(event) {
    var link = event.target.closest("[data-quick-exit]");
    if (!link) { return; }
    event.preventDefault();
    try { document.body.hidden = true; } catch (e) { /* nothing to hide */ }
    window.location.replace(link.href);
  }
  document.addEventListener("click", leave);
})();
