// Field visits from the phone: check-in / check-out with the Geolocation API, and an outbox in
// localStorage so that what the rep does without signal is sent, with its original times, when
// the connection returns. No inline scripts (CSP): the pages mark their elements with data-*.
(function () {
  "use strict";
  var KEY = "kolplatform.field.outbox";
  var script = document.currentScript;
  var statusBox = document.getElementById("field-status");

  function csrfToken() {
    var input = document.querySelector("[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function readOutbox() {
    try { return JSON.parse(window.localStorage.getItem(KEY) || "[]"); } catch (e) { return []; }
  }

  function writeOutbox(items) { window.localStorage.setItem(KEY, JSON.stringify(items)); }

  function showStatus(text, kind) {
    if (!statusBox) return;
    statusBox.textContent = text;
    statusBox.className = "alert alert-" + (kind || "warning");
  }

  function refreshStatus() {
    if (!statusBox) return;
    var pending = readOutbox().length;
    if (!navigator.onLine) {
      showStatus(statusBox.dataset.offlineText + (pending ? " " + statusBox.dataset.pendingText + " " + pending : ""));
    } else if (pending) {
      showStatus(statusBox.dataset.pendingText + " " + pending);
    } else if (!statusBox.dataset.sent) {
      statusBox.className = "alert d-none";
    }
  }

  function post(item) {
    return fetch(item.url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/json",
        "X-CSRFToken": csrfToken()
      },
      body: item.body
    });
  }

  var flushing = false;
  // Send the outbox in order; stop at the first network failure (kept for the next try).
  function flush() {
    if (flushing || !navigator.onLine) { refreshStatus(); return Promise.resolve(); }
    flushing = true;
    var sent = 0;
    var refused = [];
    function next() {
      var items = readOutbox();
      if (!items.length) return Promise.resolve();
      return post(items[0]).then(function (response) {
        writeOutbox(readOutbox().slice(1));  // answered: delivered or refused, not retried
        sent += 1;
        return response.json().catch(function () { return {}; }).then(function (data) {
          if (!response.ok) refused.push(data.error || response.status);
          return next();
        });
      });
    }
    return next().catch(function () { /* still offline */ }).then(function () {
      flushing = false;
      if (sent && statusBox) {
        statusBox.dataset.sent = "1";
        if (refused.length) {
          showStatus(statusBox.dataset.refusedText + " " + refused.join("; "), "danger");
        } else {
          showStatus(statusBox.dataset.sentText + " " + sent, "success");
        }
      }
      refreshStatus();
      return sent;
    });
  }

  function enqueue(url, params) {
    var items = readOutbox();
    items.push({ url: url, body: params.toString(), queuedAt: new Date().toISOString() });
    writeOutbox(items);
  }

  // --- check-in / check-out --------------------------------------------------------------
  function locate() {
    return new Promise(function (resolve) {
      if (!navigator.geolocation) { resolve({ permission: "unavailable" }); return; }
      navigator.geolocation.getCurrentPosition(function (pos) {
        resolve({
          permission: "granted",
          latitude: pos.coords.latitude,
          longitude: pos.coords.longitude,
          accuracy: pos.coords.accuracy,
          fix_at: new Date(pos.timestamp).toISOString()
        });
      }, function (error) {
        resolve({ permission: error.code === 1 ? "denied" : "unavailable" });
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 0 });
    });
  }

  var strings = document.getElementById("field-strings");
  document.querySelectorAll("[data-fix-action]").forEach(function (button) {
    button.addEventListener("click", function () {
      var at = new Date().toISOString();  // the moment the rep pressed, not when it is sent
      button.disabled = true;
      if (strings) button.textContent = strings.dataset.checking;
      locate().then(function (fix) {
        var params = new URLSearchParams();
        Object.keys(fix).forEach(function (k) { params.set(k, fix[k]); });
        params.set("at", at);
        enqueue(button.dataset.fixAction, params);
        if (!navigator.onLine) { refreshStatus(); return; }
        flush().then(function () { window.location.reload(); });
      });
    });
  });

  var routeButton = document.querySelector("[data-route-here]");
  if (routeButton) {
    routeButton.addEventListener("click", function () {
      locate().then(function (fix) {
        if (fix.permission !== "granted") {
          if (strings) showStatus(strings.dataset.denied);
          return;
        }
        var url = new URL(window.location.href);
        url.searchParams.set("lat", fix.latitude.toFixed(6));
        url.searchParams.set("lon", fix.longitude.toFixed(6));
        window.location.assign(url.toString());
      });
    });
  }

  // --- the report typed offline ------------------------------------------------------------
  var form = document.querySelector("form[data-offline-form]");
  if (form) {
    form.addEventListener("submit", function (event) {
      var at = form.querySelector("[name=at]");
      if (at && !at.value) at.value = new Date().toISOString();
      if (navigator.onLine) return;  // online: the ordinary submission shows errors in place
      event.preventDefault();
      var params = new URLSearchParams(new FormData(form));
      params.delete("csrfmiddlewaretoken");
      enqueue(form.getAttribute("action") || window.location.pathname, params);
      form.querySelectorAll("input, select, textarea, button").forEach(function (el) { el.disabled = true; });
      showStatus(form.dataset.savedText);
    });
  }

  // --- the page opens without signal: the service worker keeps this page and the reports of
  // today's visits (templates/field/sw.js) --------------------------------------------------
  var worker = script && script.dataset.serviceWorker;
  if (worker && "serviceWorker" in navigator) {
    navigator.serviceWorker.register(worker).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      var links = document.querySelectorAll("a[href$='/report/']");
      var keep = [window.location.href].concat(
        Array.prototype.map.call(links, function (a) { return a.href; }));
      if (registration.active) registration.active.postMessage({ keep: keep });
    }).catch(function () { /* no worker: the page works online as before */ });
  }

  window.addEventListener("online", function () { flush(); });
  window.addEventListener("offline", refreshStatus);
  flush();
})();
