/* Koers service worker (see koers/pages/offline.py for what it may keep, and why).
   Only the allow-listed information pages and static files are stored, plus — after a
   person taps "keep on this phone" — one region's services. Everything else goes to the
   network untouched: never cached, never answered from a cache. */
"use strict";
var CONFIG = {{ config|safe }};
var CORE = "koers-core-{{ version }}";
var KEPT = "koers-kept";

function isKept(path) {
  return CONFIG.kept.some(function (prefix) { return path.indexOf(prefix) === 0; });
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CORE)
      .then(function (cache) {
        var requests = CONFIG.pages.concat(CONFIG.assets).map(function (url) {
          return new Request(url, { credentials: "omit" });
        });
        return cache.addAll(requests);
      })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys()
      .then(function (names) {
        return Promise.all(names.filter(function (name) {
          return name.indexOf("koers-core-") === 0 && name !== CORE;
        }).map(function (name) { return caches.delete(name); }));
      })
      .then(function () { return self.clients.claim(); })
  );
});

/* The visitor's own response is never stored (it may carry a logged-in layout): the
   cache is refreshed with a separate request without cookies, as anybody would get it. */
function refresh(cacheName, key) {
  return fetch(new Request(key, { credentials: "omit" })).then(function (response) {
    if (response.ok && !response.redirected) {
      return caches.open(cacheName).then(function (cache) { return cache.put(key, response); });
    }
  }).catch(function () { /* offline: keep what is there */ });
}

function networkFirst(event, cacheName, key) {
  return fetch(event.request).then(function (response) {
    if (response.ok) { event.waitUntil(refresh(cacheName, key)); }
    return response;
  }).catch(function () {
    return caches.open(cacheName).then(function (cache) { return cache.match(key); })
      .then(function (cached) { return cached || Response.error(); });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (CONFIG.assets.indexOf(url.pathname) !== -1) {
    event.respondWith(caches.match(url.pathname).then(function (cached) {
      return cached || fetch(request);
    }));
    return;
  }
  if (url.search === "" && CONFIG.pages.indexOf(url.pathname) !== -1) {
    event.respondWith(networkFirst(event, CORE, url.pathname));
    return;
  }
  if (url.search === "" && isKept(url.pathname)) {
    // Kept pages are refreshed only if the person chose to keep them.
    event.respondWith(caches.open(KEPT).then(function (cache) {
      return cache.match(url.pathname).then(function (kept) {
        if (!kept) { return fetch(request); }
        return networkFirst(event, KEPT, url.pathname);
      });
    }));
  }
  /* Anything else: not answered here, so the browser asks the network as usual. */
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  var reply = function (ok) {
    if (event.ports && event.ports[0]) { event.ports[0].postMessage({ ok: ok }); }
  };
  if (data.action === "keep" && typeof data.path === "string" && isKept(data.path)) {
    event.waitUntil(caches.delete(KEPT).then(function () {
      return caches.open(KEPT);
    }).then(function (cache) {
      return cache.add(new Request(data.path, { credentials: "omit" }));
    }).then(function () { reply(true); }, function () { reply(false); }));
  } else if (data.action === "remove") {
    event.waitUntil(caches.delete(KEPT).then(function () { reply(true); }));
  } else {
    reply(false);
  }
});
