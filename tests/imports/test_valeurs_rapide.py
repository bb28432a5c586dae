"""The PostgreSQL fast path of the values import gives what the row-by-row path gives.

Random files — clean or full of traps (spaces, French numbers, quotes, formulas, duplicates,
unknown codes, locked values, periods too fine, errors after several batches, blank lines,
short rows, CRLF, Windows-1252) — are imported by both paths from the same database state;
reports (kinds, rows, examples, counts, texts), stored values, history rows and rollups
must be identical.
"""

import random

import pytest
from django.db import connection, transaction
from django.test import override_settings

from jalon.agregats.reconstruction import ecarts
from jalon.imports.valeurs import importer_valeurs, rapide
from jalon.imports.valeurs.ecriture import TAILLE_LOT
from jalon.saisies.models import HistoriqueValeur, Valeur
from jalon.saisies.services import enregistrer_valeur, soumettre_valeurs, valider_valeurs
from tests.imports.valeurs_monde import EN_TETE, construire_monde

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="chemin rapide PostgreSQL uniquement"
)


@pytest.fixture
def monde(db):
    return construire_monde()


# Indicator code -> territories and periods it accepts (see valeurs_monde).
_BONS = {
    "A017quaterINDR01": (["REG-32", "REG-11", "FR"], "annee"),
    "A017quaterINDM01": (["REG-32", "REG-11", "FR"], "annee"),
    "A015INDR01": (["DEP-59", "DEP-62", "DEP-75", "FR"], "annee"),
    "A06INDR01": (["DEP-59", "DEP-62", "DEP-75"], "annee"),
    "A020INDM01": (["FR"], "mois"),
    "A033INDM01": (["FR"], "annee"),
}


def _periode(hasard, genre):
    annee = hasard.randint(2015, 2024)
    if genre == "mois" and hasard.random() < 0.8:
        return f"{annee}-{hasard.randint(1, 12):02d}"
    return str(annee)


def _nombre(hasard):
    return hasard.choice(
        [
            str(hasard.randint(-50, 10**6)),
            f"{hasard.randint(0, 10**6)}.{hasard.randint(0, 99_999):05d}5",
            f"{hasard.randint(0, 99)}.{hasard.randint(0, 99):02d}",
        ]
    )


def _piege(hasard, ligne):
    """Damage one cell in a way the verifier reports or reads differently."""
    i = hasard.randrange(6)
    pieges = {
        0: ["A017quaterINDR99", "XX", " A06INDR01", "a06indr01", ""],
        1: ["REG-99", "reg-32", "Nord", "DEP-59\u00a0", "PTSM-59-1 ", ""],
        2: ["2023-13", "23", "2101", "2023-S1", "2023-q1", " 2022", ""],
        3: ["1 333,5", "13 %", "abc", "1.333", "1.1234567", "1e5", "-0", " 12", "007", ""],
        4: ["'=SOMME(A1)", "x" * 2001, "source; avec séparateur", " espace"],
        5: ["avec, virgule", 'avec "guillemets"', "sur\ndeux lignes", "'+1", "x" * 5001],
    }
    ligne[i] = hasard.choice(pieges[i])
    return ligne


# Cells the verifier accepts although SQL cannot prove it: they go through the verifier.
_ACCEPTEES = {
    0: [" {code}", "{code}\u00a0"],
    2: [" {periode}", "{periode}\t"],
    3: ["1 333,5", "-0", "007", "1.1234560", " 12", "+4", "\u22122", ""],
    4: ["'=SOMME(A1)", "source; avec séparateur", " espace", "'@x"],
    5: ["avec, virgule", 'avec "guillemets"', "sur\ndeux lignes", "'+1", "'-2"],
}


def _acceptable(hasard, ligne):
    i = hasard.choice(list(_ACCEPTEES))
    ligne[i] = hasard.choice(_ACCEPTEES[i]).format(code=ligne[0], periode=ligne[2])
    return ligne


# What each account may enter (see valeurs_monde): a clean file stays within it.
_PERMIS = {
    "admin": list(_BONS),
    "dgos": ["A017quaterINDR01", "A020INDM01", "A033INDM01"],
    "ars-32": ["A017quaterINDM01", "A015INDR01"],
}


