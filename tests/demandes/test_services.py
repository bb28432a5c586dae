import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from jalon.demandes import services, suivi, verrous
from jalon.demandes.models import Cible, Demande, HistoriqueReponse
from jalon.journal.models import EntreeJournal
from jalon.saisies import services as saisies
from jalon.saisies.models import Valeur
from tests.demandes.conftest import echeance_passee, nouvelle_demande


def _repondre(user, demande, region, rang, texte, version=0):
    question = demande.questions.get(rang=rang)
    return services.enregistrer_reponse(user, demande, region, question, texte, version_lue=version)


def _tout_remplir(monde, demande, region):
    # No version check here: it fills whatever is there.
    _repondre(monde.u.ars, demande, region, 1, "Déployé dans les 5 départements.", None)
    _repondre(monde.u.ars, demande, region, 2, "Recrutement des infirmiers.", None)
    valeurs = []
    for cellule in suivi.cellules(demande, region):
        valeurs.append(
            saisies.enregistrer_valeur(
                monde.u.ars,
                cellule.indicateur,
                cellule.territoire,
                demande.periode,
                "12",
                canal=Valeur.Canal.FORMULAIRE,
            )
        )
    saisies.soumettre_valeurs(monde.u.ars, valeurs)


def test_create_is_a_draft_with_its_regions_questions_and_journal(monde):
    demande = nouvelle_demande(monde, publier=False)

    assert demande.statut == Demande.Statut.BROUILLON
    assert [c.region.code for c in demande.cibles.all()] == ["REG-11", "REG-32"] or {
        c.region.code for c in demande.cibles.all()
    } == {"REG-11", "REG-32"}
    assert list(demande.questions.values_list("rang", flat=True)) == [1, 2]
    assert EntreeJournal.objects.filter(action="demande_creation").count() == 1


@pytest.mark.parametrize(
    ("champs", "champ", "extrait"),
    [
        ({"titre": "  "}, "titre", "Donnez un titre"),
        ({"regions": []}, "regions", "au moins une région"),
        ({"questions": [], "indicateurs": []}, "questions", "au moins une question"),
        ({"periode": ""}, "periode", "Indiquez la période"),
        ({"periode": "2024-S3"}, "periode", "2024-S3"),
        ({"echeance": None}, "echeance", "JJ/MM/AAAA"),
    ],
)
def test_create_refuses_invalid_requests_with_french_field_errors(monde, champs, champ, extrait):
    with pytest.raises(ValidationError) as exc:
        nouvelle_demande(monde, publier=False, **champs)

    assert extrait in " ".join(exc.value.message_dict[champ])
    assert not Demande.objects.exists()


def test_create_refuses_indicators_the_ars_do_not_fill(monde):
    with pytest.raises(ValidationError) as exc:
        nouvelle_demande(monde, publier=False, indicateurs=[monde.ind.dgos_reg])

    assert "A020INDM02 n'est pas renseigné par les ARS" in exc.value.message_dict["indicateurs"][0]


def test_create_refuses_a_department_as_target(monde):
    with pytest.raises(ValidationError) as exc:
        nouvelle_demande(monde, publier=False, regions=[monde.nord])

    assert "DEP-59" in exc.value.message_dict["regions"][0]


@pytest.mark.parametrize("compte", ["ars", "pilote", "lecteur"])
def test_only_the_national_admin_creates_publishes_and_closes(monde, compte):
    user = getattr(monde.u, compte)
    with pytest.raises(PermissionDenied):
        services.creer_demande(
            user,
            titre="x",
            echeance=timezone.localdate(),
            regions=[monde.hdf],
            questions=["?"],
        )
    brouillon = nouvelle_demande(monde, publier=False)
    with pytest.raises(PermissionDenied):
        services.publier_demande(user, brouillon)
    with pytest.raises(PermissionDenied):
        services.cloturer_demande(user, nouvelle_demande(monde))


def test_publish_refuses_a_past_deadline(monde):
    brouillon = nouvelle_demande(monde, publier=False)
    echeance_passee(brouillon)

    with pytest.raises(ValidationError, match="déjà passée"):
        services.publier_demande(monde.u.admin, brouillon)


def test_a_published_request_keeps_its_questions_and_regions(monde, demande):
    base = {
        "titre": "Nouveau titre",
        "echeance": demande.echeance + datetime.timedelta(days=5),
        "regions": [monde.hdf, monde.idf],
        "questions": list(demande.questions.values_list("texte", flat=True)),
        "indicateurs": list(demande.indicateurs.all()),
        "periode": demande.periode,
    }
    services.modifier_demande(monde.u.admin, demande, **base)
    demande.refresh_from_db()
    assert demande.titre == "Nouveau titre"

    with pytest.raises(ValidationError) as exc:
        services.modifier_demande(
            monde.u.admin, demande, **(base | {"questions": ["Autre"], "regions": [monde.hdf]})
        )
    assert set(exc.value.message_dict) == {"questions", "regions"}
    assert demande.cibles.count() == 2


