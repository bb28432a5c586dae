"""Every kind of import a loader records is one of ExecutionImport's declared choices."""

import pytest
from django.core.exceptions import ValidationError

from jalon.feuilles_regionales import importation
from jalon.imports.models import ExecutionImport


@pytest.mark.django_db
def test_le_genre_ecrit_par_l_import_des_feuilles_regionales_est_un_choix_declare():
    execution = ExecutionImport(
        genre=importation.GENRE,
        nom_fichier="feuille.xlsx",
        statut=ExecutionImport.Statut.REFUSE,
    )
    execution.full_clean()
    assert execution.get_genre_display() == "Feuille de route régionale"


@pytest.mark.django_db
def test_un_genre_inconnu_est_refuse():
    execution = ExecutionImport(
        genre="inconnu", nom_fichier="x.csv", statut=ExecutionImport.Statut.REFUSE
    )
    with pytest.raises(ValidationError) as exc:
        execution.full_clean()
    assert "genre" in exc.value.message_dict
