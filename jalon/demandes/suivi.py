"""What a request expects from a region and where it stands: read models for the pages, the
API, the CSV export and the reminders. Nothing here writes.

Expected values follow the campaign rule (`jalon.campagnes.attendus`): an indicator of
regional maille is expected for the region, a departmental or infra-departmental one for
each of the region's departments, all at the request's period.
"""

from dataclasses import dataclass, field

from jalon.campagnes import attendus
from jalon.campagnes.attendus import Cellule
from jalon.demandes.models import Cible, Demande, Reponse
from jalon.referentiel.models import Indicateur
from jalon.territoires.models import Territoire

Maille = Indicateur.Maille
MAILLES_ACCEPTEES = {Maille.REGIONALE, Maille.DEPARTEMENTALE, Maille.INFRA_DEPARTEMENTALE}


def cellules(demande, region, departements=None) -> list[Cellule]:
    """The value cells ``region`` owes ``demande``, with their current values."""
    if not demande.periode:
        return []
    if departements is None:
        departements = list(Territoire.objects.departements().filter(parent=region))
    resultat = []
    for indicateur in demande.indicateurs.order_by("code"):
        territoires = [region] if indicateur.maille == Maille.REGIONALE else departements
        for territoire in territoires:
            resultat.append(
                Cellule(
                    indicateur,
                    territoire,
                    demande.periode,
                    region=region,
                    echeance=demande.echeance,
                )
            )
    return attendus.avec_valeurs(resultat)


@dataclass
class EtatRegion:
    """A region's answer to a request: questions answered, values received, what is missing."""

    cible: Cible
    questions: list
    reponses: dict  # question pk -> Reponse
    cellules: list = field(default_factory=list)

    @property
    def region(self):
        return self.cible.region

    @property
    def questions_sans_reponse(self) -> list:
        return [q for q in self.questions if not self._repondue(q)]

    def _repondue(self, question) -> bool:
        reponse = self.reponses.get(question.pk)
        return reponse is not None and bool(reponse.texte.strip())

    @property
    def cellules_manquantes(self) -> list:
        return [c for c in self.cellules if c.manquante]

    @property
    def nombre_repondues(self) -> int:
        return len(self.questions) - len(self.questions_sans_reponse)

    @property
    def nombre_recues(self) -> int:
        return len(self.cellules) - len(self.cellules_manquantes)

    @property
    def nombre_manquants(self) -> int:
        """Questions without an answer plus values not submitted yet."""
        return len(self.questions_sans_reponse) + len(self.cellules_manquantes)

    @property
    def complete(self) -> bool:
        return self.nombre_manquants == 0

    @property
    def lignes_questions(self) -> list[tuple]:
        return [(q, self.reponses.get(q.pk)) for q in self.questions]


def etat_region(cible) -> EtatRegion:
    demande = cible.demande
    questions = list(demande.questions.all())
    reponses = {
        r.question_id: r
        for r in Reponse.objects.filter(question__demande=demande, region=cible.region)
        .select_related("modifiee_par")
        .prefetch_related("historique__auteur")
    }
    return EtatRegion(cible, questions, reponses, cellules(demande, cible.region))


def etats_regions(demande) -> list[EtatRegion]:
    """Every targeted region's state, with one query for answers and two for values."""
    cibles = list(demande.cibles.select_related("region", "repondue_par"))
    questions = list(demande.questions.all())
    reponses = {}
    for reponse in Reponse.objects.filter(question__demande=demande).select_related("modifiee_par"):
        reponses.setdefault(reponse.region_id, {})[reponse.question_id] = reponse
    departements = {}
    for departement in Territoire.objects.departements().filter(
        parent__in=[c.region_id for c in cibles]
    ):
        departements.setdefault(departement.parent_id, []).append(departement)
    etats = []
    toutes = []
    for cible in cibles:
        cible.demande = demande
        etat = EtatRegion(cible, questions, reponses.get(cible.region_id, {}))
        if demande.periode:
            etat.cellules = [
                Cellule(ind, t, demande.periode, region=cible.region, echeance=demande.echeance)
                for ind in demande.indicateurs.order_by("code")
                for t in (
                    [cible.region]
                    if ind.maille == Maille.REGIONALE
                    else departements.get(cible.region_id, [])
                )
            ]
            toutes += etat.cellules
        etats.append(etat)
    attendus.avec_valeurs(toutes)
    return etats


@dataclass
class Suivi:
    """The national follow-up table's counts."""

    etats: list

    def _compter(self, statut) -> int:
        return sum(1 for e in self.etats if e.cible.statut == statut)

    @property
    def par_statut(self) -> list[tuple[str, str, int]]:
        return [(code, libelle, self._compter(code)) for code, libelle in Cible.Statut.choices]

    @property
    def a_l_heure(self) -> int:
        return sum(1 for e in self.etats if e.cible.a_l_heure)

    @property
    def en_retard(self) -> int:
        return sum(1 for e in self.etats if e.cible.a_l_heure is False)


def ouvertes_pour_region(region) -> list[Cible]:
    """The published requests targeting ``region`` that it has not answered yet, for its
    to-do page (closest deadline first)."""
    return list(
        Cible.objects.filter(
            region=region,
            demande__statut=Demande.Statut.PUBLIEE,
            statut__in=[Cible.Statut.A_FAIRE, Cible.Statut.EN_COURS],
        )
        .select_related("demande", "region")
        .order_by("demande__echeance", "demande__pk")
    )
