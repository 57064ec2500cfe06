/* A signature drawn with a finger, a pen or a mouse (issue 25): <canvas data-sh-signature-pad> inside a form
 * with hidden inputs `drawing` (the strokes as an SVG path) and `drawing_png` (the canvas as a PNG data URL,
 * stored by the server as the kernel signature's evidence file and printed on the record). Pointer events
 * cover touch, pen and mouse; the canvas has touch-action: none so a stroke does not scroll the page.
 * Without script the form still submits: a confirmed signature without a drawing. No inline script (CSP).
 */
(function () {
  "use strict";

  function pad(canvas) {
    var form = canvas.closest("form");
    if (!form || canvas.dataset.shSignatureReady) return;
    canvas.dataset.shSignatureReady = "1";
    var path = form.elements.drawing, png = form.elements.drawing_png;
    var ctx = canvas.getContext("2d"), strokes = [], down = false, last = null;
    ctx.lineWidth = 4; ctx.lineCap = "round"; ctx.lineJoin = "round"; ctx.strokeStyle = "#111";

    function at(ev) {
      var r = canvas.getBoundingClientRect();
      return [Math.round((ev.clientX - r.left) * canvas.width / r.width),
        Math.round((ev.clientY - r.top) * canvas.height / r.height)];
    }
    function save() {
      if (path) path.value = strokes.join("");
      if (png) png.value = strokes.length ? canvas.toDataURL("image/png") : "";
      canvas.dataset.shSigned = strokes.length ? "true" : "false";
    }
    function start(ev) {
      if (ev.button !== undefined && ev.button > 0) return;
      ev.preventDefault();
      down = true; last = at(ev);
      strokes.push("M" + last[0] + " " + last[1]);
      ctx.beginPath(); ctx.arc(last[0], last[1], ctx.lineWidth / 2, 0, 2 * Math.PI); ctx.fill();
      try { canvas.setPointerCapture(ev.pointerId); } catch (e) { /* synthetic events have no capture */ }
    }
    function move(ev) {
      if (!down) return;
      ev.preventDefault();
      var p = at(ev);
      if (p[0] === last[0] && p[1] === last[1]) return;
      ctx.beginPath(); ctx.moveTo(last[0], last[1]); ctx.lineTo(p[0], p[1]); ctx.stroke();
      strokes.push("L" + p[0] + " " + p[1]); last = p;
    }
    function end() {
      if (!down) return;
      down = false; save();
    }
    canvas.addEventListener("pointerdown", start);
    canvas.addEventListener("pointermove", move);
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    canvas.addEventListener("pointerleave", end);
    var clear = form.querySelector("[data-sh-signature-clear]");
    if (clear) clear.addEventListener("click", function () {
      strokes = []; ctx.clearRect(0, 0, canvas.width, canvas.height); save();
    });
    form.addEventListener("reset", function () {
      strokes = []; ctx.clearRect(0, 0, canvas.width, canvas.height);
      setTimeout(save, 0);
    });
  }

  function init() { document.querySelectorAll("canvas[data-sh-signature-pad]").forEach(pad); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
