// Rich-text editor of the bilan texts (progressive enhancement, no inline script: CSP-safe).
// Without JavaScript the textarea stays as it is (plain text or the accepted tags). With it,
// the textarea is replaced by an editable area with a toolbar; its HTML goes back into the
// textarea on submit, and the server sanitises it (nh3) whatever it holds.
(function () {
  "use strict";
  var BOUTONS = [
    ["bold", "Gras"],
    ["italic", "Italique"],
    ["insertUnorderedList", "Liste à puces"],
    ["insertOrderedList", "Liste numérotée"],
    ["createLink", "Lien"],
    ["unlink", "Retirer le lien"],
  ];

  function installer(zone) {
    var editeur = document.createElement("div");
    editeur.className = "rapports-editeur-zone fr-input";
    editeur.contentEditable = "true";
    editeur.setAttribute("role", "textbox");
    editeur.setAttribute("aria-multiline", "true");
    var etiquette = document.querySelector('label[for="' + zone.id + '"]');
    if (etiquette) {
      etiquette.id = etiquette.id || zone.id + "-etiquette";
      editeur.setAttribute("aria-labelledby", etiquette.id);
    }
    editeur.innerHTML = zone.value;
    var barre = document.createElement("div");
    barre.className = "rapports-editeur-barre fr-btns-group fr-btns-group--inline fr-btns-group--sm";
    barre.setAttribute("role", "toolbar");
    barre.setAttribute("aria-label", "Mise en forme du texte");
    BOUTONS.forEach(function (bouton) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "fr-btn fr-btn--tertiary fr-btn--sm";
      b.textContent = bouton[1];
      b.addEventListener("click", function () {
        editeur.focus();
        if (bouton[0] === "createLink") {
          var adresse = window.prompt("Adresse du lien (https://…)");
          if (adresse) document.execCommand("createLink", false, adresse);
        } else {
          document.execCommand(bouton[0], false, null);
        }
      });
      barre.appendChild(b);
    });
    zone.hidden = true;
    zone.parentNode.insertBefore(barre, zone);
    zone.parentNode.insertBefore(editeur, zone);
    zone.form.addEventListener("submit", function () {
      zone.value = editeur.innerHTML;
    });
  }

  document.querySelectorAll("textarea.rapports-editeur").forEach(installer);
})();
