/* A wide table scrolls sideways inside its frame on narrow screens (Material wraps each table in
   .md-typeset__scrollwrap; the browse pages' tables stand in .browse-table-wrap); a keyboard user can only
   scroll it once it can take focus. Such frames get a tab stop and are named after the table's caption or the
   nearest heading, only while they do overflow (WCAG 2.1.1). So do wide code blocks (pre > code) and the guide's Markdown tables, which the
   theme's script used to make focusable; it is not loaded (overrides/main.html). */
(function () {
  "use strict";
  function label(frame) {
    var caption = frame.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    for (var e = frame.previousElementSibling; e; e = e.previousElementSibling) {
      if (/^H[1-6]$/.test(e.tagName)) return e.textContent.trim();
    }
    return document.title;
  }
  function mark() {
    document.querySelectorAll(".md-typeset__scrollwrap, .browse-table-wrap, pre > code, .md-typeset table:not([class])")
      .forEach(function (frame) {
      // A tab stop only, as the theme gave it: the code is its own name, and a table is named by its caption and
      // keeps its role (without the theme's script, a Markdown table is not wrapped: it scrolls by itself).
      if (frame.tagName === "CODE" || frame.tagName === "TABLE") {
        if (frame.scrollWidth > frame.clientWidth + 1) frame.setAttribute("tabindex", "0");
        else frame.removeAttribute("tabindex");
      } else if (frame.scrollWidth > frame.clientWidth + 1) {
        frame.setAttribute("tabindex", "0");
        frame.setAttribute("role", "region");
        frame.setAttribute("aria-label", label(frame));
      } else if (frame.getAttribute("role") === "region") {
        frame.removeAttribute("tabindex");
        frame.removeAttribute("role");
        frame.removeAttribute("aria-label");
      }
    });
  }
  // Material builds the frames when it mounts the page, right after this file runs.
  requestAnimationFrame(mark);
  window.addEventListener("load", mark);
  window.addEventListener("resize", mark);
})();
