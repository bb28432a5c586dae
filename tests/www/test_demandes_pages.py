"""Ad-hoc request pages: the national admin creates, publishes, follows and exports; the ARS
answers its region (questions and values through the campaign grid); everyone else is kept
out of every entry point."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from jalon.campagnes.verrous import aujourd_hui
from jalon.demandes import services
from jalon.demandes.models import Cible, Demande
from jalon.saisies.models import Valeur
from tests.demandes.conftest import echeance_passee, nouvelle_demande

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def monde(db):
    from tests.campagnes.monde import construire_monde

    return construire_monde()


@pytest.fixture
def demande(monde):
    return nouvelle_demande(monde)


def _texte(reponse) -> str:
    return html.unescape(reponse.content.decode())


def _url(nom, demande, *args):
    return reverse(f"www:{nom}", args=[demande.pk, *args])


def test_admin_creates_a_draft_then_publishes_it(client, monde):
    client.force_login(monde.u.admin)
    echeance = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()
    reponse = client.post(
        reverse("www:demande_creer"),
        {
            "titre": "Équipes mobiles psychiatrie précarité",
            "contexte": "Recensement",
            "echeance": echeance,
            "regions": ["REG-32", "REG-11"],
            "questions": "Combien d'équipes ?\n\nQuels financements ?",
            "indicateurs": ["A010INDM01"],
            "periode": "2024",
        },
    )
    demande = Demande.objects.get()
    assert reponse.status_code == 302 and reponse.url == _url("demande", demande)
    assert demande.est_brouillon and demande.questions.count() == 2

    page = _texte(client.get(_url("demande", demande)))
    assert "Publier aux régions" in page and "Combien d'équipes ?" in page
    client.post(_url("demande_publier", demande))
    demande.refresh_from_db()
    assert demande.est_publiee


def test_form_errors_are_french_and_nothing_is_saved(client, monde):
    client.force_login(monde.u.admin)
    reponse = client.post(
        reverse("www:demande_creer"),
        {
            "titre": "Sans destinataire",
            "echeance": "32/13/2024",
            "indicateurs": ["A010INDM01"],
        },
    )
    page = _texte(reponse)

    assert reponse.status_code == 422
    assert "Date attendue au format JJ/MM/AAAA." in page
    assert not Demande.objects.exists()
    reponse = client.post(
        reverse("www:demande_creer"),
        {"titre": "Sans destinataire", "echeance": "2099-01-01", "indicateurs": ["A010INDM01"]},
    )
    page = _texte(reponse)
    assert "Choisissez au moins une région destinataire." in page
    assert "Indiquez la période des valeurs demandées" in page
    assert not Demande.objects.exists()


def test_follow_up_table_shows_each_region_status(client, monde, demande):
    services.clore_reponse(monde.u.admin, demande, monde.idf, motif="Sans objet")
    client.force_login(monde.u.admin)

    page = _texte(client.get(_url("demande", demande)))

    assert "Hauts-de-France" in page and "Île-de-France" in page
    assert "À faire" in page and "Close" in page
    assert "Réponses par région destinataire" in page


def test_ars_answers_on_its_region_page(client, monde, demande):
    client.force_login(monde.u.ars)
    question = demande.questions.get(rang=1)

    assert client.get(_url("demande", demande)).url == _url("demande_region", demande, "REG-32")
    page = _texte(client.get(_url("demande_region", demande, "REG-32")))
    assert question.texte in page and "Transmettre la réponse" in page
    reponse = client.post(
        _url("demande_repondre", demande, "REG-32"),
        {f"q-{question.pk}": "Déployé partout", f"ver-{question.pk}": "0"},
    )
    assert reponse.status_code == 302
    assert question.reponses.get(region=monde.hdf).texte == "Déployé partout"


def test_conflicting_answer_shows_both_texts(client, monde, demande):
    question = demande.questions.get(rang=1)
    services.enregistrer_reponse(monde.u.admin, demande, monde.hdf, question, "Texte national")
    client.force_login(monde.u.ars)

    reponse = client.post(
        _url("demande_repondre", demande, "REG-32"),
        {f"q-{question.pk}": "Texte ARS", f"ver-{question.pk}": "0"},
    )
    page = _texte(reponse)

    assert reponse.status_code == 409
    assert "a été modifiée par admin" in page and "Texte national" in page and "Texte ARS" in page
    assert question.reponses.get().texte == "Texte national"


def test_values_are_entered_in_the_campaign_grid_through_the_values_service(client, monde, demande):
    client.force_login(monde.u.ars)
    page = _texte(client.get(_url("demande_grille", demande, "REG-32")))
    assert "Valeurs 2024-S1 demandées à Hauts-de-France" in page
    assert "Nord" in page and "Pas-de-Calais" in page

    url = _url("demande_cellule", demande, "REG-32", "A010INDM01", "REG-32")
    reponse = client.post(
        url, {"v-A010INDM01__REG-32": "1 333", "ver-A010INDM01__REG-32": "0"}, **HTMX
    )
    assert reponse.status_code == 200 and "Enregistré" in _texte(reponse)
    valeur = Valeur.objects.get(periode="2024-S1", territoire=monde.hdf)
    assert valeur.valeur == 1333 and valeur.historique.count() == 1
    assert Cible.objects.get(demande=demande, region=monde.hdf).statut == "en_cours"

    client.post(_url("demande_soumettre", demande, "REG-32"))
    valeur.refresh_from_db()
    assert valeur.statut == Valeur.Statut.SOUMISE


def test_after_the_deadline_grid_and_answers_are_locked(client, monde, demande):
    echeance_passee(demande)
    client.force_login(monde.u.ars)
    question = demande.questions.get(rang=1)

    page = _texte(client.get(_url("demande_region", demande, "REG-32")))
    assert "la réponse est verrouillée" in page
    reponse = client.post(
        _url("demande_repondre", demande, "REG-32"),
        {f"q-{question.pk}": "Trop tard", f"ver-{question.pk}": "0"},
    )
    assert reponse.status_code == 422 and not question.reponses.exists()
    url = _url("demande_cellule", demande, "REG-32", "A010INDM01", "REG-32")
    client.post(url, {"v-A010INDM01__REG-32": "5", "ver-A010INDM01__REG-32": "0"}, **HTMX)
    assert not Valeur.objects.exists()

    client.force_login(monde.u.admin)
    client.post(
        _url("demande_exception", demande, "REG-32"),
        {"jusqu_au": aujourd_hui().isoformat(), "motif": "Retard justifié"},
    )
    client.force_login(monde.u.ars)
    client.post(url, {"v-A010INDM01__REG-32": "5", "ver-A010INDM01__REG-32": "0"}, **HTMX)
    assert Valeur.objects.get().valeur == 5


def test_transmit_then_admin_reopens(client, monde):
    demande = nouvelle_demande(monde, indicateurs=[], periode="", questions=["Une question"])
    question = demande.questions.get()
    client.force_login(monde.u.ars)
    client.post(
        _url("demande_repondre", demande, "REG-32"),
        {f"q-{question.pk}": "Réponse", f"ver-{question.pk}": "0"},
    )
    client.post(_url("demande_transmettre", demande, "REG-32"))
    assert Cible.objects.get(demande=demande, region=monde.hdf).statut == "repondue"

    client.force_login(monde.u.admin)
    client.post(
        _url("demande_cloture_region", demande, "REG-32"),
        {"action": "rouvrir", "motif": "Précisez"},
    )
    assert Cible.objects.get(demande=demande, region=monde.hdf).statut == "en_cours"


def test_csv_export_neutralises_formulas(client, monde, demande):
    question = demande.questions.get(rang=1)
    services.enregistrer_reponse(monde.u.ars, demande, monde.hdf, question, "=HYPERLINK(1)")
    client.force_login(monde.u.admin)

    reponse = client.get(_url("demande_export", demande))
    texte = reponse.content.decode("utf-8-sig")

    assert reponse["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK(1)" in texte
    assert texte.splitlines()[0].startswith("region_code;region;statut")
    assert "A015INDM01" in texte and "DEP-62" in texte


def test_the_ars_to_do_page_lists_its_open_requests(client, monde, demande):
    monde.campagne.echeance_valeurs_regionales = aujourd_hui() + datetime.timedelta(days=5)
    monde.campagne.save()
    client.force_login(monde.u.ars)

    page = _texte(client.get(reverse("www:campagne_region", args=[2023, "REG-32"])))

    assert "Demandes ponctuelles à traiter" in page and demande.titre in page
    client.force_login(monde.u.ars_idf)
    autre = nouvelle_demande(monde, titre="Seulement HDF", regions=[monde.hdf])
    page = _texte(client.get(reverse("www:campagne_region", args=[2023, "REG-11"])))
    assert autre.titre not in page


def test_demo_example_is_labelled(client, monde):
    demande = nouvelle_demande(monde, exemple_demo=True)
    client.force_login(monde.u.ars)

    page = _texte(client.get(_url("demande_region", demande, "REG-32")))

    assert "Exemple de démonstration" in page and "pas été envoyée par la DMSMP" in page


# --- Who reaches what ---------------------------------------------------------------------

ECRITURES_ADMIN = [
    ("demande_publier", ()),
    ("demande_statut", ()),
    ("demande_cloture_region", ("REG-32",)),
    ("demande_exception", ("REG-32",)),
]


@pytest.mark.parametrize("compte", ["ars", "pilote", "lecteur"])
def test_only_the_national_admin_manages(client, monde, demande, compte):
    client.force_login(getattr(monde.u, compte))

    assert client.get(reverse("www:demande_creer")).status_code == 403
    assert client.get(_url("demande_modifier", demande)).status_code == 403
    assert client.get(_url("demande_export", demande)).status_code == 403
    for nom, args in ECRITURES_ADMIN:
        assert client.post(_url(nom, demande, *args), {"motif": "x"}).status_code == 403
    demande.refresh_from_db()
    assert demande.est_publiee


def test_another_region_cannot_see_or_answer(client, monde):
    demande = nouvelle_demande(monde, regions=[monde.hdf])
    question = demande.questions.get(rang=1)
    client.force_login(monde.u.ars_idf)

    assert client.get(_url("demande", demande)).status_code == 404
    assert client.get(_url("demande_region", demande, "REG-32")).status_code == 404
    assert client.get(_url("demande_grille", demande, "REG-32")).status_code == 404
    assert (
        client.post(
            _url("demande_repondre", demande, "REG-32"), {f"q-{question.pk}": "x"}
        ).status_code
        == 404
    )
    assert client.post(_url("demande_transmettre", demande, "REG-32")).status_code == 404
    assert demande.titre not in _texte(client.get(reverse("www:demandes")))


def test_an_ars_cannot_open_another_targeted_regions_answer(client, monde, demande):
    client.force_login(monde.u.ars)

    assert client.get(_url("demande_region", demande, "REG-11")).status_code == 404
    url = _url("demande_cellule", demande, "REG-11", "A010INDM01", "REG-11")
    assert client.post(url, {"v-A010INDM01__REG-11": "5"}).status_code == 404


@pytest.mark.parametrize("compte", ["pilote", "lecteur"])
def test_non_addressees_reach_no_request(client, monde, demande, compte):
    client.force_login(getattr(monde.u, compte))

    assert client.get(reverse("www:demandes")).status_code == 403
    assert client.get(_url("demande", demande)).status_code == 404
    assert client.get(_url("demande_region", demande, "REG-32")).status_code == 404


def test_anonymous_is_sent_to_login(client, demande):
    reponse = client.get(_url("demande", demande))

    assert reponse.status_code == 302 and "connexion" in reponse.url or "login" in reponse.url


def test_admin_edits_a_published_request_title_deadline_and_adds_a_region(client, monde):
    demande = nouvelle_demande(monde, regions=[monde.hdf])
    client.force_login(monde.u.admin)
    formulaire = _texte(client.get(_url("demande_modifier", demande)))
    assert "Ses questions, ses indicateurs et sa période sont figés" in formulaire

    nouvelle = (demande.echeance + datetime.timedelta(days=7)).isoformat()
    reponse = client.post(
        _url("demande_modifier", demande),
        {
            "titre": "Titre corrigé",
            "contexte": demande.contexte,
            "echeance": nouvelle,
            "regions": ["REG-32", "REG-11"],
            # Frozen fields sent anyway (a crafted request): the form ignores them.
            "questions": "Question glissée",
            "motif": "Report demandé par les ARS",
        },
    )

    assert reponse.status_code == 302
    demande.refresh_from_db()
    assert demande.titre == "Titre corrigé" and demande.echeance.isoformat() == nouvelle
    assert demande.cibles.count() == 2
    assert list(demande.questions.values_list("texte", flat=True)) == [
        "Où en est le déploiement de VigilanS ?",
        "Quelles difficultés ?",
    ]
    assert demande.indicateurs.count() == 2


def test_after_the_deadline_values_cannot_be_submitted(client, monde, demande):
    from jalon.saisies import services as saisies

    valeur = saisies.enregistrer_valeur(
        monde.u.ars, monde.ind.ars_reg, monde.hdf, "2024-S1", "4", canal=Valeur.Canal.FORMULAIRE
    )
    echeance_passee(demande)
    client.force_login(monde.u.ars)

    reponse = client.post(_url("demande_soumettre", demande, "REG-32"), follow=True)

    assert "la réponse est verrouillée" in _texte(reponse)
    valeur.refresh_from_db()
    assert valeur.statut == Valeur.Statut.BROUILLON
