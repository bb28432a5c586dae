"""Import the list of PTSM (projets territoriaux de santé mentale) from a CSV or xlsx file.

Columns and cell rules come from the Table Schema `jalon/data/territoires/ptsm.schema.json`,
each cell read with frictionless' cell reader (required, pattern, maxLength); the domain
checks follow (departments exist and lie in one region, CTSM date consistent and not in the
future, e-mail well formed, codes unique whatever their case, codes not reserved for the
synthetic territories). Every problem is reported with its file, row and column in French,
and the file is then refused as a whole: nothing is applied.

Applying: one transaction; a PTSM is its `Territoire` (niveau ``ptsm``, code kept exactly as
written — no case change) plus its `FichePTSM`. Its parent is its department, or its region
when it covers several departments. An existing code is updated, an unchanged row changes
nothing (re-importing a file is a no-op), a PTSM missing from the file is left as it is.
"""

import csv
import datetime
import io
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePath

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from frictionless import Schema

from jalon.imports.erreurs import ErreurFichier, FichierRefuse
from jalon.imports.lecteurs import ENCODAGES, Ligne, lire_lignes, verifier_fichier
from jalon.journal.models import EntreeJournal
from jalon.journal.services import journaliser
from jalon.territoires import perms
from jalon.territoires.models import FichePTSM, Territoire

SCHEMA = Path(__file__).resolve().parent.parent / "data" / "territoires" / "ptsm.schema.json"
# `jalon generate-synthetic` names its fictitious territories so (jalon.synthetique).
PREFIXE_SYNTHETIQUE = "PTSM-SYN-"
OUI = {"oui", "vrai", "1"}
Niveau = Territoire.Niveau


@cache
def charger_schema() -> Schema:
    return Schema.from_descriptor(str(SCHEMA))


def _cle(texte: str) -> str:
    sans_accents = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return re.sub(r"[\s'’-]+", "_", sans_accents.strip().lower())


@dataclass
class LignePTSM:
    numero: int
    code: str
    nom: str
    departements: list  # Territoire instances
    ctsm_signe: bool
    ctsm_signe_le: datetime.date | None
    coordinateur_nom: str
    coordinateur_email: str
    coordinateur_telephone: str

    @property
    def parent(self) -> Territoire:
        if len(self.departements) == 1:
            return self.departements[0]
        return self.departements[0].parent


@dataclass
class Rapport:
    fichier: str
    crees: list = field(default_factory=list)
    modifies: list = field(default_factory=list)
    inchanges: list = field(default_factory=list)
    absents: list = field(default_factory=list)  # registered PTSM codes not in the file
    dry_run: bool = False

    @property
    def lignes(self) -> int:
        return len(self.crees) + len(self.modifies) + len(self.inchanges)

    def resume(self) -> str:
        verbe = "seraient" if self.dry_run else "ont été"
        texte = (
            f"{self.fichier} : {self.lignes} PTSM lus ; {len(self.crees)} {verbe} créés, "
            f"{len(self.modifies)} {verbe} mis à jour, {len(self.inchanges)} inchangés."
        )
        if self.absents:
            texte += (
                f" {len(self.absents)} PTSM déjà enregistrés sont absents du fichier et restent "
                f"tels quels : {', '.join(self.absents[:10])}"
                + ("…" if len(self.absents) > 10 else "")
                + "."
            )
        return texte


_MESSAGES = {
    "required": "valeur obligatoire",
    "pattern": "forme inattendue",
    "maxLength": "texte trop long",
}


