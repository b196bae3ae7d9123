/* Call pages: a live countdown to the deadline and the deadline on the device's clock.
   The server already writes both as text ("Closes in 3 days", the call's and the user's
   time zones); this only keeps the countdown current and adds the browser's local time. */
(function () {
  "use strict";

  // The catalogue from /jsi18n/ defines these; the fallbacks keep English without it.
  var gettext = window.gettext || function (s) { return s; };
  var ngettext = window.ngettext || function (s, p, n) { return n === 1 ? s : p; };
  var interpolate = window.interpolate || function (fmt, obj) {
    return fmt.replace(/%\((\w+)\)s/g, function (_m, key) { return String(obj[key]); });
  };

  function phrase(kind, seconds) {
    var days = Math.floor(seconds / 86400);
    var hours = Math.floor((seconds % 86400) / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    var closes = kind === "closes";
    if (days >= 1) {
      return interpolate(closes
        ? ngettext("Closes in %(count)s day", "Closes in %(count)s days", days)
        : ngettext("Opens in %(count)s day", "Opens in %(count)s days", days), { count: days }, true);
    }
    if (hours >= 1) {
      return interpolate(closes
        ? ngettext("Closes in %(count)s hour", "Closes in %(count)s hours", hours)
        : ngettext("Opens in %(count)s hour", "Opens in %(count)s hours", hours), { count: hours }, true);
    }
    if (minutes >= 1) {
      return interpolate(closes
        ? ngettext("Closes in %(count)s minute", "Closes in %(count)s minutes", minutes)
        : ngettext("Opens in %(count)s minute", "Opens in %(count)s minutes", minutes), { count: minutes }, true);
    }
    return closes ? gettext("Closes in less than a minute") : gettext("Opens in less than a minute");
  }

  function updateCountdown(element) {
    var deadline = Date.parse(element.dataset.deadline);
    var opens = Date.parse(element.dataset.opens);
    var now = Date.now();
    if (isNaN(deadline)) { return; }
    if (now >= deadline) {
      element.textContent = gettext("Closed to applications");
      return;
    }
    if (!isNaN(opens) && now < opens) {
      element.textContent = phrase("opens", (opens - now) / 1000);
    } else {
      element.textContent = phrase("closes", (deadline - now) / 1000);
    }
  }

  function showBrowserTime(element) {
    var zone;
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (error) {
      return;
    }
    var shown = (element.dataset.shownZones || "").split(" ");
    if (!zone || shown.indexOf(zone) !== -1) { return; }
    var deadline = new Date(element.dataset.deadline);
    if (isNaN(deadline.getTime())) { return; }
    var text = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
      dateStyle: "long", timeStyle: "short", hourCycle: "h23", timeZone: zone,
    }).format(deadline);
    var target = element.querySelector("[data-browser-time-text]");
    target.textContent = text;
    element.querySelector(".deadline-zone").textContent =
      interpolate(gettext("Your device's time zone: %(zone)s"), { zone: zone }, true);
    element.hidden = false;
  }

  function start() {
    var countdowns = document.querySelectorAll("[data-countdown]");
    countdowns.forEach(updateCountdown);
    if (countdowns.length) {
      window.setInterval(function () { countdowns.forEach(updateCountdown); }, 30000);
    }
    document.querySelectorAll("[data-browser-time]").forEach(showBrowserTime);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
