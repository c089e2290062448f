// Drop-in counter: when a tap does not reach the server (or the server refuses it), say so
// in the live region; htmx swaps nothing then, and the figure on the screen stays as it was.
(function () {
  "use strict";

  function tapFailed(event) {
    var status = document.getElementById("dropin-status");
    if (status && event.target.closest && event.target.closest(".dropin-counter")) {
      status.textContent = status.getAttribute("data-error-message");
    }
  }

  document.addEventListener("htmx:responseError", tapFailed);
  document.addEventListener("htmx:sendError", tapFailed);
})();