class _Lecteur:
    def __init__(self, nom):
        self.nom = nom
        self.schema = charger_schema()
        self.lecteurs = {f.name: f.create_cell_reader() for f in self.schema.fields}
        self.erreurs: list[ErreurFichier] = []
        self.departements = {
            t.code: t for t in Territoire.objects.departements().select_related("parent")
        }

    def erreur(self, ligne, colonne, message):
        self.erreurs.append(ErreurFichier(self.nom, message, ligne=ligne, colonne=colonne))

    def entete(self, numero, cellules) -> dict[str, int]:
        connues = {_cle(f.name): f.name for f in self.schema.fields}
        connues |= {_cle(f.title): f.name for f in self.schema.fields if f.title}
        positions = {}
        for index, cellule in enumerate(cellules):
            if not cellule.strip():
                continue
            nom = connues.get(_cle(cellule))
            if nom is None:
                attendu = ", ".join(f.name for f in self.schema.fields)
                self.erreur(numero, cellule, f"colonne inconnue (attendu : {attendu}).")
            elif nom in positions:
                self.erreur(numero, cellule, "colonne présente deux fois.")
            else:
                positions[nom] = index
        for champ in self.schema.fields:
            if champ.constraints.get("required") and champ.name not in positions:
                self.erreur(numero, champ.name, "colonne obligatoire absente.")
        return positions

    def cellules(self, numero, brut: dict) -> dict | None:
        """Each cell through frictionless (schema constraints); None if one is refused."""
        avant = len(self.erreurs)
        valeurs = {}
        for champ in self.schema.fields:
            texte = brut.get(champ.name, "").strip()
            valeur, notes = self.lecteurs[champ.name](texte)
            if notes:
                quoi = "; ".join(_MESSAGES.get(n, n) for n in notes)
                self.erreur(
                    numero, champ.name, f"« {texte} » : {quoi} (attendu : {champ.description})."
                )
            valeurs[champ.name] = texte
        return valeurs if len(self.erreurs) == avant else None

    def ligne(self, numero, v) -> LignePTSM | None:
        avant = len(self.erreurs)
        code = v["code"]
        if code.upper().startswith(PREFIXE_SYNTHETIQUE):
            self.erreur(
                numero,
                "code",
                f"« {code} » : le préfixe {PREFIXE_SYNTHETIQUE} est réservé aux territoires "
                "synthétiques (fictifs) de jalon generate-synthetic.",
            )
        departements = []
        for morceau in re.split(r"\s*[;,]\s*", v["departements"]):
            cog = morceau.strip().upper().removeprefix("DEP-")
            departement = self.departements.get(f"DEP-{cog}")
            if departement is None:
                self.erreur(numero, "departements", f"département « {morceau} » inconnu du COG.")
            elif departement not in departements:
                departements.append(departement)
        regions = {d.parent_id for d in departements}
        if len(regions) > 1:
            noms = ", ".join(f"{d.code} ({d.parent.nom})" for d in departements)
            self.erreur(
                numero,
                "departements",
                f"un PTSM couvre des départements d'une seule région : {noms}.",
            )
        signe = v["ctsm_signe"].strip().lower() in OUI
        date = self.date(numero, v["ctsm_signe_le"])
        if date and not signe:
            self.erreur(
                numero,
                "ctsm_signe_le",
                "une date de signature est donnée alors que ctsm_signe vaut « non ».",
            )
        email = v["coordinateur_email"]
        if email:
            try:
                validate_email(email)
            except DjangoValidationError:
                self.erreur(
                    numero, "coordinateur_email", f"« {email} » n'est pas une adresse électronique."
                )
        if len(self.erreurs) != avant:
            return None
        return LignePTSM(
            numero,
            code,
            v["nom"],
            departements,
            signe,
            date,
            v["coordinateur_nom"],
            email,
            v["coordinateur_telephone"],
        )

    def date(self, numero, texte):
        if not texte:
            return None
        texte = texte.split(" ")[0].split("T")[0]  # xlsx dates arrive as "2023-05-12 00:00:00"
        for forme in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                date = datetime.datetime.strptime(texte, forme).date()
            except ValueError:
                continue
            if date > timezone.localdate():
                self.erreur(numero, "ctsm_signe_le", f"« {texte} » est dans le futur.")
                return None
            return date
        self.erreur(
            numero,
            "ctsm_signe_le",
            f"« {texte} » : date attendue au format AAAA-MM-JJ ou JJ/MM/AAAA.",
        )
        return None


