"""The dashboards read rollups and grouped queries; each answer must equal what the raw
values give. The raw computations below are the ones the pages used before (per-indicator
scans of `saisies.Valeur`, one cell at a time for the campaign), kept here as the reference,
and run on a small random world: several indicators and levels, yearly and monthly periods,
every status, values without a number, submissions before and after the deadline."""

import datetime
import random
from decimal import Decimal
from statistics import median

import pytest
from django.db.models import Count, Max, Q

from jalon import agregats
from jalon.agregats.reconstruction import reconstruire
from jalon.campagnes import attendus, completude, suivi
from jalon.campagnes.attendus import Bilan
from jalon.campagnes.models import Campagne
from jalon.referentiel.models import Indicateur
from jalon.saisies.models import HistoriqueValeur, Valeur
from jalon.saisies.periodes import parse_periode
from jalon.tableaux import alertes, populations, region
from jalon.territoires.models import Territoire
from jalon.territoires.services import load_territoires
from tests.factories import IndicateurFactory, OrganisationFactory

M = Indicateur.Maille
S = Valeur.Statut
STATUTS = [S.BROUILLON, S.SOUMISE, S.VALIDEE, S.VALIDEE, S.RENVOYEE]


@pytest.fixture
def monde_aleatoire(db):
    return _construire_monde(20261201)


def _construire_monde(graine):
    load_territoires()
    hasard = random.Random(graine)
    drees = OrganisationFactory(code="DREES")
    atih = OrganisationFactory(code="ATIH")
    indicateurs = [
        IndicateurFactory(code="A01INDM01", maille=M.NATIONALE, fournisseur=drees),
        IndicateurFactory(code="A01INDM02", maille=M.REGIONALE, fournisseur=drees),
        IndicateurFactory(
            code="A01INDM03", maille=M.DEPARTEMENTALE, fournisseur=atih, unite="pourcentage"
        ),
        IndicateurFactory(code="A01INDM04", maille=M.INFRA_DEPARTEMENTALE, fournisseur=atih),
        IndicateurFactory(
            code="A01INDM05", maille=M.REGIONALE, frequence="mensuelle", fournisseur=atih
        ),
        IndicateurFactory(code="A01INDR01", maille=M.REGIONALE, ars=True),
        IndicateurFactory(code="A01INDR02", maille=M.DEPARTEMENTALE, ars=True),
    ]
    departements = Territoire.objects.departements()
    territoires = {
        "pays": list(Territoire.objects.filter(code="FR")),
        "region": list(Territoire.objects.regions()),
        # Every department counts in the campaign's expected cells; a few carry values.
        "departement": list(departements.filter(parent__code__in=["REG-32", "REG-11", "REG-06"])),
    }
    campagne = Campagne.objects.create(annee=2023, **Campagne.calendrier_par_defaut(2023))
    echeances = [campagne.echeance_valeurs_regionales, campagne.echeance_valeurs_nationales]
    valeurs = []
    for indicateur in indicateurs:
        periodes = ["2021", "2022", "2023"]
        if indicateur.frequence == "mensuelle":
            periodes += [f"2023-{m:02d}" for m in range(1, 13)] + ["2024-01"]
        for liste in territoires.values():
            for territoire in liste:
                for code in periodes:
                    if hasard.random() < 0.45:
                        continue
                    periode = parse_periode(code)
                    valeurs.append(
                        Valeur(
                            indicateur=indicateur,
                            territoire=territoire,
                            periode=periode.code,
                            annee=periode.annee,
                            debut=periode.debut,
                            valeur=None if hasard.random() < 0.1 else hasard.randint(0, 500),
                            statut=hasard.choice(STATUTS),
                            source="Source de test",
                        )
                    )
    # Written in bulk for speed, then the rollups are rebuilt from them (`reconstruire`
    # agrees with the write path: `jalon rebuild-agregats --verifier` and its tests).
    Valeur.objects.bulk_create(valeurs)
    soumises = {}
    for cree in Valeur.objects.select_related("indicateur").filter(
        periode="2023", statut__in=[S.SOUMISE, S.VALIDEE, S.RENVOYEE]
    ):
        echeance = echeances[0] if cree.indicateur.saisie_ars else echeances[1]
        moment = (echeance, hasard.choice((-3, 0, 1, 20)))
        soumises.setdefault(moment, []).append(cree)
    for (echeance, jours), liste in soumises.items():
        _soumises(liste, echeance, jours)
    reconstruire()
    return indicateurs


