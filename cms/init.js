// Loaded before decap-cms.js: the CMS waits for admin.js (formats, checks, previews) instead of starting at once.
// A file rather than an inline script, so that a Content-Security-Policy without 'unsafe-inline' allows it.
window.CMS_MANUAL_INIT = true;
