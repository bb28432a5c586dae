"""factory_boy factories shared by every test package.

Teams append their own factories at the end of this file.
"""

import factory
from factory.django import DjangoModelFactory

from jalon.comptes.models import Utilisateur
from jalon.referentiel.models import (
    Action,
    ActionVersion,
    Axe,
    Correspondance,
    Indicateur,
    LienActionIndicateur,
    Organisation,
    Plan,
    PlanVersion,
    RattachementStrategie,
)
from jalon.territoires.models import Population, Territoire


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"DIR{n}")
    libelle = factory.LazyAttribute(lambda o: f"Direction {o.code}")
    categorie = Organisation.Categorie.DIRECTION


class PlanFactory(DjangoModelFactory):
    """The national roadmap by default (code `fdr-smp`); pass `code` for another plan."""

    class Meta:
        model = Plan
        django_get_or_create = ("code",)

    code = "fdr-smp"
    nom = "Feuille de route santé mentale et psychiatrie"
    nature = Plan.Nature.FEUILLE_ROUTE_NATIONALE

    class Params:
        strategie = factory.Trait(
            code=factory.Sequence(lambda n: f"strategie-{n}"),
            nom=factory.Sequence(lambda n: f"Stratégie nationale n° {n}"),
            nature=Plan.Nature.STRATEGIE_NATIONALE,
        )


class PlanVersionFactory(DjangoModelFactory):
    """The current 2023 version of the national roadmap by default."""

    class Meta:
        model = PlanVersion
        django_get_or_create = ("plan", "code")

    plan = factory.SubFactory(PlanFactory)
    code = "2023"
    libelle = factory.LazyAttribute(lambda o: f"Annexe {o.code}")
    est_courante = True


class AxeFactory(DjangoModelFactory):
    class Meta:
        model = Axe
        django_get_or_create = ("version", "numero")

    version = factory.SubFactory(PlanVersionFactory)
    numero = 1
    libelle = factory.LazyAttribute(lambda o: f"Axe numéro {o.numero}")
    libelle_bilan = factory.LazyAttribute(lambda o: f"Axe {o.numero} (bilan)")


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = Action
        django_get_or_create = ("plan", "cle")

    plan = factory.SubFactory(PlanFactory)
    cle = factory.Sequence(lambda n: f"action-{n}")


class ActionVersionFactory(DjangoModelFactory):
    """An action in a version; `pilotes` takes a list of Organisation."""

    class Meta:
        model = ActionVersion
        skip_postgeneration_save = True

    axe = factory.SubFactory(AxeFactory)
    version = factory.SelfAttribute("axe.version")
    action = factory.SubFactory(
        ActionFactory,
        plan=factory.SelfAttribute("..version.plan"),
        cle=factory.LazyAttribute(lambda o: f"action-{o.factory_parent.numero}".replace(" ", "-")),
    )
    numero = factory.Sequence(lambda n: str(n + 1))
    rang = 0  # computed by ActionVersion.save()
    titre = factory.LazyAttribute(lambda o: f"Titre de l'action {o.numero}")
    titre_court = factory.LazyAttribute(lambda o: f"Action {o.numero}")
    pilotes_libelle = ""

    @factory.post_generation
    def pilotes(self, create, extracted, **kwargs):
        if create and extracted:
            self.pilotes.set(extracted)
            if not self.pilotes_libelle:
                self.pilotes_libelle = "/".join(o.code for o in extracted)
                self.save(update_fields=["pilotes_libelle"])


class CorrespondanceFactory(DjangoModelFactory):
    class Meta:
        model = Correspondance

    action = factory.SubFactory(ActionFactory)
    systeme = Correspondance.Systeme.FDR_2019
    numero = "1"


class RattachementStrategieFactory(DjangoModelFactory):
    class Meta:
        model = RattachementStrategie

    action = factory.SubFactory(ActionFactory)
    strategie = factory.SubFactory(PlanFactory, strategie=True)


class IndicateurFactory(DjangoModelFactory):
    class Meta:
        model = Indicateur
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"A01INDM{n + 1:02d}")
    type = Indicateur.Type.MOYENS
    libelle = factory.LazyAttribute(lambda o: f"Libellé de l'indicateur {o.code}")
    fournisseur = factory.SubFactory(OrganisationFactory, code="DREES")
    fournisseur_libelle = factory.LazyAttribute(
        lambda o: o.fournisseur.code if o.fournisseur else ""
    )
    source = "SAE"
    maille = Indicateur.Maille.REGIONALE
    frequence = Indicateur.Frequence.ANNUELLE
    saisie_ars = False
    unite = "nombre"
    sens = Indicateur.Sens.HAUSSE

    class Params:
        resultat = factory.Trait(
            type=Indicateur.Type.RESULTAT,
            code=factory.Sequence(lambda n: f"A01INDR{n + 1:02d}"),
        )
        ars = factory.Trait(saisie_ars=True, fournisseur=None, fournisseur_libelle="ARS")