def _lire(nom: str, contenu: bytes) -> list[Ligne]:
    """Rows of the file. xlsx and tab-separated text go through the shared readers; for a
    CSV, the separator is the one that splits the header into the most known column names
    (the shared reader guesses it on the annex's nine columns, wider than this file)."""
    if PurePath(nom).suffix.lower() != ".csv":
        return lire_lignes(nom, contenu)
    verifier_fichier(nom, len(contenu))
    texte = None
    for encodage in ENCODAGES:
        try:
            texte = contenu.decode(encodage)
            break
        except UnicodeDecodeError:
            continue
    if texte is None:
        raise FichierRefuse(
            [ErreurFichier(nom, "encodage non reconnu (attendu : UTF-8 ou Windows-1252).")]
        )
    premiere = texte.splitlines()[0] if texte.strip() else ""
    connues = {_cle(f.name) for f in charger_schema().fields}
    connues |= {_cle(f.title) for f in charger_schema().fields if f.title}
    separateur = max(
        (";", ",", "\t"), key=lambda sep: sum(_cle(c) in connues for c in premiere.split(sep))
    )
    lecteur = csv.reader(io.StringIO(texte, newline=""), delimiter=separateur)
    lignes, debut = [], 1
    try:
        for cellules in lecteur:
            lignes.append(Ligne(debut, cellules))
            debut = lecteur.line_num + 1
    except csv.Error as exc:
        raise FichierRefuse(
            [ErreurFichier(nom, f"CSV mal formé ({exc}).", ligne=lecteur.line_num)]
        ) from exc
    if not any(c.strip() for ligne in lignes for c in ligne.cellules):
        raise FichierRefuse([ErreurFichier(nom, "le fichier ne contient aucune donnée.")])
    return lignes


def lire_ptsm(nom: str, contenu: bytes) -> list[LignePTSM]:
    """Every row of the file checked, or `FichierRefuse` listing every problem."""
    lignes = _lire(nom, contenu)
    lecteur = _Lecteur(nom)
    lignes = [ligne for ligne in lignes if any(c.strip() for c in ligne.cellules)]
    entete, *donnees = lignes
    positions = lecteur.entete(entete.numero, entete.cellules)
    if lecteur.erreurs:
        raise FichierRefuse(lecteur.erreurs)
    if not donnees:
        raise FichierRefuse([ErreurFichier(nom, "aucune ligne de PTSM sous l'en-tête.")])
    resultat, vus = [], {}
    existants = {
        c.lower(): c
        for c in Territoire.objects.filter(code__istartswith="PTSM-").values_list("code", flat=True)
    }
    niveaux = dict(
        Territoire.objects.filter(code__istartswith="PTSM-").values_list("code", "niveau")
    )
    for ligne in donnees:
        brut = {
            champ: ligne.cellules[index] if index < len(ligne.cellules) else ""
            for champ, index in positions.items()
        }
        valeurs = lecteur.cellules(ligne.numero, brut)
        if valeurs is None:
            continue
        code = valeurs["code"]
        if code.lower() in vus:
            lecteur.erreur(
                ligne.numero, "code", f"« {code} » figure déjà ligne {vus[code.lower()]}."
            )
            continue
        vus[code.lower()] = ligne.numero
        existant = existants.get(code.lower())
        if existant is not None and existant != code:
            lecteur.erreur(
                ligne.numero,
                "code",
                f"« {code} » existe déjà sous la forme « {existant} » : reprenez la même casse.",
            )
            continue
        if existant is not None and niveaux.get(existant) != Niveau.PTSM:
            lecteur.erreur(
                ligne.numero, "code", f"« {code} » désigne un territoire qui n'est pas un PTSM."
            )
            continue
        lu = lecteur.ligne(ligne.numero, valeurs)
        if lu is not None:
            resultat.append(lu)
    if lecteur.erreurs:
        raise FichierRefuse(lecteur.erreurs)
    return resultat


def _etat(territoire, fiche) -> dict:
    return {
        "nom": territoire.nom,
        "parent": territoire.parent_id,
        "departements": sorted(fiche.departements.values_list("code", flat=True))
        if fiche.pk
        else [],
        "ctsm_signe": fiche.ctsm_signe,
        "ctsm_signe_le": fiche.ctsm_signe_le.isoformat() if fiche.ctsm_signe_le else None,
        "coordinateur_nom": fiche.coordinateur_nom,
        "coordinateur_email": fiche.coordinateur_email,
        "coordinateur_telephone": fiche.coordinateur_telephone,
    }


