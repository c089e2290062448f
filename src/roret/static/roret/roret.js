// Roret's only page script: starts the design system's components. Loaded as a file (not
// inline) so the Content-Security-Policy can forbid inline scripts.
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS && typeof window.DKFDS.init === "function") {
    window.DKFDS.init();
  }
});
document.addEventListener("htmx:afterSwap", function (event) {
  if (window.DKFDS && typeof window.DKFDS.init === "function") {
    window.DKFDS.init({ scope: event.detail.target });
  }
});
