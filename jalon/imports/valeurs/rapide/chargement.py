"""Load the rows of a CSV values file into a temporary table, `import_brut`.

Two ways, both giving the cells exactly as the row-by-row reader (`lecteurs.FluxLignes`)
gives them, with the same row numbers:

- straight COPY of the file's bytes, parsed by PostgreSQL, when nothing can make its CSV
  parser differ from Python's: the header is the first line, the file holds no quote
  character (so no quoted cell, no cell over several lines), its lines end the same way, and
  PostgreSQL reads exactly one row per line (a blank line, a short row or an unreadable byte
  makes COPY fail; then the other way is taken);
- otherwise the rows read by `FluxLignes` (the row-by-row reader itself) are streamed into
  COPY, the six known columns only.

`import_brut(numero, c0 … cK)`; `Chargement.colonnes` maps each field of the schema to its
column (or None when the file has no such column).
"""

from dataclasses import dataclass

import psycopg
from django.db import DatabaseError, connection, transaction

from jalon.imports.lecteurs import ECHANTILLON, FluxLignes, _encodage_echantillon
from jalon.imports.valeurs.verification import champs

BLOC = 1 << 20
_ENCODAGES_PG = {"utf-8-sig": "UTF8", "cp1252": "WIN1252"}
_LITTERAUX = {";": "';'", ",": "','", "\t": "E'\\t'"}


@dataclass
class Chargement:
    mode: str  # "copie" (bytes parsed by PostgreSQL) or "lecteur" (rows read by Python)
    lignes: int  # data rows
    colonnes: dict  # schema field -> "cN" or None
    lues: int = 0  # rows read, header included (what progress counts)


class _Repli(Exception):
    """The straight COPY cannot be trusted for this file: read it row by row."""


def noms_champs() -> tuple[str, ...]:
    return tuple(c.nom for c in champs())


def charger(nom, chemin, verificateur, rapport, suivi) -> Chargement | None:
    """Read the header (problems go to ``rapport`` through the verifier, as in the
    row-by-row path), then load every row; None when the header is missing or unusable."""
    noms = noms_champs()
    with FluxLignes(nom, chemin, noms) as flux:
        lignes = iter(flux)
        en_tete = next((ligne for ligne in lignes if any(c.strip() for c in ligne.cellules)), None)
        if en_tete is None:
            rapport.probleme("fichier", None, f"{nom} : le fichier ne contient aucune ligne.")
            return None
        if not verificateur.en_tete(en_tete.cellules, en_tete.numero):
            return None
        index = verificateur.colonnes
        if en_tete.numero == 1:
            try:
                with transaction.atomic():
                    return _copier_octets(chemin, flux, len(en_tete.cellules), index, suivi)
            except (_Repli, DatabaseError, psycopg.Error):
                pass
        return _copier_lignes(lignes, flux, index, noms, suivi)


def _creer_table(nb_colonnes: int, debut: int | None) -> None:
    colonnes = ", ".join(f"c{i} text" for i in range(nb_colonnes))
    numero = (
        f"numero int GENERATED ALWAYS AS IDENTITY (START {debut})"
        if debut is not None
        else "numero int"
    )
    with connection.cursor() as curseur:
        curseur.execute("DROP TABLE IF EXISTS import_brut")
        curseur.execute(f"CREATE TEMP TABLE import_brut ({numero}, {colonnes}) ON COMMIT DROP")


def _analyse(chemin) -> tuple[int, int, bytes]:
    """(offset after the header line, number of data lines, first bytes) or _Repli."""
    fin_en_tete, sauts, retours, retours_sauts, precedent = None, 0, 0, 0, b""
    dernier = b""
    with open(chemin, "rb") as fichier:
        debut = fichier.read(ECHANTILLON)
        fichier.seek(0)
        position = 0
        while bloc := fichier.read(BLOC):
            if b'"' in bloc:
                raise _Repli
            if fin_en_tete is None and b"\n" in bloc:
                fin_en_tete = position + bloc.index(b"\n") + 1
            sauts += bloc.count(b"\n")
            retours += bloc.count(b"\r")
            retours_sauts += bloc.count(b"\r\n") + (precedent == b"\r" and bloc[:1] == b"\n")
            precedent, dernier = bloc[-1:], bloc[-1:]
            position += len(bloc)
    if fin_en_tete is None or retours != retours_sauts:
        raise _Repli  # one line only, or lines ending with a lone carriage return
    return fin_en_tete, sauts - 1 + (dernier != b"\n"), debut


def _copier_octets(chemin, flux, nb_colonnes, index, suivi) -> Chargement:
    fin_en_tete, attendues, debut = _analyse(chemin)
    encodage = _encodage_echantillon(debut)
    premiere = debut.decode(encodage, errors="replace").lstrip("\ufeff").splitlines()[0]
    separateur = flux._separateur(premiere)
    _creer_table(nb_colonnes, debut=2)
    colonnes = ", ".join(f"c{i}" for i in range(nb_colonnes))
    taille = flux.taille
    with connection.cursor() as curseur, open(chemin, "rb") as fichier:
        fichier.seek(fin_en_tete)
        with curseur.cursor.copy(
            f"COPY import_brut ({colonnes}) FROM STDIN (FORMAT csv, "
            f"DELIMITER {_LITTERAUX[separateur]}, ENCODING '{_ENCODAGES_PG[encodage]}')"
        ) as copie:
            while bloc := fichier.read(BLOC):
                copie.write(bloc)
                if suivi is not None and taille:
                    faites = attendues * fichier.tell() // taille
                    suivi.signaler(flux.lues + faites, flux.lues + attendues)
        lues = curseur.cursor.rowcount
    if lues != attendues:
        raise _Repli
    correspondance = {nom: (f"c{i}" if i is not None else None) for nom, i in _index(index)}
    return Chargement("copie", lues, correspondance, flux.lues + lues)


def _copier_lignes(lignes, flux, index, noms, suivi) -> Chargement:
    _creer_table(len(noms), debut=None)
    positions = [index.get(nom) for nom in noms]
    colonnes = ", ".join(f"c{i}" for i in range(len(noms)))
    n = 0
    with (
        connection.cursor() as curseur,
        curseur.cursor.copy(f"COPY import_brut (numero, {colonnes}) FROM STDIN") as copie,
    ):
        for ligne in lignes:
            cellules = ligne.cellules
            copie.write_row(
                (
                    ligne.numero,
                    *(
                        cellules[p] if p is not None and p < len(cellules) else ""
                        for p in positions
                    ),
                )
            )
            n += 1
            if suivi is not None:
                suivi.signaler(flux.lues, flux.lignes_estimees())
    return Chargement("lecteur", n, {nom: f"c{i}" for i, nom in enumerate(noms)}, flux.lues)


def _index(index) -> list:
    return [(nom, index.get(nom)) for nom in noms_champs()]
