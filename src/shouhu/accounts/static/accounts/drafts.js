/* Work in progress survives a session time-out (issue 18 point 4).
 *
 * A form marked <form data-sh-draft="exam-42"> is saved to this browser's localStorage as it is typed
 * (never password, file or hidden fields), under a key that includes the user's id, and put back when the
 * page loads again — after the idle time-out sent the user through the login page and back, say. The page
 * that confirms the work was stored clears it with an element <div data-sh-draft-done="exam-42">.
 * Loaded by base.html with data-user="<user id>", or "anon" without a login (an examinee who opened a
 * paper by its code): only forms marked data-sh-draft are ever kept, and each is cleared once stored.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var user = script && script.dataset.user;
  if (!user || !window.localStorage) return;
  var PREFIX = "shouhu:draft:" + user + ":";

  function skip(el) {
    return !el.name || ["password", "file", "hidden", "submit", "button"].indexOf(el.type) >= 0;
  }

  function save(form) {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (skip(el)) return;
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) (data[el.name] = data[el.name] || []).push(el.value);
      } else if (el.multiple) {
        data[el.name] = Array.prototype.map.call(el.selectedOptions, function (o) { return o.value; });
      } else {
        data[el.name] = el.value;
      }
    });
    try {
      localStorage.setItem(PREFIX + form.dataset.shDraft, JSON.stringify({ at: Date.now(), data: data }));
    } catch (e) { /* storage full or blocked: the form still works, just without a local copy */ }
  }

  function restore(form) {
    var raw = localStorage.getItem(PREFIX + form.dataset.shDraft);
    if (!raw) return;
    var data = (JSON.parse(raw) || {}).data || {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (skip(el) || !(el.name in data)) return;
      var value = data[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = value.indexOf(el.value) >= 0;
      } else if (el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = value.indexOf(o.value) >= 0; });
      } else if (el.tagName === "SELECT" || !el.value) {  // a select always has a value: the draft is newer
        el.value = value;
      }
    });
    form.setAttribute("data-sh-draft-restored", "true");
  }

  function init(root) {
    Array.prototype.forEach.call(root.querySelectorAll("[data-sh-draft-done]"), function (el) {
      localStorage.removeItem(PREFIX + el.getAttribute("data-sh-draft-done"));
    });
    Array.prototype.forEach.call(root.querySelectorAll("form[data-sh-draft]"), function (form) {
      if (form.dataset.shDraftBound) return;
      form.dataset.shDraftBound = "1";
      restore(form);
      form.addEventListener("input", function () { save(form); });
      form.addEventListener("change", function () { save(form); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
  document.addEventListener("htmx:load", function (event) { init(event.target); });
})();