def test_a_draft_changes_freely(monde):
    brouillon = nouvelle_demande(monde, publier=False)
    services.modifier_demande(
        monde.u.admin,
        brouillon,
        titre="Autre",
        echeance=brouillon.echeance,
        regions=[monde.hdf],
        questions=["Une seule question"],
    )

    assert list(brouillon.questions.values_list("texte", flat=True)) == ["Une seule question"]
    assert [c.region_id for c in brouillon.cibles.all()] == [monde.hdf.pk]
    assert not brouillon.indicateurs.exists()


def test_answer_keeps_history_and_moves_the_region_in_progress(monde, demande):
    reponse = _repondre(monde.u.ars, demande, monde.hdf, 1, "Première version")
    reponse = _repondre(monde.u.ars, demande, monde.hdf, 1, "Deuxième version", version=1)

    assert reponse.version == 2
    historique = list(HistoriqueReponse.objects.filter(reponse=reponse))
    assert [(h.ancien_texte, h.nouveau_texte) for h in historique] == [
        ("", "Première version"),
        ("Première version", "Deuxième version"),
    ]
    assert historique[1].auteur == monde.u.ars
    assert Cible.objects.get(demande=demande, region=monde.hdf).statut == Cible.Statut.EN_COURS
    assert Cible.objects.get(demande=demande, region=monde.idf).statut == Cible.Statut.A_FAIRE


def test_same_text_again_changes_nothing(monde, demande):
    _repondre(monde.u.ars, demande, monde.hdf, 1, "Texte")
    reponse = _repondre(monde.u.ars, demande, monde.hdf, 1, " Texte ", version=1)

    assert reponse.modifiee is False and reponse.version == 1
    assert HistoriqueReponse.objects.count() == 1


def test_stale_version_is_a_conflict_with_a_french_message(monde, demande):
    _repondre(monde.u.ars, demande, monde.hdf, 1, "Texte de l'ARS")

    with pytest.raises(services.ConflitDeReponse) as exc:
        _repondre(monde.u.admin, demande, monde.hdf, 1, "Texte concurrent", version=0)

    assert "a été modifiée par ars-32" in str(exc.value)
    assert "n'a pas été enregistré" in str(exc.value)
    assert exc.value.actuelle.texte == "Texte de l'ARS"
    assert demande.questions.get(rang=1).reponses.get().texte == "Texte de l'ARS"


def test_empty_answer_is_refused(monde, demande):
    with pytest.raises(ValidationError, match="réponse est vide"):
        _repondre(monde.u.ars, demande, monde.hdf, 1, "   ")


def test_an_ars_answers_only_for_its_own_region(monde, demande):
    with pytest.raises(PermissionDenied):
        _repondre(monde.u.ars, demande, monde.idf, 1, "Pas ma région")
    with pytest.raises(PermissionDenied):
        _repondre(monde.u.pilote, demande, monde.hdf, 1, "Pas une ARS")


def test_a_non_targeted_region_cannot_answer(monde):
    demande = nouvelle_demande(monde, regions=[monde.idf])

    with pytest.raises(PermissionDenied):
        _repondre(monde.u.ars, demande, monde.hdf, 1, "Non visée")


def test_nobody_answers_a_draft(monde):
    brouillon = nouvelle_demande(monde, publier=False)

    with pytest.raises(PermissionDenied):
        _repondre(monde.u.ars, brouillon, monde.hdf, 1, "Trop tôt")


def test_after_the_deadline_the_answer_locks_until_an_exception(monde, demande):
    echeance_passee(demande)

    with pytest.raises(verrous.ReponseVerrouillee, match="échéance du .* est passée"):
        _repondre(monde.u.ars, demande, monde.hdf, 1, "En retard")

    exception = services.accorder_exception(
        monde.u.admin,
        demande,
        monde.hdf,
        jusqu_au=timezone.localdate() + datetime.timedelta(days=2),
        motif="Retard signalé par l'ARS",
    )
    assert _repondre(monde.u.ars, demande, monde.hdf, 1, "En retard").version == 1
    # Only for the region it was granted to.
    with pytest.raises(verrous.ReponseVerrouillee):
        _repondre(monde.u.ars_idf, demande, monde.idf, 1, "Autre région")

    services.revoquer_exception(monde.u.admin, exception)
    with pytest.raises(verrous.ReponseVerrouillee):
        _repondre(monde.u.ars, demande, monde.hdf, 1, "Après révocation", version=1)
    actions = set(EntreeJournal.objects.values_list("action", flat=True))
    assert {"demande_exception", "demande_revocation"} <= actions


def test_the_national_admin_is_never_locked_out(monde, demande):
    echeance_passee(demande)

    assert _repondre(monde.u.admin, demande, monde.hdf, 1, "Saisie nationale").version == 1