def _soumises(valeurs, echeance, jours):
    """Submissions recorded ``jours`` days after the deadline (late at night, UTC)."""
    crees = HistoriqueValeur.objects.bulk_create(
        HistoriqueValeur(
            valeur=v, canal="formulaire", nouvelle_valeur=v.valeur, nouveau_statut=S.SOUMISE
        )
        for v in valeurs
    )
    moment = datetime.datetime.combine(
        echeance + datetime.timedelta(days=jours), datetime.time(23, 30), tzinfo=datetime.UTC
    )
    HistoriqueValeur.objects.filter(pk__in=[h.pk for h in crees]).update(horodatage=moment)


def _brutes(validees_seulement):
    requete = Valeur.objects.filter(valeur__isnull=False)
    if validees_seulement:
        requete = requete.filter(statut=S.VALIDEE)
    return requete


def _dernieres_brutes(validees_seulement, **filtres):
    """{indicator id: {territory code: (periode, valeur, statut)}} from the raw values."""
    resultat = {}
    for ind, code, debut, periode, nombre, statut in (
        _brutes(validees_seulement)
        .filter(**filtres)
        .values_list("indicateur_id", "territoire__code", "debut", "periode", "valeur", "statut")
    ):
        actuelle = resultat.setdefault(ind, {}).get(code)
        if actuelle is None or (debut, periode) > actuelle[0]:
            resultat[ind][code] = ((debut, periode), (periode, nombre, statut))
    return {i: {c: v[1] for c, v in par.items()} for i, par in resultat.items()}


@pytest.mark.parametrize("validees_seulement", [False, True])
def test_latest_values_and_periods_match_the_raw_values(monde_aleatoire, validees_seulement):
    lues = agregats.dernieres_par_indicateur(niveau="region", validees_seulement=validees_seulement)
    attendues = _dernieres_brutes(validees_seulement, territoire__niveau="region")
    assert {
        i: {v.territoire: (v.periode, v.valeur, v.statut) for v in liste}
        for i, liste in lues.items()
    } == attendues
    ordre = [t.code for t in Territoire.objects.regions()]
    for liste in lues.values():
        assert [v.territoire for v in liste] == [
            c for c in ordre if c in {v.territoire for v in liste}
        ]

    # The latest period of each indicator, any territory (the stale data alert).
    brutes = _brutes(validees_seulement)
    debuts = dict(
        brutes.values("indicateur_id").annotate(d=Max("debut")).values_list("indicateur_id", "d")
    )
    periodes = {}
    for ind, periode, debut in brutes.values_list("indicateur_id", "periode", "debut"):
        if debut == debuts[ind]:
            periodes[ind] = max(periodes.get(ind, ""), periode)
    assert (
        agregats.derniere_periode_par_indicateur(validees_seulement=validees_seulement) == periodes
    )
    assert "2024-01" in periodes.values()


@pytest.mark.parametrize("validees_seulement", [False, True])
def test_national_year_and_published_counts_match_the_raw_values(
    monde_aleatoire, validees_seulement
):
    brutes = _brutes(validees_seulement)
    annee = brutes.filter(territoire__code="FR").aggregate(a=Max("annee"))["a"]
    assert agregats.derniere_annee_nationale(validees_seulement=validees_seulement) == annee
    filtre = Q(valeurs__valeur__isnull=False)
    if validees_seulement:
        filtre &= Q(valeurs__statut=S.VALIDEE)
    attendus = {
        pk: (n, a)
        for pk, n, a in Indicateur.objects.annotate(
            n=Count("valeurs", filter=filtre), a=Max("valeurs__annee", filter=filtre)
        )
        .filter(n__gt=0)
        .values_list("pk", "n", "a")
    }
    assert agregats.comptes_par_indicateur(validees_seulement=validees_seulement) == attendus


