"""The rollups stay equal to a recomputation from the raw values, whatever the writes:
random entries, edits, submissions, validations, returns, numbers removed, bulk imports
creating and changing values — on SQLite and PostgreSQL alike (the suite runs on both)."""

import random
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from jalon import agregats
from jalon.agregats.models import Cumul, Derniere
from jalon.agregats.reconstruction import ecarts, reconstruire
from jalon.imports.valeurs import importer_valeurs
from jalon.saisies.models import Valeur
from jalon.saisies.services import (
    SaisieInvalide,
    renvoyer_valeur,
    soumettre_valeurs,
    valider_valeurs,
)
from tests.agregats.monde import ecrire

S = Valeur.Statut
EN_TETE = "indicateur,territoire,periode,valeur,source,commentaire\n"


def _nombre(hasard) -> Decimal | None:
    if hasard.random() < 0.1:
        return None
    # At most 15 significant digits: what SQLite keeps of a decimal (see agregats.champs).
    return Decimal(hasard.randint(-(10**9), 10**11)).scaleb(-hasard.randint(0, 6))


def _cibles(monde):
    m = monde.ind
    infra = [monde.fr, monde.nord, monde.pas, monde.paris, monde.lille, monde.dunkerque]
    infra.append(monde.ptsm_paris)
    return [
        (m.mensuel, infra, lambda h: f"{h.choice([2022, 2023])}-{h.randint(1, 12):02d}"),
        (m.mensuel, infra, lambda h: str(h.choice([2022, 2023]))),
        (m.taux, infra, lambda h: f"2023-{h.randint(1, 12):02d}"),
        (m.regional, [monde.fr, monde.hdf, monde.idf], lambda h: str(h.randint(2021, 2023))),
        (m.national, [monde.fr], lambda h: str(h.randint(2021, 2023))),
        (m.semestriel, [monde.fr], lambda h: f"{h.randint(2022, 2023)}-S{h.randint(1, 2)}"),
    ]


def _au_hasard(monde, hasard, operations):
    cibles = _cibles(monde)
    for _ in range(operations):
        indicateur, territoires, periode = hasard.choice(cibles)
        valeur = ecrire(monde, indicateur, hasard.choice(territoires), periode(hasard), None)
        valeur = ecrire(
            monde, indicateur, valeur.territoire, valeur.periode, _nombre(hasard)
        )  # an edit, as a draft
        tirage = hasard.random()
        try:
            if tirage < 0.6:
                soumettre_valeurs(monde.admin, [valeur])
            if tirage < 0.45:
                valider_valeurs(monde.admin, [valeur])
            if tirage < 0.1:
                renvoyer_valeur(monde.admin, valeur, "à revoir")
        except SaisieInvalide:
            pass


def _importer(monde, hasard, tmp_path, lignes):
    cibles = _cibles(monde)
    vues, texte = set(), EN_TETE
    for _ in range(lignes):
        indicateur, territoires, periode = hasard.choice(cibles)
        cle = (indicateur.code, hasard.choice(territoires).code, periode(hasard))
        if cle in vues:
            continue
        vues.add(cle)
        nombre = _nombre(hasard)
        cellule = "" if nombre is None else format(nombre, "f")
        texte += f"{','.join(cle)},{cellule},SYNTH,{'' if cellule else 'absent'}\n"
    chemin = tmp_path / f"lot-{hasard.random()}.csv"
    chemin.write_text(texte, encoding="utf-8")
    resultat = importer_valeurs(monde.admin, chemin)
    assert not resultat.refuse, resultat.lignes_texte()
    return resultat


@pytest.mark.parametrize("graine", [1, 2])
def test_rollups_equal_a_recomputation_after_random_writes(monde, tmp_path, graine):
    hasard = random.Random(graine)
    _au_hasard(monde, hasard, 60)
    assert ecarts() == []
    _importer(monde, hasard, tmp_path, 150)  # creates and changes values, some emptied
    assert ecarts() == []
    _au_hasard(monde, hasard, 40)
    _importer(monde, hasard, tmp_path, 150)
    assert Valeur.objects.filter(statut=S.VALIDEE).exists()
    assert Valeur.objects.filter(valeur__isnull=True).exists()
    assert ecarts() == []
    avant = _contenu()
    reconstruire()
    assert _contenu() == avant
    assert ecarts() == []


def _contenu():
    cumuls = {
        (c.indicateur_id, c.validees, c.niveau, c.genre, c.zone_id, c.annee): (c.nombre, c.somme)
        for c in Cumul.objects.all()
        if c.nombre
    }
    dernieres = set(
        Derniere.objects.values_list(
            "indicateur_id", "validees", "territoire_id", "niveau", "periode", "valeur", "statut"
        )
    )
    return cumuls, dernieres


def test_a_value_counts_the_moment_it_is_validated(monde):
    ind = monde.ind.regional
    valeur = ecrire(monde, ind, monde.hdf, "2023", "5")
    publics = {"niveau": "region", "validees_seulement": True}
    assert agregats.valeurs_par_territoire(ind, **publics) == []
    assert agregats.somme_moyenne_par_region_annee(ind, validees_seulement=True) == []
    soumettre_valeurs(monde.admin, [valeur])
    valider_valeurs(monde.admin, [valeur])
    [public] = agregats.valeurs_par_territoire(ind, **publics)
    assert (public.territoire, public.valeur, public.statut) == ("REG-32", Decimal(5), S.VALIDEE)
    [cumul] = agregats.somme_moyenne_par_region_annee(ind, validees_seulement=True)
    assert (cumul.nombre, cumul.somme) == (1, Decimal(5))
    renvoyer_valeur(monde.admin, valeur, "à revoir")
    assert agregats.valeurs_par_territoire(ind, **publics) == []
    assert agregats.somme_moyenne_par_region_annee(ind, validees_seulement=True) == []


def test_rebuild_command_checks_and_repairs(monde, capsys):
    ecrire(monde, monde.ind.mensuel, monde.lille, "2023-01", "7", valider=True)
    ecrire(monde, monde.ind.mensuel, monde.lille, "2023-02", "8")
    call_command("rebuild_agregats", "--verifier")
    assert "cohérents" in capsys.readouterr().out
    Cumul.objects.filter(validees=False, niveau="ptsm").update(nombre=5)
    Derniere.objects.filter(validees=True).delete()
    with pytest.raises(CommandError, match="incohérents(.|\n)*attendu(.|\n)*rebuild-agregats"):
        call_command("rebuild_agregats", "--verifier")
    call_command("rebuild_agregats")
    assert "Agrégats recalculés" in capsys.readouterr().out
    assert ecarts() == []
