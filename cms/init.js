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
