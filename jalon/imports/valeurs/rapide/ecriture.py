"""Compare the accepted rows with the stored values and write them, set-based.

The rules are those of the row-by-row writer (`jalon.imports.valeurs.ecriture`), that is of
`jalon.saisies.services.statut_apres_ecriture`, in SQL: new values are drafts entered by the
importing user through the import channel; the same number, source and comment changes
nothing, whatever the status; otherwise a submitted or validated value may only be changed
by a national admin (the refusal is `motif_figee`'s message) and keeps its status, and a
draft or returned value becomes a draft, its version increased. Each change gets its
history row and updates the rollups of `jalon.agregats` in the same transaction.

The row-by-row writer compares the database a batch (`TAILLE_LOT` accepted rows) at a time
and stops comparing once the file has an error; the counts and the locked-value refusals of
a refused file are reproduced batch for batch (`_lots_compares`), so both paths print the same
report.

Writes are optimistic: a value changed or created by someone else between the comparison
and the write (its version moved, or its triple now exists) refuses the file, which is then
rolled back whole.
"""

from bisect import bisect_right

from django.utils import timezone

from jalon.agregats import maj as agregats_maj
from jalon.imports.erreurs import ErreurFichier, FichierRefuse
from jalon.imports.valeurs.ecriture import TAILLE_LOT
from jalon.saisies.models import HistoriqueValeur, Valeur
from jalon.saisies.services import motif_figee

V = Valeur._meta.db_table
H = HistoriqueValeur._meta.db_table
_VERROUILLES = "('soumise', 'validee')"


def comparer_et_ecrire(
    curseur, *, verificateur, rapport, ecrire, premier_probleme, moments, chrono
):
    """Classify `import_acceptees` against the stored values, report and write."""
    user, admin = verificateur.user, verificateur.admin
    curseur.execute(
        f"""
        CREATE TEMP TABLE import_classees ON COMMIT DROP AS
        SELECT a.*, row_number() OVER (ORDER BY a.numero) AS rang,
               v.id AS valeur_id, v.version, v.valeur AS ancienne, v.statut AS ancien_statut,
               CASE
                 WHEN v.id IS NULL THEN 'creer'
                 WHEN v.valeur IS NOT DISTINCT FROM a.valeur AND v.source = a.source
                      AND v.commentaire = a.commentaire THEN 'inchangee'
                 WHEN v.statut IN {_VERROUILLES} AND NOT %s THEN 'verrouillee'
                 ELSE 'modifier'
               END AS classe
        FROM import_acceptees a
        LEFT JOIN {V} v ON v.indicateur_id = a.indicateur_id
             AND v.territoire_id = a.territoire_id AND v.periode = a.periode
        """,
        [admin],
    )
    curseur.execute("ANALYZE import_classees")
    chrono("comparaison")
    limite = _lots_compares(curseur, verificateur, rapport, premier_probleme, moments)
    curseur.execute(
        "SELECT classe, count(*) FROM import_classees WHERE rang <= %s GROUP BY classe", [limite]
    )
    classes = dict(curseur.fetchall())
    compteurs = rapport.compteurs
    compteurs["a_creer"] += classes.get("creer", 0)
    compteurs["a_modifier"] += classes.get("modifier", 0)
    compteurs["inchangees"] += classes.get("inchangee", 0)
    if rapport.refuse or not ecrire:
        return
    _ecrire(curseur, user, classes, chrono)


def _lots_compares(curseur, verificateur, rapport, premier_probleme, moments) -> int:
    """Rank of the last accepted row the row-by-row writer would have compared.

    It compares batch k once its last row is accepted, unless a problem was reported by
    then; the last, partial batch at the end, unless the file has a problem; and a batch
    with locked values reports them and stops the comparisons.
    """
    curseur.execute("SELECT count(*) FROM import_classees")
    total = curseur.fetchone()[0]
    curseur.execute(
        "SELECT rang, numero FROM import_classees WHERE rang %% %s = 0 ORDER BY rang",
        [TAILLE_LOT],
    )
    fins = curseur.fetchall()
    if total % TAILLE_LOT:
        fins.append((total, None))  # compared at the end, if nothing was refused by then
    curseur.execute(
        "SELECT rang, numero, ancien_statut, periode, indicateur_id, territoire_id "
        "FROM import_classees WHERE classe = 'verrouillee' ORDER BY rang"
    )
    indicateurs = {i.pk: i for i in verificateur.indicateurs.values()}
    territoires = {t.pk: t for t in verificateur.territoires.values()}
    verrouillees = curseur.fetchall()
    rangs = [v[0] for v in verrouillees]
    limite = 0
    for rang, numero in fins:
        if numero is None:
            if rapport.refuse:
                break
        elif premier_probleme is not None and premier_probleme < numero:
            break
        du_lot = verrouillees[bisect_right(rangs, limite) : bisect_right(rangs, rang)]
        limite = rang
        if du_lot:
            # When the row-by-row writer would have reported them: after the batch's last row.
            moments.setdefault(("valeur_verrouillee", ""), numero if numero else float("inf"))
        for _, numero_, statut, periode, indicateur, territoire in sorted(
            du_lot, key=lambda v: v[1]
        ):
            figee = Valeur(
                indicateur=indicateurs[indicateur],
                territoire=territoires[territoire],
                periode=periode,
                statut=statut,
            )
            motif = motif_figee(verificateur.user, figee)
            rapport.probleme("valeur_verrouillee", numero_, motif)
        if du_lot:
            break
    return limite


