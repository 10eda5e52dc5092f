// "Embed this story": a button that copies the snippet. Without JavaScript the code can still be selected.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".partners-embed").forEach(function (box) {
    var code = box.querySelector(".partners-embed__code");
    var button = box.querySelector(".partners-embed__copy");
    if (!code || !button || !navigator.clipboard) return;
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(code.value).then(function () {
        button.textContent = button.dataset.copied;
        setTimeout(function () { button.textContent = label; }, 2000);
      });
    });
    code.addEventListener("focus", function () { code.select(); });
  });
});
