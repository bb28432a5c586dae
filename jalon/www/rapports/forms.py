"""Forms of the report pages."""

from django import forms
from django.utils.html import escape
from dsfr.forms import DsfrBaseForm

from jalon.rapports.models import Format, Genre


class NarratifForm(DsfrBaseForm):
    texte = forms.CharField(
        label="Texte",
        required=False,
        widget=forms.Textarea(attrs={"rows": 18, "class": "rapports-editeur"}),
        # Django prints help texts unescaped: the tag names must be escaped here.
        help_text=escape(
            "Barre d'outils : gras, italique, listes, liens. Sans elle, écrivez du texte : "
            "paragraphes séparés par une ligne vide, « - » en début de ligne pour une liste ; "
            'ou du HTML limité à <p>, <ul>, <ol>, <li>, <strong>, <em>, <a href="https://…">, '
            "<br>. Tout le reste est retiré à l'enregistrement."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ConstructionForm(DsfrBaseForm):
    genre = forms.ChoiceField(choices=Genre.choices, widget=forms.HiddenInput)
    annee = forms.IntegerField(widget=forms.HiddenInput, min_value=2000, max_value=2100)
    format = forms.ChoiceField(label="Format", choices=Format.choices)
    version = forms.CharField(required=False, widget=forms.HiddenInput)
    region = forms.CharField(required=False, widget=forms.HiddenInput)
    publier = forms.BooleanField(
        label="Publier (DOCX, PDF et HTML figés, visibles par tous)", required=False
    )
    note = forms.CharField(
        label="Note de publication",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ChiffresClesForm(DsfrBaseForm):
    lignes = forms.CharField(
        label="Chiffres clés, un par ligne : code de l'indicateur, point-virgule, intitulé",
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Exemple : A06INDM01 ; Appels reçus au 3114. L'ordre des lignes est celui de "
        "la synthèse.",
    )

    def clean_lignes(self):
        lignes = []
        for numero, ligne in enumerate(self.cleaned_data["lignes"].splitlines(), start=1):
            if not ligne.strip():
                continue
            code, _, libelle = ligne.partition(";")
            if not code.strip():
                raise forms.ValidationError(
                    f"Ligne {numero} : code d'indicateur manquant (attendu : A06INDM01 ; intitulé)."
                )
            lignes.append((code.strip(), libelle.strip()))
        return lignes
