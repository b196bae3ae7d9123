// The bidding page: warn before leaving with preferences that are not saved yet.
(function () {
  "use strict";
  var form = document.querySelector("form.bids-form");
  if (!form) return;
  var dirty = false;
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = "";
  });
})();