def _ecrire(curseur, user, classes, chrono) -> None:
    auteur = getattr(user, "pk", None)
    maintenant = timezone.now()
    a_creer, a_modifier = classes.get("creer", 0), classes.get("modifier", 0)
    if a_creer:
        curseur.execute(
            f"""
            WITH nouvelles AS (
                INSERT INTO {V} (indicateur_id, territoire_id, periode, annee, debut, valeur,
                    statut, source, commentaire, saisie_par_id, canal, version, cree_le,
                    modifie_le)
                SELECT indicateur_id, territoire_id, periode, annee, debut, valeur,
                       'brouillon', source, commentaire, %(auteur)s, 'import', 1,
                       %(maintenant)s, %(maintenant)s
                FROM import_classees WHERE classe = 'creer'
                ORDER BY indicateur_id, territoire_id, periode
                ON CONFLICT (indicateur_id, territoire_id, periode) DO NOTHING
                RETURNING id, valeur
            )
            INSERT INTO {H} (valeur_id, horodatage, auteur_id, canal, ancienne_valeur,
                nouvelle_valeur, ancien_statut, nouveau_statut, motif)
            SELECT id, %(maintenant)s, %(auteur)s, 'import', NULL, valeur, '', 'brouillon', ''
            FROM nouvelles ORDER BY id
            """,
            {"auteur": auteur, "maintenant": maintenant},
        )
        if curseur.rowcount != a_creer:
            _conflit()
        chrono("création")
    if a_modifier:
        curseur.execute(
            f"""
            WITH modifiees AS (
                UPDATE {V} v SET valeur = c.valeur, source = c.source,
                       commentaire = c.commentaire,
                       statut = CASE WHEN c.ancien_statut IN {_VERROUILLES} THEN c.ancien_statut
                                     ELSE 'brouillon' END,
                       saisie_par_id = %(auteur)s, canal = 'import', version = v.version + 1,
                       modifie_le = %(maintenant)s
                FROM import_classees c
                WHERE c.classe = 'modifier' AND v.id = c.valeur_id AND v.version = c.version
                RETURNING v.id, c.ancienne, c.ancien_statut, v.valeur, v.statut
            )
            INSERT INTO {H} (valeur_id, horodatage, auteur_id, canal, ancienne_valeur,
                nouvelle_valeur, ancien_statut, nouveau_statut, motif)
            SELECT id, %(maintenant)s, %(auteur)s, 'import', ancienne, valeur, ancien_statut,
                   statut, ''
            FROM modifiees ORDER BY id
            """,
            {"auteur": auteur, "maintenant": maintenant},
        )
        if curseur.rowcount != a_modifier:
            _conflit()
        chrono("modification")
    curseur.execute(
        f"""
        CREATE TEMP TABLE import_changements ON COMMIT DROP AS
        SELECT indicateur_id, territoire_id, periode, annee, debut,
               ancienne, coalesce(ancien_statut, '') AS ancien_statut, valeur AS nouvelle,
               CASE WHEN ancien_statut IN {_VERROUILLES} THEN ancien_statut
                    ELSE 'brouillon' END AS nouveau_statut
        FROM import_classees WHERE classe IN ('creer', 'modifier')
        """
    )
    curseur.execute("ANALYZE import_changements")
    agregats_maj.appliquer_table(curseur, "import_changements")
    chrono("agrégats")


def _conflit():
    raise FichierRefuse(
        [
            ErreurFichier(
                "",
                "des valeurs du fichier ont été créées ou modifiées par quelqu'un d'autre "
                "pendant l'import : rien n'a été appliqué, relancez l'import.",
            )
        ]
    )
