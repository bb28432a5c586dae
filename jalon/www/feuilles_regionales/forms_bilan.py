"""Forms of the regional bilan pages: they collect values, `feuilles_regionales.bilan` applies
them (rights, locks, versions, history)."""

from django import forms
from django.utils.html import escape
from dsfr.forms import DsfrBaseForm

from jalon.feuilles_regionales.bilan import PARTIES_SYNTHESE, TAILLE_MAX_AVANCEMENT
from jalon.feuilles_regionales.models import ActionRegionale

AIDE_TEXTE = escape(
    "Barre d'outils : gras, italique, listes, liens. Sans elle, écrivez du texte : paragraphes "
    "séparés par une ligne vide, « - » en début de ligne pour une liste."
)


class SuiviForm(DsfrBaseForm):
    """The year's state of one action."""

    statut = forms.ChoiceField(
        label="Statut",
        required=False,
        choices=[("", "Non renseigné"), *ActionRegionale.Statut.choices],
    )
    meteo = forms.ChoiceField(
        label="Météo",
        required=False,
        choices=[("", "Non renseignée"), *ActionRegionale.Meteo.choices],
    )
    avancement = forms.CharField(
        label="Avancement dans l'année",
        required=False,
        max_length=TAILLE_MAX_AVANCEMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Ce qui a été fait, ce qui reste à faire. Texte simple.",
    )
    jalons = forms.MultipleChoiceField(
        label="Jalons atteints à la fin de l'année",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    motif = forms.CharField(
        label="Motif de la modification",
        required=False,
        max_length=2000,
        help_text="Gardé dans l'historique ; attendu quand le bilan est déjà soumis ou validé.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, action, suivi=None, prefixe="", **kwargs):
        jalons = list(action.jalons.all())
        if suivi is not None:
            initial = {
                "statut": suivi.statut,
                "meteo": suivi.meteo,
                "avancement": suivi.avancement,
                "jalons": [str(j.pk) for j in suivi.jalons_atteints.all()],
                "version": suivi.version,
            }
        else:
            # The starting point is the action's current state; nothing is saved until the
            # ARS saves the row.
            initial = {
                "statut": action.statut,
                "meteo": action.meteo,
                "jalons": [str(j.pk) for j in jalons if j.fait],
                "version": 0,
            }
        kwargs.setdefault("initial", initial)
        super().__init__(*args, prefix=prefixe or None, **kwargs)
        self.fields["jalons"].choices = [
            (str(j.pk), f"{j.libelle}" + (f" ({j.date:%d/%m/%Y})" if j.date else ""))
            for j in jalons
        ]
        if not jalons:
            del self.fields["jalons"]
        # Labels name the action: several forms may share a page, and a screen reader
        # announces the label alone.
        for champ in ("statut", "meteo", "avancement", "motif"):
            self.fields[champ].label = f"{self.fields[champ].label} — action n°{action.numero}"
        # DsfrBaseForm built the bound fields (and their labels) in its __init__.
        self._bound_fields_cache = {}


class SyntheseForm(DsfrBaseForm):
    actions_prioritaires = forms.CharField(
        label=dict(PARTIES_SYNTHESE)["actions_prioritaires"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "class": "rapports-editeur"}),
        help_text=AIDE_TEXTE,
    )
    principales_avancees = forms.CharField(
        label=dict(PARTIES_SYNTHESE)["principales_avancees"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "class": "rapports-editeur"}),
        help_text=AIDE_TEXTE,
    )
    limites_difficultes = forms.CharField(
        label=dict(PARTIES_SYNTHESE)["limites_difficultes"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "class": "rapports-editeur"}),
        help_text=AIDE_TEXTE,
    )
    motif = forms.CharField(
        label="Motif de la modification",
        required=False,
        max_length=2000,
        help_text="Gardé dans l'historique ; attendu quand le bilan est déjà soumis ou validé.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class RenvoiForm(DsfrBaseForm):
    commentaire = forms.CharField(
        label="Motif du renvoi (ce que l'ARS doit corriger)",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
