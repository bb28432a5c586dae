"""Forms of the regional roadmap pages; they only collect values, services apply them."""

from django import forms
from dsfr.forms import DsfrBaseForm

from jalon.feuilles_regionales.lecture import lire_jalons
from jalon.feuilles_regionales.models import ActionRegionale
from jalon.feuilles_regionales.valeurs import COLONNES, cellules
from jalon.territoires.models import Territoire


class FiltreForm(DsfrBaseForm):
    objectif = forms.ChoiceField(label="Objectif", required=False)
    statut = forms.ChoiceField(
        label="Statut",
        required=False,
        choices=[("", "Tous"), ("aucun", "Non renseigné"), *ActionRegionale.Statut.choices],
    )
    meteo = forms.ChoiceField(
        label="Météo",
        required=False,
        choices=[("", "Toutes"), ("aucune", "Non renseignée"), *ActionRegionale.Meteo.choices],
    )

    def __init__(self, *args, objectifs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objectif"].choices = [("", "Tous")] + [(o.code, str(o)) for o in objectifs]

    def filtres(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class ActionForm(DsfrBaseForm):
    """Edit one action; milestones are typed one per line as in the spreadsheet."""

    titre = forms.CharField(label="Intitulé", widget=forms.Textarea(attrs={"rows": 2}))
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    statut = forms.ChoiceField(
        label="Statut",
        required=False,
        choices=[("", "Non renseigné")] + ActionRegionale.Statut.choices,
    )
    meteo = forms.ChoiceField(
        label="Météo",
        required=False,
        choices=[("", "Non renseignée")] + ActionRegionale.Meteo.choices,
    )
    date_debut = forms.DateField(
        label="Début", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_fin = forms.DateField(
        label="Fin", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    pilote = forms.CharField(label="Pilote", required=False)
    partenaires = forms.CharField(label="Partenaires", required=False)
    territoires = forms.ModelMultipleChoiceField(
        label="Territoires ciblés",
        required=False,
        queryset=Territoire.objects.none(),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
    )
    jalons = forms.CharField(
        label="Jalons",
        required=False,
        help_text="Un par ligne : « AAAA-MM-JJ | libellé » ou « AAAA-MM-JJ | libellé | fait ».",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    budget = forms.DecimalField(
        label="Budget (euros)", required=False, min_value=0, decimal_places=2, max_digits=14
    )
    financement = forms.ChoiceField(
        label="Source de financement",
        required=False,
        choices=[("", "Non renseignée")] + ActionRegionale.Financement.choices,
    )
    financement_precision = forms.CharField(label="Précision sur le financement", required=False)
    initiative_note = forms.CharField(
        label="Initiative à valoriser : pourquoi",
        required=False,
        help_text="Laisser vide si l'action n'est pas une initiative à valoriser.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, region, valeurs, **kwargs):
        self.region = region
        self.valeurs = valeurs
        texte = dict(zip(COLONNES, cellules(valeurs), strict=True))
        initial = {k: valeurs[k] for k in self.base_fields if k in valeurs}
        initial |= {"jalons": texte["jalons"], "territoires": list(valeurs["territoires"])}
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["territoires"].queryset = Territoire.objects.of_region(region)

    def clean(self):
        donnees = super().clean()
        debut, fin = donnees.get("date_debut"), donnees.get("date_fin")
        if debut and fin and fin < debut:
            self.add_error("date_fin", "La fin précède le début.")
        donnees["jalons_lus"], erreurs = lire_jalons(donnees.get("jalons", ""))
        for erreur in erreurs:
            self.add_error("jalons", erreur)
        return donnees

    def valeurs_modifiees(self) -> dict:
        donnees = self.cleaned_data
        note = donnees["initiative_note"].strip()
        budget = donnees["budget"]
        champs = {
            k: donnees[k]
            for k in (
                "titre",
                "description",
                "statut",
                "meteo",
                "date_debut",
                "date_fin",
                "pilote",
                "partenaires",
                "financement",
                "financement_precision",
            )
        }
        return champs | {
            "territoires": tuple(sorted(t.code for t in donnees["territoires"])),
            "jalons": donnees["jalons_lus"],
            "budget": budget.normalize() if budget is not None else None,
            "initiative_a_valoriser": bool(note),
            "initiative_note": note,
        }


class ImportForm(DsfrBaseForm):
    fichier = forms.FileField(
        label="Classeur de la feuille de route",
        help_text="Format .xlsx ou .csv, une ligne par action (partez de l'export).",
    )
    simulation = forms.BooleanField(
        label="Simuler seulement (ne rien enregistrer)", required=False, initial=True
    )