class LienActionIndicateurFactory(DjangoModelFactory):
    class Meta:
        model = LienActionIndicateur

    action_version = factory.SubFactory(ActionVersionFactory)
    indicateur = factory.SubFactory(IndicateurFactory)


class TerritoireFactory(DjangoModelFactory):
    """A region by default, child of France (created on demand)."""

    class Meta:
        model = Territoire
        django_get_or_create = ("code",)

    niveau = Territoire.Niveau.REGION
    # Outside the real COG ranges, so a generated code never meets a real one.
    cog = factory.Sequence(lambda n: f"{9000 + n}")
    code = factory.LazyAttribute(lambda o: f"REG-{o.cog}")
    nom = factory.LazyAttribute(lambda o: f"Région {o.cog}")
    parent = factory.LazyFunction(
        lambda: Territoire.objects.get_or_create(
            code="FR", defaults={"niveau": Territoire.Niveau.PAYS, "nom": "France"}
        )[0]
    )
    outre_mer = False
    ordre = 0

    class Params:
        france = factory.Trait(
            code="FR", niveau=Territoire.Niveau.PAYS, cog="", nom="France", parent=None
        )
        departement = factory.Trait(
            niveau=Territoire.Niveau.DEPARTEMENT,
            code=factory.LazyAttribute(lambda o: f"DEP-{o.cog}"),
            nom=factory.LazyAttribute(lambda o: f"Département {o.cog}"),
            parent=factory.SubFactory("tests.factories.TerritoireFactory"),
        )


class PopulationFactory(DjangoModelFactory):
    class Meta:
        model = Population

    territoire = factory.SubFactory(TerritoireFactory)
    annee = 2021
    valeur = 1_000_000
    source = "Insee, populations légales 2021"


class UtilisateurFactory(DjangoModelFactory):
    class Meta:
        model = Utilisateur
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"utilisateur{n}")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    role = Utilisateur.Role.LECTEUR
    password = factory.PostGenerationMethodCall("set_password", "motdepasse-test")