def _cible(ligne) -> dict:
    return {
        "nom": ligne.nom,
        "parent": ligne.parent.pk,
        "departements": sorted(d.code for d in ligne.departements),
        "ctsm_signe": ligne.ctsm_signe,
        "ctsm_signe_le": ligne.ctsm_signe_le.isoformat() if ligne.ctsm_signe_le else None,
        "coordinateur_nom": ligne.coordinateur_nom,
        "coordinateur_email": ligne.coordinateur_email,
        "coordinateur_telephone": ligne.coordinateur_telephone,
    }


class _AnnulerEssai(Exception):
    """Raised inside the transaction of a dry run so that nothing stays."""


def importer_ptsm(
    user, nom: str, contenu: bytes, *, dry_run=False, canal=EntreeJournal.Canal.WEB
) -> Rapport:
    """Check the file, then create or update its PTSM (all or nothing). ``dry_run`` checks
    and counts without applying. Raises `FichierRefuse` (nothing applied) or
    `PermissionDenied`.

    ``user`` None is the server operator running `jalon import-ptsm` without --utilisateur
    (like `jalon load-territoires`): only the command may pass it, the journal then names no
    one.
    """
    operateur = user is None and canal == EntreeJournal.Canal.COMMANDE
    if not operateur and not perms.can_import_ptsm(user):
        raise PermissionDenied("Seule l'administration nationale importe la liste des PTSM.")
    lignes = lire_ptsm(nom, contenu)
    rapport = Rapport(fichier=nom, dry_run=dry_run)
    try:
        with transaction.atomic():
            _appliquer(user, lignes, rapport, canal)
            if dry_run:
                raise _AnnulerEssai
    except _AnnulerEssai:
        pass
    return rapport


def _appliquer(user, lignes, rapport, canal) -> None:
    source = f"Import {rapport.fichier} du {timezone.localdate():%d/%m/%Y}"
    existants = {
        t.code: t
        for t in Territoire.objects.filter(
            code__in=[ligne.code for ligne in lignes]
        ).select_related("fiche_ptsm")
    }
    ordre = 20_000
    for ligne in lignes:
        ordre += 1
        territoire = existants.get(ligne.code)
        if territoire is None:
            territoire = Territoire.objects.create(
                code=ligne.code,
                niveau=Niveau.PTSM,
                nom=ligne.nom,
                parent=ligne.parent,
                outre_mer=ligne.parent.outre_mer,
                ordre=ordre,
            )
        fiche = getattr(territoire, "fiche_ptsm", None) or FichePTSM(territoire=territoire)
        avant = _etat(territoire, fiche) if fiche.pk else None
        if avant == _cible(ligne):
            rapport.inchanges.append(ligne.code)
            continue
        territoire.nom, territoire.parent = ligne.nom, ligne.parent
        territoire.outre_mer = ligne.parent.outre_mer
        territoire.save()
        fiche.ctsm_signe, fiche.ctsm_signe_le = ligne.ctsm_signe, ligne.ctsm_signe_le
        fiche.coordinateur_nom = ligne.coordinateur_nom
        fiche.coordinateur_email = ligne.coordinateur_email
        fiche.coordinateur_telephone = ligne.coordinateur_telephone
        fiche.source = source[:255]
        fiche.save()
        fiche.departements.set(ligne.departements)
        (rapport.modifies if avant else rapport.crees).append(ligne.code)
        journaliser(
            user,
            canal,
            "ptsm_modification" if avant else "ptsm_creation",
            territoire,
            avant,
            _etat(territoire, fiche),
            source,
        )
    dans_le_fichier = {ligne.code for ligne in lignes}
    rapport.absents = sorted(
        FichePTSM.objects.exclude(territoire__code__in=dans_le_fichier).values_list(
            "territoire__code", flat=True
        )
    )
