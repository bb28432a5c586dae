"""Sort the loaded rows: those SQL can prove valid, those to skip, those Python must read.

The verifier's own rules and regular expressions are asked once per **distinct** cell or
case, never per row, and their answers stored in small tables that SQL joins:

- each distinct indicator, territory and period cell: is it trimmed and of the schema's form
  (the schema's compiled pattern), which indicator, territory or period it names, and what
  key it gives once trimmed (what the verifier compares to find duplicates);
- each distinct indicator × territory pair: maille and permission; each indicator × period
  kind: frequency; for non-admins, each indicator × territory × year: the campaign lock.

A row is **simple** when all of that holds, its value is empty or in one of the two plain
forms (``-12``, ``1234.5``, at most fourteen digits and six decimals), its source and
comment are trimmed, short enough and carry no formula apostrophe, and no other row has the
same key. Such a row is exactly what the verifier would accept, parsed the same way. A row
is **ignorée** when its three key cells are valid and trimmed, its texts are fine and it has
neither value nor comment (the verifier skips it without looking further). Every other row —
any doubt — goes through the verifier itself, in file order; rows sharing a key all go
there, so duplicates are reported as the row-by-row path reports them.
"""

from jalon.imports.valeurs import verification
from jalon.saisies.periodes import PeriodeInvalide, parse_periode
from jalon.saisies.services import niveaux_de_la_maille
from jalon.territoires import perms

# What str.strip() removes, for btrim(): a cell starting or ending with one is left to Python.
ESPACES = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
# The schema's forms this module was written for; another schema turns the fast path off.
FORMES_CONNUES = {
    "indicateur": r"^\s*A[0-9]+[a-z]*IND[MR][0-9]{2}\s*$",
    "territoire": r"^\s*(FR|REG-[0-9]{2}|DEP-(?:[0-9]{2,3}|2[AB])|PTSM-[A-Za-z0-9_-]+)\s*$",
    "periode": r"^\s*[0-9]{4}(-(S[12]|Q[1-4]|0[1-9]|1[0-2]))?\s*$",
}
GENRES = ("annee", "semestre", "trimestre", "mois")


def schema_connu() -> bool:
    """True when the schema's fields and constraints are those this module handles."""
    attendus = {"indicateur", "territoire", "periode", "valeur", "source", "commentaire"}
    if {c.nom for c in verification.champs()} != attendus:
        return False
    for champ in verification.champs():
        motif = champ.motif.pattern if champ.motif else None
        if motif != FORMES_CONNUES.get(champ.nom):
            return False
        if (champ.longueur_max is not None) != (champ.nom in ("source", "commentaire")):
            return False
    return True


def trier(curseur, colonnes: dict, verificateur) -> dict:
    """Fill `import_tri` (numero, parsed fields, etat); returns the counts by state."""
    longueurs = {c.nom: c.longueur_max for c in verification.champs()}
    cellule = {nom: f"coalesce(b.{col}, '')" if col else "''" for nom, col in colonnes.items()}
    _cellules_distinctes(curseur, cellule, verificateur)
    _regles_de_domaine(curseur, cellule, verificateur)
    curseur.execute(
        rf"""
        CREATE TEMP TABLE import_tri ON COMMIT DROP AS
        WITH t AS (
            SELECT b.numero, {cellule["valeur"]} AS val, {cellule["source"]} AS src,
                   {cellule["commentaire"]} AS com,
                   fi.indicateur_id, ft.territoire_id, fp.periode, fp.annee, fp.debut, fp.genre,
                   fi.propre AND ft.propre AND fp.propre AS cles_propres,
                   count(*) OVER (PARTITION BY fi.cle, ft.cle, fp.cle) > 1 AS double
            FROM import_brut b
            JOIN import_formes_ind fi ON fi.cellule = {cellule["indicateur"]}
            JOIN import_formes_ter ft ON ft.cellule = {cellule["territoire"]}
            JOIN import_formes_per fp ON fp.cellule = {cellule["periode"]}
        ), t2 AS (
            SELECT t.*,
                   t.cles_propres AND btrim(t.src, %(espaces)s) = t.src
                   AND btrim(t.com, %(espaces)s) = t.com AND btrim(t.val, %(espaces)s) = t.val
                   AND char_length(t.src) <= %(l_src)s AND char_length(t.com) <= %(l_com)s
                   AS structure
            FROM t
        )
        SELECT t.numero, t.indicateur_id, t.territoire_id, t.periode, t.annee, t.debut,
               CASE WHEN t.val = '' THEN NULL
                    WHEN t.val ~ '^-?[0-9]{{1,14}}(\.[0-9]{{1,6}})?$' THEN t.val::numeric
               END AS valeur,
               t.src AS source, t.com AS commentaire,
               CASE
                 WHEN t.structure AND t.val = '' AND t.com = '' THEN 'ignoree'
                 WHEN t.structure AND NOT t.double AND t.debut IS NOT NULL
                      AND (t.val = '' OR t.val ~ '^-?[0-9]{{1,14}}(\.[0-9]{{1,6}})?$')
                      AND left(t.src, 1) <> '''' AND left(t.com, 1) <> ''''
                      AND p.indicateur_id IS NOT NULL AND f.indicateur_id IS NOT NULL
                      AND v.indicateur_id IS NULL
                 THEN 'simple' ELSE 'python'
               END AS etat
        FROM t2 t
        LEFT JOIN import_paires p
             ON p.indicateur_id = t.indicateur_id AND p.territoire_id = t.territoire_id
        LEFT JOIN import_frequences f ON f.indicateur_id = t.indicateur_id AND f.genre = t.genre
        LEFT JOIN import_verrous v ON t.genre = 'annee' AND v.indicateur_id = t.indicateur_id
             AND v.territoire_id = t.territoire_id AND v.annee = t.annee
        """,
        {"espaces": ESPACES, "l_src": longueurs["source"], "l_com": longueurs["commentaire"]},
    )
    curseur.execute("ANALYZE import_tri")
    curseur.execute("SELECT etat, count(*) FROM import_tri GROUP BY etat")
    return dict(curseur.fetchall())


