"""Sort the loaded rows: those SQL can prove valid, those to skip, those Python must read.

A row is **simple** when, in SQL, every cell is already trimmed, matches the schema's form
in plain ASCII, names a known indicator and territory whose pair (maille, permission), period
kind (frequency) and campaign lock were accepted by the verifier's own rules (asked once per
distinct pair, period kind and locked scope), carries a number in one of the two plain forms
(``-12``, ``1234.5`` with at most six decimals) or none, has no formula apostrophe, and no
other row has the same indicator × territory × period. Such a row is exactly what the
row-by-row verifier would accept, parsed the same way.

A row is **ignorée** when its structure is simple and it has neither value nor comment (the
verifier skips it without looking further). Every other row — any doubt — goes through the
verifier itself (`Verificateur.ligne`), in file order, which reports its problems with the
usual messages or accepts it; rows sharing a key all go there, so duplicates are reported as
the row-by-row path reports them.
"""

from jalon.imports.valeurs import verification
from jalon.referentiel.models import Indicateur
from jalon.saisies.periodes import parse_periode
from jalon.saisies.services import niveaux_de_la_maille
from jalon.territoires import perms
from jalon.territoires.models import Territoire

# What str.strip() removes: a cell starting or ending with one of these is left to Python.
ESPACES = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
_BORDS = f"^[{ESPACES}]|[{ESPACES}]$"
_BORDS_TOUS = f"^[{ESPACES}]+|[{ESPACES}]+$"
# The schema's forms this module was written for; another schema turns the fast path off.
FORMES_CONNUES = {
    "indicateur": r"^\s*A[0-9]+[a-z]*IND[MR][0-9]{2}\s*$",
    "territoire": r"^\s*(FR|REG-[0-9]{2}|DEP-(?:[0-9]{2,3}|2[AB])|PTSM-[A-Za-z0-9_-]+)\s*$",
    "periode": r"^\s*[0-9]{4}(-(S[12]|Q[1-4]|0[1-9]|1[0-2]))?\s*$",
}
_FORMES_SQL = {
    "indicateur": "^A[0-9]+[a-z]*IND[MR][0-9]{2}$",
    "territoire": "^(FR|REG-[0-9]{2}|DEP-([0-9]{2,3}|2[AB])|PTSM-[A-Za-z0-9_-]+)$",
    "periode": "^[0-9]{4}(-(S[12]|Q[1-4]|0[1-9]|1[0-2]))?$",
}
_GENRE = (
    "CASE WHEN length(per) = 4 THEN 'annee' WHEN substr(per, 6, 1) = 'S' THEN 'semestre' "
    "WHEN substr(per, 6, 1) = 'Q' THEN 'trimestre' ELSE 'mois' END"
)
_MOIS = (
    "CASE WHEN length(per) = 4 THEN 1 WHEN substr(per, 6, 1) = 'S' "
    "THEN (substr(per, 7, 1)::int - 1) * 6 + 1 WHEN substr(per, 6, 1) = 'Q' "
    "THEN (substr(per, 7, 1)::int - 1) * 3 + 1 ELSE substr(per, 6, 2)::int END"
)


def schema_connu() -> bool:
    """True when the schema's constraints are those the SQL checks mirror."""
    for champ in verification.champs():
        motif = champ.motif.pattern if champ.motif else None
        if motif != FORMES_CONNUES.get(champ.nom):
            return False
        if champ.nom in ("source", "commentaire") and champ.longueur_max is None:
            return False
        if champ.nom not in ("source", "commentaire") and champ.longueur_max is not None:
            return False
    return {c.nom for c in verification.champs()} == {
        "indicateur",
        "territoire",
        "periode",
        "valeur",
        "source",
        "commentaire",
    }


