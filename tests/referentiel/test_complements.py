"""The shipped referential complements: application, safety, and consistency with the annex."""

import csv
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from jalon.referentiel.complements import (
    DOSSIER_DEFAUT,
    ComplementsInvalides,
    appliquer_complements,
    charger_versions,
)
from jalon.referentiel.models import (
    Action,
    ActionVersion,
    Axe,
    Correspondance,
    Indicateur,
    LienActionIndicateur,
    Organisation,
    Plan,
    PlanVersion,
    RattachementStrategie,
)
from jalon.referentiel.numeros import normalise_numero

ANNEXE = DOSSIER_DEFAUT / "annexe_instruction_2023_179.tsv"
MAILLES = {"nationale": "nationale", "régionale": "regionale", "départementale": "departementale"}


def lignes_annexe():
    """Data rows of the shipped verbatim annex: (action number, title, pilots, code, provider)."""
    lignes = []
    for texte in ANNEXE.read_text(encoding="utf-8").splitlines():
        cellules = texte.split("\t")
        if len(cellules) == 9 and cellules[0].strip().isdigit():
            numero, _, titre = cellules[1].partition(" - ")
            pilotes = re.sub(r"<[^>]+>| ", "", cellules[2]).split("/")
            fournisseur = re.sub(r"<[^>]+>", "", cellules[5]).strip()
            lignes.append((normalise_numero(numero), titre, pilotes, cellules[4], fournisseur))
    return lignes


def lire(nom, dossier=DOSSIER_DEFAUT):
    with (Path(dossier) / nom).open(encoding="utf-8", newline="") as flux:
        return list(csv.DictReader(flux))


@pytest.fixture
def version_2023(db):
    """The whole 2023 annex built with the ORM (the importer belongs to another package)."""
    plan = Plan.objects.create(
        code="fdr-smp",
        nom="Feuille de route santé mentale et psychiatrie",
        nature=Plan.Nature.FEUILLE_ROUTE_NATIONALE,
    )
    version = PlanVersion.objects.create(
        plan=plan, code="2023", libelle="Annexe de l'instruction 2023/179", est_courante=True
    )
    axes = {n: Axe.objects.create(version=version, numero=n, libelle=f"Axe {n}") for n in (1, 2, 3)}
    actions = {}
    for numero, titre, pilotes, code, fournisseur in lignes_annexe():
        if numero not in actions:
            base = int(numero.split()[0])
            axe = axes[1 if base <= 9 else 2 if base <= 33 else 3]
            action = Action.objects.create(plan=plan, cle=numero.replace(" ", "-"))
            actions[numero] = ActionVersion.objects.create(
                action=action, version=version, axe=axe, numero=numero, titre=titre
            )
            for sigle in pilotes:
                actions[numero].pilotes.add(Organisation.objects.get_or_create(code=sigle)[0])
        indicateur, _ = Indicateur.objects.get_or_create(
            code=code,
            defaults={
                "type": "moyens" if "INDM" in code else "resultat",
                "libelle": code,
                "fournisseur_libelle": fournisseur,
                "maille": "regionale",
                "frequence": "annuelle",
            },
        )
        LienActionIndicateur.objects.get_or_create(
            action_version=actions[numero], indicateur=indicateur
        )
    return version


@pytest.fixture
def dossier(tmp_path):
    copie = tmp_path / "referentiel"
    shutil.copytree(DOSSIER_DEFAUT, copie)
    return copie


def remplacer(dossier, nom, ancien, nouveau):
    chemin = dossier / nom
    texte = chemin.read_text(encoding="utf-8")
    assert ancien in texte
    chemin.write_text(texte.replace(ancien, nouveau, 1), encoding="utf-8")


def etat():
    """A snapshot of everything the complements may touch."""
    return (
        list(Organisation.objects.values_list("code", "libelle", "categorie")),
        list(Axe.objects.values_list("id", "libelle_bilan", "pilote")),
        list(
            ActionVersion.objects.values_list(
                "id", "titre_court", "declinaison_regionale", "declinaison_statut"
            )
        ),
        list(Indicateur.objects.values_list("code", "unite", "sens", "saisie_ars")),
        Correspondance.objects.count(),
        RattachementStrategie.objects.count(),
        Plan.objects.count(),
    )


# --- application -------------------------------------------------------------------------