def _lignes_region_brutes(territoire):
    """The region page's rows as computed before, indicator by indicator."""
    ids = set(
        Valeur.objects.filter(territoire=territoire, valeur__isnull=False)
        .values_list("indicateur_id", flat=True)
        .distinct()
    )
    lignes = []
    for indicateur in Indicateur.objects.filter(pk__in=ids).order_by("code"):
        dernieres = agregats.valeurs_par_territoire(indicateur, niveau="region")
        propre = next(v for v in dernieres if v.territoire == territoire.code)
        meme = agregats.valeurs_par_territoire(indicateur, niveau="region", periode=propre.periode)
        chiffres = sorted((v.valeur for v in meme), reverse=True)
        france = next(
            (p.valeur for p in agregats.serie(indicateur, "FR") if p.periode == propre.periode),
            None,
        )
        lignes.append(
            (
                indicateur.code,
                propre.periode,
                propre.valeur,
                propre.statut,
                median(chiffres),
                chiffres.index(propre.valeur) + 1,
                len(chiffres),
                france,
            )
        )
    return lignes


def test_region_rows_match_the_per_indicator_computation(
    monde_aleatoire, django_assert_max_num_queries
):
    for code in ("REG-32", "REG-11", "REG-06"):
        territoire = Territoire.objects.get(code=code)
        with django_assert_max_num_queries(4):
            lignes = region.lignes_region(territoire)
        assert [
            (
                ligne.indicateur.code,
                ligne.periode,
                ligne.valeur,
                ligne.statut,
                ligne.mediane,
                ligne.rang,
                ligne.sur,
                ligne.france,
            )
            for ligne in lignes
        ] == _lignes_region_brutes(territoire)
        assert lignes


def _ecarts_bruts(indicateurs):
    """Alerts of regions far from the median, one indicator at a time, as before."""
    alertes_ = []
    for indicateur in indicateurs:
        alertes_ += alertes.ecarts_mediane([indicateur])
    return alertes_


def test_median_alerts_read_at_once_equal_those_read_one_by_one(
    monde_aleatoire, django_assert_max_num_queries
):
    regionaux = [i for i in monde_aleatoire if i.maille == M.REGIONALE]
    with django_assert_max_num_queries(2):
        groupees = alertes.ecarts_mediane(regionaux)
    assert groupees == _ecarts_bruts(regionaux)
    assert groupees


def test_median_alert_compares_the_regions_latest_raw_figures(monde_aleatoire):
    indicateur = next(i for i in monde_aleatoire if i.code == "A01INDR01")
    dernieres = _dernieres_brutes(False, territoire__niveau="region")[indicateur.pk]
    peuplees = {t.code: t.population for t in populations.territoires("region")}
    # A count is compared per 100 000 inhabitants.
    taux = {
        code: populations.taux(nombre, peuplees[code]) for code, (_, nombre, _) in dernieres.items()
    }
    med = median(taux.values())
    loin = {
        code for code, chiffre in taux.items() if abs((chiffre - med) / abs(med)) > Decimal("0.5")
    }
    noms = dict(Territoire.objects.regions().values_list("code", "nom"))
    trouvees = {
        a.titre.split(":")[1].split(",")[0].strip() for a in alertes.ecarts_mediane([indicateur])
    }
    assert trouvees == {noms[code] for code in loin}


def _completude_par_cellules(campagne) -> dict:
    """The reference: every expected cell built by `attendus`, summed by `Bilan.de` (what
    the campaign page did before counting in SQL)."""

    def somme(bilans):
        total = Bilan()
        for bilan in bilans:
            total.attendues += bilan.attendues
            total.recues += bilan.recues
            total.a_l_heure += bilan.a_l_heure
            total.par_etat.update(bilan.par_etat)
        return total

    regions = [
        (region, Bilan.de(cellules))
        for region, cellules in attendus.cellules_toutes_regions(campagne).items()
    ]
    fournisseurs = [
        (org, Bilan.de(cellules))
        for org, cellules in attendus.cellules_tous_fournisseurs(campagne).items()
    ]
    return {
        "par_region": regions,
        "total_regions": somme(b for _, b in regions),
        "par_fournisseur": fournisseurs,
        "total_fournisseurs": somme(b for _, b in fournisseurs),
    }


def _resume(donnees):
    return {
        cle: [(objet.code, bilan) for objet, bilan in donnees[cle]]
        for cle in ("par_region", "par_fournisseur")
    } | {cle: donnees[cle] for cle in ("total_regions", "total_fournisseurs")}


def test_campaign_completeness_counted_in_sql_equals_the_cell_by_cell_count(
    monde_aleatoire, django_assert_max_num_queries
):
    campagne = Campagne.objects.get(annee=2023)
    # The indicators, the territories, one UNION ALL of the counts.
    with django_assert_max_num_queries(3):
        comptee = completude.completude(campagne)
    assert _resume(comptee) == _resume(_completude_par_cellules(campagne))
    # The campaign page and API read the same count.
    assert _resume(suivi.completude(campagne)) == _resume(comptee)
    total = comptee["total_regions"]
    assert 0 < total.a_l_heure < total.recues < total.attendues
    assert comptee["total_fournisseurs"].a_l_heure > 0


