"""The permission matrix of jalon/territoires/perms.py, role by role and territory by territory.

Columns of each row: own region (REG-32), one of its departments (DEP-59), a PTSM below
that department, another region (REG-11), France (FR). The acting référent ARS is the one of
REG-32, the contributor is attached to DEP-59, the national pilot to DGOS. Rules on another
object than a territory (regional bilans, providers, ad-hoc requests, national actions) have
one matrix each, with their own columns.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from jalon.comptes.models import Utilisateur
from jalon.territoires import perms
from tests.comptes.monde import build_world

Role = Utilisateur.Role
TERRITOIRES = ("hdf", "nord", "ptsm", "idf", "fr")
ROLES = ("admin", "superuser", "pilote", "ars", "contributeur", "lecteur", "anonyme", "inactif")

# function -> role -> one expected answer per territory of TERRITOIRES
MATRICE = {
    "edit_values_ars": {
        "admin": "11111",
        "superuser": "11111",
        "pilote": "00000",
        "ars": "11100",
        "contributeur": "00000",
        "lecteur": "00000",
        "anonyme": "00000",
        "inactif": "00000",
    },
    "edit_values_dgos": {
        "admin": "11111",
        "superuser": "11111",
        "pilote": "11111",
        "ars": "00000",
        "contributeur": "00000",
        "lecteur": "00000",
        "anonyme": "00000",
        "inactif": "00000",
    },
    "edit_values_drees": {
        "admin": "11111",
        "superuser": "11111",
        "pilote": "00000",
        "ars": "00000",
        "contributeur": "00000",
        "lecteur": "00000",
        "anonyme": "00000",
        "inactif": "00000",
    },
    "territoires_editables": {
        "admin": "11111",
        "superuser": "11111",
        "pilote": "11111",
        "ars": "11100",
        "contributeur": "00000",
        "lecteur": "00000",
        "anonyme": "00000",
        "inactif": "00000",
    },
    "edit_regional_roadmap": {
        "admin": "11111",
        "superuser": "11111",
        "pilote": "00000",
        "ars": "10000",
        "contributeur": "00000",
        "lecteur": "00000",
        "anonyme": "00000",
        "inactif": "00000",
    },
    "comment": {
        "admin": "11111",
        "superuser": "11111",
        "pilote": "11111",
        "ars": "11100",
        "contributeur": "01100",
        "lecteur": "00000",
        "anonyme": "00000",
        "inactif": "00000",
    },
    "manage_accounts": {
        "admin": "11111",
        "superuser": "11111",
        "pilote": "00000",
        "ars": "10000",
        "contributeur": "00000",
        "lecteur": "00000",
        "anonyme": "00000",
        "inactif": "00000",
    },
    "assign_contributeur": {
        "admin": "11111",
        "superuser": "11111",
        "pilote": "00000",
        "ars": "11100",
        "contributeur": "00000",
        "lecteur": "00000",
        "anonyme": "00000",
        "inactif": "00000",
    },
    "assign_referent_ars": {
        "admin": "11111",
        "superuser": "11111",
        "pilote": "00000",
        "ars": "00000",
        "contributeur": "00000",
        "lecteur": "00000",
        "anonyme": "00000",
        "inactif": "00000",
    },
    "build_regional_bilan": {
        "admin": "11111",
        "superuser": "11111",
        "pilote": "00000",
        "ars": "10000",
        "contributeur": "00000",
        "lecteur": "00000",
        "anonyme": "00000",
        "inactif": "00000",
    },
    "edit_regional_bilan": {
        "admin": "11111",
        "superuser": "11111",
        "pilote": "00000",
        "ars": "10000",
        "contributeur": "00000",
        "lecteur": "00000",
        "anonyme": "00000",
        "inactif": "00000",
    },
    "follow_region": {
        "admin": "11111",
        "superuser": "11111",
        "pilote": "00000",
        "ars": "10000",
        "contributeur": "00000",
        "lecteur": "00000",
        "anonyme": "00000",
        "inactif": "00000",
    },
    "publish_regional": {
        "admin": "11111",
        "superuser": "11111",
        "pilote": "00000",
        "ars": "10000",
        "contributeur": "00000",
        "lecteur": "00000",
        "anonyme": "00000",
        "inactif": "00000",
    },
}

# Rules without a territory: one expected answer per role.
SANS_TERRITOIRE = {
    "manage_referentiel": {"admin", "superuser"},
    "import_referentiel": {"admin", "superuser"},
    "read_drafts": {"admin", "superuser", "pilote", "ars", "contributeur", "lecteur"},
    "open_account_pages": {"admin", "superuser", "ars"},
    "write_bilan_texts": {"admin", "superuser"},
    "build_national_bilan": {"admin", "superuser", "pilote"},
    "publish_national": {"admin", "superuser"},
    "choose_key_figures": {"admin", "superuser"},
    "import_values": {"admin", "superuser", "pilote", "ars"},
    "validate_regional_bilan": {"admin", "superuser"},
    "import_ptsm": {"admin", "superuser"},
    "read_ptsm_contacts": {"admin", "superuser", "pilote", "ars", "contributeur", "lecteur"},
    "manage_campagnes": {"admin", "superuser"},
    "manage_demandes": {"admin", "superuser"},
    "read_journal": {"admin", "superuser"},
    "read_annuaire": {"admin", "superuser", "pilote", "ars", "contributeur", "lecteur"},
    "see_dashboards": {"admin", "superuser", "pilote", "ars", "contributeur", "lecteur"},
}

# can_publish_regional_bilan(user, bilan): one answer per bilan of BILANS (the state of the
# REG-32 bilan, then a validated REG-11 bilan, then no bilan at all).
BILANS = ("hdf-brouillon", "hdf-soumis", "hdf-renvoye", "hdf-valide", "idf-valide", "aucun")
PUBLICATION_REGIONALE = {
    "admin": "000110",
    "superuser": "000110",
    "pilote": "000000",
    "ars": "000100",
    "contributeur": "000000",
    "lecteur": "000000",
    "anonyme": "000000",
    "inactif": "000000",
}


def _check(name, w, user, t):
    match name:
        case "edit_values_ars":
            return perms.can_edit_values(user, w.ind_ars, t)
        case "edit_values_dgos":
            return perms.can_edit_values(user, w.ind_dgos, t)
        case "edit_values_drees":
            return perms.can_edit_values(user, w.ind_drees, t)
        case "territoires_editables":
            return perms.territoires_editables(user).filter(pk=t.pk).exists()
        case "edit_regional_roadmap":
            return perms.can_edit_regional_roadmap(user, t)
        case "comment":
            return perms.can_comment(user, t)
        case "manage_accounts":
            return perms.can_manage_accounts(user, t)
        case "assign_contributeur":
            return perms.can_assign_role(user, Role.CONTRIBUTEUR, t)
        case "assign_referent_ars":
            return perms.can_assign_role(user, Role.REFERENT_ARS, t)
        case "build_regional_bilan":
            return perms.can_build_regional_bilan(user, t)
        case "publish_regional":
            return perms.can_publish_regional(user, t)
        case "edit_regional_bilan":
            return perms.can_edit_regional_bilan(user, t)
        case "follow_region":
            return perms.can_follow_region(user, t)
    raise AssertionError(name)


def _user(w, role):
    return AnonymousUser() if role == "anonyme" else getattr(w, role)


def _cellules(autorise, colonnes) -> str:
    """A row of a matrix: "1" where ``autorise(colonne)`` is true, "0" elsewhere."""
    return "".join("1" if autorise(colonne) else "0" for colonne in colonnes)


@pytest.fixture
def world(db):
    return build_world()


@pytest.mark.parametrize(("name", "role"), [(n, r) for n in MATRICE for r in ROLES])
def test_matrix(world, name, role):
    user = _user(world, role)
    actual = _cellules(lambda t: _check(name, world, user, getattr(world, t)), TERRITOIRES)
    assert actual == MATRICE[name][role], f"{name} / {role} : {' '.join(TERRITOIRES)}"


@pytest.mark.parametrize(
    ("name", "role", "expected"),
    [(name, role, role in allowed) for name, allowed in SANS_TERRITOIRE.items() for role in ROLES],
)
def test_rules_without_territory(world, name, role, expected):
    user = _user(world, role)
    checks = {
        "manage_referentiel": perms.can_manage_referentiel,
        "import_referentiel": perms.can_import_referentiel,
        "read_drafts": perms.can_read_drafts,
        "open_account_pages": perms.can_manage_accounts,
        "write_bilan_texts": perms.can_write_bilan_texts,
        "build_national_bilan": perms.can_build_national_bilan,
        "publish_national": perms.can_publish_national,
        "choose_key_figures": perms.can_choose_key_figures,
        "import_values": perms.can_import_values,
        "validate_regional_bilan": perms.can_validate_regional_bilan,
        "import_ptsm": perms.can_import_ptsm,
        "read_ptsm_contacts": perms.can_read_ptsm_contacts,
        "manage_campagnes": perms.can_manage_campagnes,
        "manage_demandes": perms.can_manage_demandes,
        "read_journal": perms.can_read_journal,
        "read_annuaire": perms.can_read_annuaire,
        "see_dashboards": perms.can_see_dashboards,
    }
    assert checks[name](user) is expected


def _bilans(w):
    """One regional bilan per state of BILANS (the states set directly: the workflow has its
    own tests in tests/feuilles_regionales)."""
    from jalon.campagnes.models import Campagne
    from jalon.feuilles_regionales.models import BilanRegional

    bilans = {"aucun": None}
    for annee, (cle, region, statut) in enumerate(
        [(cle, w.hdf, cle.split("-")[1]) for cle in BILANS[:4]] + [("idf-valide", w.idf, "valide")],
        start=2021,
    ):
        campagne = Campagne.objects.create(annee=annee, **Campagne.calendrier_par_defaut(annee))
        bilans[cle] = BilanRegional.objects.create(
            region=region,
            campagne=campagne,
            statut=statut,
            soumis_le=timezone.now(),
            valide_le=timezone.now() if statut == "valide" else None,
            commentaire_renvoi="À compléter." if statut == "renvoye" else "",
        )
    return bilans


@pytest.mark.parametrize("role", ROLES)
def test_publish_regional_bilan_once_validated(world, role):
    user = _user(world, role)
    bilans = _bilans(world)
    actual = _cellules(lambda cle: perms.can_publish_regional_bilan(user, bilans[cle]), BILANS)
    assert actual == PUBLICATION_REGIONALE[role], f"{role} : {' '.join(BILANS)}"


# can_follow_provider(user, organisation): DGOS (the pilot's organisation), DREES, none.
SUIVI_FOURNISSEUR = {"admin": "111", "superuser": "111", "pilote": "100"}


@pytest.mark.parametrize("role", ROLES)
def test_follow_provider(world, role):
    user = _user(world, role)
    actual = _cellules(
        lambda o: perms.can_follow_provider(user, o), (world.dgos, world.drees, None)
    )
    assert actual == SUIVI_FOURNISSEUR.get(role, "000"), role


# Ad-hoc requests (jalon.demandes), one per entry of DEMANDES: published to REG-32 and REG-11,
# a draft to REG-32, closed after publication to REG-32, published to REG-11 only. The
# référent ARS is REG-32's; the inactive account is a REG-32 référent too.
DEMANDES = ("hdf+idf", "hdf-brouillon", "hdf-cloturee", "idf")

# can_read_demande(user, d), and d among demandes_visibles(user, all): one answer per demande.
# A closed request stays readable by its addressees; a draft is the national admin's only.
LECTURE_DEMANDE = {
    "admin": "1111",
    "superuser": "1111",
    "pilote": "0000",
    "ars": "1010",
    "contributeur": "0000",
    "lecteur": "0000",
    "anonyme": "0000",
    "inactif": "0000",
}

# Per demande, two cells: REG-32 then REG-11 (a region the request does not target is never
# answered nor read, whoever asks).
# can_answer_demande(user, d, r): nobody answers a draft, the admin included; a closed request
# is still answerable here (its lock is jalon.demandes.verrous's, tested in tests/demandes).
REPONSE_DEMANDE = {
    "admin": "11 00 10 01",
    "superuser": "11 00 10 01",
    "pilote": "00 00 00 00",
    "ars": "10 00 10 00",
    "contributeur": "00 00 00 00",
    "lecteur": "00 00 00 00",
    "anonyme": "00 00 00 00",
    "inactif": "00 00 00 00",
}
# r among regions_lisibles_demande(user, d): the admin reads a draft's targets too.
REGIONS_LISIBLES_DEMANDE = {
    "admin": "11 10 10 01",
    "superuser": "11 10 10 01",
    "pilote": "00 00 00 00",
    "ars": "10 00 10 00",
    "contributeur": "00 00 00 00",
    "lecteur": "00 00 00 00",
    "anonyme": "00 00 00 00",
    "inactif": "00 00 00 00",
}


def _demandes(w):
    """One request per entry of DEMANDES, its status set directly (the publication workflow
    has its own tests in tests/demandes)."""
    import datetime

    from jalon.demandes.models import Cible, Demande

    demandes = {}
    for cle, statut, regions in [
        ("hdf+idf", Demande.Statut.PUBLIEE, [w.hdf, w.idf]),
        ("hdf-brouillon", Demande.Statut.BROUILLON, [w.hdf]),
        ("hdf-cloturee", Demande.Statut.CLOTUREE, [w.hdf]),
        ("idf", Demande.Statut.PUBLIEE, [w.idf]),
    ]:
        demande = Demande.objects.create(
            titre=cle,
            echeance=timezone.localdate() + datetime.timedelta(days=10),
            statut=statut,
            publiee_le=None if statut == Demande.Statut.BROUILLON else timezone.now(),
            cloturee_le=timezone.now() if statut == Demande.Statut.CLOTUREE else None,
        )
        for region in regions:
            Cible.objects.create(demande=demande, region=region)
        demandes[cle] = demande
    return demandes


@pytest.mark.parametrize("role", ROLES)
def test_read_demande(world, role):
    from jalon.demandes.models import Demande

    user = _user(world, role)
    demandes = _demandes(world)
    visibles = set(
        perms.demandes_visibles(user, Demande.objects.all()).values_list("titre", flat=True)
    )
    lues = _cellules(lambda cle: perms.can_read_demande(user, demandes[cle]), DEMANDES)
    listees = _cellules(lambda cle: cle in visibles, DEMANDES)
    assert lues == LECTURE_DEMANDE[role], f"{role} : {' '.join(DEMANDES)}"
    # The list and the detail pages must agree: a request listed is a request readable.
    assert listees == LECTURE_DEMANDE[role], f"{role} : {' '.join(DEMANDES)}"


@pytest.mark.parametrize("role", ROLES)
def test_answer_demande_and_regions_read(world, role):
    user = _user(world, role)
    demandes = _demandes(world)
    regions = (world.hdf, world.idf)
    repond = " ".join(
        _cellules(lambda r, d=demandes[cle]: perms.can_answer_demande(user, d, r), regions)
        for cle in DEMANDES
    )
    lit = " ".join(
        _cellules(
            lambda r, d=demandes[cle]: (
                perms.regions_lisibles_demande(user, d).filter(pk=r.pk).exists()
            ),
            regions,
        )
        for cle in DEMANDES
    )
    assert repond == REPONSE_DEMANDE[role], f"{role} : {' '.join(DEMANDES)} (REG-32, REG-11)"
    assert lit == REGIONS_LISIBLES_DEMANDE[role], f"{role} : {' '.join(DEMANDES)}"


def test_demande_answers_only_for_a_targeted_region_itself(world):
    demande = _demandes(world)["hdf+idf"]
    for user in (world.admin, world.ars):
        assert not perms.can_answer_demande(user, demande, None)
        # A department of a targeted region is not an addressee: requests go to regions.
        assert not perms.can_answer_demande(user, demande, world.nord)
    # The other targeted region's référent answers for its own region only.
    assert perms.can_answer_demande(world.ars_idf, demande, world.idf)
    assert not perms.can_answer_demande(world.ars_idf, demande, world.hdf)
    assert list(perms.regions_lisibles_demande(world.ars_idf, demande)) == [world.idf]


# can_write_narrative(user, action), one answer per action of ACTIONS: piloted by DGOS (the
# pilot's organisation) in the current version, by DGOS in 2019 only and by DREES since, by
# DREES only, co-piloted by DREES and DGOS, piloted by nobody, no action at all.
ACTIONS = ("dgos", "dgos-2019", "drees", "drees+dgos", "sans-pilote", "aucune")
NARRATIFS = {
    "admin": "111111",
    "superuser": "111111",
    "pilote": "110100",
    "ars": "000000",
    "contributeur": "000000",
    "lecteur": "000000",
    "anonyme": "000000",
    "inactif": "000000",
}


def _actions(w):
    from tests.factories import ActionVersionFactory, AxeFactory, PlanVersionFactory

    v2019 = PlanVersionFactory(code="2019", est_courante=False)
    axe, axe_2019 = AxeFactory(), AxeFactory(version=v2019)
    actions = {"aucune": None}
    for numero, cle, pilotes in [
        ("1", "dgos", [w.dgos]),
        ("2", "dgos-2019", [w.drees]),
        ("3", "drees", [w.drees]),
        ("4", "drees+dgos", [w.drees, w.dgos]),
        ("5", "sans-pilote", []),
    ]:
        actions[cle] = ActionVersionFactory(axe=axe, numero=numero, pilotes=pilotes).action
    ActionVersionFactory(axe=axe_2019, numero="12", action=actions["dgos-2019"], pilotes=[w.dgos])
    return actions


@pytest.mark.parametrize("role", ROLES)
def test_write_narrative(world, role):
    user = _user(world, role)
    actions = _actions(world)
    actual = _cellules(lambda cle: perms.can_write_narrative(user, actions[cle]), ACTIONS)
    assert actual == NARRATIFS[role], f"{role} : {' '.join(ACTIONS)}"


def test_matrix_covers_every_role():
    assert set(PUBLICATION_REGIONALE) == set(ROLES)
    assert all(len(cells) == len(BILANS) for cells in PUBLICATION_REGIONALE.values())
    for row, size in [
        (LECTURE_DEMANDE, len(DEMANDES)),
        (NARRATIFS, len(ACTIONS)),
        (REPONSE_DEMANDE, 3 * len(DEMANDES) - 1),
        (REGIONS_LISIBLES_DEMANDE, 3 * len(DEMANDES) - 1),
    ]:
        assert set(row) == set(ROLES)
        assert all(len(cells) == size for cells in row.values())
    for row in MATRICE.values():
        assert set(row) == set(ROLES)
        assert all(len(cells) == len(TERRITOIRES) for cells in row.values())


def test_no_territory_never_matches_a_territorial_scope(world):
    assert not perms.can_comment(world.ars, None)
    assert not perms.can_edit_values(world.ars, world.ind_ars, None)
    assert perms.can_edit_values(world.admin, world.ind_ars, None)


def test_referent_ars_manages_only_delegable_accounts_of_its_region(world):
    geres = set(perms.comptes_geres(world.ars).values_list("username", flat=True))
    assert geres == {"ptsm"}
    assert set(perms.comptes_geres(world.ars_idf)) == set()
    assert perms.comptes_geres(world.admin).count() == Utilisateur.objects.count()
    assert not perms.comptes_geres(world.lecteur).exists()
    assert perms.can_edit_account(world.ars, world.contributeur)
    assert not perms.can_edit_account(world.ars, world.inactif)  # another référent
    assert not perms.can_edit_account(world.ars_idf, world.contributeur)


def test_fetch_helpers_raise_404_and_403(world):
    assert perms.get_territoire_editable_or_403(world.ars, "DEP-59") == world.nord
    with pytest.raises(PermissionDenied):
        perms.get_territoire_editable_or_403(world.ars, "DEP-75")
    with pytest.raises(Http404):
        perms.get_territoire_editable_or_403(world.ars, "DEP-00")
    assert perms.get_compte_for_user(world.ars, world.contributeur.pk) == world.contributeur
    with pytest.raises(Http404):
        perms.get_compte_for_user(world.ars, world.admin.pk)
    with pytest.raises(PermissionDenied):
        perms.require(False)
