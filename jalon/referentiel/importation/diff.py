"""Difference between a parsed annex and what a plan version holds in the database.

Only the fields the annex carries are compared; what the complements add afterwards
(short titles, regional declination, units, bilan labels…) is neither read nor touched.
"""

from dataclasses import dataclass, field

from jalon.referentiel.importation.lecture import AnnexeParsee
from jalon.referentiel.models import (
    ActionVersion,
    Axe,
    Indicateur,
    LienActionIndicateur,
    Organisation,
    PlanVersion,
)
from jalon.referentiel.numeros import normalise_numero

SECTIONS = ("organisations", "axes", "actions", "indicateurs", "liens")
TITRES_SECTIONS = {
    "organisations": "Organisations",
    "axes": "Axes",
    "actions": "Actions",
    "indicateurs": "Indicateurs",
    "liens": "Liens action–indicateur",
}
CHAMPS_INDICATEUR = (
    "type",
    "libelle",
    "fournisseur",
    "fournisseur_libelle",
    "source",
    "maille",
    "frequence",
    "retire",
)


@dataclass
class Section:
    ajouts: list[dict] = field(default_factory=list)
    modifications: list[dict] = field(default_factory=list)
    suppressions: list[dict] = field(default_factory=list)

    def __bool__(self):
        return bool(self.ajouts or self.modifications or self.suppressions)

    def as_dict(self):
        return {
            "ajouts": self.ajouts,
            "modifications": self.modifications,
            "suppressions": self.suppressions,
        }


@dataclass
class Diff:
    annexe: AnnexeParsee
    sections: dict[str, Section] = field(default_factory=lambda: {s: Section() for s in SECTIONS})

    @property
    def est_vide(self) -> bool:
        return not any(self.sections.values())

    def compteurs(self) -> dict:
        return {
            nom: {
                "ajouts": len(section.ajouts),
                "modifications": len(section.modifications),
                "suppressions": len(section.suppressions),
            }
            for nom, section in self.sections.items()
        }

    def as_dict(self) -> dict:
        return {nom: section.as_dict() for nom, section in self.sections.items()}

    def lignes_texte(self) -> list[str]:
        if self.est_vide:
            return ["Aucune différence : la base contient déjà exactement ce fichier."]
        lignes = []
        for nom, section in self.sections.items():
            if not section:
                continue
            lignes.append(f"{TITRES_SECTIONS[nom]} :")
            for ajout in section.ajouts:
                lignes.append(f"  + {ajout['cle']} {_resume(ajout['valeurs'])}".rstrip())
            for modification in section.modifications:
                lignes.append(f"  ~ {modification['cle']}")
                for champ, (avant, apres) in modification["champs"].items():
                    lignes.append(f"      {champ} : {_texte(avant)} → {_texte(apres)}")
            for suppression in section.suppressions:
                note = suppression.get("note")
                lignes.append(f"  - {suppression['cle']}" + (f" ({note})" if note else ""))
        return lignes


def _texte(valeur) -> str:
    return "(vide)" if valeur in (None, "") else f"« {valeur} »"


def _resume(valeurs: dict) -> str:
    for champ in ("titre", "libelle"):
        if valeurs.get(champ):
            return f"— {valeurs[champ]}"
    return ""


def _comparer(section: Section, cle, avant: dict | None, apres: dict | None, note=None):
    if avant is None:
        section.ajouts.append({"cle": cle, "valeurs": apres})
    elif apres is None:
        section.suppressions.append(
            {"cle": cle, "valeurs": avant} | ({"note": note} if note else {})
        )
    else:
        champs = {k: [avant[k], apres[k]] for k in apres if avant.get(k) != apres[k]}
        if champs:
            section.modifications.append({"cle": cle, "champs": champs})


def _paires(section: Section, avant: dict, apres: dict, note_suppression=None):
    for cle in apres:
        _comparer(section, cle, avant.get(cle), apres[cle])
    for cle in avant:
        if cle not in apres:
            _comparer(section, cle, avant[cle], None, note_suppression)


