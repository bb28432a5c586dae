"""Verbs on regional roadmaps. Each takes the acting user, checks the permission and journals.

Web forms, the API, the import and the commands all go through these functions, so the rule
"an ARS référent changes only its own region" holds on every entry point.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from jalon.feuilles_regionales import queries
from jalon.feuilles_regionales.models import (
    ActionRegionale,
    Jalon,
    LienActionNationale,
    ObjectifRegional,
)
from jalon.feuilles_regionales.valeurs import (
    CHAMPS_SIMPLES,
    differences,
    pour_journal,
    valeurs_de,
)
from jalon.journal.models import EntreeJournal
from jalon.journal.services import journaliser
from jalon.referentiel.models import Plan, PlanVersion
from jalon.territoires.models import Territoire
from jalon.territoires.perms import can_edit_regional_roadmap

Canal = EntreeJournal.Canal


def exiger_droit(user, region) -> None:
    """Refuse unless `user` may edit the roadmap of `region` (a system run passes None)."""
    if user is None:
        return
    if not can_edit_regional_roadmap(user, region):
        raise PermissionDenied(f"Vous ne pouvez pas modifier la feuille de route de {region.nom}.")


def obtenir_feuille(
    user,
    region,
    *,
    nom: str = "",
    periode: str = "",
    version_code: str = "",
    libelle: str = "",
    source: str = "",
    canal=Canal.WEB,
) -> PlanVersion:
    """The current version of the region's roadmap, created (plan + version) if missing."""
    exiger_droit(user, region)
    version = queries.version_courante(region)
    if version is not None:
        return version
    with transaction.atomic():
        plan, _ = Plan.objects.get_or_create(
            code=queries.code_plan(region),
            defaults={
                "nom": nom or f"Feuille de route santé mentale et psychiatrie — {region.nom}",
                "nature": Plan.Nature.FEUILLE_ROUTE_REGIONALE,
                "territoire": region,
                "periode": periode,
            },
        )
        version = PlanVersion.objects.create(
            plan=plan,
            code=version_code or str(timezone.now().year),
            libelle=libelle or "Feuille de route régionale",
            source=source,
            est_courante=True,
        )
        journaliser(user, canal, "création", version, apres={"plan": plan.code})
    return version


def _objectif(version, code: str, intitule: str, ordre: int) -> ObjectifRegional:
    objectif, cree = ObjectifRegional.objects.get_or_create(
        version=version, code=code, defaults={"libelle": intitule, "ordre": ordre}
    )
    if not cree and (objectif.libelle != intitule or objectif.ordre != ordre):
        objectif.libelle, objectif.ordre = intitule, ordre
        objectif.save(update_fields=["libelle", "ordre"])
    return objectif


def _ecrire(action: ActionRegionale, valeurs: dict, user) -> None:
    """Write canonical `valeurs` onto `action` (saved), its relations included."""
    for champ in CHAMPS_SIMPLES:
        setattr(action, champ, valeurs[champ])
    action.numero = valeurs["numero"]
    action.save()
    region = action.version.plan.territoire
    territoires = Territoire.objects.filter(code__in=valeurs["territoires"])
    action.territoires.set(territoires)
    action.plans_lies.set(Plan.objects.filter(code__in=valeurs["plans_lies"]))
    voulus = {libelle: (date, fait) for date, libelle, fait in valeurs["jalons"]}
    action.jalons.exclude(libelle__in=voulus).delete()
    for libelle, (date, fait) in voulus.items():
        Jalon.objects.update_or_create(
            action=action, libelle=libelle, defaults={"date": date, "fait": fait}
        )
    par_numero = queries.actions_nationales_par_numero()
    voulus_liens = {par_numero[numero]: etat for numero, etat in valeurs["actions_nationales"]}
    action.liens_nationaux.exclude(action_id__in=voulus_liens).delete()
    for action_id, etat in voulus_liens.items():
        lien, _ = LienActionNationale.objects.get_or_create(
            action_regionale=action, action_id=action_id, defaults={"etat": etat}
        )
        if lien.etat != etat:
            _changer_etat(lien, etat, user)
    if territoires.exclude(pk__in=Territoire.objects.of_region(region)).exists():
        raise ValidationError("Un territoire ciblé n'appartient pas à la région.")


