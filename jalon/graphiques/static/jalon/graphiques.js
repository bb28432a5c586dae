/* Draw every chart of the page from its Vega-Lite spec (jalon.graphiques).
 *
 * CSP: `ast: true` makes Vega use its expression interpreter instead of compiling
 * expressions with `new Function`, so the policy needs no 'unsafe-eval'; `defaultStyle: false`
 * and `tooltip: false` keep vega-embed and vega-tooltip from adding <style> elements (the
 * browser's native title tooltips are used). Each chart's container keeps its role="img" and
 * text description; the data table follows it in the page. */
(function () {
  "use strict";
  function dessiner(conteneur) {
    var source = document.getElementById(conteneur.getAttribute("data-graphique"));
    if (!source || typeof window.vegaEmbed !== "function") {
      return;
    }
    var spec = JSON.parse(source.textContent);
    window
      .vegaEmbed(conteneur, spec, {
        renderer: "svg",
        actions: false,
        ast: true,
        defaultStyle: false,
        tooltip: false,
        downloadFileName: conteneur.getAttribute("data-graphique"),
      })
      .then(function () {
        conteneur.classList.add("jalon-graphique__rendu--pret");
      })
      .catch(function (erreur) {
        conteneur.classList.add("jalon-graphique__rendu--erreur");
        if (window.console) {
          window.console.error("Graphique non dessiné :", erreur);
        }
      });
  }
  function tout() {
    document.querySelectorAll("[data-graphique]").forEach(dessiner);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", tout);
  } else {
    tout();
  }
})();
