"""`generer(...)`: synthetic values for every indicator, territory of its maille and period.

What is generated, for each active indicator of the referential:

- territories: those of its maille — France for national indicators, the regions, the
  departments, the synthetic PTSM-level territories for infra-departmental ones, the regions
  while the maille is to be fixed — plus France for the others, whose national figure is
  the sum (counts) or the population-weighted mean (rates) of the territories';
- periods: the months of a monthly indicator, the semesters of a twice-yearly one, the
  years otherwise, over ``annees`` years ending with ``fin``;
- statuses: validated for past years; in the last year 70 % validated, 20 % submitted,
  10 % drafts (per territory, from the seed).

Written by a documented faster path than the import, enforcing the same constraints: the
maille of each indicator × territory is checked with `verifier_maille`, each period kind
with the import's frequency rule, each number with `lire_nombre` (bounds, six decimals);
the database keeps one value per indicator × territory × period. Each value gets its
creation history row (channel « chargement »), the run one journal entry, and the rollups
of `jalon.agregats` are rebuilt at the end — all in one transaction. Values carry the
source `SOURCE` (and the seed): that is how synthetic data is told from real data.
"""

import time
import zlib
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from jalon.agregats.reconstruction import reconstruire
from jalon.imports.valeurs.verification import _GENRES
from jalon.journal.models import EntreeJournal
from jalon.journal.services import journaliser
from jalon.referentiel.models import Indicateur
from jalon.saisies.models import HistoriqueValeur, Valeur
from jalon.saisies.periodes import parse_periode
from jalon.saisies.services import lire_nombre, verifier_maille
from jalon.synthetique import territoires as synth_territoires
from jalon.synthetique.modele import Serie, agreger, profil
from jalon.territoires.models import Territoire

SOURCE = "Données synthétiques — jalon generate-synthetic"
MOTIF = "Données synthétiques (fictives)"
FIN = 2025
Maille, Frequence, Niveau, Statut = (
    Indicateur.Maille,
    Indicateur.Frequence,
    Territoire.Niveau,
    Valeur.Statut,
)
_NIVEAU = {
    Maille.NATIONALE: Niveau.PAYS,
    Maille.REGIONALE: Niveau.REGION,
    Maille.DEPARTEMENTALE: Niveau.DEPARTEMENT,
    Maille.INFRA_DEPARTEMENTALE: Niveau.PTSM,
    Maille.A_FIXER: Niveau.REGION,
}


@dataclass(frozen=True)
class Echelle:
    territoires_infra: int
    annees: int


ECHELLES = {"demo": Echelle(territoires_infra=150, annees=3), "national": Echelle(1000, 10)}


class GenerationRefusee(Exception):
    """The database is not fit for synthetic data; the French message says why."""


@dataclass
class Bilan:
    valeurs: int = 0
    territoires_crees: int = 0
    par_maille: dict = field(default_factory=dict)


def verifier_base(force: bool) -> None:
    if not Indicateur.objects.exists() or not Territoire.objects.filter(code="FR").exists():
        raise GenerationRefusee(
            "Chargez d'abord les territoires et le référentiel : jalon load-territoires puis "
            "jalon load-referentiel."
        )
    if Valeur.objects.filter(source__startswith=SOURCE).exists():
        raise GenerationRefusee(
            "La base contient déjà des données synthétiques : partez d'une base neuve."
        )
    reelles = Valeur.objects.exclude(source__startswith=SOURCE).count()
    if reelles and not force:
        raise GenerationRefusee(
            f"La base contient {reelles} valeur(s) réelle(s) : des données synthétiques s'y "
            "mêleraient. Utilisez une base dédiée, ou --force pour les ajouter quand même "
            "(les valeurs réelles sont gardées, les synthétiques n'écrasent rien)."
        )


def periodes(indicateur, annees: range) -> list[tuple]:
    """(code, year, start, month or None, periods a year) of the generated periods."""
    if indicateur.frequence == Frequence.MENSUELLE:
        codes = [f"{a}-{m:02d}" for a in annees for m in range(1, 13)]
    elif indicateur.frequence == Frequence.BISANNUELLE:
        codes = [f"{a}-S{s}" for a in annees for s in (1, 2)]
    else:
        codes = [str(a) for a in annees]
    resultat = []
    for code in codes:
        p = parse_periode(code)
        genres = _GENRES.get(indicateur.frequence)
        if genres is not None and p.genre not in genres:  # the import's frequency rule
            raise GenerationRefusee(f"{indicateur.code} : période {code} refusée.")
        mois = p.debut.month if p.genre == "mois" else None
        resultat.append(
            (p.code, p.annee, p.debut, mois, {"mois": 12, "semestre": 2}.get(p.genre, 1))
        )
    return resultat


