"""One rule for writing over a submitted or validated value, whatever the channel.

`jalon.saisies.services.statut_apres_ecriture`: the same figure, source and comment is no write
at all (not refused); any other change is refused unless the writer is a national admin, who
changes it without changing its status. The entry grid, the file import and the API all go
through it; each is tested here on the same submitted value.
"""

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from jalon.comptes.models import ApiToken
from jalon.imports.models import ExecutionImport
from jalon.imports.valeurs import importer_valeurs
from jalon.saisies import services
from jalon.saisies.models import HistoriqueValeur, Valeur
from tests.campagnes.monde import construire_monde
from tests.imports.valeurs_monde import ecrire_csv

pytestmark = pytest.mark.django_db
S = Valeur.Statut


@pytest.fixture
def monde(db):
    monde = construire_monde()
    # Entry open today: the campaign lock is not what these tests are about.
    monde.campagne.echeance_valeurs_regionales = datetime.date.today() + datetime.timedelta(10)
    monde.campagne.save()
    return monde


@pytest.fixture(params=["soumise", "validee"])
def figee(request, monde):
    valeur = services.enregistrer_valeur(
        monde.u.ars,
        monde.ind.ars_reg,
        monde.hdf,
        "2023",
        "10",
        source="SI ARS",
        commentaire="",
        canal=Valeur.Canal.FORMULAIRE,
    )
    services.soumettre_valeurs(monde.u.ars, [valeur])
    if request.param == "validee":
        services.valider_valeurs(monde.u.admin, [valeur])
    valeur.refresh_from_db()
    return valeur


def _etat(valeur):
    valeur.refresh_from_db()
    return (valeur.valeur, valeur.statut, valeur.version, valeur.historique.count())


# --- The rule itself --------------------------------------------------------------------


def test_rule_unchanged_is_no_write_for_anyone(monde, figee):
    for user in (monde.u.ars, monde.u.admin):
        assert services.statut_apres_ecriture(user, figee, Decimal(10), "SI ARS", "") is None


def test_rule_change_refused_to_the_ars_allowed_to_the_admin_keeping_the_status(monde, figee):
    with pytest.raises(services.SaisieInvalide, match="seule l'administration nationale"):
        services.statut_apres_ecriture(monde.u.ars, figee, Decimal(11), "SI ARS", "")
    with pytest.raises(services.SaisieInvalide, match="demandez son renvoi"):
        services.statut_apres_ecriture(monde.u.ars, figee, Decimal(10), "SI ARS", "nouveau")
    assert services.statut_apres_ecriture(monde.u.admin, figee, Decimal(11), "", "") == figee.statut


def test_rule_a_returned_or_draft_value_that_changes_becomes_a_draft(monde, figee):
    services.renvoyer_valeur(monde.u.admin, figee, "Chiffre 2022 ?")
    figee.refresh_from_db()
    assert services.statut_apres_ecriture(monde.u.ars, figee, Decimal(10), "SI ARS", "") is None
    assert services.statut_apres_ecriture(monde.u.ars, figee, Decimal(12), "SI ARS", "") == (
        S.BROUILLON
    )
    assert services.motif_figee(monde.u.ars, figee) == ""


# --- Form (entry grid) ------------------------------------------------------------------


def _poster_cellule(client, monde, texte, commentaire=""):
    cle = f"{monde.ind.ars_reg.code}__{monde.hdf.code}"
    version = Valeur.objects.get(indicateur=monde.ind.ars_reg, territoire=monde.hdf).version
    return client.post(
        reverse("www:campagne_cellule", args=[2023, "REG-32", monde.ind.ars_reg.code, "REG-32"]),
        {f"v-{cle}": texte, f"c-{cle}": commentaire, f"ver-{cle}": str(version)},
        HTTP_HX_REQUEST="true",
    )


