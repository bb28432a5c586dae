"""Compare checked rows with the stored values and write them, a batch at a time.

Writes follow the values service (`jalon.saisies.services.enregistrer_valeur`) without its
per-row cost (one locking read, one write, one history row and one journal entry per value):
per batch, one read of the stored values, one `bulk_create` of new values, one `bulk_update`
of changed ones and one `bulk_create` of their history rows; the journal gets one entry for
the whole run (written by the caller). The rules are the service's:

- a new value is a draft (brouillon) entered by the importing user through the import channel;
- over a stored value, `jalon.saisies.services.statut_apres_ecriture` decides, as for the form
  and the API: the same number, source and comment changes nothing (no history row, no version
  bump, so re-importing a file is a no-op, even once submitted); a submitted or validated value
  may only be changed by a national admin and keeps its status; a draft or returned value that
  changes becomes a draft, with its version increased.
"""

from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from jalon.agregats import maj as agregats_maj
from jalon.saisies.models import HistoriqueValeur, Valeur
from jalon.saisies.services import SaisieInvalide, statut_apres_ecriture

Statut = Valeur.Statut
TAILLE_LOT = 2000
# Conditions per query: SQLite parses "a OR b OR …" as a tree at most 1000 deep.
GROUPES_PAR_REQUETE = 400
_CHAMPS_LUS = (
    "id",
    "indicateur_id",
    "territoire_id",
    "periode",
    "valeur",
    "source",
    "commentaire",
    "statut",
    "version",
)
_CHAMPS_MODIFIES = [
    "valeur",
    "source",
    "commentaire",
    "statut",
    "saisie_par",
    "canal",
    "version",
    "modifie_le",
]


class Ecrivain:
    """`ajouter(ligne)` for each checked row, then `terminer()`.

    With `ecrire=False` (dry run, or once the file has an error) rows are only classified:
    the counts say what would be created, changed or left unchanged.
    """

    def __init__(self, user, rapport, *, admin: bool, ecrire: bool, taille_lot=TAILLE_LOT):
        self.acteur = user
        self.user = user if getattr(user, "pk", None) else None
        self.rapport = rapport
        self.admin = admin
        self.ecrire = ecrire
        self.taille_lot = taille_lot
        self.lot = []

    def ajouter(self, ligne) -> None:
        self.lot.append(ligne)
        if len(self.lot) >= self.taille_lot:
            self._traiter()

    def terminer(self) -> None:
        if self.lot:
            self._traiter()

    def _traiter(self) -> None:
        lot, self.lot = self.lot, []
        if self.rapport.refuse:
            # The file is refused anyway: skip the database, keep checking rows.
            self.ecrire = False
            return
        existantes = self._existantes(lot)
        a_creer, a_modifier, historiques = [], [], []
        maintenant = timezone.now()
        compteurs = self.rapport.compteurs
        for ligne in lot:
            stockee = existantes.get((ligne.indicateur.pk, ligne.territoire.pk, ligne.periode))
            if stockee is None:
                a_creer.append(self._nouvelle(ligne))
                compteurs["a_creer"] += 1
                continue
            # The values service's rule: no-op when unchanged, submitted values frozen.
            stockee.indicateur, stockee.territoire = ligne.indicateur, ligne.territoire
            try:
                statut = statut_apres_ecriture(
                    self.acteur, stockee, ligne.valeur, ligne.source, ligne.commentaire
                )
            except SaisieInvalide as exc:
                self.rapport.probleme("valeur_verrouillee", ligne.numero, str(exc))
                continue
            if statut is None:
                compteurs["inchangees"] += 1
                continue
            historiques.append(
                HistoriqueValeur(
                    valeur_id=stockee.pk,
                    auteur=self.user,
                    canal=Valeur.Canal.IMPORT,
                    ancienne_valeur=stockee.valeur,
                    nouvelle_valeur=ligne.valeur,
                    ancien_statut=stockee.statut,
                    nouveau_statut=statut,
                )
            )
            stockee.valeur, stockee.source = ligne.valeur, ligne.source
            stockee.commentaire, stockee.statut = ligne.commentaire, statut
            stockee.saisie_par, stockee.canal = self.user, Valeur.Canal.IMPORT
            stockee.version += 1
            stockee.modifie_le = maintenant
            a_modifier.append(stockee)
            compteurs["a_modifier"] += 1
        if not self.ecrire or self.rapport.refuse:
            return
        if a_creer:
            # PostgreSQL and SQLite >= 3.35 return the new ids, needed by the history rows.
            Valeur.objects.bulk_create(a_creer)
            historiques.extend(
                HistoriqueValeur(
                    valeur_id=valeur.pk,
                    auteur=self.user,
                    canal=Valeur.Canal.IMPORT,
                    ancienne_valeur=None,
                    nouvelle_valeur=valeur.valeur,
                    ancien_statut="",
                    nouveau_statut=Statut.BROUILLON,
                )
                for valeur in a_creer
            )
        if a_modifier:
            Valeur.objects.bulk_update(a_modifier, _CHAMPS_MODIFIES)
        if historiques:
            HistoriqueValeur.objects.bulk_create(historiques)
            # Rollups of jalon.agregats, in the import's transaction.
            agregats_maj.appliquer_historiques(historiques, [*a_creer, *a_modifier])

    def _nouvelle(self, ligne) -> Valeur:
        # bulk_create skips Valeur.save(): the period fields are set as save() would.
        return Valeur(
            indicateur=ligne.indicateur,
            territoire=ligne.territoire,
            periode=ligne.periode,
            annee=ligne.annee,
            debut=ligne.debut,
            valeur=ligne.valeur,
            source=ligne.source,
            commentaire=ligne.commentaire,
            statut=Statut.BROUILLON,
            saisie_par=self.user,
            canal=Valeur.Canal.IMPORT,
        )

    def _existantes(self, lot) -> dict:
        """Stored values of the batch's triples, by (indicator id, territory id, period)."""
        groupes = defaultdict(set)
        for ligne in lot:
            groupes[(ligne.indicateur.pk, ligne.periode)].add(ligne.territoire.pk)
        cles = list(groupes)
        resultat = {}
        for debut in range(0, len(cles), GROUPES_PAR_REQUETE):
            condition = Q()
            for indicateur_id, periode in cles[debut : debut + GROUPES_PAR_REQUETE]:
                condition |= Q(
                    indicateur_id=indicateur_id,
                    periode=periode,
                    territoire_id__in=groupes[(indicateur_id, periode)],
                )
            requete = Valeur.objects.filter(condition).only(*_CHAMPS_LUS).order_by()
            if self.ecrire:
                # Held until the import commits: a form edit meanwhile waits, nothing is lost.
                requete = requete.select_for_update()
            for valeur in requete:
                resultat[(valeur.indicateur_id, valeur.territoire_id, valeur.periode)] = valeur
        return resultat
