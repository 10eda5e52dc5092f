/* The site search, loaded on first use (overrides/partials/search.html): the header holds a plain button; the
   dialog's script and stylesheet (search.js, search.css: a few KB) are fetched only when a reader presses it, or
   types Ctrl+K / Cmd+K, or "/" outside a text field. Then the dialog opens with the cursor in its box.
   window.siteSearch.query(text, filters) is the site's search without the dialog (the tests call it): it loads
   the same script first. */
(function () {
  "use strict";
  var box = document.querySelector(".site-search");
  if (!box) return;
  var button = box.querySelector(".site-search__button");
  var loading = null;

  function fetchTag(kind, url) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement(kind);
      if (kind === "link") {
        tag.rel = "stylesheet";
        tag.href = url;
      } else {
        tag.src = url;
      }
      tag.onload = resolve;
      tag.onerror = function () { tag.remove(); reject(new Error(url + " could not be loaded")); };
      document.head.appendChild(tag);
    });
  }

  function load() {  // both at once: the dialog is shown only once it has its look
    if (!loading) {
      loading = Promise.all([fetchTag("link", box.dataset.searchStyle), fetchTag("script", box.dataset.searchScript)])
        .then(function () { return window.siteSearch; }, function (error) { loading = null; throw error; });
    }
    return loading;
  }

  window.siteSearch = {query: function (text, filters) {
    return load().then(function (search) { return search.query(text, filters); });
  }};

  function open() {
    var label = button.getAttribute("aria-label");
    button.setAttribute("aria-busy", "true");
    button.setAttribute("aria-label", button.dataset.loadingLabel || label);
    load().then(function (search) { search.open(); }).catch(function () {}).then(function () {
      button.removeAttribute("aria-busy");
      button.setAttribute("aria-label", label);
    });
  }

  button.addEventListener("click", open);
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    var shortcut = (event.key === "k" && (event.ctrlKey || event.metaKey)) || (event.key === "/" && !typing);
    if (!shortcut || document.querySelector(".site-search__dialog[open]")) return;
    event.preventDefault();
    open();
  });
})();
