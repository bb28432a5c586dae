"""Forms of the referential pages: filters (GET, every state is a shareable URL), the
regional-declination decision and the annex upload."""

from pathlib import PurePath

from django import forms
from dsfr.forms import DsfrBaseForm

from jalon.imports.erreurs import FichierRefuse
from jalon.imports.lecteurs import verifier_fichier
from jalon.referentiel import queries
from jalon.referentiel.models import Indicateur

TOUS = ""


def _avec_tous(choices, label="Tous"):
    return [(TOUS, label), *choices]


class FiltreIndicateursForm(forms.Form):
    q = forms.CharField(label="Rechercher un code ou un libellé", required=False, max_length=100)
    axe = forms.TypedChoiceField(label="Axe", required=False, coerce=int, empty_value=None)
    type = forms.ChoiceField(
        label="Type", required=False, choices=_avec_tous(Indicateur.Type.choices)
    )
    maille = forms.ChoiceField(
        label="Maille", required=False, choices=_avec_tous(Indicateur.Maille.choices, "Toutes")
    )
    fournisseur = forms.ChoiceField(label="Fournisseur", required=False)
    saisie_ars = forms.ChoiceField(
        label="Renseigné par les ARS",
        required=False,
        choices=[(TOUS, "Indifférent"), ("oui", "Oui"), ("non", "Non")],
    )
    frequence = forms.ChoiceField(
        label="Fréquence",
        required=False,
        choices=_avec_tous(Indicateur.Frequence.choices, "Toutes"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["axe"].choices = _avec_tous(
            [(axe.numero, f"Axe {axe.numero} — {axe.libelle}") for axe in queries.axes_courants()]
        )
        self.fields["fournisseur"].choices = _avec_tous([(f, f) for f in queries.fournisseurs()])

    def filtres(self) -> queries.FiltresIndicateurs:
        """The criteria of the valid fields; an invalid value (stale link) is ignored."""
        self.is_valid()
        data = self.cleaned_data
        saisie_ars = {"oui": True, "non": False}.get(data.get("saisie_ars") or "")
        return queries.FiltresIndicateurs(
            axe=data.get("axe"),
            type=data.get("type") or "",
            maille=data.get("maille") or "",
            fournisseur=data.get("fournisseur") or "",
            saisie_ars=saisie_ars,
            frequence=data.get("frequence") or "",
            q=(data.get("q") or "").strip(),
        )

    def champs_selects(self):
        return [
            self[name]
            for name in ("axe", "type", "maille", "fournisseur", "saisie_ars", "frequence")
        ]


class DeclinaisonForm(DsfrBaseForm):
    declinaison = forms.ChoiceField(
        label="Cette action appelle-t-elle une déclinaison régionale ?",
        choices=[
            ("oui", "Oui, les ARS la déclinent"),
            ("non", "Non, pilotage national uniquement"),
        ],
        widget=forms.RadioSelect,
    )
    motif = forms.CharField(
        label="Motif de la décision",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class ImportAnnexeForm(DsfrBaseForm):
    fichier = forms.FileField(
        label="Fichier de l'annexe",
        help_text="Le tableau de l'annexe de l'instruction (ID, Actions FDR, DAC, Indicateurs, "
        "Code, Fournisseurs, Source, Maille, MAJ) : texte tabulé (.tsv, .txt), CSV ou "
        "classeur .xlsx.",
    )
    version = forms.ChoiceField(label="Version de la feuille de route")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        versions = list(queries.versions_feuille_de_route())
        self.fields["version"].choices = [
            (v.code, f"{v.libelle} ({v.code}){' — courante' if v.est_courante else ''}")
            for v in versions
        ]
        courante = next((v.code for v in versions if v.est_courante), None)
        self.fields["version"].initial = courante

    def clean_fichier(self):
        fichier = self.cleaned_data["fichier"]
        try:
            verifier_fichier(PurePath(fichier.name).name, fichier.size)
        except FichierRefuse as exc:
            raise forms.ValidationError(exc.erreurs[0].message) from exc
        return fichier
