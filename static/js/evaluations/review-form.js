/* The review form: live character counters and autosave of the draft.
 *
 * The page works without this script (Save and Submit post the whole form). With it:
 * - each comment shows its length against the minimum as the evaluator types, and a
 *   polite announcement says when a comment becomes long enough;
 * - the draft is saved a few seconds after typing stops and at once when a score changes,
 *   as JSON with the version the page holds; the status line says "Saving…",
 *   "Draft saved at 14:03:12" or "Not saved: <reason>";
 * - when another tab saved first (409 stale_version) nothing is overwritten: the page keeps
 *   its text and offers to reload or, explicitly, to save this page's text over the other
 *   version;
 * - pressing Save or Submit while a save is under way waits for it, so the form posts the
 *   newest version.
 *
 * What both draft pages share (strings, status line, save request, leaving guard) is in
 * js/autosave.js, loaded first.
 */
(function () {
  "use strict";

  var form = document.getElementById("review-form");
  if (!form) {
    return;
  }
  var Autosave = window.Autosave;
  var t = Autosave.translator("review-form-strings");
  document.documentElement.classList.add("js");

  var announcer = Autosave.liveRegion();

  function announce(text) {
    announcer.textContent = text;
  }

  // --- Character counters ------------------------------------------------------------------

  function length(text) {
    // Characters as the server counts them (code points of the trimmed text).
    return Array.from((text || "").trim()).length;
  }

  form.querySelectorAll("[data-count-for]").forEach(function (counter) {
    var input = document.getElementById(counter.getAttribute("data-count-for"));
    if (!input) {
      return;
    }
    var minimum = parseInt(input.getAttribute("data-min-chars") || "0", 10);
    var section = input.closest(".criterion");
    var heading = section ? section.querySelector("h3") : null;
    var wasLongEnough = length(input.value) >= minimum;
    function update() {
      var count = length(input.value);
      var longEnough = count >= minimum;
      counter.textContent = longEnough
        ? t("characters", { count: count, minimum: minimum })
        : t("characters_short", { count: count, missing: minimum - count });
      counter.classList.toggle("too-short", !longEnough);
      if (longEnough && !wasLongEnough && heading) {
        announce(t("long_enough", { criterion: heading.textContent.trim() }));
      }
      wasLongEnough = longEnough;
    }
    input.addEventListener("input", update);
    update();
  });

  // --- Autosave ----------------------------------------------------------------------------

  var url = form.getAttribute("data-autosave-url");
  var status = document.getElementById("autosave-status");
  var versionInput = form.querySelector("input[name=version]");
  var csrfInput = form.querySelector("input[name=csrfmiddlewaretoken]");
  var staleAlert = document.getElementById("stale-alert");
  var staleMessage = document.getElementById("stale-message");
  var staleKeep = document.getElementById("stale-keep");
  var timer = null;
  var saving = null;
  var dirty = false;
  var stopped = false;
  var staleVersion = null;
  var waitingSubmitter = null;

  var setStatus = Autosave.statusLine(status);

  function payload() {
    var data = { scores: {}, comments: {}, overall_comment: "", version: parseInt(versionInput.value, 10) };
    Array.prototype.forEach.call(form.elements, function (element) {
      var name = element.name || "";
      if (name.indexOf("score_") === 0) {
        data.scores[name.slice(6)] = element.value;
      } else if (name.indexOf("comment_") === 0) {
        data.comments[name.slice(8)] = element.value;
      } else if (name === "overall_comment") {
        data.overall_comment = element.value;
      }
    });
    return data;
  }

  function clearErrors() {
    form.querySelectorAll(".field-errors").forEach(function (box) {
      if (box.getAttribute("data-from-script") === "1") {
        box.textContent = "";
        box.removeAttribute("data-from-script");
      }
    });
    form.querySelectorAll("[data-script-invalid]").forEach(function (input) {
      input.removeAttribute("aria-invalid");
      input.removeAttribute("data-script-invalid");
    });
  }

  function showErrors(errors) {
    Object.keys(errors || {}).forEach(function (name) {
      var input = form.querySelector("[name='" + name + "']");
      if (!input) {
        return;
      }
      var box = document.getElementById(input.id + "_error");
      if (!box) {
        return;
      }
      box.textContent = "";
      errors[name].forEach(function (message) {
        var line = document.createElement("p");
        line.className = "error";
        line.textContent = message;
        box.appendChild(line);
      });
      box.setAttribute("data-from-script", "1");
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("data-script-invalid", "1");
      var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      if (described.indexOf(box.id) === -1) {
        described.push(box.id);
        input.setAttribute("aria-describedby", described.join(" "));
      }
    });
  }

  function finish() {
    saving = null;
    if (waitingSubmitter) {
      var submitter = waitingSubmitter.button;
      waitingSubmitter = null;
      Autosave.resubmit(form, submitter);
    } else if (dirty && !stopped) {
      schedule(3000);
    }
  }

  function save() {
    if (stopped || saving) {
      return;
    }
    window.clearTimeout(timer);
    dirty = false;
    clearErrors();
    setStatus(t("saving"), "saving");
    saving = Autosave.send(url, {
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "X-CSRFToken": csrfInput ? csrfInput.value : ""
      },
      body: JSON.stringify(payload())
    }).then(function (response) {
      var body = response.json;
      if (response.ok) {
        versionInput.value = body.version;
        setStatus(t("saved_at", { time: Autosave.clockTime(body.saved_at) }), "saved");
      } else if (response.status === 409 && body.code === "stale_version") {
        stopped = true;
        staleVersion = body.current_version;
        staleMessage.textContent = body.detail || "";
        staleAlert.hidden = false;
        staleAlert.focus();
        setStatus(t("not_saved_conflict"), "conflict");
      } else if (response.status === 400 && body.errors) {
        showErrors(body.errors);
        setStatus(t("not_saved", { reason: t("fix_fields") }), "error");
      } else if (response.status >= 500) {
        dirty = true;
        setStatus(t("not_saved", { reason: t("server_error") }), "error");
      } else {
        // Locked, released, signed out: saving again would not help.
        stopped = true;
        setStatus(t("not_saved", { reason: body.detail || response.statusText }), "error");
      }
    }).catch(function () {
      dirty = true;
      setStatus(t("not_saved", { reason: t("offline") }), "error");
    }).then(finish);
  }

  function schedule(delay) {
    if (stopped) {
      return;
    }
    window.clearTimeout(timer);
    timer = window.setTimeout(save, delay);
  }

  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") {
      dirty = true;
      if (!stopped) {
        setStatus(t("unsaved"), "dirty");
      }
      schedule(3000);
    }
  });
  form.addEventListener("change", function (event) {
    dirty = true;
    schedule(event.target.tagName === "SELECT" ? 200 : 1000);
  });

  if (staleKeep) {
    staleKeep.addEventListener("click", function () {
      if (staleVersion !== null) {
        versionInput.value = staleVersion;
      }
      staleAlert.hidden = true;
      stopped = false;
      save();
    });
  }

  form.addEventListener("submit", function (event) {
    window.clearTimeout(timer);
    if (saving) {
      // The post must carry the version the running save returns.
      event.preventDefault();
      waitingSubmitter = { button: event.submitter || null };
      return;
    }
    stopped = true;
  });

  Autosave.guardUnload(function () {
    return dirty && !stopped;
  });
}());