def etat_version(version: PlanVersion) -> dict:
    """What the database holds for a version, in the shape of `etat_annexe`."""
    if version.pk is None:
        return {"axes": {}, "actions": {}, "liens": {}}
    axes = {axe.numero: {"libelle": axe.libelle} for axe in Axe.objects.filter(version=version)}
    actions = {
        normalise_numero(av.numero): {
            "titre": av.titre,
            "axe": av.axe.numero,
            "pilotes_libelle": av.pilotes_libelle,
        }
        for av in ActionVersion.objects.filter(version=version).select_related("axe")
    }
    liens = {
        f"{normalise_numero(numero)} / {code}": {"ligne_annexe": ligne}
        for numero, code, ligne in LienActionIndicateur.objects.filter(
            action_version__version=version
        ).values_list("action_version__numero", "indicateur__code", "ligne_annexe")
    }
    return {"axes": axes, "actions": actions, "liens": liens}


def etat_annexe(annexe: AnnexeParsee) -> dict:
    return {
        "axes": {n: {"libelle": axe.libelle} for n, axe in annexe.axes.items()},
        "actions": {
            numero: {
                "titre": action.titre,
                "axe": action.axe,
                "pilotes_libelle": "/".join(action.pilotes),
            }
            for numero, action in annexe.actions.items()
        },
        "liens": {
            f"{lien.numero} / {lien.code}": {"ligne_annexe": lien.ligne_annexe}
            for lien in annexe.liens
        },
    }


def _valeurs_indicateur(lu) -> dict:
    return {
        "type": str(lu.type),
        "libelle": lu.libelle,
        "fournisseur": lu.fournisseur_code,
        "fournisseur_libelle": lu.fournisseur_libelle,
        "source": lu.source,
        "maille": str(lu.maille),
        "frequence": str(lu.frequence),
        "retire": False,
    }


def _valeurs_indicateur_base(indicateur: Indicateur) -> dict:
    return {
        "type": indicateur.type,
        "libelle": indicateur.libelle,
        "fournisseur": indicateur.fournisseur.code if indicateur.fournisseur else None,
        "fournisseur_libelle": indicateur.fournisseur_libelle,
        "source": indicateur.source,
        "maille": indicateur.maille,
        "frequence": indicateur.frequence,
        "retire": indicateur.retire,
    }


def calculer_diff(annexe: AnnexeParsee, version: PlanVersion) -> Diff:
    """Compare the parsed annex with the version (an unsaved version holds nothing)."""
    diff = Diff(annexe)
    avant, apres = etat_version(version), etat_annexe(annexe)
    _paires(diff.sections["axes"], avant["axes"], apres["axes"])
    _paires(
        diff.sections["actions"],
        avant["actions"],
        apres["actions"],
        "l'action n'est plus dans cette version ; son identité est conservée",
    )
    _paires(diff.sections["liens"], avant["liens"], apres["liens"])

    section = diff.sections["indicateurs"]
    existants = {
        i.code: i
        for i in Indicateur.objects.filter(code__in=annexe.indicateurs).select_related(
            "fournisseur"
        )
    }
    for code, lu in annexe.indicateurs.items():
        base = existants.get(code)
        _comparer(
            section, code, _valeurs_indicateur_base(base) if base else None, _valeurs_indicateur(lu)
        )
    if version.pk is not None:
        # An indicator that leaves the version is only marked as retired: values will
        # hang on it, so it is never deleted.
        anciens = (
            Indicateur.objects.filter(liens_actions__action_version__version=version, retire=False)
            .exclude(code__in=annexe.indicateurs)
            .distinct()
        )
        for indicateur in anciens:
            section.suppressions.append(
                {
                    "cle": indicateur.code,
                    "valeurs": {"libelle": indicateur.libelle},
                    "note": "marqué retiré, conservé avec son historique",
                }
            )

    codes = {code for action in annexe.actions.values() for code in action.pilotes}
    codes |= {lu.fournisseur_code for lu in annexe.indicateurs.values() if lu.fournisseur_code}
    connus = set(Organisation.objects.filter(code__in=codes).values_list("code", flat=True))
    for code in sorted(codes - connus):
        diff.sections["organisations"].ajouts.append({"cle": code, "valeurs": {}})
    return diff
