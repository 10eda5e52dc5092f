/* A wide table scrolls sideways on narrow screens: the browse pages' tables inside .browse-table-wrap, the
   guide's Markdown tables by themselves (the theme's script, which wrapped them, is not loaded:
   overrides/main.html); so do wide code blocks (pre > code). A keyboard user can only scroll what can take
   focus: each gets a tab stop only while it overflows (WCAG 2.1.1); a browse frame is also named after its
   table's caption or the nearest heading. */
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
    document.querySelectorAll(".browse-table-wrap, pre > code, .md-typeset table:not([class])")
      .forEach(function (frame) {
      // A tab stop only, as the theme gave it: the code is its own name, a table is named by its caption and
      // keeps its role.
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
  // After the first layout, when widths are known; again once fonts and images have loaded, and on resize.
  requestAnimationFrame(mark);
  window.addEventListener("load", mark);
  window.addEventListener("resize", mark);
})();
