// The SMS code page's resend cool-down: counts down the "You can ask for a new code in N seconds" line and keeps
// "Resend code" disabled until it reaches zero. The page works without this script (the button is enabled in the
// HTML and the server refuses an early resend on its own); this only saves the driver a wasted tap.
// The sentences come from the page's data-* attributes, already in the driver's language.
(function () {
  "use strict";

  var hint = document.getElementById("resend-wait");
  var button = document.getElementById("resend");
  if (!hint || !button) {
    return;
  }

  var seconds = parseInt(hint.getAttribute("data-seconds"), 10);
  if (!(seconds > 0)) {
    return;
  }

  // A deadline, not a counter: timers are throttled while the tab is in the background.
  var deadline = Date.now() + seconds * 1000;
  var timer = 0;

  function render() {
    var left = Math.ceil((deadline - Date.now()) / 1000);
    if (left <= 0) {
      hint.textContent = hint.getAttribute("data-text-ready");
      button.disabled = false;
      window.clearInterval(timer);
      return;
    }

    hint.textContent = left === 1
      ? hint.getAttribute("data-text-one")
      : hint.getAttribute("data-text").replace("{0}", String(left));
  }

  button.disabled = true;
  button.setAttribute("aria-describedby", "resend-wait");
  timer = window.setInterval(render, 1000);
  render();
})();