def trier(curseur, colonnes: dict, verificateur) -> dict:
    """Fill `import_tri` (numero, etat, parsed fields); returns counts by state."""
    longueurs = {c.nom: c.longueur_max for c in verification.champs()}
    cellule = {nom: f"coalesce({col}, '')" if col else "''" for nom, col in colonnes.items()}
    curseur.execute(
        f"""
        CREATE TEMP TABLE import_cellules ON COMMIT DROP AS
        SELECT numero, {cellule["indicateur"]} AS ind, {cellule["territoire"]} AS ter,
               {cellule["periode"]} AS per, {cellule["valeur"]} AS val,
               {cellule["source"]} AS src, {cellule["commentaire"]} AS com
        FROM import_brut
        """
    )
    curseur.execute(
        f"""
        CREATE TEMP TABLE import_tri ON COMMIT DROP AS
        WITH n AS (
            SELECT c.*,
                   ind !~ %(bords)s AND ter !~ %(bords)s AND per !~ %(bords)s
                   AND val !~ %(bords)s AND src !~ %(bords)s AND com !~ %(bords)s AS propre,
                   regexp_replace(ind, %(tous)s, '', 'g') AS k_ind,
                   upper(regexp_replace(ter, %(tous)s, '', 'g')) AS k_ter,
                   upper(regexp_replace(per, %(tous)s, '', 'g')) AS k_per
            FROM import_cellules c
        ), s AS (
            SELECT n.*,
                   propre AND ind ~ %(f_ind)s AND ter ~ %(f_ter)s AND per ~ %(f_per)s
                   AND char_length(src) <= %(l_src)s AND char_length(com) <= %(l_com)s
                   AS structure,
                   count(*) OVER (PARTITION BY k_ind, k_ter, k_per) AS occurrences
            FROM n
        )
        SELECT s.numero, s.structure, s.occurrences, s.val, s.com, s.src,
               i.id AS indicateur_id, t.id AS territoire_id,
               CASE WHEN s.structure THEN s.per END AS periode,
               CASE WHEN s.structure THEN substr(s.per, 1, 4)::int END AS annee,
               CASE WHEN s.structure THEN {_GENRE.replace("per", "s.per")} END AS genre,
               CASE WHEN s.structure AND substr(s.per, 1, 4)::int BETWEEN 1900 AND 2100
                    THEN make_date(substr(s.per, 1, 4)::int, {_MOIS.replace("per", "s.per")}, 1)
               END AS debut
        FROM s
        LEFT JOIN {Indicateur._meta.db_table} i ON i.code = s.ind
        LEFT JOIN {Territoire._meta.db_table} t ON t.code = upper(s.ter)
        """,
        {
            "bords": _BORDS,
            "tous": _BORDS_TOUS,
            "f_ind": _FORMES_SQL["indicateur"],
            "f_ter": _FORMES_SQL["territoire"],
            "f_per": _FORMES_SQL["periode"],
            "l_src": longueurs["source"],
            "l_com": longueurs["commentaire"],
        },
    )
    curseur.execute("ANALYZE import_tri")
    _regles_de_domaine(curseur, verificateur)
    curseur.execute(
        r"""
        ALTER TABLE import_tri ADD COLUMN etat text;
        UPDATE import_tri t SET etat = CASE
            WHEN t.structure AND t.val = '' AND t.com = '' THEN 'ignoree'
            WHEN t.structure AND t.occurrences = 1 AND t.debut IS NOT NULL
                 AND (t.val = '' OR t.val ~ '^-?[0-9]{1,14}(\.[0-9]{1,6})?$')
                 AND t.src !~ '^''' AND t.com !~ '^'''
                 AND EXISTS (SELECT 1 FROM import_paires p WHERE p.indicateur_id = t.indicateur_id
                             AND p.territoire_id = t.territoire_id)
                 AND EXISTS (SELECT 1 FROM import_frequences f
                             WHERE f.indicateur_id = t.indicateur_id AND f.genre = t.genre)
                 AND NOT EXISTS (SELECT 1 FROM import_verrous v
                                 WHERE v.indicateur_id = t.indicateur_id
                                 AND v.territoire_id = t.territoire_id AND v.annee = t.annee
                                 AND t.genre = 'annee')
            THEN 'simple' ELSE 'python' END
        """
    )
    curseur.execute("SELECT etat, count(*) FROM import_tri GROUP BY etat")
    return dict(curseur.fetchall())


def _regles_de_domaine(curseur, verificateur) -> None:
    """The verifier's rules, asked once per distinct case and stored for the SQL sort."""
    indicateurs = {i.pk: i for i in verificateur.indicateurs.values()}
    territoires = {t.pk: t for t in verificateur.territoires.values()}
    curseur.execute(
        "SELECT DISTINCT indicateur_id, territoire_id FROM import_tri WHERE structure "
        "AND indicateur_id IS NOT NULL AND territoire_id IS NOT NULL"
    )
    paires = []
    for indicateur_id, territoire_id in curseur.fetchall():
        indicateur, territoire = indicateurs[indicateur_id], territoires[territoire_id]
        if territoire.niveau in niveaux_de_la_maille(indicateur.maille) and (
            perms.can_edit_values(verificateur.user, indicateur, territoire)
        ):
            paires.append((indicateur_id, territoire_id))
    frequences = [
        (pk, genre)
        for pk, indicateur in indicateurs.items()
        for genre in ("annee", "semestre", "trimestre", "mois")
        if genre in verification._GENRES.get(indicateur.frequence, {genre})
    ]
    verrous = []
    if not verificateur.admin:
        curseur.execute(
            "SELECT DISTINCT indicateur_id, territoire_id, annee FROM import_tri "
            "WHERE structure AND genre = 'annee' AND indicateur_id IS NOT NULL "
            "AND territoire_id IS NOT NULL AND annee BETWEEN 1900 AND 2100"
        )
        for indicateur_id, territoire_id, annee in curseur.fetchall():
            motif = verificateur._verrou(
                indicateurs[indicateur_id], territoires[territoire_id], parse_periode(str(annee))
            )
            if motif:
                verrous.append((indicateur_id, territoire_id, annee))
    for table, colonnes, lignes in (
        ("import_paires", "indicateur_id int, territoire_id int", paires),
        ("import_frequences", "indicateur_id int, genre text", frequences),
        ("import_verrous", "indicateur_id int, territoire_id int, annee int", verrous),
    ):
        curseur.execute(f"CREATE TEMP TABLE {table} ({colonnes}) ON COMMIT DROP")
        with curseur.cursor.copy(f"COPY {table} FROM STDIN") as copie:
            for ligne in lignes:
                copie.write_row(ligne)
        curseur.execute(f"ANALYZE {table}")