def _changer_etat(lien, etat, user):
    lien.etat = etat
    confirme = etat == LienActionNationale.Etat.CONFIRME
    lien.confirme_le = timezone.now() if confirme else None
    lien.confirme_par = user if confirme and getattr(user, "pk", None) else None
    lien.save()


def enregistrer_action(user, version, valeurs: dict, canal=Canal.WEB, ordre_objectif=None):
    """Create or update the action numbered `valeurs["numero"]` in `version`.

    Returns (action, changed fields); unchanged values write nothing and journal nothing.
    """
    region = version.plan.territoire
    exiger_droit(user, region)
    with transaction.atomic():
        action = (
            queries.avec_relations(ActionRegionale.objects.filter(version=version))
            .filter(numero=valeurs["numero"])
            .first()
        )
        avant = valeurs_de(action) if action else None
        if avant is not None and not differences(avant, valeurs):
            return action, []
        if ordre_objectif is None:
            existant = ObjectifRegional.objects.filter(version=version, code=valeurs["objectif"])
            ordre_objectif = (
                existant.first().ordre
                if existant.exists()
                else ObjectifRegional.objects.filter(version=version).count()
            )
        objectif = _objectif(
            version, valeurs["objectif"], valeurs["objectif_intitule"], ordre_objectif
        )
        if action is None:
            action = ActionRegionale(version=version)
        action.objectif = objectif
        _ecrire(action, valeurs, user)
        apres = valeurs_de(queries.avec_relations(ActionRegionale.objects).get(pk=action.pk))
        changes = differences(avant or {}, apres)
        journaliser(
            user,
            canal,
            "création" if avant is None else "modification",
            action,
            avant=pour_journal(avant),
            apres=pour_journal(apres),
        )
    return action, changes


def modifier_action(user, action, canal=Canal.WEB, **champs):
    """Change some fields of an action (statut, météo, titre…), the others kept."""
    valeurs = valeurs_de(action) | champs
    return enregistrer_action(user, action.version, valeurs, canal=canal)


def mettre_a_jour_avancement(user, action, statut, meteo, jalons=None, canal=Canal.WEB):
    """Status, météo and, if given, milestones ([(date, libellé, fait)]) of an action."""
    champs = {"statut": statut, "meteo": meteo}
    if jalons is not None:
        from jalon.feuilles_regionales.valeurs import trier_jalons

        champs["jalons"] = trier_jalons(jalons)
    return modifier_action(user, action, canal=canal, **champs)


def confirmer_lien(user, lien, canal=Canal.WEB):
    exiger_droit(user, lien.action_regionale.region)
    if lien.etat == LienActionNationale.Etat.CONFIRME:
        return lien
    with transaction.atomic():
        _changer_etat(lien, LienActionNationale.Etat.CONFIRME, user)
        journaliser(
            user, canal, "confirmation", lien, avant={"etat": "propose"}, apres={"etat": "confirme"}
        )
    return lien


def rejeter_lien(user, lien, motif: str = "", canal=Canal.WEB):
    """Remove a link (proposed or confirmed); the journal keeps what it was."""
    exiger_droit(user, lien.action_regionale.region)
    with transaction.atomic():
        avant = {
            "action_regionale": lien.action_regionale.numero,
            "action_nationale": lien.action.cle,
            "etat": lien.etat,
            "justification": lien.justification,
        }
        journaliser(user, canal, "rejet", lien, avant=avant, apres=None, motif=motif)
        lien.delete()


def signaler_initiative(user, action, note: str, canal=Canal.WEB):
    """Flag (non-empty note) or unflag (empty note) an action as an initiative to share."""
    note = (note or "").strip()
    return modifier_action(
        user, action, canal=canal, initiative_a_valoriser=bool(note), initiative_note=note
    )
