"""The request form: it only collects and parses fields; `jalon.demandes.services` validates
the request as a whole and its French errors are put back on the fields."""

from django import forms
from django.core.exceptions import ValidationError
from dsfr.forms import DsfrBaseForm

from jalon.demandes.services import indicateurs_demandables, valider
from jalon.territoires.models import Territoire


class DemandeForm(DsfrBaseForm):
    titre = forms.CharField(label="Titre", max_length=255)
    contexte = forms.CharField(
        label="Contexte",
        required=False,
        help_text="Pourquoi cette demande, et ce qui sera fait des réponses.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    echeance = forms.DateField(
        label="Réponse attendue le",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Date attendue au format JJ/MM/AAAA."},
    )
    regions = forms.ModelMultipleChoiceField(
        label="Régions destinataires",
        queryset=Territoire.objects.regions(),
        to_field_name="code",
        error_messages={"required": "Choisissez au moins une région destinataire."},
        widget=forms.CheckboxSelectMultiple,
        help_text="Cochez toutes les régions pour une demande à toutes les ARS.",
    )
    questions = forms.CharField(
        label="Questions",
        required=False,
        help_text="Une question par ligne ; chaque région y répond en texte libre.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    indicateurs = forms.ModelMultipleChoiceField(
        label="Indicateurs demandés",
        queryset=indicateurs_demandables(),
        required=False,
        to_field_name="code",
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=(
            "Indicateurs renseignés par les ARS : une valeur par région (maille régionale) ou "
            "par département (maille départementale) pour la période ci-dessous."
        ),
    )
    periode = forms.CharField(
        label="Période des valeurs demandées",
        required=False,
        max_length=7,
        help_text="Ex. 2024, 2024-S1, 2024-T2 ou 2024-03 ; requise si un indicateur est demandé.",
    )

    def __init__(self, *args, publiee=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicateurs"].label_from_instance = lambda i: f"{i.code} — {i.libelle[:90]}"
        if publiee:
            # Shown, not editable: the service refuses a change anyway (see its docstring).
            for nom in ("questions", "indicateurs", "periode"):
                self.fields[nom].disabled = True

    def clean(self):
        """The service's rules on what was read, so that every error shows at once (the
        service checks them again when it writes)."""
        donnees = super().clean()
        try:
            valider(
                donnees.get("titre", ""),
                donnees.get("echeance"),
                donnees.get("periode", ""),
                list(donnees.get("indicateurs") or []),
                list(donnees.get("regions") or []),
                [q for q in (donnees.get("questions") or "").splitlines() if q.strip()],
            )
        except ValidationError as exc:
            for champ, messages in exc.message_dict.items():
                if champ in self.fields and champ not in self.errors:
                    self.add_error(champ, messages)
        return donnees

    def donnees_service(self) -> dict:
        donnees = self.cleaned_data
        return {
            "titre": donnees["titre"],
            "contexte": donnees["contexte"],
            "echeance": donnees["echeance"],
            "regions": list(donnees["regions"]),
            "questions": (donnees["questions"] or "").splitlines(),
            "indicateurs": list(donnees["indicateurs"]),
            "periode": donnees["periode"],
        }

    @classmethod
    def initial_de(cls, demande) -> dict:
        return {
            "titre": demande.titre,
            "contexte": demande.contexte,
            "echeance": demande.echeance,
            "regions": [c.region for c in demande.cibles.select_related("region")],
            "questions": "\n".join(demande.questions.values_list("texte", flat=True)),
            "indicateurs": list(demande.indicateurs.all()),
            "periode": demande.periode,
        }
