{% load i18n %}{% translate "离线：此页面尚未保存在本机。请联网后打开一次现场检查页面。" as missing %}/* Shouhu's service worker (issue 26), rendered by shouhu.core.offline.service_worker at /sw.js.
 *
 * Keeps what an on-site page needs to work without a network: the page itself (its checklist, the
 * enterprise's records, open rectifications, recent results are all in the page) and its static assets.
 * The page asks for it ({type: "keep", urls}) when opened online; afterwards it is served network-first
 * (a fresh copy replaces the kept one) and from the cache when the network is gone. Static assets are
 * cache-first. Writes never go through here: the page's outbox (offline.js) sends them itself.
 * A different user on the same phone clears what the previous one kept ({type: "user"}).
 */
"use strict";
var VERSION = "{{ version }}";
var PAGES = "shouhu-pages-v1";
var ASSETS = "shouhu-assets-" + VERSION;
var MISSING = "{{ missing|escapejs }}";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (ev) {
  ev.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) {
      return n.indexOf("shouhu-assets-") === 0 && n !== ASSETS;
    }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

function keep(urls) {
  return Promise.all(urls.map(function (u) {
    var url = new URL(u, self.location.origin);
    if (url.origin !== self.location.origin) return null;
    var store = url.pathname.indexOf("/static/") === 0 ? ASSETS : PAGES;
    return fetch(url.href, { credentials: "same-origin", cache: "no-store" }).then(function (res) {
      if (res.ok && !res.redirected) {
        return caches.open(store).then(function (c) { return c.put(url.href, res); });
      }
      return null;
    }).catch(function () { return null; });
  }));
}

function ensureUser(user) {  // another user on this phone: what the previous one kept is cleared
  return caches.open(PAGES).then(function (c) {
    return c.match("/__shouhu_user__").then(function (res) { return res ? res.text() : ""; }).then(function (prev) {
      if (prev === String(user)) return null;
      return caches.delete(PAGES).then(function () { return caches.open(PAGES); }).then(function (fresh) {
        return fresh.put("/__shouhu_user__", new Response(String(user)));
      });
    });
  });
}

self.addEventListener("message", function (ev) {
  var data = ev.data || {};
  if (data.type === "keep") {
    ev.waitUntil(ensureUser(data.user).then(function () { return keep(data.urls || []); }).then(function () {
      if (ev.source) ev.source.postMessage({ type: "kept", urls: data.urls });
    }));
  } else if (data.type === "user") {
    ev.waitUntil(ensureUser(data.user));
  }
});

function fromNetworkFirst(req) {
  return caches.open(PAGES).then(function (c) {
    return c.match(req, { ignoreVary: true }).then(function (kept) {
      return fetch(req).then(function (res) {
        if (kept && res.ok && !res.redirected && res.type === "basic") c.put(req, res.clone());
        return res;
      }).catch(function () {
        if (kept) return kept;
        return new Response("<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width'><p>" + MISSING + "</p>",
          { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
      });
    });
  });
}

function fromCacheFirst(req) {
  return caches.open(ASSETS).then(function (c) {
    return c.match(req, { ignoreVary: true }).then(function (kept) {
      return kept || fetch(req);  // only what an on-site page asked to keep is served from here
    });
  });
}

self.addEventListener("fetch", function (ev) {
  var req = ev.request;
  if (req.method !== "GET") return;
  var url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.indexOf("/static/") === 0) {
    ev.respondWith(fromCacheFirst(req));
  } else if (req.mode === "navigate") {
    ev.respondWith(fromNetworkFirst(req));
  }
});
