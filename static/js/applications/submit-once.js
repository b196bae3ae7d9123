/* A submit button that disables itself once pressed. A convenience only: the server gives
 * one receipt however often the form is sent (double click, retry, two tabs). */
(function () {
  "use strict";
  document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
    var button = form.querySelector("button[type=submit]");
    var label = button ? button.textContent : "";
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-submitted") === "1") {
        event.preventDefault();
        return;
      }
      form.setAttribute("data-submitted", "1");
      if (button) {
        window.setTimeout(function () {
          button.disabled = true;
          button.setAttribute("aria-disabled", "true");
          button.textContent = form.getAttribute("data-submitting-text") || label;
        }, 0);
      }
    });
    // Coming back with the browser's Back button shows the page as it was left: enable it.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted && button) {
        form.removeAttribute("data-submitted");
        button.disabled = false;
        button.removeAttribute("aria-disabled");
        button.textContent = label;
      }
    });
  });
})();