def test_form_unchanged_submitted_value_is_not_refused(client, monde, figee):
    avant = _etat(figee)
    client.force_login(monde.u.ars)
    response = _poster_cellule(client, monde, "10")
    assert response.status_code == 200
    assert "fr-error-text" not in response.content.decode()
    assert _etat(figee) == avant


def test_form_changed_submitted_value_is_refused_with_the_rule_message(client, monde, figee):
    avant = _etat(figee)
    client.force_login(monde.u.ars)
    html = _poster_cellule(client, monde, "11").content.decode()
    assert "fr-error-text" in html and "demandez son renvoi" in html
    assert _etat(figee) == avant
    # The grid says it in the row before any attempt, with the same words.
    page = client.get(reverse("www:campagne_grille", args=[2023, "REG-32"])).content.decode()
    assert "seule l&#x27;administration nationale peut la modifier" in page


# --- File import ------------------------------------------------------------------------


def _fichier(tmp_path, valeur, commentaire="", nom="valeurs.csv"):
    return ecrire_csv(
        tmp_path, [["A010INDM01", "REG-32", "2023", valeur, "SI ARS", commentaire]], nom
    )


def test_import_unchanged_submitted_value_is_unchanged_not_refused(monde, figee, tmp_path):
    avant = _etat(figee)
    resultat = importer_valeurs(monde.u.ars, _fichier(tmp_path, "10"))
    assert resultat.execution.statut == ExecutionImport.Statut.INCHANGE
    assert resultat.rapport.compteurs["inchangees"] == 1
    assert _etat(figee) == avant


def test_import_changed_submitted_value_refuses_the_file_with_the_rule_message(
    monde, figee, tmp_path
):
    avant = _etat(figee)
    resultat = importer_valeurs(monde.u.ars, _fichier(tmp_path, "11"))
    assert resultat.refuse
    texte = "\n".join(resultat.lignes_texte())
    assert "ligne 2" in texte and "seule l'administration nationale peut la modifier" in texte
    assert _etat(figee) == avant


def test_import_by_the_admin_changes_it_and_keeps_its_status(monde, figee, tmp_path):
    resultat = importer_valeurs(monde.u.admin, _fichier(tmp_path, "11", "erratum"))
    assert not resultat.refuse
    figee.refresh_from_db()
    assert (figee.valeur, figee.statut) == (Decimal(11), figee.statut)
    dernier = HistoriqueValeur.objects.filter(valeur=figee).last()
    assert (dernier.ancienne_valeur, dernier.nouvelle_valeur) == (Decimal(10), Decimal(11))


# --- API --------------------------------------------------------------------------------


def _api(client, user, valeur, commentaire=""):
    _, key = ApiToken.issue(user)
    corps = {
        "valeurs": [
            {
                "indicateur": "A010INDM01",
                "territoire": "REG-32",
                "periode": "2023",
                "valeur": valeur,
                "source": "SI ARS",
                "commentaire": commentaire,
            }
        ]
    }
    return client.post(
        "/api/v1/valeurs",
        json.dumps(corps),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )


def test_api_unchanged_submitted_value_is_accepted_as_no_change(client, monde, figee):
    avant = _etat(figee)
    response = _api(client, monde.u.ars, "10")
    assert response.status_code == 200, response.content
    assert (response.json()["enregistrees"], response.json()["modifiees"]) == (1, 0)
    assert _etat(figee) == avant


def test_api_changed_submitted_value_is_refused_with_the_rule_message(client, monde, figee):
    avant = _etat(figee)
    response = _api(client, monde.u.ars, "11")
    assert response.status_code == 400
    [erreur] = response.json()["erreurs"]
    assert erreur["code"] == "invalide"
    assert "seule l'administration nationale peut la modifier" in erreur["message"]
    assert _etat(figee) == avant


def test_api_admin_change_keeps_the_status(client, monde, figee):
    response = _api(client, monde.u.admin, "11", "erratum")
    assert response.status_code == 200
    assert response.json()["valeurs"][0]["statut"] == figee.statut
