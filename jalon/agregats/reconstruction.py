"""Rebuild the rollups from the values, and compare them with a recomputation.

`reconstruire()` empties `Cumul` and `Derniere` and fills them again, in one transaction:
set-based SQL on PostgreSQL (a few seconds for millions of values), the Python
recomputation of `recalcul` on SQLite (exact decimal sums there). `ecarts()` lists every
difference between the stored rollups and `recalcul` (which shares no code with the
updates on write), empty when they agree.
"""

from django.db import connection, transaction

from jalon.agregats import recalcul, regles
from jalon.agregats.models import Cumul, Derniere
from jalon.saisies.models import Valeur
from jalon.territoires.models import Territoire

# Period kind from the code, in SQL (PostgreSQL and SQLite alike): see `regles.genre_de`.
GENRE_SQL = (
    "CASE WHEN length({c}) = 4 THEN 'annee' WHEN substr({c}, 6, 1) = 'S' THEN 'semestre' "
    "WHEN substr({c}, 6, 1) = 'Q' THEN 'trimestre' ELSE 'mois' END"
)
LOT = 5000


@transaction.atomic
def reconstruire() -> dict:
    """Recompute every rollup; returns the number of rows of each table."""
    Cumul.objects.all().delete()
    Derniere.objects.all().delete()
    if connection.vendor == "postgresql":
        _reconstruire_sql()
    else:
        _reconstruire_python()
    return {"cumuls": Cumul.objects.count(), "dernieres": Derniere.objects.count()}


def zones_sql() -> tuple[str, list]:
    """A ``VALUES`` list of (territoire_id, niveau, zone_id), one row per zone of each
    territory (`regles.zones_de`), for set-based SQL."""
    carte = regles.carte_territoires()
    lignes = []
    for pk in carte:
        niveau, zones = regles.zones_de(pk, carte)
        lignes.extend((pk, niveau, zone) for zone in zones)
    if not lignes:
        lignes = [(0, "", 0)]
    return ", ".join(["(%s, %s, %s)"] * len(lignes)), [x for ligne in lignes for x in ligne]


def _reconstruire_sql() -> None:
    valeurs, parametres = zones_sql()
    v = Valeur._meta.db_table
    genre = GENRE_SQL.format(c="v.periode")
    with connection.cursor() as curseur:
        curseur.execute(
            f"""
            WITH z(territoire_id, niveau, zone_id) AS (VALUES {valeurs}),
            g AS (
                SELECT v.indicateur_id, z.niveau, {genre} AS genre, z.zone_id, v.annee,
                       count(*) AS n, sum(v.valeur) AS s,
                       count(*) FILTER (WHERE v.statut = 'validee') AS nv,
                       coalesce(sum(v.valeur) FILTER (WHERE v.statut = 'validee'), 0) AS sv
                FROM {v} v JOIN z ON z.territoire_id = v.territoire_id
                WHERE v.valeur IS NOT NULL
                GROUP BY 1, 2, 3, 4, 5
            )
            INSERT INTO {Cumul._meta.db_table}
                (indicateur_id, validees, niveau, genre, zone_id, annee, nombre, somme)
            SELECT indicateur_id, false, niveau, genre, zone_id, annee, n, s FROM g
            UNION ALL
            SELECT indicateur_id, true, niveau, genre, zone_id, annee, nv, sv FROM g
            WHERE nv > 0
            """,
            parametres,
        )
        for validees, condition in ((False, ""), (True, "AND v.statut = 'validee'")):
            curseur.execute(
                f"""
                INSERT INTO {Derniere._meta.db_table} (indicateur_id, validees, territoire_id,
                    niveau, periode, debut, valeur, statut)
                SELECT DISTINCT ON (v.indicateur_id, v.territoire_id) v.indicateur_id, %s,
                       v.territoire_id, t.niveau, v.periode, v.debut, v.valeur, v.statut
                FROM {v} v JOIN {Territoire._meta.db_table} t ON t.id = v.territoire_id
                WHERE v.valeur IS NOT NULL {condition}
                ORDER BY v.indicateur_id, v.territoire_id, v.debut DESC, v.periode DESC
                """,
                [validees],
            )


def _reconstruire_python() -> None:
    carte = regles.carte_territoires()
    for validees in (False, True):
        cumuls = recalcul.cumuls(validees=validees, territoires=carte)
        Cumul.objects.bulk_create(
            (
                Cumul(
                    indicateur_id=indicateur_id,
                    validees=validees,
                    niveau=niveau,
                    genre=genre,
                    zone_id=zone_id,
                    annee=annee,
                    nombre=nombre,
                    somme=somme,
                )
                for (indicateur_id, zone_id, niveau, annee, genre), (nombre, somme) in (
                    cumuls.items()
                )
            ),
            batch_size=LOT,
        )
        Derniere.objects.bulk_create(
            (
                Derniere(
                    indicateur_id=indicateur_id,
                    validees=validees,
                    territoire_id=territoire_id,
                    niveau=carte[territoire_id][0],
                    periode=periode,
                    debut=debut,
                    valeur=valeur,
                    statut=statut,
                )
                for (indicateur_id, territoire_id), (periode, debut, valeur, statut) in (
                    recalcul.dernieres(validees=validees).items()
                )
            ),
            batch_size=LOT,
        )


def ecarts(limite: int = 20) -> list[str]:
    """Differences between the stored rollups and `recalcul` (at most ``limite`` listed,
    then a count of the others); an empty list when they agree."""
    carte = regles.carte_territoires()
    differences = []
    for validees in (False, True):
        attendus = recalcul.cumuls(validees=validees, territoires=carte)
        stockes = {
            (c.indicateur_id, c.zone_id, c.niveau, c.annee, c.genre): (c.nombre, c.somme)
            for c in Cumul.objects.filter(validees=validees).iterator(chunk_size=LOT)
            if c.nombre or c.somme
        }
        differences += _comparer(f"cumul validees={validees}", attendus, stockes)
        attendues = {
            cle: (periode, debut, valeur, statut, carte[cle[1]][0])
            for cle, (periode, debut, valeur, statut) in recalcul.dernieres(
                validees=validees
            ).items()
        }
        stockees = {
            (d.indicateur_id, d.territoire_id): (d.periode, d.debut, d.valeur, d.statut, d.niveau)
            for d in Derniere.objects.filter(validees=validees).iterator(chunk_size=LOT)
        }
        differences += _comparer(f"dernière validees={validees}", attendues, stockees)
    if len(differences) > limite:
        return [*differences[:limite], f"… et {len(differences) - limite} autre(s) écart(s)."]
    return differences


def _comparer(nom, attendus: dict, stockes: dict) -> list[str]:
    return [
        f"{nom} {cle} : attendu {attendus.get(cle)}, stocké {stockes.get(cle)}"
        for cle in sorted(attendus.keys() | stockes.keys(), key=str)
        if attendus.get(cle) != stockes.get(cle)
    ]
