/* What the pages that save a draft as it is typed share (the application form, the review
 * form): their strings, the status line, the save request, the time a save is reported
 * at, the live region, sending the form once a running save is done, and the warning
 * before leaving unsaved text.
 *
 * Loaded before the page's own script (both deferred, so in order); it only defines
 * ``window.Autosave``.
 */
(function () {
  "use strict";

  var language = document.documentElement.lang || undefined;

  /* The page's strings (a JSON script element) as a function: t(key, {name: value}). */
  function translator(stringsId) {
    var strings = {};
    var node = document.getElementById(stringsId);
    if (node) {
      try {
        strings = JSON.parse(node.textContent) || {};
      } catch (error) {
        strings = {};
      }
    }
    return function t(key, params) {
      var text = strings[key] || key;
      Object.keys(params || {}).forEach(function (name) {
        text = text.split("%(" + name + ")s").join(String(params[name]));
      });
      return text;
    };
  }

  /* The time of a save, in the same shape as the server's times (socialtech/formatting.py):
   * 24-hour, zone named. */
  function clockTime(iso) {
    var instant = new Date(iso);
    if (isNaN(instant.getTime())) {
      return iso;
    }
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return instant.toLocaleTimeString(language, {
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23"
    }) + (zone ? " (" + zone + ")" : "");
  }

  /* The status line ("Saving…", "Saved at …", "Not saved: …"): setStatus(text, state);
   * the state is its data-state attribute. */
  function statusLine(element) {
    return function setStatus(text, state) {
      if (!element) {
        return;
      }
      element.textContent = text;
      element.setAttribute("data-state", state || "");
    };
  }

  /* A polite live region: the one with this id, made when missing. */
  function liveRegion(id) {
    var region = id ? document.getElementById(id) : null;
    if (!region) {
      region = document.createElement("p");
      if (id) {
        region.id = id;
      }
      region.className = "visually-hidden";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      document.body.appendChild(region);
    }
    return region;
  }

  /* POST a save; resolves with the HTTP status, its text and the JSON body ({} when the body
   * is not JSON); rejects when the server could not be reached. */
  function send(url, options) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: options.headers,
      body: options.body
    }).then(function (response) {
      return response
        .json()
        .catch(function () {
          return {};
        })
        .then(function (json) {
          return { status: response.status, ok: response.ok, statusText: response.statusText, json: json };
        });
    });
  }

  /* Send the form as its button (or Enter) asked, once the save that held it back is done. */
  function resubmit(form, submitter) {
    if (form.requestSubmit) {
      form.requestSubmit(submitter || undefined);
    } else {
      form.submit();
    }
  }

  /* Ask before leaving while ``isUnsaved()`` says text would be lost. */
  function guardUnload(isUnsaved) {
    window.addEventListener("beforeunload", function (event) {
      if (isUnsaved()) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  window.Autosave = {
    language: language,
    translator: translator,
    clockTime: clockTime,
    statusLine: statusLine,
    liveRegion: liveRegion,
    send: send,
    resubmit: resubmit,
    guardUnload: guardUnload
  };
}());