def _lignes(hasard, n, sale, user):
    lignes, vus, cles = [], [], set()
    codes = list(_BONS) if sale else _PERMIS[user.username]
    for _ in range(n):
        code = hasard.choice(codes)
        territoires, genre = _BONS[code]
        if not sale and user.username == "ars-32":
            territoires = [t for t in territoires if t in ("REG-32", "DEP-59", "DEP-62")]
        ligne = [
            code,
            hasard.choice(territoires),
            _periode(hasard, genre),
            _nombre(hasard) if hasard.random() > 0.05 else "",
            hasard.choice(["", "SAE", "SNDS 2024"]),
            hasard.choice(["", "", "estimé", "provisoire"]),
        ]
        if not sale and tuple(ligne[:3]) in cles:
            continue
        cles.add(tuple(ligne[:3]))
        if sale and hasard.random() < 0.05:
            ligne = _piege(hasard, ligne)
        elif hasard.random() < 0.1:
            ligne = _acceptable(hasard, ligne)
        if vus and hasard.random() < (0.02 if sale else 0):
            ligne = list(hasard.choice(vus))  # a duplicate
        vus.append(ligne)
        lignes.append(ligne)
    return lignes


def _ecrire(dossier, hasard, lignes, nom):
    separateur = hasard.choice([",", ";", ",", "\t"])
    fin = hasard.choice(["\n", "\n", "\r\n"])
    encodage = hasard.choice(["utf-8", "utf-8", "utf-8-sig", "cp1252"])
    ordre = list(range(6))
    if hasard.random() < 0.3:
        hasard.shuffle(ordre)
    inconnue = hasard.random() < 0.2
    texte = [separateur.join([EN_TETE[i] for i in ordre] + (["inconnue"] if inconnue else []))]
    for ligne in lignes:
        cellules = [_csv(ligne[i], separateur) for i in ordre]
        if inconnue:
            cellules.append("x")
        if hasard.random() < 0.01:
            cellules = cellules[:3]  # a short row
        texte.append(separateur.join(cellules))
    if hasard.random() < 0.05:
        texte.insert(hasard.randint(1, len(texte)), "")  # a blank line
    chemin = dossier / nom
    contenu = fin.join(texte) + (fin if hasard.random() < 0.8 else "")
    chemin.write_bytes(contenu.encode(encodage, errors="replace"))
    return chemin


def _csv(cellule, separateur):
    if any(c in cellule for c in (separateur, '"', "\n", "\r")):
        return '"' + cellule.replace('"', '""') + '"'
    return cellule


def _etat():
    valeurs = sorted(
        Valeur.objects.values_list(
            "indicateur__code",
            "territoire__code",
            "periode",
            "valeur",
            "statut",
            "source",
            "commentaire",
            "version",
            "saisie_par_id",
            "canal",
        )
    )
    historique = sorted(
        HistoriqueValeur.objects.values_list(
            "valeur__indicateur__code",
            "valeur__territoire__code",
            "valeur__periode",
            "auteur_id",
            "canal",
            "ancienne_valeur",
            "nouvelle_valeur",
            "ancien_statut",
            "nouveau_statut",
        ),
        key=str,
    )
    return valeurs, historique


def _importer(user, chemin, *, rapide_, dry_run=False):
    with override_settings(JALON_IMPORT_RAPIDE=rapide_):
        assert rapide.applicable(chemin.name) is rapide_
        resultat = importer_valeurs(user, chemin, dry_run=dry_run)
    return (
        resultat.refuse,
        resultat.execution.statut,
        resultat.lignes_texte(),
        resultat.rapport.erreurs_dict(),
        dict(resultat.rapport.compteurs),
    ), _etat()


def _comparer(user, chemin, dry_run=False):
    with transaction.atomic():
        lent = _importer(user, chemin, rapide_=False, dry_run=dry_run)
        transaction.set_rollback(True)
    rapide_ = _importer(user, chemin, rapide_=True, dry_run=dry_run)
    assert rapide_[0] == lent[0]
    assert rapide_[1] == lent[1]
    assert ecarts() == []
    return rapide_[0]


