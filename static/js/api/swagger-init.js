// Starts Swagger UI on the API documentation page. "Try it out" requests other than GET
// carry the CSRF token, so they work with the session of a signed-in person too.
(function () {
  "use strict";
  var element = document.getElementById("swagger-ui");

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  window.ui = window.SwaggerUIBundle({
    url: element.dataset.schemaUrl,
    dom_id: "#swagger-ui",
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    requestInterceptor: function (request) {
      if (request.method && request.method !== "GET" && request.credentials === "same-origin") {
        request.headers[element.dataset.csrfHeader] = csrfToken();
      }
      return request;
    }
  });
})();
