"""Referential complements: what the annex of instruction 2023/179 does not carry.

The shipped CSV files of `jalon/data/referentiel/` (described in its SOURCES.md) add to the
imported 2023 version the organisations' names, the bilan's wording of the axes, short titles,
the proposed regional declination, other numberings, links to other strategies and the
indicators' unit and direction; they also describe the other versions of the plan.

Every file is validated in full before anything is written: one bad cell and nothing changes,
so a half-applied referential never reaches the database.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from jalon.referentiel.models import (
    Action,
    ActionVersion,
    Axe,
    Correspondance,
    Indicateur,
    Organisation,
    Plan,
    PlanVersion,
    RattachementStrategie,
)
from jalon.referentiel.numeros import NumeroInvalide, normalise_numero

DOSSIER_DEFAUT = Path(__file__).resolve().parent.parent / "data" / "referentiel"
VERSION_ANNEXE = "2023"
UNITES = {"", "nombre", "pourcentage", "euros", "duree", "taux_evolution", "indice"}
BOOLEENS = {"true": True, "false": False}


class ComplementsInvalides(ValueError):
    """Raised with every problem found; nothing has been written."""

    def __init__(self, erreurs: list[str]):
        self.erreurs = erreurs
        super().__init__("\n".join(erreurs))


@dataclass
class Ligne:
    fichier: str
    numero: int  # line in the file, the header being line 1
    valeurs: dict

    def __getitem__(self, colonne):
        return self.valeurs[colonne]


class Lecteur:
    """Reads the CSV files of one folder and collects errors in French."""

    def __init__(self, dossier: Path):
        self.dossier = Path(dossier)
        self.erreurs: list[str] = []

    def erreur(self, ligne: Ligne, colonne: str, message: str) -> None:
        self.erreurs.append(
            f"{ligne.fichier}, ligne {ligne.numero}, colonne « {colonne} » : {message}"
        )

    def lire(self, nom: str, colonnes: list[str]) -> list[Ligne]:
        chemin = self.dossier / nom
        if not chemin.exists():
            self.erreurs.append(f"{nom} : fichier introuvable dans {self.dossier}.")
            return []
        with chemin.open(encoding="utf-8", newline="") as flux:
            lecteur = csv.DictReader(flux)
            entete = lecteur.fieldnames or []
            manquantes = [c for c in colonnes if c not in entete]
            if manquantes:
                for colonne in manquantes:
                    self.erreurs.append(
                        f"{nom}, ligne 1, colonne « {colonne} » : colonne manquante "
                        f"(en-tête attendu : {','.join(colonnes)})."
                    )
                return []
            lignes = []
            for rang, valeurs in enumerate(lecteur, start=2):
                propres = {c: (valeurs.get(c) or "").strip() for c in colonnes}
                lignes.append(Ligne(nom, rang, propres))
            return lignes

    def requis(self, ligne: Ligne, *colonnes: str) -> bool:
        ok = True
        for colonne in colonnes:
            if not ligne[colonne]:
                self.erreur(ligne, colonne, "valeur obligatoire manquante.")
                ok = False
        return ok

    def choix(self, ligne: Ligne, colonne: str, admis) -> bool:
        if ligne[colonne] not in admis:
            attendu = ", ".join(sorted(a or "(vide)" for a in admis))
            self.erreur(
                ligne, colonne, f"« {ligne[colonne]} » n'est pas admis (attendu : {attendu})."
            )
            return False
        return True

    def numero(self, ligne: Ligne, colonne: str) -> str | None:
        try:
            return normalise_numero(ligne[colonne])
        except NumeroInvalide as exc:
            self.erreur(ligne, colonne, str(exc))
            return None

    def verifier(self) -> None:
        if self.erreurs:
            raise ComplementsInvalides(self.erreurs)


def _maj(objet, **valeurs) -> bool:
    """Set the fields that differ and save them; True when something changed."""
    changes = [champ for champ, valeur in valeurs.items() if getattr(objet, champ) != valeur]
    for champ in changes:
        setattr(objet, champ, valeurs[champ])
    if changes:
        # ActionVersion derives its sort key from the number in save().
        extra = ["rang"] if "numero" in changes and hasattr(objet, "rang") else []
        objet.save(update_fields=changes + extra)
    return bool(changes)


# --- appliquer_complements ---------------------------------------------------------------


def appliquer_complements(version: PlanVersion, dossier: Path | None = None) -> dict:
    """Complete the imported 2023 version from the shipped files; returns what changed."""
    lecteur = Lecteur(dossier or DOSSIER_DEFAUT)
    if version.code != VERSION_ANNEXE:
        lecteur.erreurs.append(
            f"Les compléments décrivent la version « {VERSION_ANNEXE} » (annexe de l'instruction "
            f"2023/179), pas la version « {version.code} »."
        )
        lecteur.verifier()
    actions = {av.numero: av for av in version.actions.select_related("action")}
    plan_actions = {a.cle: a for a in Action.objects.filter(plan=version.plan)}

    organisations = _lire_organisations(lecteur)
    axes = _lire_axes(lecteur, version)
    declinaisons = _lire_actions(lecteur, actions)
    correspondances = _lire_correspondances(lecteur, actions)
    strategies = _lire_strategies(lecteur)
    rattachements = _lire_rattachements(lecteur, plan_actions, strategies)
    indicateurs = _lire_indicateurs(lecteur)
    lecteur.verifier()

    with transaction.atomic():
        compte = {}
        compte.update(_appliquer_organisations(organisations))
        compte["axes"] = sum(
            _maj(axe, libelle_bilan=ligne["libelle_bilan"], pilote=ligne["pilote"])
            for axe, ligne in axes
        )
        compte.update(_appliquer_actions(declinaisons))
        compte["correspondances"] = _appliquer_correspondances(correspondances)
        compte.update(_appliquer_strategies(strategies, rattachements))
        compte["indicateurs"] = _appliquer_indicateurs(indicateurs)
    return compte


def _lire_organisations(lecteur):
    lignes = lecteur.lire("organisations.csv", ["code", "libelle", "categorie", "source"])
    for ligne in lignes:
        lecteur.requis(ligne, "code", "source")
        lecteur.choix(ligne, "categorie", set(Organisation.Categorie.values))
    return lignes


def _lire_axes(lecteur, version):
    colonnes = ["version", "numero", "libelle", "libelle_bilan", "pilote", "source"]
    existants = {axe.numero: axe for axe in version.axes.all()}
    retenus = []
    for ligne in lecteur.lire("axes.csv", colonnes):
        if ligne["version"] != version.code or not lecteur.requis(ligne, "numero", "source"):
            continue
        axe = existants.get(int(ligne["numero"])) if ligne["numero"].isdigit() else None
        if axe is None:
            attendu = ", ".join(str(n) for n in sorted(existants)) or "aucun axe importé"
            lecteur.erreur(
                ligne,
                "numero",
                f"l'axe « {ligne['numero']} » n'existe pas dans la version {version.code} "
                f"(attendu : {attendu}).",
            )
            continue
        retenus.append((axe, ligne))
    return retenus


def _action_connue(lecteur, ligne, colonne, actions):
    numero = lecteur.numero(ligne, colonne)
    if numero is not None and numero not in actions:
        lecteur.erreur(
            ligne, colonne, f"l'action « {ligne[colonne]} » n'existe pas dans l'annexe 2023."
        )
        return None
    return actions.get(numero)


def _lire_actions(lecteur, actions):
    colonnes = [
        "numero",
        "titre_court",
        "declinaison_regionale",
        "declinaison_statut",
        "declinaison_motif",
        "source",
    ]
    retenus = []
    for ligne in lecteur.lire("actions_2023.csv", colonnes):
        action = _action_connue(lecteur, ligne, "numero", actions)
        ok = lecteur.choix(ligne, "declinaison_regionale", {"oui", "non"})
        ok &= lecteur.choix(ligne, "declinaison_statut", {"proposee", "validee"})
        if action is not None and ok:
            retenus.append((action, ligne))
    return retenus


def _lire_correspondances(lecteur, actions):
    retenus = []
    for ligne in lecteur.lire("correspondances.csv", ["action", "systeme", "numero", "source"]):
        action = _action_connue(lecteur, ligne, "action", actions)
        ok = lecteur.choix(ligne, "systeme", set(Correspondance.Systeme.values))
        numero = lecteur.numero(ligne, "numero")
        if action is not None and ok and numero is not None:
            retenus.append((action.action, numero, ligne))
    return retenus


def _lire_strategies(lecteur):
    strategies = {}
    for ligne in lecteur.lire("strategies.csv", ["code", "nom", "source"]):
        if not lecteur.requis(ligne, "code", "nom"):
            continue
        if slugify(ligne["code"]) != ligne["code"]:
            lecteur.erreur(
                ligne,
                "code",
                f"« {ligne['code']} » n'est pas un code (attendu : lettres "
                "minuscules, chiffres et tirets, par exemple « pacte-des-solidarites »).",
            )
            continue
        strategies[ligne["code"]] = ligne
    return strategies


def _cles_bilan(lecteur):
    """Bilan numbers → stable keys, from the March 2024 structure."""
    fichier = _fichier_version(lecteur, "bilan-2024")
    if fichier is None:
        return {}
    colonnes = ["numero", "titre", "titre_court", "axe", "cle", "origine", "source"]
    cles = {}
    for ligne in lecteur.lire(fichier, colonnes):
        numero = lecteur.numero(ligne, "numero")
        if numero and lecteur.requis(ligne, "cle"):
            cles[numero] = ligne["cle"]
    return cles


def _lire_rattachements(lecteur, plan_actions, strategies):
    cles = _cles_bilan(lecteur)
    retenus = []
    for ligne in lecteur.lire("rattachements.csv", ["action", "strategie", "precision", "source"]):
        numero = lecteur.numero(ligne, "action")
        action = plan_actions.get(cles.get(numero))
        if numero and action is None:
            lecteur.erreur(
                ligne,
                "action",
                f"l'action « {ligne['action']} » (numérotation du bilan de mars 2024) n'existe "
                "pas dans le plan.",
            )
        if ligne["strategie"] not in strategies:
            lecteur.erreur(
                ligne,
                "strategie",
                f"« {ligne['strategie']} » n'est pas un code de strategies.csv.",
            )
        elif action is not None:
            retenus.append((action, ligne))
    return retenus


def _lire_indicateurs(lecteur):
    colonnes = ["code", "unite", "sens", "saisie_ars", "saisie_ars_motif", "methodologie", "source"]
    existants = {i.code: i for i in Indicateur.objects.all()}
    retenus = []
    for ligne in lecteur.lire("indicateurs_complements.csv", colonnes):
        indicateur = existants.get(ligne["code"])
        if indicateur is None:
            lecteur.erreur(
                ligne, "code", f"l'indicateur « {ligne['code']} » n'existe pas dans l'annexe 2023."
            )
        ok = lecteur.choix(ligne, "unite", UNITES)
        ok &= lecteur.choix(ligne, "sens", set(Indicateur.Sens.values))
        ok &= lecteur.choix(ligne, "saisie_ars", set(BOOLEENS))
        if indicateur is not None and ok:
            retenus.append((indicateur, ligne))
    return retenus


def _appliquer_organisations(lignes):
    creees = modifiees = 0
    for ligne in lignes:
        organisation, cree = Organisation.objects.get_or_create(
            code=ligne["code"], defaults={"categorie": ligne["categorie"]}
        )
        creees += cree
        valeurs = {"categorie": ligne["categorie"]}
        # An empty name in the file means "the seeds do not say": keep what an admin typed.
        if ligne["libelle"]:
            valeurs["libelle"] = ligne["libelle"]
        modifiees += _maj(organisation, **valeurs) and not cree
    return {"organisations_creees": creees, "organisations": modifiees}


def _appliquer_actions(retenus):
    modifiees = preservees = 0
    for action_version, ligne in retenus:
        valeurs = {"titre_court": ligne["titre_court"]}
        if action_version.declinaison_statut == ActionVersion.StatutDeclinaison.VALIDEE:
            # The national admin's decision outranks the shipped proposal.
            preservees += 1
        else:
            valeurs.update(
                declinaison_regionale=ligne["declinaison_regionale"],
                declinaison_statut=ligne["declinaison_statut"],
                declinaison_motif=ligne["declinaison_motif"],
            )
        modifiees += _maj(action_version, **valeurs)
    return {"actions": modifiees, "declinaisons_validees_preservees": preservees}


def _appliquer_correspondances(retenus):
    creees = 0
    for action, numero, ligne in retenus:
        correspondance, cree = Correspondance.objects.get_or_create(
            action=action,
            systeme=ligne["systeme"],
            numero=numero,
            defaults={"source": ligne["source"]},
        )
        creees += cree or _maj(correspondance, source=ligne["source"])
    return creees


def _appliquer_strategies(strategies, rattachements):
    plans = {}
    creees = modifiees = 0
    for code, ligne in strategies.items():
        plan, cree = Plan.objects.get_or_create(
            code=code,
            defaults={"nom": ligne["nom"], "nature": Plan.Nature.STRATEGIE_NATIONALE},
        )
        creees += cree
        modifiees += _maj(plan, nom=ligne["nom"]) and not cree
        plans[code] = plan
    liens = 0
    for action, ligne in rattachements:
        lien, cree = RattachementStrategie.objects.get_or_create(
            action=action,
            strategie=plans[ligne["strategie"]],
            defaults={"precision": ligne["precision"], "source": ligne["source"]},
        )
        liens += cree or _maj(lien, precision=ligne["precision"], source=ligne["source"])
    return {"strategies_creees": creees, "strategies": modifiees, "rattachements": liens}


def _appliquer_indicateurs(retenus):
    modifies = 0
    for indicateur, ligne in retenus:
        valeurs = {
            "unite": ligne["unite"],
            "sens": ligne["sens"],
            "saisie_ars": BOOLEENS[ligne["saisie_ars"]],
        }
        # Only the seeds' own wording is shipped; an empty cell never erases an admin's text.
        if ligne["methodologie"]:
            valeurs["methodologie"] = ligne["methodologie"]
        modifies += _maj(indicateur, **valeurs)
    return modifies


# --- charger_versions --------------------------------------------------------------------


def _fichier_version(lecteur, code):
    for ligne in lecteur.lire("versions.csv", ["code", "libelle", "date", "fichier_actions"]):
        if ligne["code"] == code:
            return ligne["fichier_actions"]
    lecteur.erreurs.append(f"versions.csv : la version « {code} » n'est pas décrite.")
    return None


def charger_versions(plan: Plan, dossier: Path | None = None) -> dict:
    """Create the plan's other versions (not current) with their axes and actions."""
    lecteur = Lecteur(dossier or DOSSIER_DEFAUT)
    versions = lecteur.lire(
        "versions.csv", ["code", "libelle", "date", "fichier_actions", "source"]
    )
    axes = lecteur.lire(
        "axes.csv", ["version", "numero", "libelle", "libelle_bilan", "pilote", "source"]
    )
    cles_existantes = set(Action.objects.filter(plan=plan).values_list("cle", flat=True))
    contenus = []
    for version in versions:
        if not lecteur.requis(version, "code", "libelle", "fichier_actions"):
            continue
        axes_version = {}
        for axe in axes:
            if axe["version"] != version["code"]:
                continue
            if axe["numero"].isdigit():
                axes_version[int(axe["numero"])] = axe
            else:
                lecteur.erreur(axe, "numero", f"« {axe['numero']} » n'est pas un entier.")
        if not axes_version:
            lecteur.erreur(version, "code", "aucun axe de cette version dans axes.csv.")
        actions = _lire_actions_version(lecteur, version, axes_version, cles_existantes)
        contenus.append((version, axes_version, actions))
    lecteur.verifier()

    compte = {"versions": 0, "axes": 0, "actions_creees": 0, "actions": 0}
    with transaction.atomic():
        for version, axes_version, actions in contenus:
            objet, cree = PlanVersion.objects.get_or_create(
                plan=plan,
                code=version["code"],
                defaults={"libelle": version["libelle"], "est_courante": False},
            )
            modifie = _maj(
                objet,
                libelle=version["libelle"],
                date=version["date"] or None,
                source=version["source"],
            )
            compte["versions"] += cree or modifie
            _charger_contenu(objet, axes_version, actions, compte)
    return compte


