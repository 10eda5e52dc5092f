/* Narrows the story index by country and track without leaving the page.
 * Without this script the filters are plain links to the country and track pages. With it, each link
 * becomes a toggle button (aria-pressed); one choice per group; choosing the pressed one again shows all.
 * The choice is kept in the address (?country=...&track=...) so it can be shared. No library. */
(function () {
  "use strict";

  function enhance(panel) {
    var list = document.querySelector(".story-list");
    if (!list) return;
    var cards = Array.prototype.slice.call(list.querySelectorAll(".story-card"));
    var status = panel.querySelector(".story-filter__status");
    var count = document.querySelector(".story-count");
    var total = cards.length;
    var chosen = {};
    var groups = Array.prototype.slice.call(panel.querySelectorAll("[data-filter-group]"));
    var params = new URLSearchParams(window.location.search);

    groups.forEach(function (group) {
      var name = group.getAttribute("data-filter-group");
      var options = group.querySelector(".story-filter__options");
      // The buttons form a group; the <ul> stays a list (a role on it would orphan its <li>s).
      group.setAttribute("role", "group");
      group.setAttribute("aria-labelledby", options.getAttribute("aria-labelledby"));
      var all = document.createElement("li");
      all.innerHTML = "<button type=\"button\" class=\"story-filter__option\"></button>";
      all.firstChild.textContent = panel.getAttribute("data-all");
      all.firstChild.setAttribute("data-filter-value", "");
      options.insertBefore(all, options.firstChild);
      Array.prototype.slice.call(options.querySelectorAll("a.story-filter__option")).forEach(function (link) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = link.className;
        button.setAttribute("data-filter-value", link.getAttribute("data-filter-value"));
        while (link.firstChild) button.appendChild(link.firstChild);
        link.parentNode.replaceChild(button, link);
      });
      var wanted = params.get(name) || "";
      if (!options.querySelector("[data-filter-value=\"" + CSS.escape(wanted) + "\"]")) wanted = "";
      chosen[name] = wanted;
      options.addEventListener("click", function (event) {
        var button = event.target.closest("button[data-filter-value]");
        if (!button) return;
        var value = button.getAttribute("data-filter-value");
        chosen[name] = chosen[name] === value ? "" : value;
        apply(true);
      });
    });

    function apply(announce) {
      var shown = 0;
      cards.forEach(function (card) {
        var match = Object.keys(chosen).every(function (name) {
          return !chosen[name] || card.getAttribute("data-" + name) === chosen[name];
        });
        card.hidden = !match;
        if (match) shown += 1;
      });
      groups.forEach(function (group) {
        var name = group.getAttribute("data-filter-group");
        Array.prototype.slice.call(group.querySelectorAll("button[data-filter-value]")).forEach(function (button) {
          button.setAttribute("aria-pressed", String(button.getAttribute("data-filter-value") === chosen[name]));
        });
      });
      var filtered = Object.keys(chosen).some(function (name) { return chosen[name]; });
      var message = shown === 0 ? panel.getAttribute("data-none")
        : panel.getAttribute("data-showing").replace("{shown}", shown).replace("{total}", total);
      status.textContent = filtered ? message : "";
      if (count) count.hidden = filtered;  // the status line says how many are shown
      if (announce) {
        var query = new URLSearchParams(window.location.search);
        Object.keys(chosen).forEach(function (name) {
          if (chosen[name]) query.set(name, chosen[name]); else query.delete(name);
        });
        var search = query.toString();
        window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
      }
    }

    panel.classList.add("story-filter--enhanced");
    apply(false);
  }

  function start() {
    var panel = document.querySelector("[data-story-filter]");
    if (panel && window.URLSearchParams && window.CSS && CSS.escape) enhance(panel);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
