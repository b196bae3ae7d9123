// The back office's navigation (Django's sidebar) starts folded on a screen narrower than
// 1,600 px, so a list keeps all its columns on screen. Loaded before Django's
// nav_sidebar.js, which reads the choice below; a person's own choice (the « toggle) is
// kept and wins.
(function () {
  "use strict";
  var key = "django.admin.navSidebarIsOpen";
  try {
    if (window.localStorage.getItem(key) === null &&
        window.matchMedia("(max-width: 1599px)").matches) {
      window.localStorage.setItem(key, "false");
    }
  } catch (error) {
    // Storage refused (private mode, policy): Django's default, an open sidebar, stays.
  }
})();
