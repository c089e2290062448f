// Roret's page script: starts the design system's components and draws charts. Loaded as a
// file (not inline) so the Content-Security-Policy can forbid inline scripts.
(function () {
  "use strict";

  function drawCharts(root) {
    if (!window.vegaEmbed || !window.vegaInterpreter) {
      return;
    }
    root.querySelectorAll(".roret-vega[data-spec]").forEach(function (element) {
      var source = document.getElementById(element.getAttribute("data-spec"));
      if (!source || element.getAttribute("data-drawn") === "true") {
        return;
      }
      element.setAttribute("data-drawn", "true");
      window
        .vegaEmbed(element, JSON.parse(source.textContent), {
          actions: false,
          // The Danish number and time formats come in the spec (config.locale, from
          // roret/core/charts.py), so the page and the PDF cannot drift apart.
          // vega-embed's own stylesheet would be an inline <style>, which the CSP blocks.
          defaultStyle: false,
          tooltip: { disableDefaultStyle: true },
          renderer: "svg",
          // The interpreter evaluates expressions without eval/new Function (CSP).
          ast: true,
          expr: window.vegaInterpreter.expressionInterpreter,
        })
        .then(function () {
          element.setAttribute("data-rendered", "true");
        })
        .catch(function (error) {
          element.setAttribute("data-error", String(error));
        });
    });
  }

  function start(root) {
    if (window.DKFDS && typeof window.DKFDS.init === "function") {
      window.DKFDS.init(root === document ? undefined : { scope: root });
    }
    drawCharts(root);
  }

  document.addEventListener("DOMContentLoaded", function () {
    start(document);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    start(event.detail.target);
  });
})();