def referentiel_minimal():
    """A small national referential: versions 2019 and 2023 (current), two axes, actions
    17, 17 bis, 17 ter, 17 quater, 18 created out of order, indicators of both types, a
    renumbered action with its other numberings and a linked strategy."""
    import datetime
    from types import SimpleNamespace

    dgos = OrganisationFactory(code="DGOS", libelle="Direction générale de l'offre de soins")
    dgs = OrganisationFactory(code="DGS", libelle="Direction générale de la santé")
    dgcs = OrganisationFactory(code="DGCS", libelle="Direction générale de la cohésion sociale")
    cnsa = OrganisationFactory(
        code="CNSA", libelle="Caisse nationale de solidarité pour l'autonomie"
    )
    plan = PlanFactory()
    v2019 = PlanVersionFactory(
        plan=plan,
        code="2019",
        libelle="Feuille de route 2018",
        est_courante=False,
        date=datetime.date(2018, 6, 28),
    )
    v2023 = PlanVersionFactory(
        plan=plan,
        code="2023",
        libelle="Annexe de l'instruction 2023/179",
        date=datetime.date(2023, 11, 28),
    )
    axe1 = AxeFactory(version=v2023, numero=1, libelle="Bien être mental et prévention")
    axe2 = AxeFactory(version=v2023, numero=2, libelle="Parcours de soins")
    axe1_2019 = AxeFactory(version=v2019, numero=1, libelle="Promouvoir le bien-être mental")
    actions = {}
    for numero, axe, pilotes in [
        ("18", axe2, [dgos]),
        ("17 quater", axe2, [dgos]),
        ("17", axe2, [dgos]),
        ("17 ter", axe2, [dgcs, cnsa]),
        ("6", axe1, [dgs]),
        ("17 bis", axe2, [dgos]),
        ("1", axe1, [dgs]),
    ]:
        actions[numero] = ActionVersionFactory(
            version=v2023,
            axe=axe,
            numero=numero,
            pilotes=pilotes,
            titre=f"Intitulé de l'action {numero}",
        )
    actions["17 bis"].declinaison_regionale = ActionVersion.Declinaison.OUI
    actions["17 bis"].declinaison_statut = ActionVersion.StatutDeclinaison.VALIDEE
    actions["17 bis"].save()
    actions["6"].declinaison_regionale = ActionVersion.Declinaison.OUI
    actions["6"].declinaison_statut = ActionVersion.StatutDeclinaison.PROPOSEE
    actions["6"].save()
    ancienne = ActionVersionFactory(
        version=v2019,
        axe=axe1_2019,
        action=actions["6"].action,
        numero="12",
        pilotes=[dgs],
        titre="Prévenir le suicide (2018)",
    )
    CorrespondanceFactory(
        action=actions["6"].action, systeme=Correspondance.Systeme.ASSISES_2021, numero="M3"
    )
    strategie = PlanFactory(
        code="snps",
        nom="Stratégie nationale de prévention du suicide",
        nature=Plan.Nature.STRATEGIE_NATIONALE,
    )
    RattachementStrategieFactory(
        action=actions["6"].action, strategie=strategie, precision="Volet 3114"
    )
    drees = OrganisationFactory(code="DREES", libelle="Direction de la recherche (DREES)")
    indicateurs = {
        "A06INDM01": IndicateurFactory(
            code="A06INDM01",
            libelle="Nombre annuel d'appels au 3114",
            fournisseur=dgs,
            source="équipe nationale 3114",
            maille=Indicateur.Maille.REGIONALE,
            methodologie="Somme des appels reçus.",
        ),
        "A06INDR01": IndicateurFactory(
            code="A06INDR01",
            type=Indicateur.Type.RESULTAT,
            fournisseur=drees,
            libelle="Taux de décès par suicide",
            maille=Indicateur.Maille.DEPARTEMENTALE,
            sens=Indicateur.Sens.BAISSE,
        ),
        "A017bisINDM01": IndicateurFactory(
            code="A017bisINDM01",
            ars=True,
            maille=Indicateur.Maille.REGIONALE,
            frequence=Indicateur.Frequence.NON_PREVUE,
            libelle="Nombre d'équipes mobiles de psychiatrie de la personne âgée",
        ),
        "A017terINDM01": IndicateurFactory(
            code="A017terINDM01",
            fournisseur=cnsa,
            source="SEPPIA",
            libelle="Nombre d'ETP de psychologues dans les SSIAD",
        ),
    }
    for numero, code in [
        ("6", "A06INDM01"),
        ("6", "A06INDR01"),
        ("17 bis", "A017bisINDM01"),
        ("17 ter", "A017terINDM01"),
    ]:
        LienActionIndicateurFactory(action_version=actions[numero], indicateur=indicateurs[code])
    LienActionIndicateurFactory(action_version=ancienne, indicateur=indicateurs["A06INDM01"])
    return SimpleNamespace(
        plan=plan,
        v2019=v2019,
        v2023=v2023,
        axes=[axe1, axe2],
        actions=actions,
        ancienne=ancienne,
        strategie=strategie,
        indicateurs=indicateurs,
        organisations={"DGOS": dgos, "DGS": dgs, "DGCS": dgcs, "CNSA": cnsa, "DREES": drees},
    )


# --- Accounts team -----------------------------------------------------------------------

MOT_DE_PASSE_TEST = "motdepasse-test"


class CompteFactory(UtilisateurFactory):
    """An account whose password is saved (hashed at build time), with one trait per role.

    `CompteFactory(referent_ars=True, territoire=region)`; the traits give each role a
    scope that satisfies the model constraints when none is passed.
    """

    password = factory.django.Password(MOT_DE_PASSE_TEST)

    class Params:
        admin = factory.Trait(role=Utilisateur.Role.ADMIN_NATIONAL)
        pilote = factory.Trait(
            role=Utilisateur.Role.PILOTE_NATIONAL,
            organisation=factory.SubFactory(OrganisationFactory, code="DGOS"),
        )
        referent_ars = factory.Trait(
            role=Utilisateur.Role.REFERENT_ARS, territoire=factory.SubFactory(TerritoireFactory)
        )
        contributeur = factory.Trait(
            role=Utilisateur.Role.CONTRIBUTEUR,
            territoire=factory.SubFactory(TerritoireFactory, departement=True),
        )


def valeur_validee(indicateur, territoire, periode: str, nombre, source: str = ""):
    """Create or change a validated value directly, and count the change in the rollups the
    dashboards and regional tables read, as the values services would (no history row: use
    the services when a test is about the history)."""
    from decimal import Decimal

    from jalon.agregats.maj import noter_modification
    from jalon.saisies.models import Valeur

    ancienne = Valeur.objects.filter(
        indicateur=indicateur, territoire=territoire, periode=periode
    ).first()
    valeur, _ = Valeur.objects.update_or_create(
        indicateur=indicateur,
        territoire=territoire,
        periode=periode,
        defaults={"valeur": Decimal(nombre), "statut": Valeur.Statut.VALIDEE, "source": source},
    )
    noter_modification(
        valeur, ancienne.valeur if ancienne else None, ancienne.statut if ancienne else ""
    )
    return valeur