def test_appliquer_complete_la_version_2023(version_2023):
    compte = appliquer_complements(version_2023)

    assert compte["rattachements"] == 18
    assert compte["correspondances"] == 115
    dgs = Organisation.objects.get(code="DGS")
    assert dgs.libelle == "Direction générale de la santé"
    assert dgs.categorie == Organisation.Categorie.DIRECTION
    # The seeds never spell DGT out: the name stays empty rather than guessed.
    assert Organisation.objects.get(code="DGT").libelle == ""
    axe1 = version_2023.axes.get(numero=1)
    assert axe1.pilote == "DGS"
    assert axe1.libelle_bilan.startswith("Promouvoir le bien être mental")

    av = version_2023.actions.get(numero="17 quater")
    assert av.titre_court == "Renforts CMP adultes"
    assert av.declinaison_statut == ActionVersion.StatutDeclinaison.PROPOSEE
    decl = Counter(version_2023.actions.values_list("declinaison_regionale", flat=True))
    assert decl == {"oui": 45, "non": 4}
    assert version_2023.actions.get(numero="31 ter").declinaison_regionale == "non"

    cle_30 = Action.objects.get(plan=version_2023.plan, cle="30")
    assert set(
        cle_30.correspondances.filter(systeme="assises_2021").values_list("numero", flat=True)
    ) == {"24", "25", "26"}
    assert cle_30.correspondances.filter(systeme="fdr_2019").count() == 7
    assert cle_30.correspondances.get(systeme="bilan_2024").numero == "30"

    suicide = Plan.objects.get(code="strategie-prevention-suicide")
    assert suicide.nature == Plan.Nature.STRATEGIE_NATIONALE
    assert suicide.actions_rattachees.get().cle == "6"

    assert Indicateur.objects.filter(saisie_ars=True).count() == 14
    contention = Indicateur.objects.get(code="A027INDR03")
    assert (contention.unite, contention.sens) == ("taux_evolution", "baisse")
    assert Indicateur.objects.get(code="A029INDR01").unite == "duree"


def test_appliquer_est_idempotent(version_2023):
    appliquer_complements(version_2023)
    avant = etat()

    compte = appliquer_complements(version_2023)

    assert all(v == 0 for v in compte.values())
    assert etat() == avant


def test_une_declinaison_validee_n_est_jamais_ecrasee(version_2023):
    av = version_2023.actions.get(numero="31 ter")
    av.declinaison_regionale = "oui"
    av.declinaison_statut = ActionVersion.StatutDeclinaison.VALIDEE
    av.declinaison_motif = "Décision de la DMSMP."
    av.save()

    compte = appliquer_complements(version_2023)

    av.refresh_from_db()
    assert (av.declinaison_regionale, av.declinaison_statut) == ("oui", "validee")
    assert av.declinaison_motif == "Décision de la DMSMP."
    assert av.titre_court == "Créer un institut de stimulation cérébrale à Paris"
    assert compte["declinaisons_validees_preservees"] == 1


def test_un_libelle_vide_n_efface_pas_le_nom_saisi(version_2023):
    Organisation.objects.filter(code="DGT").update(libelle="Nom saisi par l'administrateur")
    appliquer_complements(version_2023)
    assert Organisation.objects.get(code="DGT").libelle == "Nom saisi par l'administrateur"


def test_refuse_une_autre_version(version_2023):
    autre = PlanVersion.objects.create(plan=version_2023.plan, code="bilan-2024", libelle="x")
    with pytest.raises(ComplementsInvalides, match="version « 2023 »"):
        appliquer_complements(autre)


# --- malformed files: French message naming file, line, column; nothing applied ------------


@pytest.mark.parametrize(
    "fichier, ancien, nouveau, attendu",
    [
        (
            "indicateurs_complements.csv",
            "A027INDR03,taux_evolution,baisse",
            "A099INDR03,taux_evolution,baisse",
            "indicateurs_complements.csv, ligne 91, colonne « code » : l'indicateur « A099INDR03 »",
        ),
        (
            "indicateurs_complements.csv",
            "A029INDR01,duree,baisse",
            "A029INDR01,duree,montee",
            "indicateurs_complements.csv, ligne 93, colonne « sens » : « montee » n'est pas admis "
            "(attendu : baisse, hausse, neutre)",
        ),
        (
            "actions_2023.csv",
            "17 bis,Augmenter",
            "17 sexies,Augmenter",
            "actions_2023.csv, ligne 19, colonne « numero » : l'action « 17 sexies » n'existe pas",
        ),
        (
            "correspondances.csv",
            "1,fdr_2019,1,",
            "1,fdr_2020,1,",
            "correspondances.csv, ligne 3, colonne « systeme »",
        ),
        (
            "rattachements.csv",
            "38,pacte-des-solidarites",
            "38,pacte-inconnu",
            "rattachements.csv, ligne 19, colonne « strategie »",
        ),
        (
            "organisations.csv",
            "code,libelle,categorie,source",
            "code,nom,categorie,source",
            "organisations.csv, ligne 1, colonne « libelle » : colonne manquante",
        ),
    ],
)
def test_un_fichier_mal_forme_est_refuse_sans_rien_changer(
    version_2023, dossier, fichier, ancien, nouveau, attendu
):
    remplacer(dossier, fichier, ancien, nouveau)
    avant = etat()

    with pytest.raises(ComplementsInvalides) as erreur:
        appliquer_complements(version_2023, dossier=dossier)

    assert attendu in str(erreur.value)
    assert etat() == avant


