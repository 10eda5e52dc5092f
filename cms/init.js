// Loaded before decap-cms.js: the CMS waits for admin.js (formats, checks, previews) instead of starting at once.
// A file rather than an inline script, so that a Content-Security-Policy without 'unsafe-inline' allows it.
window.CMS_MANUAL_INIT = true;

// Under `mkdocs serve` (which `alumni-stories edit` runs), MkDocs appends its live-reload script to every HTML
// page, this one included, and that script reloads the page after every rebuild, that is after every save: the
// form was thrown away under the editor's hands (and the Japanese preview reopened without its English facts).
// MkDocs has no setting to leave one page out, so the name its script defines and then calls is taken first, by
// a function that does nothing (the script's `var livereload = ...` cannot overwrite a read-only global). The
// reader pages keep live reload; the form has its own preview. The published site has no such script.
Object.defineProperty(window, 'livereload', { value: function () {}, writable: false, configurable: false });

// The editing session's token (issue 22). `alumni-stories edit` prints the address to open,
// http://127.0.0.1:PORT/admin/#token=...: in a fragment, which the browser never sends, so it stays out of every
// file the preview serves and out of its logs (any program on this computer can read those). Taken here, before
// Decap's router reads the address (#/collections/...), kept for this tab only (sessionStorage: a reload works,
// another tab or a later session does not see it) and removed from the visible address. admin.js reads it under
// the same name and puts it into the local backend's address.
(function () {
  function take() {
    var found = /^#token=([A-Za-z0-9_-]{16,200})$/.exec(window.location.hash);
    if (!found) return false;
    try {
      window.sessionStorage.setItem('alumni-stories-edit-token', found[1]);
    } catch (error) {
      // Storage refused (cookies blocked for this site): admin.js then says to open the printed address.
    }
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    return true;
  }
  take();
  // The printed address pasted into a tab already on /admin/ changes only the fragment: no new page, so the
  // page starts again with the new token.
  window.addEventListener('hashchange', function () {
    if (take()) window.location.reload();
  });
})();
