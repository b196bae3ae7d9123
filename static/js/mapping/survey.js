/* The survey page: answers are saved a moment after each change, so nothing typed is lost.
 *
 * The page works without this script (the Save button posts the whole form). With it, the
 * form's answers are posted to its autosave address at most every few seconds while typing
 * and at once when a choice changes; the status line says "Saving…", "Saved at 14:03:12" or
 * "Not saved: <reason>" in a live region. The shared pieces are in js/autosave.js.
 */
(function () {
  "use strict";

  var Autosave = window.Autosave;
  var form = document.querySelector("[data-survey-form]");
  if (!Autosave || !form) {
    return;
  }
  var t = Autosave.translator("survey-form-strings");
  var setStatus = Autosave.statusLine(document.getElementById("autosave-status"));
  var url = form.getAttribute("data-autosave-url");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]");
  var timer = null;
  var saving = false;
  var again = false;
  var unsaved = false;
  var TYPING_DELAY = 1500;
  var RETRY_DELAY = 5000;

  function body() {
    var data = new FormData(form);
    data.delete("submit");
    data.delete("save");
    return data;
  }

  function markErrors(errors) {
    form.querySelectorAll(".field-errors").forEach(function (box) {
      box.textContent = "";
    });
    Object.keys(errors || {}).forEach(function (key) {
      var box = document.getElementById("errors-" + key);
      if (!box) {
        return;
      }
      (errors[key] || []).forEach(function (message) {
        var line = document.createElement("p");
        line.className = "error";
        line.textContent = message;
        box.appendChild(line);
      });
    });
  }

  function save() {
    timer = null;
    if (saving) {
      again = true;
      return;
    }
    saving = true;
    unsaved = false;
    setStatus(t("saving"), "saving");
    Autosave.send(url, {
      headers: { "X-CSRFToken": token ? token.value : "", "X-Requested-With": "fetch" },
      body: body()
    }).then(function (result) {
      if (result.ok) {
        markErrors({});
        setStatus(t("saved_at", { time: Autosave.clockTime(result.json.saved_at) }), "saved");
      } else if (result.status === 400) {
        markErrors(result.json.errors);
        setStatus(t("not_saved", { reason: t("fix_fields") }), "error");
      } else if (result.status >= 500) {
        unsaved = true;
        setStatus(t("not_saved", { reason: t("server_error") }), "error");
        schedule(RETRY_DELAY);
      } else {
        setStatus(t("not_saved", { reason: result.json.detail || result.statusText }), "error");
      }
    }).catch(function () {
      unsaved = true;
      setStatus(t("not_saved", { reason: t("offline") }), "error");
      schedule(RETRY_DELAY);
    }).then(function () {
      saving = false;
      if (again) {
        again = false;
        save();
      }
    });
  }

  function schedule(delay) {
    unsaved = true;
    if (timer) {
      window.clearTimeout(timer);
    }
    timer = window.setTimeout(save, delay);
  }

  form.addEventListener("input", function (event) {
    if (event.target.type === "radio" || event.target.type === "checkbox") {
      return;
    }
    setStatus(t("unsaved"), "dirty");
    schedule(TYPING_DELAY);
  });
  form.addEventListener("change", function () {
    schedule(0);
  });
  form.addEventListener("submit", function () {
    // The form's own post carries every answer: no save needs to run before it.
    if (timer) {
      window.clearTimeout(timer);
      timer = null;
    }
    unsaved = false;
  });
  Autosave.guardUnload(function () {
    return unsaved;
  });
}());