def test_exception_needs_a_motive_and_a_future_date(monde, demande):
    with pytest.raises(ValidationError, match="motif"):
        services.accorder_exception(
            monde.u.admin, demande, monde.hdf, jusqu_au=timezone.localdate(), motif=" "
        )
    with pytest.raises(ValidationError, match="déjà passée"):
        services.accorder_exception(
            monde.u.admin,
            demande,
            monde.hdf,
            jusqu_au=timezone.localdate() - datetime.timedelta(days=1),
            motif="x",
        )
    with pytest.raises(PermissionDenied):
        services.accorder_exception(
            monde.u.ars, demande, monde.hdf, jusqu_au=timezone.localdate(), motif="x"
        )


def test_expected_cells_follow_the_maille(monde, demande):
    cellules = suivi.cellules(demande, monde.hdf)

    assert [(c.indicateur.code, c.territoire.code, c.periode) for c in cellules] == [
        ("A010INDM01", "REG-32", "2024-S1"),
        ("A015INDM01", "DEP-59", "2024-S1"),
        ("A015INDM01", "DEP-62", "2024-S1"),
    ]


def test_transmit_needs_every_answer_and_value_then_locks(monde, demande):
    _repondre(monde.u.ars, demande, monde.hdf, 1, "Réponse 1")
    with pytest.raises(ValidationError) as exc:
        services.transmettre_reponse(monde.u.ars, demande, monde.hdf)
    message = " ".join(exc.value.messages)
    assert "question(s) sans réponse : 2" in message
    assert "A015INDM01 Nord (vide)" in message

    _tout_remplir(monde, demande, monde.hdf)
    cible = services.transmettre_reponse(monde.u.ars, demande, monde.hdf)

    assert cible.statut == Cible.Statut.REPONDUE and cible.a_l_heure is True
    with pytest.raises(verrous.ReponseVerrouillee, match="transmise le"):
        _repondre(monde.u.ars, demande, monde.hdf, 1, "Après transmission", version=2)


def test_transmitted_late_is_not_on_time(monde, demande):
    _tout_remplir(monde, demande, monde.hdf)
    echeance_passee(demande)
    services.accorder_exception(
        monde.u.admin, demande, monde.hdf, jusqu_au=timezone.localdate(), motif="Retard"
    )

    cible = services.transmettre_reponse(monde.u.ars, demande, monde.hdf)

    assert cible.a_l_heure is False


def test_close_and_reopen_a_region(monde, demande):
    _tout_remplir(monde, demande, monde.hdf)
    services.transmettre_reponse(monde.u.ars, demande, monde.hdf)

    with pytest.raises(ValidationError, match="motif"):
        services.rouvrir_reponse(monde.u.admin, demande, monde.hdf, motif="")
    cible = services.rouvrir_reponse(monde.u.admin, demande, monde.hdf, motif="À compléter")
    assert cible.statut == Cible.Statut.EN_COURS and cible.repondue_le is None
    _repondre(monde.u.ars, demande, monde.hdf, 1, "Complétée", version=1)

    cible = services.clore_reponse(monde.u.admin, demande, monde.hdf, motif="Suffisant")
    assert cible.statut == Cible.Statut.CLOSE
    with pytest.raises(verrous.ReponseVerrouillee, match="a clos la réponse"):
        _repondre(monde.u.ars, demande, monde.hdf, 1, "Encore", version=2)
    with pytest.raises(PermissionDenied):
        services.rouvrir_reponse(monde.u.ars, demande, monde.hdf, motif="x")


def test_closing_the_request_locks_every_region(monde, demande):
    services.cloturer_demande(monde.u.admin, demande, motif="Fin du recueil")

    with pytest.raises(verrous.ReponseVerrouillee, match="clôturée"):
        _repondre(monde.u.ars_idf, demande, monde.idf, 1, "Trop tard")
    with pytest.raises(ValidationError, match="motif"):
        services.rouvrir_demande(monde.u.admin, demande, motif="")
    services.rouvrir_demande(monde.u.admin, demande, motif="Oubli d'une région")
    assert _repondre(monde.u.ars_idf, demande, monde.idf, 1, "Rouverte").version == 1


def test_follow_up_counts_statuses_and_punctuality(monde, demande):
    _tout_remplir(monde, demande, monde.hdf)
    services.transmettre_reponse(monde.u.ars, demande, monde.hdf)

    etats = suivi.etats_regions(demande)
    resume = suivi.Suivi(etats)

    assert dict((c, n) for c, _, n in resume.par_statut) == {
        "a_faire": 1,
        "en_cours": 0,
        "repondue": 1,
        "close": 0,
    }
    assert resume.a_l_heure == 1 and resume.en_retard == 0
    par_region = {e.region.code: e for e in etats}
    assert par_region["REG-32"].complete and par_region["REG-32"].nombre_recues == 3
    assert par_region["REG-11"].nombre_manquants == 2 + 2  # 2 questions, REG + 1 department
