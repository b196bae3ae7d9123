// Starts ReDoc on the API documentation page with the schema named by its container.
(function () {
  "use strict";
  var container = document.getElementById("redoc-container");
  window.Redoc.init(container.dataset.schemaUrl, {}, container);
})();
