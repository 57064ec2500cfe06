/* Shouhu accessibility (issue 16.3): a block that scrolls sideways (a wide table in .table-responsive on a
   phone, a long label text) must take keyboard focus, or its hidden columns cannot be reached without a
   mouse. Each such block gets tabindex="0", role="region" and a name (its table's caption or the nearest
   heading); blocks that fit lose the tab stop again when the window grows. */
(function () {
  "use strict";
  var SELECTOR = ".table-responsive, .sh-scroll, main pre";
  function nameOf(block) {
    var caption = block.querySelector("caption");
    if (caption) return caption.textContent.trim();
    var card = block.closest(".card");
    var heading = card && card.querySelector(".card-header, h2, h3");
    if (!heading) {
      for (var el = block.previousElementSibling; el; el = el.previousElementSibling) {
        if (/^H[1-6]$/.test(el.tagName)) { heading = el; break; }
      }
    }
    return heading ? heading.textContent.trim().replace(/\s+/g, " ").slice(0, 80) : "";
  }
  function mark() {
    document.querySelectorAll(SELECTOR).forEach(function (block) {
      var scrolls = block.scrollWidth > block.clientWidth + 1 || block.scrollHeight > block.clientHeight + 1;
      if (scrolls && !block.hasAttribute("tabindex")) {
        block.setAttribute("tabindex", "0");
        block.dataset.shScroll = "1";
        if (!block.hasAttribute("role")) block.setAttribute("role", "region");
        var name = nameOf(block);
        if (name && !block.hasAttribute("aria-label")) block.setAttribute("aria-label", name);
      } else if (!scrolls && block.dataset.shScroll) {
        block.removeAttribute("tabindex");
        delete block.dataset.shScroll;
      }
    });
  }
  var pending = null;
  function soon() {
    if (pending) return;
    pending = window.requestAnimationFrame(function () { pending = null; mark(); });
  }
  document.addEventListener("DOMContentLoaded", mark);
  window.addEventListener("resize", soon);
  document.addEventListener("htmx:afterSettle", soon);
})();
