"""Apply a computed diff to the database: exactly what the diff lists, nothing else."""

from django.db import transaction

from jalon.referentiel.importation.diff import Diff
from jalon.referentiel.models import (
    Action,
    ActionVersion,
    Axe,
    Indicateur,
    LienActionIndicateur,
    Organisation,
    PlanVersion,
)
from jalon.referentiel.numeros import normalise_numero


def cle_action(numero: str) -> str:
    """Stable key of an action: its number where it first appears, "17 bis" -> "17-bis"."""
    return normalise_numero(numero).lower().replace(" ", "-")


@transaction.atomic
def appliquer_diff(diff: Diff, version: PlanVersion) -> None:
    if diff.est_vide:
        return
    if version.plan.pk is None:
        version.plan.save()
    if version.pk is None:
        version.save()
    s = diff.sections

    for ajout in s["organisations"].ajouts:
        Organisation.objects.get_or_create(code=ajout["cle"])

    axes = {axe.numero: axe for axe in Axe.objects.filter(version=version)}
    for ajout in s["axes"].ajouts:
        axes[ajout["cle"]] = Axe.objects.create(
            version=version, numero=ajout["cle"], libelle=ajout["valeurs"]["libelle"]
        )
    for modification in s["axes"].modifications:
        axe = axes[modification["cle"]]
        axe.libelle = modification["champs"]["libelle"][1]
        axe.save(update_fields=["libelle"])

    _appliquer_actions(diff, version, axes)
    _appliquer_indicateurs(diff)
    _appliquer_liens(diff, version)

    for suppression in s["axes"].suppressions:
        axes[suppression["cle"]].delete()


def _actions_par_numero(version):
    return {
        normalise_numero(av.numero): av
        for av in ActionVersion.objects.filter(version=version).select_related("axe")
    }


def _appliquer_actions(diff: Diff, version: PlanVersion, axes: dict) -> None:
    section = diff.sections["actions"]
    existantes = _actions_par_numero(version)
    for suppression in section.suppressions:
        # Links cascade; the Action identity stays for the other versions.
        existantes.pop(suppression["cle"]).delete()
    organisations = {o.code: o for o in Organisation.objects.all()}

    def pilotes(numero):
        return [organisations[code] for code in diff.annexe.actions[numero].pilotes]

    for modification in section.modifications:
        action_version = existantes[modification["cle"]]
        champs = modification["champs"]
        if "titre" in champs:
            action_version.titre = champs["titre"][1]
        if "axe" in champs:
            action_version.axe = axes[champs["axe"][1]]
        if "pilotes_libelle" in champs:
            action_version.pilotes_libelle = champs["pilotes_libelle"][1]
            action_version.pilotes.set(pilotes(modification["cle"]))
        action_version.save(update_fields=list(champs))
    for ajout in section.ajouts:
        numero, valeurs = ajout["cle"], ajout["valeurs"]
        action, _ = Action.objects.get_or_create(plan=version.plan, cle=cle_action(numero))
        action_version = ActionVersion.objects.create(
            action=action,
            version=version,
            axe=axes[valeurs["axe"]],
            numero=numero,
            titre=valeurs["titre"],
            pilotes_libelle=valeurs["pilotes_libelle"],
        )
        action_version.pilotes.set(pilotes(numero))


def _appliquer_indicateurs(diff: Diff) -> None:
    section = diff.sections["indicateurs"]
    organisations = {o.code: o for o in Organisation.objects.all()}
    for ajout in section.ajouts:
        valeurs = dict(ajout["valeurs"])
        code_fournisseur = valeurs.pop("fournisseur")
        Indicateur.objects.create(
            code=ajout["cle"], fournisseur=organisations.get(code_fournisseur), **valeurs
        )
    for modification in section.modifications:
        indicateur = Indicateur.objects.get(code=modification["cle"])
        for champ, (_avant, apres) in modification["champs"].items():
            if champ == "fournisseur":
                indicateur.fournisseur = organisations.get(apres)
            else:
                setattr(indicateur, champ, apres)
        indicateur.save(update_fields=list(modification["champs"]))
    codes_retires = [suppression["cle"] for suppression in section.suppressions]
    Indicateur.objects.filter(code__in=codes_retires).update(retire=True)


def _appliquer_liens(diff: Diff, version: PlanVersion) -> None:
    section = diff.sections["liens"]
    actions = _actions_par_numero(version)

    def lien(cle):
        numero, code = cle.split(" / ")
        return LienActionIndicateur.objects.filter(
            action_version=actions[numero], indicateur__code=code
        )

    for suppression in section.suppressions:
        numero = suppression["cle"].split(" / ")[0]
        if numero in actions:  # otherwise already gone with its action
            lien(suppression["cle"]).delete()
    for modification in section.modifications:
        lien(modification["cle"]).update(ligne_annexe=modification["champs"]["ligne_annexe"][1])
    indicateurs = {
        i.code: i
        for i in Indicateur.objects.filter(
            code__in=[a["cle"].split(" / ")[1] for a in section.ajouts]
        )
    }
    LienActionIndicateur.objects.bulk_create(
        LienActionIndicateur(
            action_version=actions[ajout["cle"].split(" / ")[0]],
            indicateur=indicateurs[ajout["cle"].split(" / ")[1]],
            ligne_annexe=ajout["valeurs"]["ligne_annexe"],
        )
        for ajout in section.ajouts
    )