@pytest.mark.parametrize("graine", [1, 2, 3])
def test_campaign_page_and_api_count_equals_the_cells_on_other_random_worlds(
    db, graine, client, django_assert_max_num_queries
):
    from jalon.comptes.models import Utilisateur

    _construire_monde(graine)
    campagne = Campagne.objects.get(annee=2023)
    assert _resume(suivi.completude(campagne)) == _resume(_completude_par_cellules(campagne))
    admin = Utilisateur.objects.create(username="admin", role=Utilisateur.Role.ADMIN_NATIONAL)
    client.force_login(admin)
    for url in ("/campagnes/2023/", "/api/v1/campagnes/2023/completude"):
        # Session, user, campaign and its access checks, then the three counting queries.
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200


def test_campaign_completeness_without_any_value(db):
    load_territoires()
    IndicateurFactory(code="A01INDR01", maille=M.DEPARTEMENTALE, ars=True)
    IndicateurFactory(code="A01INDM01", maille=M.NATIONALE)
    campagne = Campagne.objects.create(annee=2023, **Campagne.calendrier_par_defaut(2023))
    assert _resume(completude.completude(campagne)) == _resume(_completude_par_cellules(campagne))


@pytest.mark.parametrize("validees_seulement", [False, True])
def test_periods_of_a_level_match_the_raw_values(monde_aleatoire, validees_seulement):
    for indicateur in monde_aleatoire:
        for niveau in ("pays", "region", "departement", "ptsm"):
            paires = set(
                _brutes(validees_seulement)
                .filter(indicateur=indicateur, territoire__niveau=niveau)
                .order_by()
                .values_list("debut", "periode")
            )
            attendues = [periode for _, periode in sorted(paires, reverse=True)]
            lues = agregats.periodes(
                indicateur, niveau=niveau, validees_seulement=validees_seulement
            )
            assert lues == attendues, (indicateur.code, niveau)
    mensuel = next(i for i in monde_aleatoire if i.frequence == "mensuelle")
    assert agregats.periodes(mensuel, niveau="region")[:2] == ["2024-01", "2023-12"]


def test_one_region_s_bilan_counted_in_sql_equals_its_cells(
    monde_aleatoire, django_assert_max_num_queries
):
    campagne = Campagne.objects.get(annee=2023)
    for code in ("REG-32", "REG-11", "REG-94"):
        territoire = Territoire.objects.get(code=code)
        with django_assert_max_num_queries(3):
            bilan = completude.bilan_region(campagne, territoire)
        assert bilan == Bilan.de(attendus.cellules_region(campagne, territoire))
    assert bilan.attendues > 0


def test_expected_indicator_predicates_match_the_campaign_querysets(db):
    """`completude` sorts the loaded indicators with `est_attendu_*`; they must keep the
    indicators `attendus.indicateurs_ars` / `indicateurs_fournis` select, whatever the mix."""
    hasard = random.Random(6)
    drees = OrganisationFactory(code="DREES")
    for n in range(60):
        IndicateurFactory(
            code=f"A02INDM{n:02d}",
            maille=hasard.choice(list(M)),
            saisie_ars=hasard.random() < 0.4,
            fournisseur=drees if hasard.random() < 0.7 else None,
            retire=hasard.random() < 0.2,
        )
    tous = list(Indicateur.objects.all())
    assert {i.pk for i in tous if attendus.est_attendu_des_ars(i)} == set(
        attendus.indicateurs_ars().values_list("pk", flat=True)
    )
    assert {i.pk for i in tous if attendus.est_attendu_d_un_fournisseur(i)} == set(
        attendus.indicateurs_fournis().values_list("pk", flat=True)
    )
    assert attendus.indicateurs_ars().exists() and attendus.indicateurs_fournis().exists()


def test_indicator_links_equal_reverse():
    from django.urls import reverse

    liens = alertes.LiensIndicateurs()
    for code in ("A016INDR01", "A017quaterINDM01", "A01 é&x"):
        assert liens[code] == reverse("www:tableau_indicateur", args=[code])
