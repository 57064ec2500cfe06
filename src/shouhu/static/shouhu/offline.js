/* On-site pages keep working without a network (issue 26). Server side: shouhu/core/offline.py.
 *
 * A page marked <… data-sh-offline-page="inspection-12"> registers the service worker /sw.js and asks it
 * to keep the page and its assets. Every form marked <form data-sh-offline="label"> goes to the outbox
 * (IndexedDB "shouhu-offline", one entry per submission: fields, photos compressed here, a drawn
 * signature) and is sent from there — at once when online, on reconnect otherwise — as the same POST
 * with its client id (`client_id` and `_idem`: the server stores each entry exactly once, however often
 * it is sent). Before sending, /offline/state/ says whether the session still holds: if not, the status
 * asks the inspector to log in again and the queue waits. The server answers each entry:
 *   stored    — written (or already written by an earlier send): the entry leaves the outbox;
 *   conflict  — the task changed meanwhile (concluded, or already scored on another phone): the entry
 *               stays, is shown in red with the reason, and the inspector keeps trying or discards it;
 *   refused   — the entry itself is wrong: shown the same way.
 * The status element [data-sh-offline-status] (template offline/status.html) carries the words.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var user = (script && script.dataset.user) || "anon";
  var hasSW = "serviceWorker" in navigator;
  if (hasSW && navigator.serviceWorker.controller) {
    navigator.serviceWorker.controller.postMessage({ type: "user", user: user });
  }
  var DB = "shouhu-offline";
  var MAX_SIDE = 1600, QUALITY = 0.72;
  var root, statusEl, T, page, syncing = false, expired = false;

  function newId() {
    return crypto.randomUUID ? crypto.randomUUID().replace(/-/g, "")
      : Array.from(crypto.getRandomValues(new Uint8Array(16)), function (b) {
        return (b + 256).toString(16).slice(1);
      }).join("");
  }

  // ---- IndexedDB outbox -------------------------------------------------------------------------
  function open() {
    return new Promise(function (resolve, reject) {
      var req = indexedDB.open(DB, 1);
      req.onupgradeneeded = function () { req.result.createObjectStore("outbox", { keyPath: "id" }); };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }
  function store(mode, fn) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction("outbox", mode), out = fn(tx.objectStore("outbox"));
        tx.oncomplete = function () { db.close(); resolve(out && "result" in out ? out.result : undefined); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }
  function mine() {
    return store("readonly", function (s) { return s.getAll(); }).then(function (all) {
      return (all || []).filter(function (e) { return e.user === user && e.page === page; })
        .sort(function (a, b) { return a.seq - b.seq; });
    });
  }
  function put(entry) { return store("readwrite", function (s) { s.put(entry); }); }
  function drop(id) { return store("readwrite", function (s) { s.delete(id); }); }

  // ---- what a submission becomes ----------------------------------------------------------------
  function compress(file) {
    if (!/^image\/(jpeg|png|webp)$/.test(file.type) || !window.createImageBitmap) return Promise.resolve(file);
    return createImageBitmap(file).then(function (bmp) {
      var scale = Math.min(1, MAX_SIDE / Math.max(bmp.width, bmp.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(bmp.width * scale));
      canvas.height = Math.max(1, Math.round(bmp.height * scale));
      canvas.getContext("2d").drawImage(bmp, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) { canvas.toBlob(resolve, "image/jpeg", QUALITY); });
    }).then(function (blob) {
      return blob && blob.size < file.size ? { blob: blob, name: file.name.replace(/\.\w+$/, "") + ".jpg" }
        : file;
    }).catch(function () { return file; });
  }

  function summary(form) {
    var parts = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.type === "file") return;
      if ((el.type === "radio" || el.type === "checkbox") && el.checked) {
        var label = form.querySelector("label[for='" + CSS.escape(el.id) + "']");
        parts.push(label ? label.textContent.trim() : el.value);
      } else if (el.type !== "radio" && el.type !== "checkbox" && el.value && el.tagName !== "BUTTON") {
        parts.push(el.value.slice(0, 60));
      }
    });
    var photos = Array.prototype.reduce.call(form.querySelectorAll("input[type=file]"), function (n, el) {
      return n + el.files.length;
    }, 0);
    if (photos) parts.push(T.photos + " " + photos);
    if (form.querySelector("input[name=drawing]") && form.elements.drawing.value) parts.push(T.drawn);
    return parts.join(" · ");
  }

  // A form's target URL. Never `form.action`: a field named "action" (the on-site page's
  // <input name="action" value="result">) shadows the property, and the element is no URL and cannot be
  // stored in IndexedDB (DataCloneError: the entry was never queued). The attribute, resolved here.
  function actionOf(form) {
    return new URL(form.getAttribute("action") || location.href, location.href).href;
  }

  function entryOf(form, submitter) {
    var id = newId(), fields = [], files = [], waits = [];
    new FormData(form, submitter || undefined).forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken" || name === "_idem" || name === "client_id") return;
      if (value instanceof File) {
        if (value.size) {
          waits.push(compress(value).then(function (c) {
            files.push(c instanceof Blob ? { name: name, blob: c, filename: c.name } : { name: name, blob: c.blob, filename: c.name });
          }));
        }
      } else {
        fields.push([name, value]);
      }
    });
    fields.push(["client_id", id], ["_idem", id]);
    return Promise.all(waits).then(function () {
      return {
        id: id, seq: Date.now() + Math.random(), user: user, page: page, url: actionOf(form),
        key: form.dataset.shOfflineKey || "", label: form.dataset.shOffline || "", summary: summary(form),
        batch: form.hasAttribute("data-sh-offline-batch"),
        fields: fields, files: files, state: "waiting", message: "",
      };
    });
  }

  // ---- what the page shows ----------------------------------------------------------------------
  function el(tag, attrs, text) {
    var n = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    if (text) n.textContent = text;
    return n;
  }
  function markForms(entries) {
    document.querySelectorAll("[data-sh-queued]").forEach(function (n) { n.remove(); });
    document.querySelectorAll("form[data-sh-offline-key]").forEach(function (form) {
      var e = entries.filter(function (x) { return x.key === form.dataset.shOfflineKey; })[0];
      form.hidden = !!e;
      if (!e) return;
      var bad = e.state !== "waiting";
      var note = el("div", { "data-sh-queued": e.id, "data-testid": "queued",
        "class": "alert py-1 px-2 small mt-2 mb-0 " + (bad ? "alert-danger" : "alert-warning") },
        (bad ? e.message : T.queued) + (e.summary ? "：" + e.summary : ""));
      form.insertAdjacentElement("afterend", note);
    });
  }
  function button(label, attr, id, cls) {
    var b = el("button", { type: "button", "class": "btn btn-sm " + cls }, label);
    b.setAttribute(attr, id);
    return b;
  }
  function render() {
    return mine().then(function (entries) {
      markForms(entries);
      var waiting = entries.filter(function (e) { return e.state === "waiting"; });
      var bad = entries.filter(function (e) { return e.state !== "waiting"; });
      var line;
      if (expired) line = T.expired;
      else if (!navigator.onLine) line = T.offline;
      else if (syncing) line = T.syncing;
      else if (bad.length) line = T.conflicts;
      else if (waiting.length) line = T.online;
      else line = T.synced;
      statusEl.dataset.state = expired ? "expired" : !navigator.onLine ? "offline" : syncing ? "syncing"
        : bad.length ? "conflict" : waiting.length ? "waiting" : "synced";
      statusEl.className = "alert py-2 small sticky-top " + (bad.length || expired ? "alert-danger"
        : !navigator.onLine || waiting.length ? "alert-warning" : "alert-success");
      var head = statusEl.querySelector("[data-sh-offline-line]");
      head.textContent = line + (waiting.length ? " · " + waiting.length + " " + T.waiting : "");
      statusEl.querySelector("[data-sh-offline-login]").hidden = !expired;
      statusEl.querySelector("[data-sh-offline-now]").hidden = !waiting.length || !navigator.onLine || syncing;
      var list = statusEl.querySelector("[data-sh-offline-list]");
      list.textContent = "";
      entries.forEach(function (e) {
        var li = el("li", { "data-testid": "outbox-entry", "data-state": e.state },
          (e.label || "") + (e.summary ? "：" + e.summary : "") + (e.state !== "waiting" ? " — " + e.message : ""));
        if (e.state !== "waiting") {
          li.appendChild(document.createTextNode(" "));
          li.appendChild(button(T.retry, "data-sh-retry", e.id, "btn-outline-primary"));
          li.appendChild(document.createTextNode(" "));
          li.appendChild(button(T.discard, "data-sh-discard", e.id, "btn-outline-danger"));
        }
        list.appendChild(li);
      });
      var notices = statusEl.querySelector("[data-sh-offline-notices]");
      notices.textContent = "";
      readNotices().forEach(function (text, i) {
        var li = el("li", { "data-testid": "sync-notice" }, text + " ");
        li.appendChild(button(T.seen, "data-sh-seen", String(i), "btn-outline-secondary"));
        notices.appendChild(li);
      });
      return entries;
    });
  }
  function noticeKey() { return "shouhu:offline-notices:" + user + ":" + page; }
  function readNotices() {
    try { return JSON.parse(localStorage.getItem(noticeKey()) || "[]"); } catch (e) { return []; }
  }
  function addNotice(text) {
    var all = readNotices();
    all.push(text);
    localStorage.setItem(noticeKey(), JSON.stringify(all));
  }

  // ---- sending ----------------------------------------------------------------------------------
  function atLogin(res) { return res.redirected && /^\/login\//.test(new URL(res.url).pathname); }

  function send(e, csrf) {
    var body = new FormData();
    e.fields.forEach(function (f) { body.append(f[0], f[1]); });
    e.files.forEach(function (f) { body.append(f.name, f.blob, f.filename); });
    return fetch(e.url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "X-Shouhu-Offline": "1" },
    }).then(function (res) {
      if (atLogin(res) || res.status === 401) { expired = true; return "stop"; }
      return res.json().catch(function () { return null; }).then(function (answer) {
        if (!answer || !answer.status) {
          if (res.status >= 500 || res.status === 403) return "stop";  // try again later, keep it
          answer = { status: "refused", message: T.failed };
        }
        if (answer.status === "pending") return "stop";  // the first send is still being written
        if (answer.status === "stored") {
          if (answer.notice) addNotice(answer.notice);
          return drop(e.id).then(function () { return "stored"; });
        }
        e.state = answer.status;
        e.message = answer.message || T.failed;
        return put(e).then(function () { return e.state; });
      });
    }, function () { return "stop"; });  // the network went away mid-sync: the entry stays
  }

  // Entries of forms marked data-sh-offline-batch go BATCH at a time to their URL as one POST
  // (`entries` JSON + `file.<client id>.<field>`; core/offline.py batch_entries), each answered as if
  // sent alone. A malformed batch (400) writes nothing: its entries are shown refused, with the reason.
  var BATCH = 20;
  function sendBatch(list, csrf) {
    var body = new FormData(), entries = [];
    list.forEach(function (e) {
      var fields = {};
      e.fields.forEach(function (f) { if (f[0] !== "client_id" && f[0] !== "_idem") fields[f[0]] = f[1]; });
      entries.push({ client_id: e.id, fields: fields });
      e.files.forEach(function (f) { body.append("file." + e.id + "." + f.name, f.blob, f.filename); });
    });
    body.append("entries", JSON.stringify(entries));
    return fetch(list[0].url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "X-Shouhu-Offline": "1" },
    }).then(function (res) {
      if (atLogin(res) || res.status === 401) { expired = true; return ["stop", 0]; }
      return res.json().catch(function () { return null; }).then(function (answer) {
        if (!answer || (answer.status !== "batch" && res.status !== 400)) return ["stop", 0];
        var by = {}, named = (answer.errors || []).some(function (r) { return r.client_id; });
        (answer.results || []).forEach(function (r) { by[r.client_id] = r; });
        (answer.errors || []).forEach(function (r) { if (r.client_id) by[r.client_id] = { status: "refused", message: r.message }; });
        var stored = 0;
        return list.reduce(function (chain, e) {
          return chain.then(function () {
            // a batch refused as a whole marks every entry; otherwise the sound ones wait for the next send
            var r = by[e.id] || (res.status === 400 && !named ? { status: "refused", message: answer.message } : null);
            if (!r || r.status === "pending") return null;
            if (r.status === "stored") {
              if (r.notice) addNotice(r.notice);
              stored += 1;
              return drop(e.id);
            }
            e.state = r.status;
            e.message = r.message || T.failed;
            return put(e);
          });
        }, Promise.resolve()).then(function () { return ["", stored]; });
      });
    }, function () { return ["stop", 0]; });
  }

  function sync() {
    if (syncing || !navigator.onLine) return Promise.resolve();
    syncing = true;
    var stored = 0;
    render();
    return fetch("/offline/state/", { credentials: "same-origin", cache: "no-store" }).then(function (res) {
      if (atLogin(res) || res.status === 401) { expired = true; return null; }
      return res.ok ? res.json() : null;
    }).then(function (state) {
      if (!state) return null;
      if (state.user !== user) { expired = true; return null; }
      expired = false;
      return mine().then(function (entries) {
        var todo = entries.filter(function (e) { return e.state === "waiting"; });
        var steps = [], pending = [];
        todo.forEach(function (e) {  // in order; consecutive batch entries for one URL go together
          if (e.batch && pending.length && (pending[0].url !== e.url || pending.length >= BATCH)) {
            steps.push(pending); pending = [];
          }
          if (e.batch) { pending.push(e); return; }
          if (pending.length) { steps.push(pending); pending = []; }
          steps.push(e);
        });
        if (pending.length) steps.push(pending);
        return steps.reduce(function (chain, step) {
          return chain.then(function (go) {
            if (go === "stop") return "stop";
            if (Array.isArray(step)) {
              return sendBatch(step, state.csrf).then(function (r) { stored += r[1]; return r[0]; });
            }
            return send(step, state.csrf).then(function (r) { if (r === "stored") stored += 1; return r; });
          });
        }, Promise.resolve(""));
      });
    }).catch(function () { return null; }).then(function () {
      syncing = false;
      return render();
    }).then(function (left) {
      root.dataset.shOfflineSynced = String(Number(root.dataset.shOfflineSynced || 0) + 1);
      // everything is on the server now: show the server's page (the kept copy is refreshed with it)
      if (stored && !left.length && navigator.onLine && !readNotices().length) window.location.reload();
    });
  }

  // a signature drawn with a finger: static/shouhu/signature.js (its form's `drawing` / `drawing_png`)

  // ---- wiring -----------------------------------------------------------------------------------
  function keep() {
    if (!hasSW) return;
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (reg) {
      if (!navigator.onLine) { root.dataset.shOfflineReady = "true"; return; }
      var urls = [location.pathname + location.search];
      document.querySelectorAll("script[src], link[rel=stylesheet][href], link[rel=icon][href]").forEach(function (n) {
        urls.push(n.src || n.href);
      });
      navigator.serviceWorker.addEventListener("message", function (ev) {
        if (ev.data && ev.data.type === "kept") root.dataset.shOfflineReady = "true";
      });
      reg.active.postMessage({ type: "keep", user: user, urls: urls });
    }).catch(function () { /* no worker (private mode, http): the outbox still works while the page is open */ });
  }

  function init() {
    root = document.querySelector("[data-sh-offline-page]");
    statusEl = document.querySelector("[data-sh-offline-status]");
    if (!root || !statusEl || user === "anon" || !window.indexedDB) return;
    page = root.dataset.shOfflinePage;
    T = statusEl.dataset;
    statusEl.hidden = false;
    document.addEventListener("submit", function (ev) {
      var form = ev.target;
      if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-sh-offline")) return;
      ev.preventDefault();
      if (form.dataset.shQueuing) return;
      form.dataset.shQueuing = "1";
      entryOf(form, ev.submitter).then(put).then(function () {
        try { if (form.dataset.shDraft) localStorage.removeItem("shouhu:draft:" + user + ":" + form.dataset.shDraft); } catch (e) { /* none */ }
        delete form.dataset.shQueuing;
        form.reset();
        return render();
      }).then(function () { return sync(); });
    }, true);
    statusEl.addEventListener("click", function (ev) {
      var t = ev.target;
      if (t.dataset.shDiscard) drop(t.dataset.shDiscard).then(render);
      else if (t.dataset.shRetry) {
        mine().then(function (all) {
          var e = all.filter(function (x) { return x.id === t.dataset.shRetry; })[0];
          if (!e) return null;
          e.state = "waiting"; e.message = "";
          return put(e);
        }).then(sync);
      } else if (t.dataset.shSeen) {
        var all = readNotices();
        all.splice(Number(t.dataset.shSeen), 1);
        localStorage.setItem(noticeKey(), JSON.stringify(all));
        render();
      } else if (t.hasAttribute("data-sh-offline-now")) sync();
    });
    window.addEventListener("online", function () { sync(); });
    window.addEventListener("offline", function () { render(); });
    window.setInterval(function () { if (navigator.onLine && !syncing) mine().then(function (e) {
      if (e.some(function (x) { return x.state === "waiting"; })) sync();
    }); }, 30000);
    keep();
    render().then(function () { if (navigator.onLine) sync(); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
