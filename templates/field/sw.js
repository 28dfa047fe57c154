{% load static i18n %}// The service worker of the field pages (scope /field/): a rep who lost the signal can still open
// and reload the visit pages, and the reports typed then wait in the outbox of field-visits.js.
// Pages: from the network, the last copy when there is no network. Static files: from the cache.
// Only the field pages of the signed-in user are kept: the copies are removed when a page answers
// with the login page (signed out, session ended) and by static/js/app.js on every page seen
// signed out, so that the next person on the phone never sees them.
"use strict";
var PAGES = "kolplatform-field-pages";
var STATIC = "kolplatform-field-static-{{ version }}";
var SCOPE = "{{ scope|escapejs }}";
var STATIC_URL = "{{ static_url|escapejs }}";
var LOGIN_URL = "{{ login_url|escapejs }}";
var SHELL = [{% for url in assets %}"{{ url|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
var OFFLINE = "{{ offline_text|escapejs }}";

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(STATIC).then(function (cache) { return cache.addAll(SHELL); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) {
        return key.indexOf("kolplatform-field-static-") === 0 && key !== STATIC;
      }).map(function (key) { return caches.delete(key); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function pageKey(url) { return url.origin + url.pathname; }

function keepPage(request, response) {
  var url = new URL(response.url || request.url);
  if (url.pathname.indexOf(LOGIN_URL) === 0) return caches.delete(PAGES);  // signed out
  if (!response.ok || response.redirected || response.type !== "basic") return Promise.resolve();
  var copy = response.clone();
  return caches.open(PAGES).then(function (cache) {
    return cache.put(pageKey(new URL(request.url)), copy);
  });
}

function page(event) {
  var request = event.request;
  return fetch(request).then(function (response) {
    event.waitUntil(keepPage(request, response));
    return response;
  }).catch(function () {
    return caches.open(PAGES).then(function (cache) {
      return cache.match(pageKey(new URL(request.url)));
    }).then(function (hit) {
      return hit || new Response(OFFLINE, {
        status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" }
      });
    });
  });
}

// Static file names change with their content (the manifest storage): the query (a font's
// version) does not tell copies apart.
function asset(request) {
  return caches.match(request, { ignoreSearch: true }).then(function (hit) {
    return hit || fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(STATIC).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname.indexOf(SCOPE) === 0) {
    event.respondWith(page(event));
  } else if (url.pathname.indexOf(STATIC_URL) === 0) {
    event.respondWith(asset(request));
  }
});

// The page names the field pages it links to (the reports of today's visits): kept now, while
// there is signal, so that they open later without it.
self.addEventListener("message", function (event) {
  var urls = (event.data && event.data.keep) || [];
  event.waitUntil(Promise.all(urls.map(function (href) {
    var url = new URL(href, self.location.origin);
    if (url.origin !== self.location.origin || url.pathname.indexOf(SCOPE) !== 0) return null;
    var request = new Request(url.href, { credentials: "same-origin" });
    return fetch(request).then(function (response) { return keepPage(request, response); })
      .catch(function () { return null; });
  })));
});