# --- other versions ----------------------------------------------------------------------


def test_charger_versions_cree_le_bilan_2024(version_2023):
    compte = charger_versions(version_2023.plan)

    bilan = PlanVersion.objects.get(plan=version_2023.plan, code="bilan-2024")
    assert not bilan.est_courante
    assert version_2023.plan.version_courante() == version_2023
    assert bilan.actions.count() == 51
    assert bilan.axes.get(numero=3).pilote == "DGCS"
    assert compte["actions_creees"] == 2
    # Renumbered or not, an annex action keeps its identity across versions.
    sommeil = bilan.actions.get(numero="7 bis")
    assert sommeil.action.cle == "7-bis"
    assert not sommeil.action.versions.filter(version=version_2023).exists()
    precarite = bilan.actions.get(numero="38")
    assert precarite.action == version_2023.actions.get(numero="38").action
    assert precarite.titre_court.startswith("Mieux prendre en charge")

    assert all(v == 0 for v in charger_versions(version_2023.plan).values())


def test_charger_versions_refuse_une_cle_inconnue_sans_rien_creer(version_2023, dossier):
    remplacer(dossier, "bilan_2024_actions.csv", ",1,8,annexe_2023,", ",1,huit,annexe_2023,")

    with pytest.raises(ComplementsInvalides, match=r"bilan_2024_actions.csv, ligne 10, colonne"):
        charger_versions(version_2023.plan, dossier=dossier)

    assert not PlanVersion.objects.filter(code="bilan-2024").exists()


# --- consistency of the shipped files with the annex --------------------------------------


def test_chaque_action_de_l_annexe_a_ses_complements():
    annexe = {numero for numero, *_ in lignes_annexe()}
    actions = [normalise_numero(r["numero"]) for r in lire("actions_2023.csv")]
    assert len(actions) == len(set(actions))
    assert set(actions) == annexe
    assert {normalise_numero(r["action"]) for r in lire("correspondances.csv")} == annexe


def test_chaque_indicateur_de_l_annexe_a_ses_complements():
    annexe = {code for *_, code, _ in lignes_annexe()}
    codes = [r["code"] for r in lire("indicateurs_complements.csv")]
    assert len(annexe) == 110
    assert sorted(codes) == sorted(annexe)


def test_les_organisations_couvrent_pilotes_et_fournisseurs():
    sigles = set()
    for *_, pilotes, _, fournisseur in lignes_annexe():
        sigles.update(pilotes)
        if fournisseur != "A fixer ultérieurement":
            sigles.add(fournisseur)
    assert sigles <= {r["code"] for r in lire("organisations.csv")}


def test_la_structure_du_bilan_reprend_l_annexe_et_ajoute_deux_actions():
    annexe = {numero for numero, *_ in lignes_annexe()}
    bilan = lire("bilan_2024_actions.csv")
    nouvelles = {r["numero"] for r in bilan if r["origine"] == "nouvelle"}
    assert nouvelles == {"7 bis", "11 bis"}
    for r in bilan:
        if r["origine"] == "annexe_2023":
            assert r["numero"] in annexe
            assert r["cle"] == r["numero"].replace(" ", "-")
    rattaches = {normalise_numero(r["action"]) for r in lire("rattachements.csv")}
    assert rattaches <= {r["numero"] for r in bilan}


def test_chaque_ligne_cite_sa_source():
    for nom in sorted(p.name for p in DOSSIER_DEFAUT.glob("*.csv")):
        for numero, ligne in enumerate(lire(nom), start=2):
            assert re.search(r"seed 00[0-4]", ligne["source"]), f"{nom}, ligne {numero}"
