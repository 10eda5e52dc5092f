/* The site search, loaded on first use (overrides/partials/search.html): the header holds a plain button;
   Pagefind's component script and stylesheet (about 200 KB) are fetched only when a reader presses it, or
   types Ctrl+K / Cmd+K, or "/" outside a text field. Then the dialog opens with the cursor in its box. */
(function () {
  "use strict";
  var box = document.querySelector(".site-search");
  if (!box) return;
  var button = box.querySelector(".site-search__button");
  var loading = null;

  function load() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        box.dataset.searchStyle.split(" ").forEach(function (href) {  // Pagefind's, then ours over it
          var style = document.createElement("link");
          style.rel = "stylesheet";
          style.href = href;
          document.head.appendChild(style);
        });
        var script = document.createElement("script");
        script.src = box.dataset.searchScript;
        script.onload = resolve;
        script.onerror = function () { loading = null; reject(new Error("search script failed")); };
        document.head.appendChild(script);
      }).then(function () { return customElements.whenDefined("pagefind-modal"); });
    }
    return loading;
  }

  function open() {
    var label = button.getAttribute("aria-label");
    button.setAttribute("aria-busy", "true");
    button.setAttribute("aria-label", button.dataset.loadingLabel || label);
    load().then(function () {
      var modal = box.querySelector("pagefind-modal");
      var tries = 0;
      (function openWhenReady() {  // the component builds its <dialog> once its Pagefind instance is set up
        if (modal.dialogEl) modal.open();
        else if (tries++ < 200) requestAnimationFrame(openWhenReady);
      })();
    }).catch(function () {}).then(function () {
      button.removeAttribute("aria-busy");
      button.setAttribute("aria-label", label);
    });
  }

  button.addEventListener("click", open);
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    var shortcut = (event.key === "k" && (event.ctrlKey || event.metaKey)) || (event.key === "/" && !typing);
    if (!shortcut || (typing && event.key === "/") || document.querySelector("pagefind-modal dialog[open]")) return;
    event.preventDefault();
    open();
  });
})();
