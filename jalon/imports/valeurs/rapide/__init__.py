"""The fast path of the values import, on PostgreSQL: COPY, set-based checks and writes.

Same contract as the row-by-row path (`jalon.imports.valeurs.service`): one streamed pass
over the file, all or nothing, the same French report (kinds, rows, examples, counts), the
same rules. The differences are where the work is done:

1. `chargement`: the CSV goes into a temporary table by COPY (its bytes, or the rows read by
   the usual reader when its bytes could be parsed differently);
2. `tri`: SQL sorts the rows it can prove valid from those it cannot; the verifier's domain
   rules (maille, permission, frequency, campaign lock) are asked once per distinct case;
3. the verifier (`Verificateur.ligne`) reads every doubtful row, in file order: its report is
   the report;
4. `ecriture`: comparison with the stored values, history rows and rollups, set-based.

Used for CSV files on PostgreSQL when ``JALON_IMPORT_RAPIDE`` is on (default); xlsx files and
SQLite take the row-by-row path. Memory stays bounded: bytes go through in 1 MiB blocks,
doubtful rows are fetched in chunks, and the verifier keeps only their keys.
"""

import logging
import time
from pathlib import PurePath

from django.conf import settings
from django.db import DatabaseError, connection, transaction

from jalon.imports.valeurs.rapide import tri
from jalon.imports.valeurs.rapide.chargement import charger, noms_champs
from jalon.imports.valeurs.rapide.ecriture import comparer_et_ecrire
from jalon.imports.valeurs.verification import Verificateur

logger = logging.getLogger(__name__)
LOT_RELECTURE = 10_000
MEMOIRE_TEMPORAIRE = "256MB"
MEMOIRE_TRI = "256MB"  # sorts and hashes of this transaction only
_TEMPORAIRES = (
    "import_brut",
    "import_formes_ind",
    "import_formes_ter",
    "import_formes_per",
    "import_tri",
    "import_paires",
    "import_frequences",
    "import_verrous",
    "import_acceptees_python",
    "import_classees",
    "import_changements",
)


def applicable(nom: str) -> bool:
    return (
        settings.JALON_IMPORT_RAPIDE
        and connection.vendor == "postgresql"
        and PurePath(nom).suffix.lower() == ".csv"
        and tri.schema_connu()
    )


def parcourir(user, chemin, nom, rapport, *, ecrire, suivi) -> None:
    """Check and (with ``ecrire``) write the file; a dry run leaves no trace."""
    verificateur = Verificateur(user, rapport)
    with transaction.atomic():
        _memoire_temporaire()
        with connection.cursor() as curseur:
            curseur.execute(f"SET LOCAL work_mem = '{MEMOIRE_TRI}'")
        # Temporary tables, dropped at the end of the transaction, or here when the same
        # transaction imports several files (tests).
        _nettoyer()
        _parcourir(verificateur, user, chemin, nom, rapport, ecrire=ecrire, suivi=suivi)
        _nettoyer()
        if not ecrire:
            transaction.set_rollback(True)


class _Chrono:
    """Duration of each step, logged (``jalon.imports.valeurs.rapide``, level INFO)."""

    def __init__(self):
        self.debut = self.precedent = time.perf_counter()
        self.etapes = []

    def __call__(self, etape: str) -> None:
        maintenant = time.perf_counter()
        self.etapes.append(f"{etape} {maintenant - self.precedent:.2f} s")
        self.precedent = maintenant

    def journaliser(self, nom: str) -> None:
        total = time.perf_counter() - self.debut
        logger.info("import rapide %s : %s ; total %.2f s", nom, ", ".join(self.etapes), total)