def _existantes(monde, hasard):
    """Values already stored: drafts, submitted and validated ones."""
    for _ in range(40):
        code = hasard.choice(list(_BONS))
        territoires, genre = _BONS[code]
        indicateur = next(i for i in vars(monde.ind).values() if i.code == code)
        code_t = hasard.choice(territoires)
        territoire = next(
            t
            for t in (monde.fr, monde.hdf, monde.idf, monde.nord, monde.pas, monde.paris)
            if t.code == code_t
        )
        valeur = enregistrer_valeur(
            monde.u.admin,
            indicateur,
            territoire,
            _periode(hasard, genre),
            hasard.randint(1, 1000),
            canal=Valeur.Canal.FORMULAIRE,
            commentaire="existante",
        )
        if hasard.random() < 0.5 and valeur.statut == Valeur.Statut.BROUILLON:
            soumettre_valeurs(monde.u.admin, [valeur])
            if hasard.random() < 0.5:
                valider_valeurs(monde.u.admin, [valeur])


@pytest.mark.parametrize("graine", range(12))
def test_both_paths_give_the_same_report_values_and_history(monde, tmp_path, graine):
    hasard = random.Random(graine)
    _existantes(monde, hasard)
    refuse = []
    for essai in range(4):
        sale = hasard.random() < 0.5
        user = hasard.choice([monde.u.admin, monde.u.admin, monde.u.pilote, monde.u.ars])
        lignes = _lignes(hasard, hasard.choice([5, 60, 300]), sale, user)
        chemin = _ecrire(tmp_path, hasard, lignes, f"f{essai}.csv")
        refuse.append(_comparer(user, chemin, dry_run=hasard.random() < 0.2)[0])
    assert False in refuse or graine % 3, "some files of the run must be accepted"


def test_errors_after_several_batches_and_locked_values_report_alike(monde, tmp_path):
    hasard = random.Random(99)
    annees = range(1900, 2100)
    lignes = [
        ["A020INDM01", "FR", f"{a}-{m:02d}", "1", "", ""] for a in annees for m in range(1, 13)
    ]
    lignes += [
        ["A017quaterINDR01", t, str(a), "2", "", ""]
        for t in _BONS["A017quaterINDR01"][0]
        for a in annees
    ]
    lignes += [["A033INDM01", "FR", str(a), "3", "", ""] for a in annees]
    assert len(lignes) > TAILLE_LOT
    for periode in ("1951-03", "2098-02"):
        valeur = enregistrer_valeur(
            monde.u.admin, monde.ind.dgos_mois, monde.fr, periode, 5, canal=Valeur.Canal.FORMULAIRE
        )
        soumettre_valeurs(monde.u.admin, [valeur])
    for position in (10, TAILLE_LOT + 5, len(lignes) - 3, None):
        copie = [list(ligne) for ligne in lignes]
        if position is not None:
            copie[position][3] = "abc"
        chemin = _ecrire(tmp_path, hasard, copie, f"lot-{position}.csv")
        _comparer(monde.u.pilote, chemin)
        _comparer(monde.u.admin, chemin)


def test_a_large_clean_file_goes_through_copy_and_reimports_unchanged(monde, tmp_path):
    lignes = [
        ["A020INDM01", "FR", f"{a}-{m:02d}", f"{a}.{m}", "SNDS", ""]
        for a in range(1901, 2100)
        for m in range(1, 13)
    ]
    chemin = tmp_path / "gros.csv"
    chemin.write_text("\n".join([",".join(EN_TETE)] + [",".join(ligne) for ligne in lignes]) + "\n")
    premier = importer_valeurs(monde.u.pilote, chemin)
    assert not premier.refuse and premier.rapport.compteurs["a_creer"] == len(lignes)
    second = importer_valeurs(monde.u.pilote, chemin)
    assert second.rapport.compteurs["inchangees"] == len(lignes)
    assert second.execution.statut == "inchange"
    assert HistoriqueValeur.objects.count() == len(lignes)
    assert ecarts() == []
