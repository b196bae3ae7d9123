/* The application form: live word counts, the budget table, uploads with progress, autosave.
 *
 * The page works without this script (a Save button posts the whole form). With it:
 * - answers are saved at most every few seconds while typing and at once on each change,
 *   with the version the page holds; the status says "Saving…", "Saved at 14:03:12" or
 *   "Not saved: <reason>" in a live region;
 * - when another tab or a co-applicant saved first (409 stale_version) nothing is
 *   overwritten: the page keeps its text, lists the questions that differ and offers to load
 *   the newer version or, explicitly, to save its own answers over it;
 * - saves and uploads run one after the other, so the page's own upload never looks like
 *   someone else's change.
 *
 * What both draft pages share (strings, status line, save request, leaving guard) is in
 * js/autosave.js, loaded first.
 */
(function () {
  "use strict";

  var Autosave = window.Autosave;
  var t = Autosave.translator("draft-form-strings");
  var language = Autosave.language;
  document.documentElement.classList.add("js");

  function announce(text) {
    Autosave.liveRegion("draft-form-announcer").textContent = text;
  }

  function formatBytes(bytes) {
    if (bytes >= 1024 * 1024) {
      return (bytes / (1024 * 1024)).toLocaleString(language, { maximumFractionDigits: 1 }) + " MB";
    }
    return Math.max(1, Math.round(bytes / 1024)).toLocaleString(language) + " KB";
  }

  // --- Word counters -----------------------------------------------------------------------

  function countWords(text) {
    var words = (text || "").trim().match(/\S+/g);
    return words ? words.length : 0;
  }

  document.querySelectorAll("[data-word-count-for]").forEach(function (counter) {
    var input = document.getElementById(counter.getAttribute("data-word-count-for"));
    if (!input) {
      return;
    }
    var limit = parseInt(counter.getAttribute("data-max-words") || "0", 10);
    function update() {
      var count = countWords(input.value);
      var text = limit ? t("words", { count: count, limit: limit }) : t("words_plain", { count: count });
      var over = limit && count > limit;
      if (over) {
        text += " (" + t("over_limit", { count: count - limit }) + ")";
      }
      counter.textContent = text;
      counter.classList.toggle("over-limit", Boolean(over));
    }
    input.addEventListener("input", update);
    update();
  });

  // --- Budget tables -----------------------------------------------------------------------

  function amountInCents(text) {
    var clean = (text || "").replace(/[\s\u00a0]/g, "");
    if (!clean) {
      return 0;
    }
    if (!/^-?\d+(\.\d{1,2})?$/.test(clean)) {
      return NaN;
    }
    return Math.round(parseFloat(clean) * 100);
  }

  function formatEuro(cents) {
    return "EUR " + (cents / 100).toLocaleString(language, {
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
      useGrouping: true
    });
  }

  document.querySelectorAll("[data-budget-table]").forEach(function (table) {
    var body = table.querySelector("[data-budget-rows]");
    var total = table.querySelector("[data-budget-total]");
    var template = table.querySelector("template[data-budget-row-template]");
    var addButton = table.querySelector("[data-budget-add]");
    var nextIndex = parseInt(table.getAttribute("data-next-index"), 10) || 0;
    var labels = {};

    if (template) {
      template.content.querySelectorAll("label").forEach(function (label) {
        labels[label.getAttribute("for").split("-").pop()] = label.textContent;
      });
      var removeTemplate = template.content.querySelector("[data-budget-remove]");
      if (removeTemplate) {
        labels.remove = removeTemplate.textContent;
      }
    }

    function recompute() {
      var sum = 0;
      body.querySelectorAll("[data-budget-amount]").forEach(function (input) {
        var cents = amountInCents(input.value);
        if (isNaN(cents)) {
          input.setAttribute("aria-invalid", "true");
        } else {
          input.removeAttribute("aria-invalid");
          sum += cents;
        }
      });
      total.textContent = formatEuro(sum);
    }

    function renumber() {
      body.querySelectorAll("[data-budget-row]").forEach(function (row, position) {
        row.querySelectorAll("label").forEach(function (label) {
          var text = labels[label.getAttribute("for").split("-").pop()];
          if (text) {
            label.textContent = text.split("__NUMBER__").join(String(position + 1));
          }
        });
        var remove = row.querySelector("[data-budget-remove]");
        if (remove && labels.remove) {
          remove.textContent = labels.remove.split("__NUMBER__").join(String(position + 1));
        }
      });
    }

    function changed() {
      table.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function wire(row) {
      var remove = row.querySelector("[data-budget-remove]");
      if (!remove) {
        return;
      }
      remove.hidden = false;
      remove.addEventListener("click", function () {
        var neighbour = row.nextElementSibling || row.previousElementSibling;
        row.remove();
        if (!body.querySelector("[data-budget-row]")) {
          neighbour = addRow();
        }
        renumber();
        recompute();
        announce(t("removed_row", { total: total.textContent }));
        var focusTarget = neighbour ? neighbour.querySelector("select, input") : addButton;
        if (focusTarget) {
          focusTarget.focus();
        }
        changed();
      });
    }

    function addRow() {
      var html = template.innerHTML.split("__INDEX__").join(String(nextIndex));
      nextIndex += 1;
      var holder = document.createElement("tbody");
      holder.innerHTML = html.trim();
      var row = holder.firstElementChild;
      body.appendChild(row);
      wire(row);
      renumber();
      return row;
    }

    body.querySelectorAll("[data-budget-row]").forEach(wire);
    body.addEventListener("input", function (event) {
      if (event.target.hasAttribute("data-budget-amount")) {
        recompute();
      }
    });
    if (addButton && template) {
      addButton.hidden = false;
      addButton.addEventListener("click", function () {
        var row = addRow();
        announce(t("added_row"));
        var first = row.querySelector("select, input");
        if (first) {
          first.focus();
        }
      });
    }
    recompute();
  });

  // --- Links to one question (from the review page's list of what is missing) --------------

  function focusLinkedField() {
    var match = /^#field-([a-z][a-z0-9_]*)$/.exec(window.location.hash);
    var field = match && document.getElementById("field-" + match[1]);
    if (!field) {
      return;
    }
    var input = field.querySelector("input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])");
    (input || field).focus();
  }
  // After the browser's own jump to the anchor, which focuses the question's container.
  window.addEventListener("load", focusLinkedField);
  window.addEventListener("hashchange", focusLinkedField);

  // --- Autosave ----------------------------------------------------------------------------

  var form = document.querySelector("form[data-draft-form]");
  if (!form) {
    return;
  }
  var statusElement = document.getElementById("autosave-status");
  var versionInput = form.querySelector("input[name=version]");
  var csrfInput = form.querySelector("input[name=csrfmiddlewaretoken]");
  var autosaveUrl = form.getAttribute("data-autosave-url");
  var conflictPanel = document.getElementById("conflict-panel");
  var offlineKey = form.getAttribute("data-offline-key");
  // Forms without a key (a grant report) keep no copy in the browser: a stand-in that keeps
  // nothing, and the offline message of before.
  var keepsCopy = Boolean(window.OfflineCopy && offlineKey);
  var OfflineCopy = keepsCopy
    ? window.OfflineCopy
    : {
        load: function () { return null; },
        keep: function () {},
        clear: function () {},
        restore: function () {},
        differences: function () { return []; }
      };
  var TYPING_INTERVAL = 3000;
  var RETRY_AFTER = 10000;

  var dirty = false;
  var saving = false;
  var inConflict = !conflictPanel.hidden;
  var stopped = false;
  var leaving = false;
  var timer = null;
  var overwriteVersion = null;
  var pendingSubmitter;
  // Saves and uploads run one after the other (see the note at the top).
  var queue = Promise.resolve();

  function enqueue(task) {
    queue = queue.then(task, task);
    return queue;
  }

  var setStatus = Autosave.statusLine(statusElement);

  function fieldOf(key) {
    return document.getElementById("field-" + key);
  }

  function showErrors(errors) {
    Object.keys(errors || {}).forEach(function (key) {
      var container = document.getElementById("errors-" + key);
      if (!container) {
        return;
      }
      container.textContent = "";
      (errors[key] || []).forEach(function (message) {
        var paragraph = document.createElement("p");
        paragraph.className = "error";
        paragraph.textContent = message;
        container.appendChild(paragraph);
      });
      var field = fieldOf(key);
      if (field) {
        field.classList.add("field-invalid");
        field.querySelectorAll("input, select, textarea").forEach(function (input) {
          input.setAttribute("aria-invalid", "true");
        });
      }
    });
  }

  function clearErrors(keys) {
    keys.forEach(function (key) {
      var container = document.getElementById("errors-" + key);
      var field = fieldOf(key);
      if (container) {
        container.textContent = "";
      }
      if (field) {
        field.classList.remove("field-invalid");
        field.querySelectorAll("[aria-invalid]").forEach(function (input) {
          if (!input.hasAttribute("data-budget-amount")) {
            input.removeAttribute("aria-invalid");
          }
        });
      }
    });
  }

  function answerKeys() {
    var keys = [];
    form.querySelectorAll("[data-field-key]").forEach(function (field) {
      if (!field.classList.contains("field-type-file")) {
        keys.push(field.getAttribute("data-field-key"));
      }
    });
    return keys;
  }

  function payload() {
    var data = new FormData(form);
    // Files travel through their own upload, with progress.
    form.querySelectorAll("input[type=file]").forEach(function (input) {
      data.delete(input.name);
    });
    data.delete("overwrite");
    if (overwriteVersion !== null) {
      data.set("overwrite", String(overwriteVersion));
    }
    return data;
  }

  // The unsent answers stay in this browser until the server has them (offline-copy.js).
  function keepLocal() {
    OfflineCopy.keep(offlineKey, versionInput.value, payload());
  }

  function isOffline() {
    return navigator.onLine === false;
  }

  function showOffline() {
    if (keepsCopy) {
      setStatus(t("offline_kept"), "offline");
    } else {
      setStatus(t("not_saved", { reason: t("offline") }), "error");
    }
  }

  function showConflict(json) {
    inConflict = true;
    conflictPanel.hidden = false;
    var message = conflictPanel.querySelector("[data-conflict-message]");
    if (message) {
      message.textContent = json.detail || "";
    }
    var list = conflictPanel.querySelector("[data-conflict-fields]");
    if (list) {
      list.textContent = "";
      (json.changed || []).forEach(function (changed) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = "#field-" + changed.key;
        link.textContent = changed.label;
        item.appendChild(link);
        list.appendChild(item);
      });
    }
    var keep = conflictPanel.querySelector("[data-keep-mine]");
    if (keep) {
      keep.value = String(json.current_version);
      keep.disabled = false;
    }
    conflictPanel.focus();
  }

  function retryLater() {
    window.clearTimeout(timer);
    timer = window.setTimeout(requestSave, RETRY_AFTER);
  }

  function handle(status, json) {
    if (status === 200) {
      versionInput.value = String(json.version);
      overwriteVersion = null;
      clearErrors(answerKeys());
      if (dirty) {
        keepLocal();
      } else {
        OfflineCopy.clear(offlineKey);
      }
      setStatus(t("saved_at", { time: Autosave.clockTime(json.saved_at) }), "saved");
      return;
    }
    dirty = true;
    if (status === 409 && json.code === "stale_version") {
      showConflict(json);
      setStatus(t("not_saved", { reason: json.detail }), "conflict");
      return;
    }
    if (status === 409 || status === 403 || json.code === "invalid_version") {
      stopped = true;
      setStatus(t("not_saved", { reason: json.detail || t("server_error") }), "error");
      return;
    }
    if (status === 400 && json.errors) {
      // Saving again changes nothing until the applicant corrects the fields.
      dirty = false;
      showErrors(json.errors);
      setStatus(t("not_saved", { reason: t("fix_fields") }), "error");
      return;
    }
    setStatus(t("not_saved", { reason: json.detail || t("server_error") }), "error");
    retryLater();
  }

  function save() {
    if (!dirty || inConflict || stopped) {
      return Promise.resolve();
    }
    if (isOffline()) {
      // Sent by the "online" event below.
      showOffline();
      return Promise.resolve();
    }
    dirty = false;
    saving = true;
    setStatus(t("saving"), "saving");
    return Autosave.send(autosaveUrl, {
      body: payload(),
      headers: { "X-Requested-With": "XMLHttpRequest", Accept: "application/json" }
    })
      .then(function (response) {
        handle(response.status, response.json);
      })
      .catch(function () {
        dirty = true;
        keepLocal();
        if (isOffline()) {
          showOffline();
        } else {
          setStatus(t("not_saved", { reason: t("offline") }), "error");
        }
        retryLater();
      })
      .then(function () {
        saving = false;
        if (pendingSubmitter !== undefined) {
          var submitter = pendingSubmitter;
          pendingSubmitter = undefined;
          leaving = true;
          Autosave.resubmit(form, submitter);
        }
      });
  }

  function requestSave() {
    window.clearTimeout(timer);
    timer = null;
    return enqueue(save);
  }

  function markDirty() {
    dirty = true;
    keepLocal();
    if (isOffline()) {
      if (statusElement && statusElement.getAttribute("data-state") !== "offline") {
        showOffline();
      }
      return;
    }
    if (!inConflict && !stopped && statusElement && statusElement.getAttribute("data-state") !== "dirty") {
      setStatus(t("unsaved"), "dirty");
    }
  }

  window.addEventListener("offline", showOffline);
  window.addEventListener("online", function () {
    if (dirty && !inConflict && !stopped) {
      requestSave();
    } else if (statusElement && statusElement.getAttribute("data-state") === "offline") {
      setStatus(t("back_online"), "idle");
    }
  });

  form.addEventListener("input", function (event) {
    if (event.target.type === "file") {
      return;
    }
    markDirty();
    if (timer === null) {
      timer = window.setTimeout(requestSave, TYPING_INTERVAL);
    }
  });

  form.addEventListener("change", function (event) {
    if (event.target.type === "file") {
      return;
    }
    markDirty();
    requestSave();
  });

  form.addEventListener("submit", function (event) {
    if (isOffline()) {
      // Posting now would lose the page; the answers wait in this browser instead.
      event.preventDefault();
      keepLocal();
      showOffline();
      return;
    }
    if (saving) {
      // Let the running save finish, then send the form with the version it returns.
      event.preventDefault();
      pendingSubmitter = event.submitter || null;
      return;
    }
    window.clearTimeout(timer);
    leaving = true;
  });

  var keepMine = conflictPanel.querySelector("[data-keep-mine]");
  if (keepMine) {
    keepMine.addEventListener("click", function (event) {
      if (!keepMine.value) {
        return;
      }
      event.preventDefault();
      overwriteVersion = parseInt(keepMine.value, 10);
      inConflict = false;
      conflictPanel.hidden = true;
      dirty = true;
      requestSave();
    });
  }
  var loadNewer = conflictPanel.querySelector("[data-load-newer]");
  if (loadNewer) {
    loadNewer.addEventListener("click", function () {
      leaving = true;
    });
  }

  // --- A copy kept in this browser by an earlier visit -------------------------------------

  var copyPanel = document.getElementById("offline-copy-panel");

  function offerCopy(copy) {
    var changed = OfflineCopy.differences(form, copy, payload());
    if (!changed.length) {
      // The server already has these answers (the form was sent without this script's help).
      OfflineCopy.clear(offlineKey);
      return;
    }
    copyPanel.querySelector("[data-offline-copy-when]").textContent = t("kept_since", {
      time: Autosave.clockTime(copy.typedAt)
    });
    var list = copyPanel.querySelector("[data-offline-copy-answers]");
    list.textContent = "";
    changed.forEach(function (item) {
      var term = document.createElement("dt");
      var link = document.createElement("a");
      link.href = "#field-" + item.key;
      link.textContent = item.label;
      term.appendChild(link);
      var value = document.createElement("dd");
      value.textContent = item.value;
      list.appendChild(term);
      list.appendChild(value);
    });
    copyPanel.hidden = false;
    copyPanel.querySelector("[data-offline-copy-use]").addEventListener("click", function () {
      OfflineCopy.restore(form, copy);
      copyPanel.hidden = true;
      markDirty();
      requestSave();
    });
    copyPanel.querySelector("[data-offline-copy-discard]").addEventListener("click", function () {
      OfflineCopy.clear(offlineKey);
      copyPanel.hidden = true;
    });
  }

  var keptCopy = OfflineCopy.load(offlineKey);
  if (keptCopy && !inConflict) {
    if (!OfflineCopy.differences(form, keptCopy, payload()).length) {
      OfflineCopy.clear(offlineKey);
    } else if (keptCopy.version === versionInput.value) {
      // Typed on the version the server still holds: nothing newer can be overwritten.
      OfflineCopy.restore(form, keptCopy);
      dirty = true;
      setStatus(t("restored"), "dirty");
      requestSave();
    } else if (copyPanel) {
      offerCopy(keptCopy);
    }
  }

  Autosave.guardUnload(function () {
    return (dirty || saving) && !leaving && !stopped;
  });

  // --- Uploads -------------------------------------------------------------------------------

  form.querySelectorAll(".file-input input[type=file]").forEach(function (input) {
    var box = input.closest(".file-input");
    var field = input.closest("[data-field-key]");
    var key = field.getAttribute("data-field-key");
    var progress = document.getElementById("progress-" + key);
    var status = document.getElementById("upload-status-" + key);
    var current = document.getElementById("file-current-" + key);

    function fail(reason) {
      var message = t("upload_failed", { reason: reason });
      status.textContent = message;
      var errors = {};
      errors[key] = [message];
      showErrors(errors);
    }

    function upload(file) {
      return new Promise(function (resolve) {
        var data = new FormData();
        data.append("file", file);
        data.append("csrfmiddlewaretoken", csrfInput.value);
        var request = new XMLHttpRequest();
        request.open("POST", box.getAttribute("data-upload-url"));
        request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
        request.setRequestHeader("Accept", "application/json");
        request.upload.addEventListener("progress", function (event) {
          if (event.lengthComputable) {
            progress.value = Math.round((event.loaded * 100) / event.total);
          }
        });
        request.addEventListener("load", function () {
          progress.hidden = true;
          var json = {};
          try {
            json = JSON.parse(request.responseText);
          } catch (error) {
            json = {};
          }
          if (request.status === 200 && json.attachment) {
            // Take the new version only if nothing else was saved in between.
            if (String(json.version_before) === versionInput.value) {
              versionInput.value = String(json.version);
            }
            clearErrors([key]);
            status.textContent = t("uploaded", { name: json.attachment.name, size: json.attachment.size });
            current.textContent = "";
            var paragraph = document.createElement("p");
            var link = document.createElement("a");
            link.href = json.attachment.url;
            link.textContent = json.attachment.name;
            paragraph.appendChild(link);
            paragraph.appendChild(document.createTextNode(" (" + json.attachment.size + ")"));
            current.appendChild(paragraph);
          } else {
            fail(json.detail || t("server_error"));
          }
          input.value = "";
          resolve();
        });
        request.addEventListener("error", function () {
          progress.hidden = true;
          fail(t("offline"));
          input.value = "";
          resolve();
        });
        progress.value = 0;
        progress.hidden = false;
        status.textContent = t("uploading", { name: file.name });
        request.send(data);
      });
    }

    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file) {
        return;
      }
      var limit = parseInt(input.getAttribute("data-max-bytes") || "0", 10);
      if (limit && file.size > limit) {
        fail(t("too_large", { name: file.name, size: formatBytes(limit) }));
        input.value = "";
        return;
      }
      enqueue(function () {
        return upload(file);
      });
    });
  });
})();