def statut(graine: int, code: str, territoire: str, annee: int, fin: int) -> str:
    if annee < fin:
        return Statut.VALIDEE
    tirage = zlib.crc32(f"{graine}:{code}:{territoire}:{annee}".encode()) % 100
    return Statut.VALIDEE if tirage < 70 else Statut.SOUMISE if tirage < 90 else Statut.BROUILLON


def lignes_indicateur(indicateur, territoires_par_niveau, populations, annees, graine, fin):
    """(territory, period, year, start, number, status) of one indicator, checked."""
    niveau = _NIVEAU[indicateur.maille]
    cibles = territoires_par_niveau[niveau]
    france = territoires_par_niveau[Niveau.PAYS][0]
    for territoire in cibles:
        verifier_maille(indicateur, territoire)
    if niveau != Niveau.PAYS:
        verifier_maille(indicateur, france)
    liste = periodes(indicateur, annees)
    modele = profil(indicateur, graine)
    par_periode = {code: [] for code, *_ in liste}
    debut = annees[0]
    for territoire in cibles:
        serie = Serie(
            modele, graine, indicateur.code, territoire.code, populations.get(territoire.pk)
        )
        for code, annee, jour, mois, par_an in liste:
            ecoule = annee - debut + ((mois or 1) - 1) / 12
            nombre = lire_nombre(serie.valeur(ecoule, mois, par_an), indicateur)
            if niveau != Niveau.PAYS:
                par_periode[code].append(nombre)
            yield (
                territoire,
                code,
                annee,
                jour,
                nombre,
                statut(graine, indicateur.code, territoire.code, annee, fin),
            )
    if niveau == Niveau.PAYS:
        return
    poids = [populations.get(t.pk) or 100_000 for t in cibles]
    for code, annee, jour, _, _ in liste:
        nombre = lire_nombre(agreger(modele, par_periode[code], poids), indicateur)
        yield france, code, annee, jour, nombre, statut(graine, indicateur.code, "FR", annee, fin)


def preparer_territoires(echelle: Echelle, graine: int) -> tuple[dict, dict, int]:
    """Territories by level (creating the synthetic ones if missing) and populations."""
    existants = Territoire.objects.filter(code__startswith=synth_territoires.PREFIXE)
    crees = 0
    if not existants.exists():
        crees = len(synth_territoires.creer_territoires(echelle.territoires_infra, graine))
    par_niveau = {niveau: [] for niveau in Niveau.values}
    for territoire in Territoire.objects.order_by("ordre", "code"):
        if territoire.niveau == Niveau.PTSM and not synth_territoires.est_synthetique(territoire):
            continue  # real PTSM territories get no synthetic values
        par_niveau[territoire.niveau].append(territoire)
    populations = {t.pk: t.population_valeur for t in Territoire.objects.with_latest_population()}
    return par_niveau, populations, crees


@transaction.atomic
def _analyser() -> None:
    """Fresh statistics for the tables just filled: autovacuum would come later, and until
    then PostgreSQL planned the dashboards' queries for a few thousand rows (it hashed the
    whole history and compiled the query: 0.8 s instead of 30 ms, bench/README.md)."""
    if connection.vendor != "postgresql":
        return
    from jalon.agregats.models import Cumul, Derniere

    tables = [m._meta.db_table for m in (Valeur, HistoriqueValeur, Cumul, Derniere, Territoire)]
    with connection.cursor() as curseur:
        curseur.execute("ANALYZE " + ", ".join(tables))


def generer(echelle: Echelle, graine: int = 1, *, force=False, fin=FIN, rapporter=None) -> Bilan:
    """Generate and store the values (see the module docstring); all or nothing."""
    verifier_base(force)
    par_niveau, populations, crees = preparer_territoires(echelle, graine)
    annees = range(fin - echelle.annees + 1, fin + 1)
    source = f"{SOURCE} (graine {graine})"
    ecrivain = (EcrivainCopie if connection.vendor == "postgresql" else EcrivainOrm)(source)
    bilan = Bilan(territoires_crees=crees)
    for indicateur in Indicateur.objects.actifs().order_by("code"):
        debut = time.perf_counter()
        existantes = set(
            Valeur.objects.filter(indicateur=indicateur).values_list("territoire_id", "periode")
        )
        lignes = lignes_indicateur(indicateur, par_niveau, populations, annees, graine, fin)
        n = ecrivain.ecrire(indicateur, lignes, existantes)
        bilan.valeurs += n
        bilan.par_maille[indicateur.maille] = bilan.par_maille.get(indicateur.maille, 0) + n
        if rapporter:
            rapporter(f"{indicateur.code} : {n} valeurs ({time.perf_counter() - debut:.1f} s)")
    if rapporter:
        rapporter("Recalcul des agrégats…")
    reconstruire()
    _analyser()
    journaliser(
        None,
        EntreeJournal.Canal.COMMANDE,
        "generation_synthetique",
        ("synthetique", "", "Données synthétiques"),
        apres={"valeurs": bilan.valeurs, "territoires_crees": crees, "graine": graine},
        motif=MOTIF,
    )
    return bilan


