/* Shouhu forms (issue 14.4): a form is submitted once. While a submission is in flight its submit buttons
   are disabled; the hidden idempotency key (template tag {% idempotency_key %}) lets the server refuse a
   replay that still gets through. No inline handlers (a Content-Security-Policy forbids them). */
(function () {
  "use strict";
  function lock(form) {
    form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]").forEach(function (b) {
      b.disabled = true;
      b.setAttribute("aria-busy", "true");
    });
  }
  function unlock(form) {
    form.querySelectorAll("[aria-busy=true]").forEach(function (b) {
      b.disabled = false;
      b.removeAttribute("aria-busy");
    });
  }
  function newKey() {
    return window.crypto && crypto.randomUUID ? crypto.randomUUID().replace(/-/g, "")
      : String(Date.now()) + Math.random().toString(16).slice(2);
  }
  function keyOf(form) {  // a form rendered without {% idempotency_key %} gets one on its first submit
    var input = form.querySelector("input[name=_idem]");
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = "_idem";
      input.value = newKey();
      form.appendChild(input);
    }
    return input;
  }
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!(form instanceof HTMLFormElement) || (form.method || "").toLowerCase() !== "post") return;
    if (form.hasAttribute("data-sh-offline")) return;  // goes to the outbox (offline.js), keyed there
    if (form.dataset.submitting === "1") { ev.preventDefault(); return; }
    form.dataset.submitting = "1";
    keyOf(form);
    // disable after the browser has read the submitter's name/value
    window.setTimeout(function () { lock(form); }, 0);
  }, true);
  // htmx swaps answers in place: a form that stays on the page may be submitted again (with a fresh key)
  document.addEventListener("htmx:afterRequest", function (ev) {
    var form = ev.target && ev.target.closest ? ev.target.closest("form") : null;
    if (form) {  // answered: the next submission is a new one, with a new key
      delete form.dataset.submitting;
      unlock(form);
      keyOf(form).value = newKey();
    }
  });
  window.addEventListener("pageshow", function () {  // back/forward cache
    document.querySelectorAll("form[data-submitting]").forEach(function (f) { delete f.dataset.submitting; unlock(f); });
  });
  // 现场核查: the photo's item is named by its position (data-photo-position → data-pos → data-pk)
  document.addEventListener("input", function (ev) {
    var el = ev.target;
    if (!el.matches || !el.matches("[data-photo-position]")) return;
    var hit = document.querySelector("[data-pos='" + CSS.escape(el.value) + "']");
    el.form.photo_item.value = hit ? hit.dataset.pk : "";
  });
  // 持续合规核查: the form posts to the chosen record's URL — data-action-template holds it with /0/ for the
  // id, data-action-field names the field whose value replaces it
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.actionTemplate) return;
    var field = form.elements[form.dataset.actionField];
    if (field && field.value) {
      form.action = form.dataset.actionTemplate.replace("/0/", "/" + encodeURIComponent(field.value) + "/");
    }
  }, true);
  // 许可申请: choosing a variety sets its category (data-sets-category on the select, data-cat on options)
  document.addEventListener("change", function (ev) {
    var el = ev.target;
    if (!el.matches || !el.matches("[data-sets-category]")) return;
    el.form.category.value = el.selectedOptions[0] ? el.selectedOptions[0].dataset.cat : "";
  });
  // 洁净区读数: the chosen parameter sets its unit; air changes ask for S, V and A instead of a value
  function readingParameter(el, setUnit) {
    var o = el.selectedOptions[0], ac = o && o.value === "air_changes_per_hour";
    if (o && setUnit) el.form.unit.value = o.dataset.unit;
    document.getElementById("r-ac").hidden = !ac;
    document.getElementById("r-val").hidden = ac;
  }
  document.addEventListener("change", function (ev) {
    var el = ev.target;
    if (el.matches && el.matches("[data-reading-parameter]")) readingParameter(el, true);
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-reading-parameter]").forEach(function (el) { readingParameter(el, false); });
  });
})();
