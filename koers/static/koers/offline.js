/* Offline use (progressive: without JavaScript or service workers nothing changes).
   Registers the service worker (/sw.js, see koers/pages/offline.py) and runs the
   "keep on this phone" / "remove from this phone" buttons of a region's support. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !window.caches) { return; }
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});

  function send(message) {
    return navigator.serviceWorker.ready.then(function (registration) {
      return new Promise(function (resolve) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (event) { resolve(event.data && event.data.ok); };
        registration.active.postMessage(message, [channel.port2]);
      });
    });
  }

  function setUp(box) {
    var path = box.getAttribute("data-keep-path");
    var keep = box.querySelector("[data-keep]");
    var remove = box.querySelector("[data-remove]");
    var status = box.querySelector("[data-keep-status]");
    function show(kept, message) {
      keep.hidden = kept;
      remove.hidden = !kept;
      if (message) { status.textContent = message; }
    }
    caches.open("koers-kept").then(function (cache) {
      return cache.match(path);
    }).then(function (found) {
      box.hidden = false;
      show(Boolean(found));
    });
    keep.addEventListener("click", function () {
      send({ action: "keep", path: path }).then(function (ok) {
        show(ok, ok ? box.getAttribute("data-kept-text") : box.getAttribute("data-failed-text"));
      });
    });
    remove.addEventListener("click", function () {
      send({ action: "remove" }).then(function () {
        show(false, box.getAttribute("data-removed-text"));
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-keep-path]"), setUp);
  });
})();
