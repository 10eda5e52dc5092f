/* The site's search dialog, on Pagefind's JavaScript API (pagefind.js: options, init, search, filters, a result's
   data). Loaded on first use by search-loader.js; the dialog's markup and texts are in a <template> of the page
   (overrides/partials/search.html). Written here rather than Pagefind's component UI: 38 KB of script and
   stylesheet for what this file does in a few, and the first search had to stay under 100 KB (issue 24).

   What it does:
   - the dialog: a box, the country and track filters (filled from the index), a live count, the results (kind
     of page, title link, country and batch, excerpt); Escape closes it and focus returns to the header button;
     the arrow keys move between the box and the results;
   - a result's text is loaded for the first few results only; "More results" loads the next ones;
   - Japanese compounds (upstream Pagefind issue 1237): Pagefind reads 修了式 as the words 修了 + 式, each also
     matching longer words anywhere on a page, so a page with 修了 in one place and 式典 in another matched.
     For a Japanese query typed without spaces, the same query is also searched as a phrase ("修了式"); when the
     phrase is found, only the pages it finds are kept, in the plain search's order. The plain search alone keeps
     what the phrase cannot find: the name forms kept in metadata (ケオマニヴォンシスパン), words apart on a page.
   window.siteSearch = {open, query}: query(text, {country: [...], track: [...]}) resolves to Pagefind's results
   (each with .id and .data()), in order, as the dialog shows them. */