class EcrivainCopie:
    """PostgreSQL: COPY of the values, then their history rows in one statement."""

    def __init__(self, source: str):
        self.source = source
        self.maintenant = timezone.now()

    def ecrire(self, indicateur, lignes, existantes) -> int:
        colonnes = (
            "indicateur_id, territoire_id, periode, annee, debut, valeur, statut, source, "
            "commentaire, canal, version, cree_le, modifie_le"
        )
        n = 0
        with connection.cursor() as curseur:
            with curseur.cursor.copy(
                f"COPY {Valeur._meta.db_table} ({colonnes}) FROM STDIN"
            ) as copie:
                for territoire, code, annee, jour, nombre, statut_ in lignes:
                    if (territoire.pk, code) in existantes:
                        continue
                    copie.write_row(
                        (
                            indicateur.pk,
                            territoire.pk,
                            code,
                            annee,
                            jour,
                            nombre,
                            statut_,
                            self.source,
                            "",
                            Valeur.Canal.CHARGEMENT,
                            1,
                            self.maintenant,
                            self.maintenant,
                        )
                    )
                    n += 1
            curseur.execute(
                f"INSERT INTO {HistoriqueValeur._meta.db_table} (valeur_id, horodatage, "
                "auteur_id, canal, ancienne_valeur, nouvelle_valeur, ancien_statut, "
                "nouveau_statut, motif) SELECT id, %s, NULL, %s, NULL, valeur, '', statut, %s "
                f"FROM {Valeur._meta.db_table} WHERE indicateur_id = %s AND source = %s",
                [self.maintenant, Valeur.Canal.CHARGEMENT, MOTIF, indicateur.pk, self.source],
            )
        return n


class EcrivainOrm:
    """SQLite: bulk inserts, a batch at a time (ids come back for the history rows)."""

    LOT = 5000

    def __init__(self, source: str):
        self.source = source

    def ecrire(self, indicateur, lignes, existantes) -> int:
        lot, n = [], 0
        for territoire, code, annee, jour, nombre, statut_ in lignes:
            if (territoire.pk, code) in existantes:
                continue
            lot.append(
                Valeur(
                    indicateur=indicateur,
                    territoire=territoire,
                    periode=code,
                    annee=annee,
                    debut=jour,
                    valeur=nombre,
                    statut=statut_,
                    source=self.source,
                    canal=Valeur.Canal.CHARGEMENT,
                )
            )
            if len(lot) >= self.LOT:
                n += self._vider(lot)
                lot = []
        return n + self._vider(lot)

    def _vider(self, lot) -> int:
        if not lot:
            return 0
        Valeur.objects.bulk_create(lot)
        HistoriqueValeur.objects.bulk_create(
            HistoriqueValeur(
                valeur_id=v.pk,
                canal=Valeur.Canal.CHARGEMENT,
                nouvelle_valeur=v.valeur,
                ancien_statut="",
                nouveau_statut=v.statut,
                motif=MOTIF,
            )
            for v in lot
        )
        return len(lot)


def ecrire_csv(chemin, echelle: Echelle, graine: int = 1, *, fin=FIN, limite=None) -> int:
    """Write the values to a CSV in the import's format instead (no status: an import makes
    drafts); creates the synthetic territories it names if missing. Returns the row count."""
    with transaction.atomic():
        par_niveau, populations, _ = preparer_territoires(echelle, graine)
    annees = range(fin - echelle.annees + 1, fin + 1)
    n = 0
    with open(chemin, "w", encoding="utf-8", newline="") as sortie:
        sortie.write("indicateur,territoire,periode,valeur,source,commentaire\n")
        for indicateur in Indicateur.objects.actifs().order_by("code"):
            for territoire, code, _, _, nombre, _ in lignes_indicateur(
                indicateur, par_niveau, populations, annees, graine, fin
            ):
                sortie.write(f"{indicateur.code},{territoire.code},{code},{nombre},SYNTH,\n")
                n += 1
                if limite and n >= limite:
                    return n
    return n
