/* A copy of the application form's unsent answers in this browser (localStorage), so a
 * dropped connection on deadline day loses nothing.
 *
 * The copy is keyed by the application and the person (data-offline-key on the form), holds
 * the answers as name/value pairs and the version of the draft they were typed on, and is
 * removed once the server has saved them. Loaded before draft-form.js, which calls it; it only
 * defines ``window.OfflineCopy``.
 */
(function () {
  "use strict";

  var PREFIX = "socialtech.draft.";
  // Never stored: the token, the version (kept apart) and the explicit overwrite choice.
  var SKIPPED = { csrfmiddlewaretoken: true, version: true, overwrite: true };

  function storage() {
    try {
      return window.localStorage;
    } catch (error) {
      return null;
    }
  }

  function entries(formData) {
    var pairs = [];
    formData.forEach(function (value, name) {
      if (!SKIPPED[name] && typeof value === "string") {
        pairs.push([name, value]);
      }
    });
    return pairs;
  }

  /* The copy for ``key``: {version, typedAt, answers: [[name, value], …]} or null. */
  function load(key) {
    var store = storage();
    if (!store || !key) {
      return null;
    }
    try {
      var copy = JSON.parse(store.getItem(PREFIX + key) || "null");
      if (copy && Array.isArray(copy.answers) && typeof copy.version === "string") {
        return copy;
      }
    } catch (error) {
      // A damaged copy is no copy.
    }
    return null;
  }

  /* Keep the form's answers (a FormData) typed on ``version``; false when the browser
   * refuses (storage full or disabled). */
  function keep(key, version, formData) {
    var store = storage();
    if (!store || !key) {
      return false;
    }
    try {
      store.setItem(PREFIX + key, JSON.stringify({
        version: String(version),
        typedAt: new Date().toISOString(),
        answers: entries(formData)
      }));
      return true;
    } catch (error) {
      return false;
    }
  }

  function clear(key) {
    var store = storage();
    if (store && key) {
      try {
        store.removeItem(PREFIX + key);
      } catch (error) {
        // Nothing to do: the copy stays until the next save.
      }
    }
  }

  /* Put the copy's answers into the form's fields (text, choices, ticks). */
  function restore(form, copy) {
    var byName = {};
    copy.answers.forEach(function (pair) {
      (byName[pair[0]] = byName[pair[0]] || []).push(pair[1]);
    });
    Object.keys(byName).forEach(function (name) {
      form.querySelectorAll("[name]").forEach(function (input) {
        if (input.name !== name || input.type === "file" || input.type === "hidden" || input.type === "submit") {
          return;
        }
        var values = byName[name];
        if (input.type === "checkbox" || input.type === "radio") {
          input.checked = values.indexOf(input.value) !== -1;
        } else if (input.multiple && input.options) {
          Array.prototype.forEach.call(input.options, function (option) {
            option.selected = values.indexOf(option.value) !== -1;
          });
        } else {
          input.value = values[0];
        }
      });
    });
  }

  /* The questions whose kept answer differs from what the form shows: [{key, label, value}]. */
  function differences(form, copy, current) {
    var mine = {};
    var theirs = {};
    copy.answers.forEach(function (pair) {
      mine[pair[0]] = (mine[pair[0]] ? mine[pair[0]] + ", " : "") + pair[1];
    });
    entries(current).forEach(function (pair) {
      theirs[pair[0]] = (theirs[pair[0]] ? theirs[pair[0]] + ", " : "") + pair[1];
    });
    var changed = [];
    form.querySelectorAll("[data-field-key]").forEach(function (field) {
      var key = field.getAttribute("data-field-key");
      var names = {};
      field.querySelectorAll("[name]").forEach(function (input) {
        names[input.name] = true;
      });
      var differs = Object.keys(names).some(function (name) {
        return (mine[name] || "") !== (theirs[name] || "");
      });
      if (differs) {
        var labelNode = field.querySelector("legend, label");
        changed.push({
          key: key,
          label: labelNode ? labelNode.textContent.replace(/\s*\*.*$/, "").trim() : key,
          value: Object.keys(names).map(function (name) {
            return mine[name] || "";
          }).filter(Boolean).join("\n")
        });
      }
    });
    return changed;
  }

  window.OfflineCopy = {
    load: load,
    keep: keep,
    clear: clear,
    restore: restore,
    differences: differences
  };
}());
