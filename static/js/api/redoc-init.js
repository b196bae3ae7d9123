// Starts ReDoc on the API documentation page. ReDoc adds its styles at run time; they are
// given the nonce this script was loaded with, so the page's Content-Security-Policy allows them.
(function () {
  "use strict";
  var container = document.getElementById("redoc-container");
  var nonce = document.currentScript ? document.currentScript.nonce : "";
  window.Redoc.init(container.dataset.schemaUrl, { nonce: nonce }, container);
})();