def _parcourir(verificateur, user, chemin, nom, rapport, *, ecrire, suivi) -> None:
    chrono = _Chrono()
    moments = {cle: 0 for cle in rapport.groupes}  # header problems come first
    chargement = charger(nom, chemin, verificateur, rapport, suivi)
    chrono(f"chargement ({chargement.mode if chargement else '-'})")
    moments.update({cle: 0 for cle in rapport.groupes if cle not in moments})
    if chargement is None:
        return
    compteurs = rapport.compteurs
    compteurs["lignes"] = chargement.lignes
    with connection.cursor() as curseur:
        # Temporary tables get no statistics by themselves: without them the planner takes a
        # million rows for thirty thousand and picks nested loops and wrong hash sides.
        curseur.execute("ANALYZE import_brut")
        etats = tri.trier(curseur, chargement.colonnes, verificateur)
        chrono(f"tri {etats}")
        compteurs["ignorees"] += etats.get("ignoree", 0)
        premier_probleme = 0 if rapport.refuse else None
        _table_acceptees_python(curseur)
        if etats.get("python"):
            premier_probleme = _relire(
                curseur, chargement.colonnes, verificateur, rapport, moments, premier_probleme
            )
        curseur.execute("ANALYZE import_acceptees_python")
        _accepter(curseur)
        chrono("relecture")
        if suivi is not None:
            suivi.signaler(chargement.lues, chargement.lues, final=True)
        comparer_et_ecrire(
            curseur,
            verificateur=verificateur,
            rapport=rapport,
            ecrire=ecrire,
            premier_probleme=premier_probleme,
            moments=moments,
            chrono=chrono,
        )
    chrono.journaliser(nom)
    if compteurs["lignes"] == 0:
        rapport.probleme("fichier", None, f"{nom} : aucune ligne de données après l'en-tête.")
    _ordonner(rapport, moments)


def _relire(curseur, colonnes, verificateur, rapport, moments, premier_probleme):
    """The verifier reads the doubtful rows in file order; accepted ones are kept."""
    noms = noms_champs()
    verificateur.colonnes = {nom: i for i, nom in enumerate(noms)}
    acceptees = []
    with connection.connection.cursor(name="import_relecture") as lecture:
        lecture.itersize = LOT_RELECTURE
        cellules = ", ".join(
            f"coalesce(b.{colonnes[nom]}, '')" if colonnes[nom] else "''" for nom in noms
        )
        lecture.execute(
            f"SELECT b.numero, {cellules} FROM import_brut b JOIN import_tri t "
            "ON t.numero = b.numero WHERE t.etat = 'python' ORDER BY b.numero"
        )
        for numero, *cellules in lecture:
            refuse, connus = rapport.refuse, len(rapport.groupes)
            ligne = verificateur.ligne(numero, cellules)
            if len(rapport.groupes) != connus:
                for cle in rapport.groupes:
                    moments.setdefault(cle, numero)
            if premier_probleme is None and rapport.refuse and not refuse:
                premier_probleme = numero
            if ligne is not None:
                acceptees.append(ligne)
                if len(acceptees) >= LOT_RELECTURE:
                    _copier_acceptees(curseur, acceptees)
                    acceptees = []
    _copier_acceptees(curseur, acceptees)
    return premier_probleme


def _copier_acceptees(curseur, lignes) -> None:
    if not lignes:
        return
    with curseur.cursor.copy("COPY import_acceptees_python FROM STDIN") as copie:
        for ligne in lignes:
            copie.write_row(
                (
                    ligne.numero,
                    ligne.indicateur.pk,
                    ligne.territoire.pk,
                    ligne.periode,
                    ligne.annee,
                    ligne.debut,
                    ligne.valeur,
                    ligne.source,
                    ligne.commentaire,
                )
            )


def _table_acceptees_python(curseur) -> None:
    curseur.execute(
        "CREATE TEMP TABLE import_acceptees_python (numero int, indicateur_id int, "
        "territoire_id int, periode varchar(7), annee int, debut date, valeur numeric, "
        "source text, commentaire text) ON COMMIT DROP"
    )


def _accepter(curseur) -> None:
    """`import_acceptees`: the simple rows as SQL parsed them, and the verifier's."""
    curseur.execute(
        "CREATE TEMP VIEW import_acceptees AS "
        "SELECT numero, indicateur_id, territoire_id, periode, annee, debut, valeur, source, "
        "commentaire FROM import_tri WHERE etat = 'simple' "
        "UNION ALL SELECT * FROM import_acceptees_python"
    )


def _ordonner(rapport, moments) -> None:
    """Problem kinds in the order the row-by-row path meets them (its report lists them so)."""
    ordre = sorted(rapport.groupes.items(), key=lambda item: moments.get(item[0], float("inf")))
    rapport.groupes = dict(ordre)


def _memoire_temporaire() -> None:
    """Room for the temporary tables (8 MB by default). PostgreSQL allows it only before the
    first temporary table of a session: later imports of the session keep what it got."""
    try:
        with transaction.atomic(), connection.cursor() as curseur:
            curseur.execute(f"SET temp_buffers = '{MEMOIRE_TEMPORAIRE}'")
    except DatabaseError:
        pass


def _nettoyer() -> None:
    with connection.cursor() as curseur:
        curseur.execute("DROP VIEW IF EXISTS import_acceptees")
        curseur.execute("DROP TABLE IF EXISTS " + ", ".join(_TEMPORAIRES))