def _cellules_distinctes(curseur, cellule, verificateur) -> None:
    """``import_formes_{ind,ter,per}(cellule, propre, cle, …)`` for each distinct cell.

    ``propre``: the cell is trimmed, of the schema's form and names a known object (a valid
    period); ``cle``: the key the verifier derives from the trimmed cell when it names one
    (None otherwise), to find duplicates among cells written differently.
    """
    motifs = {c.nom: c.motif for c in verification.champs()}
    cles_periodes = {}

    def indicateur(texte):
        propre = texte == texte.strip()
        trouve = verificateur.indicateurs.get(texte.strip())
        ok = propre and bool(motifs["indicateur"].match(texte)) and trouve is not None
        return (ok, trouve.pk if trouve else None, trouve.pk if ok else None)

    def territoire(texte):
        propre = texte == texte.strip()
        trouve = verificateur.territoire_par_code(texte.strip())
        ok = propre and bool(motifs["territoire"].match(texte)) and trouve is not None
        return (ok, trouve.pk if trouve else None, trouve.pk if ok else None)

    def periode(texte):
        try:
            lue = parse_periode(texte)
        except PeriodeInvalide:
            return (False, None, None, None, None, None)
        cle = cles_periodes.setdefault(lue.code, len(cles_periodes))
        ok = texte == texte.strip() and bool(motifs["periode"].match(texte))
        if not ok:
            return (False, cle, None, None, None, None)
        return (True, cle, lue.code, lue.annee, lue.debut, lue.genre)

    tables = (
        ("ind", "indicateur", "propre bool, cle int, indicateur_id int", indicateur),
        ("ter", "territoire", "propre bool, cle int, territoire_id int", territoire),
        (
            "per",
            "periode",
            "propre bool, cle int, periode varchar(7), annee int, debut date, genre text",
            periode,
        ),
    )
    for suffixe, nom, colonnes, regle in tables:
        curseur.execute(f"SELECT DISTINCT {cellule[nom]} FROM import_brut b")
        distinctes = [ligne[0] for ligne in curseur.fetchall()]
        table = f"import_formes_{suffixe}"
        curseur.execute(f"CREATE TEMP TABLE {table} (cellule text, {colonnes}) ON COMMIT DROP")
        with curseur.cursor.copy(f"COPY {table} FROM STDIN") as copie:
            for texte in distinctes:
                copie.write_row((texte, *regle(texte)))
        curseur.execute(f"ANALYZE {table}")


def _regles_de_domaine(curseur, cellule, verificateur) -> None:
    """The verifier's domain rules, asked once per distinct case, stored for the SQL sort."""
    indicateurs = {i.pk: i for i in verificateur.indicateurs.values()}
    territoires = {t.pk: t for t in verificateur.territoires.values()}
    jointure = (
        f"FROM import_brut b JOIN import_formes_ind fi ON fi.cellule = {cellule['indicateur']} "
        f"AND fi.propre JOIN import_formes_ter ft ON ft.cellule = {cellule['territoire']} "
        "AND ft.propre"
    )
    curseur.execute(f"SELECT DISTINCT fi.indicateur_id, ft.territoire_id {jointure}")
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
        for genre in GENRES
        if genre in verification._GENRES.get(indicateur.frequence, {genre})
    ]
    verrous = []
    if not verificateur.admin:
        curseur.execute(
            f"SELECT DISTINCT fi.indicateur_id, ft.territoire_id, fp.annee {jointure} "
            f"JOIN import_formes_per fp ON fp.cellule = {cellule['periode']} AND fp.propre "
            "AND fp.genre = 'annee'"
        )
        permises = set(paires)
        for indicateur_id, territoire_id, annee in curseur.fetchall():
            if (indicateur_id, territoire_id) not in permises:
                continue
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
