"""The journal search: one GET form whose criteria the page and the CSV export share."""

import datetime

from django import forms
from django.db.models import Q
from dsfr.forms import DsfrBaseForm

from jalon.journal.models import EntreeJournal


def _choix(champ: str, libelle_tous: str):
    valeurs = EntreeJournal.objects.order_by(champ).values_list(champ, flat=True).distinct()[:200]
    return [("", libelle_tous), *((v, v) for v in valeurs if v)]


class RechercheJournalForm(DsfrBaseForm):
    utilisateur = forms.CharField(label="Utilisateur", required=False, max_length=150)
    objet_type = forms.ChoiceField(label="Type d'objet", required=False)
    action = forms.ChoiceField(label="Action", required=False)
    canal = forms.ChoiceField(
        label="Canal",
        required=False,
        choices=[("", "Tous"), *EntreeJournal.Canal.choices],
    )
    du = forms.DateField(label="Du", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    au = forms.DateField(
        label="Au (inclus)", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    q = forms.CharField(
        label="Texte",
        required=False,
        max_length=200,
        help_text="Cherche dans le libellé et l'identifiant de l'objet et dans le motif.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objet_type"].choices = _choix("objet_type", "Tous")
        self.fields["action"].choices = _choix("action", "Toutes")

    def clean(self):
        cleaned = super().clean()
        du, au = cleaned.get("du"), cleaned.get("au")
        if du and au and du > au:
            raise forms.ValidationError("La date de début doit précéder la date de fin.")
        return cleaned

    def entrees(self):
        """Entries matching the valid criteria; an invalid form gives no entry at all."""
        queryset = EntreeJournal.objects.select_related("utilisateur")
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        if data["utilisateur"]:
            queryset = queryset.filter(utilisateur_nom__icontains=data["utilisateur"])
        for champ in ("objet_type", "action", "canal"):
            if data[champ]:
                queryset = queryset.filter(**{champ: data[champ]})
        if data["du"]:
            queryset = queryset.filter(horodatage__gte=_debut_du_jour(data["du"]))
        if data["au"]:
            lendemain = data["au"] + datetime.timedelta(days=1)
            queryset = queryset.filter(horodatage__lt=_debut_du_jour(lendemain))
        if data["q"]:
            texte = data["q"]
            queryset = queryset.filter(
                Q(objet_libelle__icontains=texte) | Q(objet_id=texte) | Q(motif__icontains=texte)
            )
        return queryset


def _debut_du_jour(jour: datetime.date) -> datetime.datetime:
    # Dates are typed in Paris time: the day starts at local midnight, not UTC midnight.
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(jour, datetime.time.min))