def _lire_actions_version(lecteur, version, axes_version, cles_existantes):
    colonnes = ["numero", "titre", "titre_court", "axe", "cle", "origine", "source"]
    retenus, numeros, cles = [], set(), set()
    for ligne in lecteur.lire(version["fichier_actions"], colonnes):
        numero = lecteur.numero(ligne, "numero")
        ok = lecteur.requis(ligne, "titre", "cle") and numero is not None
        ok &= lecteur.choix(ligne, "origine", {"annexe_2023", "nouvelle"})
        if not ligne["axe"].isdigit() or int(ligne["axe"]) not in axes_version:
            lecteur.erreur(
                ligne, "axe", f"« {ligne['axe']} » n'est pas un axe de la version dans axes.csv."
            )
            ok = False
        if ligne["cle"] and slugify(ligne["cle"]) != ligne["cle"]:
            lecteur.erreur(
                ligne, "cle", f"« {ligne['cle']} » n'est pas une clé (attendu : « 17-bis »)."
            )
            ok = False
        if ligne["origine"] == "annexe_2023" and ligne["cle"] not in cles_existantes:
            lecteur.erreur(
                ligne,
                "cle",
                f"la clé « {ligne['cle']} » devrait désigner une action de l'annexe 2023 déjà "
                "importée (importer l'annexe avant de charger les versions).",
            )
            ok = False
        if numero in numeros or ligne["cle"] in cles:
            lecteur.erreur(ligne, "numero", "numéro ou clé en double dans le fichier.")
            ok = False
        numeros.add(numero)
        cles.add(ligne["cle"])
        if ok:
            retenus.append((numero, ligne))
    return retenus


def _charger_contenu(version, axes_version, actions, compte) -> None:
    axes = {}
    for numero, ligne in axes_version.items():
        axe, cree = Axe.objects.get_or_create(
            version=version, numero=numero, defaults={"libelle": ligne["libelle"]}
        )
        modifie = _maj(
            axe,
            libelle=ligne["libelle"],
            libelle_bilan=ligne["libelle_bilan"],
            pilote=ligne["pilote"],
        )
        compte["axes"] += cree or modifie
        axes[numero] = axe
    for numero, ligne in actions:
        action, cree = Action.objects.get_or_create(plan=version.plan, cle=ligne["cle"])
        compte["actions_creees"] += cree
        valeurs = {
            "numero": numero,
            "titre": ligne["titre"],
            "titre_court": ligne["titre_court"],
            "axe": axes[int(ligne["axe"])],
        }
        action_version = ActionVersion.objects.filter(version=version, action=action).first()
        if action_version is None:
            ActionVersion.objects.create(version=version, action=action, **valeurs)
            compte["actions"] += 1
        else:
            compte["actions"] += _maj(action_version, **valeurs)
