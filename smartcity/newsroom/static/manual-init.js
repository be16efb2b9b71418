// Decap CMS starts itself when its script loads; newsroom.js starts it instead, once the
// site's own configuration, format, widgets and Indonesian words are registered.
window.CMS_MANUAL_INIT = true;
