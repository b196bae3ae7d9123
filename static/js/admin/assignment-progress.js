// Follows the assignment task on the call's assignment page until it has finished, then reloads.
(function () {
  "use strict";
  var box = document.getElementById("assignment-task");
  if (!box) { return; }
  var bar = document.getElementById("assignment-progress");
  var status = document.getElementById("assignment-task-status");
  var labels = JSON.parse(document.getElementById("assignment-task-labels").textContent);
  function poll() {
    fetch(box.dataset.url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.json(); })
      .then(function (task) {
        bar.value = task.progress;
        bar.textContent = task.progress + " %";
        status.textContent = (labels[task.state] || task.state) + " (" + task.progress + " %)";
        if (task.state === "SUCCESS" || task.state === "FAILURE") {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
