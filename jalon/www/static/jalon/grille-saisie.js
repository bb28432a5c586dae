// Entry grid: when a field of a row changes, htmx saves the row and replaces it with the
// server's version. Whatever was typed in that row while the save was in flight (typically
// the comment, typed right after leaving the value with Tab) would be lost with the old row:
// it is put back into the new row, which is then saved in turn. htmx itself keeps the focus
// on the field with the same id.
(function () {
  var repris = null;

  document.addEventListener("htmx:beforeSwap", function (event) {
    var ligne = event.detail.target;
    var config = event.detail.requestConfig;
    repris = null;
    if (!ligne || !ligne.matches("tr[id^='ligne-']") || !config || !config.parameters) {
      return;
    }
    ligne.querySelectorAll("input[type=text]").forEach(function (champ) {
      var envoye = config.parameters[champ.name];
      if (typeof envoye === "string" && champ.value !== envoye) {
        repris = repris || { ligne: ligne.id, champs: {} };
        repris.champs[champ.id] = champ.value;
      }
    });
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    if (!repris || event.detail.target.id !== repris.ligne) {
      return;
    }
    var champs = repris.champs;
    repris = null;
    var nouvelle = document.getElementById(event.detail.target.id);
    var modifie = null;
    Object.keys(champs).forEach(function (id) {
      var champ = document.getElementById(id);
      if (champ && !champ.disabled) {
        champ.value = champs[id];
        modifie = champ;
      }
    });
    if (nouvelle && modifie) {
      modifie.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });
})();
