import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from jalon.journal.models import EntreeJournal
from jalon.rapports.models import HistoriqueNarratif, Narratif, Partie
from jalon.rapports.narratifs import ConflitDeVersion, ecrire_narratif, texte_prerempli_rappel
from jalon.territoires import perms

WEB = EntreeJournal.Canal.WEB


def ecrire(user, action, texte, version_lue=0, partie=Partie.ANNEE, annee=2023):
    return ecrire_narratif(
        user,
        annee=annee,
        partie=partie,
        texte=texte,
        version_lue=version_lue,
        canal=WEB,
        action=action,
    )


def test_who_may_write_the_texts_of_an_action(ref, comptes):
    action = ref.actions["17"].action  # piloted by DGOS
    assert perms.can_write_narrative(comptes.admin, action)
    assert perms.can_write_narrative(comptes.dgos, action)
    assert not perms.can_write_narrative(comptes.dgs, action)
    assert not perms.can_write_narrative(comptes.ars, action)
    assert not perms.can_write_narrative(comptes.lecteur, action)
    assert not perms.can_write_narrative(AnonymousUser(), action)
    # DGS pilots action 6 (in 2023 and in its 2019 numbering).
    assert perms.can_write_narrative(comptes.dgs, ref.actions["6"].action)


def test_pilot_of_another_direction_is_refused_and_nothing_is_written(ref, comptes):
    with pytest.raises(PermissionDenied):
        ecrire(comptes.dgs, ref.actions["17"].action, "<p>Texte</p>")
    assert not Narratif.objects.exists() and not EntreeJournal.objects.exists()


def test_bilan_parts_are_for_the_national_admin_only(ref, comptes):
    for user in (comptes.dgos, comptes.ars):
        with pytest.raises(PermissionDenied):
            ecrire_narratif(
                user,
                annee=2023,
                partie=Partie.GOUVERNANCE,
                texte="x",
                version_lue=0,
                canal=WEB,
            )
    narratif = ecrire_narratif(
        comptes.admin,
        annee=2023,
        partie=Partie.GOUVERNANCE,
        texte="Texte",
        version_lue=0,
        canal=WEB,
    )
    assert narratif.texte == "<p>Texte</p>"
    axe = ecrire_narratif(
        comptes.admin,
        annee=2023,
        partie=Partie.GOUVERNANCE_AXE,
        axe=2,
        texte="Axe",
        version_lue=0,
        canal=WEB,
    )
    assert axe.axe == 2


def test_inconsistent_targets_are_refused(ref, comptes):
    with pytest.raises(ValidationError):
        ecrire_narratif(
            comptes.admin, annee=2023, partie=Partie.ENJEUX, texte="x", version_lue=0, canal=WEB
        )
    with pytest.raises(ValidationError):
        ecrire_narratif(
            comptes.admin,
            annee=2023,
            partie=Partie.GOUVERNANCE_AXE,
            texte="x",
            version_lue=0,
            canal=WEB,
        )


def test_history_journal_and_optimistic_locking(ref, comptes):
    action = ref.actions["17"].action
    premier = ecrire(comptes.dgos, action, "<p>Première <script>x</script>version</p>")
    assert premier.version == 1 and "script" not in premier.texte
    second = ecrire(comptes.admin, action, "<p>Deuxième version</p>", version_lue=1)
    assert second.version == 2
    # Someone who read version 1 cannot overwrite version 2.
    with pytest.raises(ConflitDeVersion) as erreur:
        ecrire(comptes.dgos, action, "<p>Écrasement</p>", version_lue=1)
    assert "version 2" in str(erreur.value)
    # Saving the same text again changes nothing.
    ecrire(comptes.admin, action, "<p>Deuxième version</p>", version_lue=2)
    versions = list(HistoriqueNarratif.objects.order_by("version").values_list("version", "texte"))
    assert versions == [(1, "<p>Première version</p>"), (2, "<p>Deuxième version</p>")]
    entrees = EntreeJournal.objects.filter(action="texte_bilan").order_by("pk")
    assert entrees.count() == 2
    assert entrees.last().avant == {"texte": "Première version"}
    with pytest.raises(PermissionError):
        HistoriqueNarratif.objects.first().delete()


def test_reminder_prefill_starts_from_the_previous_year(ref, comptes):
    action = ref.actions["17"].action
    assert texte_prerempli_rappel(action, 2024) == ""
    ecrire(comptes.admin, action, "<p>Ouvert en 2021.</p>", partie=Partie.RAPPEL, annee=2022)
    ecrire(comptes.admin, action, "<p>Déployé en 2022.</p>", partie=Partie.ANNEE, annee=2022)
    ecrire(comptes.admin, action, "<p>Plus ancien.</p>", partie=Partie.ANNEE, annee=2020)
    prefill = texte_prerempli_rappel(action, 2023)
    assert prefill.startswith("<p>Ouvert en 2021.</p>")
    assert "Réalisé en 2022" in prefill and "Déployé en 2022." in prefill
    assert "Plus ancien" not in prefill
    # Nothing was stored for 2023 by prefilling.
    assert not Narratif.objects.filter(annee=2023).exists()
