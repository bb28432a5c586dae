"""Keep the rollups exact, in the transaction that writes the values.

Every change of a value — its number or its status, old and new — is recorded by a history
row (`HistoriqueValeur`); `appliquer_historiques(historiques, valeurs)` turns those rows into
`Changement`s and applies them. It is called by the values services (one change at a time,
from `jalon.saisies.services._tracer`) and by the bulk import (a batch at a time, from
`jalon.imports.valeurs.ecriture`). Nothing else writes values; `jalon rebuild-agregats`
recomputes everything if something ever did.

- `Cumul`: the change's old contribution is subtracted and its new one added, for the
  France zone and the region of the territory, for every value (``validees=False``) and
  validated ones. PostgreSQL adds in SQL (an upsert: concurrent writers queue on the row,
  no lost update); SQLite, whose sums are stored as text, adds in Python — safe because the
  transaction already holds SQLite's single write lock, taken by the value write itself.
- `Derniere`: an upsert keeps the greatest period (`regles.cle_recente`); when the latest
  value loses its number or leaves the validated ones, the latest is read again from the
  values of that indicator and territory (one indexed query).
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, localcontext
from functools import cache

from django.db import connection
from django.db.models import Q

from jalon.agregats import regles
from jalon.agregats.models import Cumul, Derniere
from jalon.saisies.models import Valeur
from jalon.saisies.periodes import parse_periode
from jalon.territoires.models import Territoire

VALIDEE = Valeur.Statut.VALIDEE
LIGNES_PAR_REQUETE = 500


@dataclass(frozen=True, slots=True)
class Changement:
    """A value before and after a write (``ancien_statut`` "" for a new value)."""

    indicateur_id: int
    territoire_id: int
    periode: str
    annee: int
    debut: object
    ancienne: Decimal | None
    ancien_statut: str
    nouvelle: Decimal | None
    nouveau_statut: str


@cache
def _periode(code: str):
    return parse_periode(code)


def depuis_historiques(historiques, valeurs) -> list[Changement]:
    """The changes recorded by history rows (`HistoriqueValeur`) of ``valeurs``.

    Reads only ``pk``, ``indicateur_id``, ``territoire_id`` and ``periode`` of the values,
    so values loaded with `.only()` cost no further query.
    """
    par_id = {valeur.pk: valeur for valeur in valeurs}
    resultat = []
    for historique in historiques:
        valeur = par_id[historique.valeur_id]
        periode = _periode(valeur.periode)
        resultat.append(
            Changement(
                valeur.indicateur_id,
                valeur.territoire_id,
                periode.code,
                periode.annee,
                periode.debut,
                historique.ancienne_valeur,
                historique.ancien_statut or "",
                historique.nouvelle_valeur,
                historique.nouveau_statut,
            )
        )
    return resultat


def appliquer_historiques(historiques, valeurs) -> None:
    """Update the rollups for changes just written with their history rows (the hook of the
    values services and of the bulk import)."""
    appliquer(depuis_historiques(historiques, valeurs))


def noter_creation(valeur: Valeur) -> None:
    """Count a value created outside the services and the import (a test fixture writing
    `Valeur` rows directly): the rollups then see it as the services would have."""
    noter_modification(valeur, None, "")


def noter_modification(valeur: Valeur, ancienne_valeur, ancien_statut: str) -> None:
    """The same for a value changed directly from (``ancienne_valeur``, ``ancien_statut``)."""
    appliquer(
        [
            Changement(
                valeur.indicateur_id,
                valeur.territoire_id,
                valeur.periode,
                valeur.annee,
                valeur.debut,
                ancienne_valeur,
                ancien_statut,
                valeur.valeur,
                valeur.statut,
            )
        ]
    )


def _compte(nombre, statut: str, validees: bool) -> bool:
    return nombre is not None and bool(statut) and (not validees or statut == VALIDEE)


def appliquer(changements) -> None:
    changements = list(changements)
    if not changements:
        return
    carte = regles.carte_territoires({c.territoire_id for c in changements})
    zones = {pk: regles.zones_de(pk, carte) for pk in {c.territoire_id for c in changements}}
    _cumuls(changements, zones)
    _dernieres(changements, zones)


# --- Cumul ------------------------------------------------------------------------------


def _cumuls(changements, zones) -> None:
    deltas = defaultdict(lambda: [0, Decimal(0)])
    with localcontext() as contexte:
        contexte.prec = regles.PRECISION
        for c in changements:
            niveau, zones_ = zones[c.territoire_id]
            genre = regles.genre_de(c.periode)
            for validees in (False, True):
                avant = _compte(c.ancienne, c.ancien_statut, validees)
                apres = _compte(c.nouvelle, c.nouveau_statut, validees)
                if not avant and not apres:
                    continue
                for zone in zones_:
                    delta = deltas[(c.indicateur_id, validees, niveau, genre, zone, c.annee)]
                    if avant:
                        delta[0] -= 1
                        delta[1] -= c.ancienne
                    if apres:
                        delta[0] += 1
                        delta[1] += c.nouvelle
    deltas = {cle: d for cle, d in deltas.items() if d[0] or d[1]}
    if not deltas:
        return
    if connection.vendor == "postgresql":
        ajouter_cumuls_sql(sorted(deltas.items()))
    else:
        _ajouter_cumuls_python(deltas)


def ajouter_cumuls_sql(lignes) -> None:
    """PostgreSQL: add ``[(cle, (nombre, somme))]`` to the rows, creating missing ones.

    Keys in a stable order, so that two writers lock rows in the same order (no deadlock).
    """
    table = Cumul._meta.db_table
    colonnes = "indicateur_id, validees, niveau, genre, zone_id, annee, nombre, somme"
    with connection.cursor() as curseur:
        for debut in range(0, len(lignes), LIGNES_PAR_REQUETE):
            morceau = lignes[debut : debut + LIGNES_PAR_REQUETE]
            valeurs = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s::numeric)"] * len(morceau))
            parametres = [x for cle, (nombre, somme) in morceau for x in (*cle, nombre, somme)]
            curseur.execute(
                f"INSERT INTO {table} ({colonnes}) VALUES {valeurs} "
                "ON CONFLICT (indicateur_id, validees, niveau, genre, zone_id, annee) "
                f"DO UPDATE SET nombre = {table}.nombre + EXCLUDED.nombre, "
                f"somme = {table}.somme + EXCLUDED.somme",
                parametres,
            )


def _ajouter_cumuls_python(deltas) -> None:
    cles = list(deltas)
    existants = {}
    requete = Cumul.objects.filter(
        indicateur_id__in={c[0] for c in cles},
        zone_id__in={c[4] for c in cles},
        annee__in={c[5] for c in cles},
    )
    for cumul in requete:
        existants[
            (
                cumul.indicateur_id,
                cumul.validees,
                cumul.niveau,
                cumul.genre,
                cumul.zone_id,
                cumul.annee,
            )
        ] = cumul
    a_creer, a_modifier = [], []
    with localcontext() as contexte:
        contexte.prec = regles.PRECISION
        for cle, (nombre, somme) in deltas.items():
            cumul = existants.get(cle)
            if cumul is None:
                indicateur_id, validees, niveau, genre, zone_id, annee = cle
                a_creer.append(
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
                )
            else:
                cumul.nombre += nombre
                cumul.somme += somme
                a_modifier.append(cumul)
    Cumul.objects.bulk_create(a_creer)
    Cumul.objects.bulk_update(a_modifier, ["nombre", "somme"])


# --- Derniere ---------------------------------------------------------------------------


def _dernieres(changements, zones) -> None:
    candidats, retraits = {}, set()
    for c in changements:
        cle_c = regles.cle_recente(c.debut, c.periode)
        for validees in (False, True):
            cle = (c.indicateur_id, validees, c.territoire_id)
            if _compte(c.nouvelle, c.nouveau_statut, validees):
                actuel = candidats.get(cle)
                if actuel is None or cle_c >= regles.cle_recente(actuel[2], actuel[1]):
                    niveau = zones[c.territoire_id][0]
                    candidats[cle] = (niveau, c.periode, c.debut, c.nouvelle, c.nouveau_statut)
            elif _compte(c.ancienne, c.ancien_statut, validees):
                retraits.add((*cle, c.periode))
    if candidats:
        garder_plus_recentes(sorted((*cle, *ligne) for cle, ligne in candidats.items()))
    if retraits:
        _relire(retraits)


def garder_plus_recentes(lignes) -> None:
    """Upsert ``(indicateur_id, validees, territoire_id, niveau, periode, debut, valeur,
    statut)`` rows, each replacing the stored one only if its period is as recent or more."""
    table = Derniere._meta.db_table
    colonnes = "indicateur_id, validees, territoire_id, niveau, periode, debut, valeur, statut"
    champs = ("niveau", "periode", "debut", "valeur", "statut")
    with connection.cursor() as curseur:
        for debut in range(0, len(lignes), LIGNES_PAR_REQUETE):
            morceau = lignes[debut : debut + LIGNES_PAR_REQUETE]
            valeurs = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s)"] * len(morceau))
            parametres = [
                str(x) if isinstance(x, Decimal) and connection.vendor != "postgresql" else x
                for ligne in morceau
                for x in ligne
            ]
            curseur.execute(
                f"INSERT INTO {table} ({colonnes}) VALUES {valeurs} "
                "ON CONFLICT (indicateur_id, validees, territoire_id) DO UPDATE SET "
                + ", ".join(f"{c} = excluded.{c}" for c in champs)
                + f" WHERE excluded.debut > {table}.debut OR (excluded.debut = {table}.debut "
                f"AND excluded.periode >= {table}.periode)",
                parametres,
            )


def _relire(retraits) -> None:
    """The latest left the figures (no number, or no longer validated): read it again."""
    retraits = sorted(retraits)
    for debut in range(0, len(retraits), LIGNES_PAR_REQUETE):
        condition = Q()
        for indicateur_id, validees, territoire_id, periode in retraits[
            debut : debut + LIGNES_PAR_REQUETE
        ]:
            condition |= Q(
                indicateur_id=indicateur_id,
                validees=validees,
                territoire_id=territoire_id,
                periode=periode,
            )
        for derniere in Derniere.objects.select_for_update().filter(condition):
            _remplacer(derniere)


def _remplacer(derniere) -> None:
    valeurs = Valeur.objects.filter(
        indicateur_id=derniere.indicateur_id,
        territoire_id=derniere.territoire_id,
        valeur__isnull=False,
    )
    if derniere.validees:
        valeurs = valeurs.filter(statut=VALIDEE)
    remplacante = valeurs.order_by("-debut", "-periode").first()
    if remplacante is None:
        derniere.delete()
        return
    derniere.periode, derniere.debut = remplacante.periode, remplacante.debut
    derniere.valeur, derniere.statut = remplacante.valeur, remplacante.statut
    derniere.save(update_fields=["periode", "debut", "valeur", "statut"])


# --- Set-based (PostgreSQL bulk import) -------------------------------------------------


def appliquer_table(curseur, table: str) -> None:
    """The same updates for every change listed in a (temporary) table of columns
    ``indicateur_id, territoire_id, periode, annee, debut, ancienne, ancien_statut,
    nouvelle, nouveau_statut`` — PostgreSQL only, set-based (the bulk import's fast path)."""
    from jalon.agregats.reconstruction import GENRE_SQL, zones_sql

    valeurs, parametres = zones_sql()
    compte_avant = (
        "(c.ancienne IS NOT NULL AND c.ancien_statut <> '' "
        "AND (NOT f.validees OR c.ancien_statut = 'validee'))"
    )
    compte_apres = "(c.nouvelle IS NOT NULL AND (NOT f.validees OR c.nouveau_statut = 'validee'))"
    cumul = Cumul._meta.db_table

    def variation(validees: str) -> str:
        avant = compte_avant.replace("f.validees", validees)
        apres = compte_apres.replace("f.validees", validees)
        return (
            f"sum((CASE WHEN {apres} THEN 1 ELSE 0 END) - (CASE WHEN {avant} THEN 1 ELSE 0 END))"
            f", sum((CASE WHEN {apres} THEN c.nouvelle ELSE 0 END)"
            f" - (CASE WHEN {avant} THEN c.ancienne ELSE 0 END))"
        )

    # Two steps: first per territory and year (a million monthly changes become some
    # eighty thousand rows, hashed in memory), then per zone. Joining the raw changes to
    # their zones first made four million wide rows that PostgreSQL sorted on disk.
    curseur.execute(
        f"""
        WITH z(territoire_id, niveau, zone_id) AS (VALUES {valeurs}),
        p(indicateur_id, territoire_id, genre, annee, n0, s0, n1, s1) AS (
            SELECT c.indicateur_id, c.territoire_id, {GENRE_SQL.format(c="c.periode")} AS genre,
                   c.annee, {variation("false")}, {variation("true")}
            FROM {table} c
            GROUP BY 1, 2, 3, 4
        ),
        d AS (
            SELECT p.indicateur_id, f.validees, z.niveau, p.genre, z.zone_id, p.annee,
                   sum(CASE WHEN f.validees THEN p.n1 ELSE p.n0 END) AS n,
                   sum(CASE WHEN f.validees THEN p.s1 ELSE p.s0 END) AS s
            FROM p
            JOIN z ON z.territoire_id = p.territoire_id
            CROSS JOIN (VALUES (false), (true)) f(validees)
            GROUP BY 1, 2, 3, 4, 5, 6
        )
        INSERT INTO {cumul} (indicateur_id, validees, niveau, genre, zone_id, annee, nombre,
                             somme)
        SELECT * FROM d WHERE n <> 0 OR s <> 0
        ORDER BY 1, 2, 3, 4, 5, 6
        ON CONFLICT (indicateur_id, validees, niveau, genre, zone_id, annee)
        DO UPDATE SET nombre = {cumul}.nombre + EXCLUDED.nombre,
                      somme = {cumul}.somme + EXCLUDED.somme
        """,
        parametres,
    )
    derniere = Derniere._meta.db_table
    champs = ("niveau", "periode", "debut", "valeur", "statut")
    curseur.execute(
        f"""
        INSERT INTO {derniere} (indicateur_id, validees, territoire_id, niveau, periode, debut,
                                valeur, statut)
        SELECT DISTINCT ON (c.indicateur_id, f.validees, c.territoire_id)
               c.indicateur_id, f.validees, c.territoire_id, t.niveau, c.periode, c.debut,
               c.nouvelle, c.nouveau_statut
        FROM {table} c JOIN {Territoire._meta.db_table} t ON t.id = c.territoire_id
        CROSS JOIN (VALUES (false), (true)) f(validees)
        WHERE {compte_apres}
        ORDER BY c.indicateur_id, f.validees, c.territoire_id, c.debut DESC, c.periode DESC
        ON CONFLICT (indicateur_id, validees, territoire_id) DO UPDATE SET
        {", ".join(f"{c} = excluded.{c}" for c in champs)}
        WHERE excluded.debut > {derniere}.debut
           OR (excluded.debut = {derniere}.debut AND excluded.periode >= {derniere}.periode)
        """
    )
    curseur.execute(
        f"""
        SELECT c.indicateur_id, f.validees, c.territoire_id, c.periode
        FROM {table} c CROSS JOIN (VALUES (false), (true)) f(validees)
        WHERE {compte_avant} AND NOT {compte_apres}
        """
    )
    retraits = {tuple(ligne) for ligne in curseur.fetchall()}
    if retraits:
        _relire(retraits)
