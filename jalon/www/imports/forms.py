"""Upload form of the values import: extension, size and content checked before storing."""

from pathlib import PurePath

from django import forms
from django.conf import settings
from dsfr.forms import DsfrBaseForm

from jalon.imports.erreurs import FichierRefuse
from jalon.imports.lecteurs import verifier_fichier

EXTENSIONS = {".csv", ".xlsx"}
_ZIP = b"PK\x03\x04"


class DepotValeursForm(DsfrBaseForm):
    fichier = forms.FileField(
        label="Fichier de valeurs",
        help_text="CSV (séparateur « , » ou « ; », UTF-8) ou classeur .xlsx, au format long : "
        "indicateur, territoire, periode, valeur, source, commentaire.",
    )
    dry_run = forms.BooleanField(
        label="Simulation : compter ce qui changerait, sans rien enregistrer",
        required=False,
    )

    def clean_fichier(self):
        fichier = self.cleaned_data["fichier"]
        nom = PurePath(fichier.name).name
        try:
            verifier_fichier(nom, fichier.size)
        except FichierRefuse as exc:
            raise forms.ValidationError(str(exc.erreurs[0])) from exc
        extension = PurePath(nom).suffix.lower()
        if extension not in EXTENSIONS:
            raise forms.ValidationError(
                f"{nom} : extension « {extension or '(aucune)'} » non acceptée "
                "(attendu : .csv ou .xlsx)."
            )
        debut = fichier.read(64 * 1024)
        fichier.seek(0)
        # The extension is only a name: check the first bytes say the same thing.
        if extension == ".xlsx" and not debut.startswith(_ZIP):
            raise forms.ValidationError(f"{nom} : ce n'est pas un classeur .xlsx valide.")
        if extension == ".csv" and (b"\x00" in debut or debut.startswith(_ZIP)):
            raise forms.ValidationError(
                f"{nom} : ce fichier n'est pas un texte CSV (contenu binaire)."
            )
        return fichier


def limite_mo() -> int:
    return settings.JALON_IMPORT_MAX_BYTES // (1024 * 1024)
