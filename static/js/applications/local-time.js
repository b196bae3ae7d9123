/* Times in the reader's own time zone, for people who have not chosen one in their profile.
 *
 * Elements with data-browser-time="<ISO instant>" get the instant in the browser's time
 * zone (unless it is the call's own, data-call-zone). The zone is also remembered in the
 * "tz" cookie, so the server shows it on the next pages, e-mails aside.
 */
(function () {
  "use strict";
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  if (!zone) {
    return;
  }
  if (document.cookie.split("; ").indexOf("tz=" + zone) === -1) {
    document.cookie = "tz=" + zone + "; path=/; max-age=31536000; SameSite=Lax";
  }
  var language = document.documentElement.lang || undefined;
  var format;
  try {
    format = new Intl.DateTimeFormat(language, {
      dateStyle: "long",
      timeStyle: "medium",
      hourCycle: "h23",
      timeZone: zone
    });
  } catch (error) {
    return;
  }
  document.querySelectorAll("[data-browser-time]").forEach(function (element) {
    var callZone = element.getAttribute("data-call-zone");
    if (callZone && callZone === zone) {
      return;
    }
    var instant = new Date(element.getAttribute("data-browser-time"));
    if (isNaN(instant.getTime())) {
      return;
    }
    var label = element.getAttribute("data-label");
    element.textContent = (label ? label + ": " : "") + format.format(instant) + " (" + zone + ")";
    element.hidden = false;
  });
  document.querySelectorAll("[data-browser-only]").forEach(function (element) {
    element.hidden = false;
  });
})();
