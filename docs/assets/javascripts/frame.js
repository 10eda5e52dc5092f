// The menu button and the closed drawer out of Tab, back to top, and Share (the theme's own script is not
// loaded: overrides/main.html): see overrides/partials/header.html and
// overrides/partials/partners_story.html for what each does and why.
(function () {
  "use strict";
  var toggle = document.getElementById("__drawer");
  var button = document.querySelector("[data-site-drawer-toggle]");
  var drawer = document.querySelector(".md-sidebar--primary");
  if (toggle && button && drawer) {
    var narrow = window.matchMedia("(max-width: 76.2344em)");
    drawer.id = drawer.id || "site-drawer";
    button.setAttribute("aria-controls", drawer.id);
    var sync = function () {
      button.setAttribute("aria-expanded", String(toggle.checked));
      drawer.inert = narrow.matches && !toggle.checked;
    };
    var setOpen = function (open) {
      if (toggle.checked === open) return;
      toggle.checked = open;
      toggle.dispatchEvent(new Event("change"));
      sync();
    };
    button.hidden = false;
    document.documentElement.classList.add("site-menu-button");
    button.addEventListener("click", function () {
      setOpen(!toggle.checked);
      if (toggle.checked) {
        var first = Array.prototype.find.call(drawer.querySelectorAll("a[href], button"), function (element) {
          return element.getClientRects().length > 0;  // the first shown
        });
        if (first) first.focus();
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.checked && narrow.matches) {
        setOpen(false);
        button.focus();
      }
    });
    toggle.addEventListener("change", sync);
    if (narrow.addEventListener) narrow.addEventListener("change", sync);
    sync();
  }

  // Back to top: shown once the reader has scrolled a screen down, it returns to the top and to the skip target.
  var top = document.querySelector(".md-top");
  if (top) {
    var showTop = function () {
      var far = window.scrollY > window.innerHeight;
      top.hidden = !far;
      top.classList.toggle("md-top--hidden", !far);
    };
    top.addEventListener("click", function () {
      window.scrollTo({top: 0});
      var target = document.getElementById("main-content");
      if (target) target.focus({preventScroll: true});
    });
    window.addEventListener("scroll", showTop, {passive: true});
    showTop();
  }

  document.querySelectorAll("[data-share]").forEach(function (box) {
    var shareButton = box.querySelector("button");
    var status = box.querySelector("[role=status]");
    var url = box.getAttribute("data-share-url");
    if (!shareButton || !url) return;
    var say = function (text) { if (status) status.textContent = text; };
    box.hidden = false;
    shareButton.addEventListener("click", function () {
      var data = {title: box.getAttribute("data-share-title") || document.title, url: url};
      if (navigator.share && (!navigator.canShare || navigator.canShare(data))) {
        navigator.share(data).catch(function () {});
        return;
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(url).then(function () {
          box.setAttribute("data-share-state", "copied");
          say(box.getAttribute("data-share-copied"));
        }, function () { say(url); });
      } else {
        say(url);  // no clipboard: the address, in words, to select
      }
    });
  });
})();