(function () {
  "use strict";
  var box = document.querySelector(".site-search");
  var button = box.querySelector(".site-search__button");
  var PAGE = 3;  // results whose text is loaded at once (a fragment of 0.2 to 2 KB each): the first search stays under 100 KB
  var JAPANESE = /[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]/;
  var pagefind = null;
  var dialog, input, count, list, more, filters;
  var results = [], shown = 0, generation = 0, typingTimer = 0;

  function loadPagefind() {
    if (!pagefind) {
      pagefind = import(new URL(box.dataset.pagefind, document.baseURI).href).then(function (api) {
        // No web worker: the search runs on the page, which saves its 11 KB script; the index is small.
        return api.options({noWorker: true}).then(function () { return api.init(); }).then(function () { return api; });
      });
      pagefind.catch(function () { pagefind = null; });
    }
    return pagefind;
  }

  function chosen(given) {  // {filter: [values]} without empty choices
    var out = {};
    Object.keys(given || {}).forEach(function (name) {
      var values = [].concat(given[name]).filter(Boolean);
      if (values.length) out[name] = values;
    });
    return out;
  }

  function compound(text) {
    return text.length >= 2 && JAPANESE.test(text) && !/[\s"]/.test(text);
  }

  function query(text, given) {
    text = (text || "").trim();
    var options = {filters: chosen(given)};
    if (!text && !Object.keys(options.filters).length) return Promise.resolve([]);
    return loadPagefind().then(function (api) {
      var searches = [api.search(text || null, options)];
      if (compound(text)) searches.push(api.search('"' + text + '"', options));
      return Promise.all(searches);
    }).then(function (found) {
      var plain = found[0] ? found[0].results : [];
      var phrase = found[1] ? found[1].results : [];
      if (!phrase.length) return plain;
      var ids = new Set(phrase.map(function (result) { return result.id; }));
      var kept = plain.filter(function (result) { return ids.has(result.id); });
      return kept.length ? kept : phrase;
    });
  }

  function element(name, className, text) {
    var node = document.createElement(name);
    node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function fill(pattern, values) {
    return pattern.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all; });
  }

  /* Pagefind's excerpt is the page's text escaped, with <mark> around the matches. Only text and <mark> are taken
     from it (parsed inert by DOMParser), so nothing else could reach the page even if the index held markup. */
  function excerpt(html) {
    var paragraph = element("p", "site-search__excerpt");
    new DOMParser().parseFromString(html, "text/html").body.childNodes.forEach(function (node) {
      paragraph.appendChild(node.nodeName === "MARK" ? element("mark", "", node.textContent)
                                                     : document.createTextNode(node.textContent));
    });
    return paragraph;
  }

  function item(data) {
    var meta = data.meta || {};
    var entry = element("li", "site-search__result");
    if (meta.kind) entry.appendChild(element("p", "site-search__kind", meta.kind));
    var title = entry.appendChild(element("p", "site-search__title"));
    var link = title.appendChild(element("a", "site-search__link", meta.title || data.url));
    link.href = data.url;
    if (meta.country && meta.batch) {
      entry.appendChild(element("p", "site-search__facts",
                                fill(dialog.dataset.facts, {country: meta.country, batch: meta.batch})));
    }
    if (data.excerpt) entry.appendChild(excerpt(data.excerpt));
    return entry;
  }

  function countText(total) {
    if (!total) return dialog.dataset.countNone;
    return fill(total === 1 ? dialog.dataset.countOne : dialog.dataset.countOther, {count: total});
  }

  function showMore(focusFirst) {
    var mine = generation;
    var next = results.slice(shown, shown + PAGE);
    shown += next.length;
    more.hidden = true;
    list.setAttribute("aria-busy", "true");
    return Promise.all(next.map(function (result) { return result.data(); })).then(function (data) {
      if (mine !== generation) return;
      var items = data.map(item);
      items.forEach(function (entry) { list.appendChild(entry); });
      list.setAttribute("aria-busy", "false");
      more.hidden = shown >= results.length;
      if (focusFirst && items.length) items[0].querySelector("a").focus();
    });
  }

  function failed() {
    list.setAttribute("aria-busy", "false");
    count.textContent = dialog.dataset.error;
  }

  function currentFilters() {
    var out = {};
    filters.forEach(function (select) { out[select.dataset.searchFilter] = select.value ? [select.value] : []; });
    return out;
  }

  function run() {
    var mine = ++generation;
    var text = input.value;
    list.setAttribute("aria-busy", "true");
    query(text, currentFilters()).then(function (found) {
      if (mine !== generation) return;
      results = found;
      shown = 0;
      list.textContent = "";
      more.hidden = true;
      var empty = !text.trim() && !found.length;
      count.textContent = empty ? "" : countText(found.length);
      return showMore(false);
    }).catch(function () { if (mine === generation) failed(); });
  }

  function fillFilters(api) {
    return api.filters().then(function (available) {
      var language = document.documentElement.lang;
      filters.forEach(function (select) {
        var values = Object.keys(available[select.dataset.searchFilter] || {});
        values.sort(function (a, b) { return a.localeCompare(b, language); });
        values.forEach(function (value) {
          var option = document.createElement("option");
          option.value = option.textContent = value;
          select.appendChild(option);
        });
        select.closest("label").hidden = values.length === 0;
      });
    });
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll(".site-search__link"));
  }

  function keys(event) {
    if (event.key === "Escape") {  // at once: in a search box that holds text, Chromium's Escape only empties it
      event.preventDefault();
      dialog.close();
      return;
    }
    // ArrowDown from the box to the first result, then between results; ArrowUp back.
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (document.activeElement === input) {
      if (event.key === "ArrowUp" || !all.length) return;
      all[0].focus();
    } else if (at >= 0) {
      if (event.key === "ArrowDown" && at + 1 < all.length) all[at + 1].focus();
      else if (event.key === "ArrowUp") (at ? all[at - 1] : input).focus();
    } else {
      return;
    }
    event.preventDefault();
  }

  function build() {
    var template = box.querySelector(".site-search__template");
    dialog = document.body.appendChild(template.content.firstElementChild.cloneNode(true));
    input = dialog.querySelector(".site-search__input");
    count = dialog.querySelector(".site-search__count");
    list = dialog.querySelector(".site-search__results");
    more = dialog.querySelector("[data-search-more]");
    filters = Array.prototype.slice.call(dialog.querySelectorAll("[data-search-filter]"));
    input.addEventListener("input", function () {
      clearTimeout(typingTimer);
      typingTimer = setTimeout(run, 120);
    });
    filters.forEach(function (select) { select.addEventListener("change", run); });
    more.addEventListener("click", function () { showMore(true); });
    dialog.querySelector("[data-search-close]").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close(); });  // backdrop
    dialog.addEventListener("keydown", keys);
    dialog.addEventListener("close", function () { button.focus(); });
    loadPagefind().then(fillFilters).catch(failed);
  }

  function open() {
    if (!dialog) build();
    if (!dialog.open) dialog.showModal();
    input.focus();
    input.select();
  }

  window.siteSearch = {open: open, query: query};
})();
