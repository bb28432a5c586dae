"""Response schemas of the API: French snake_case field names, stable public codes."""

from ninja import Field, Schema

from jalon.territoires.queries import population_recente


class Erreur(Schema):
    detail: str = Field(description="Message d'erreur en français.")


class AxeSchema(Schema):
    numero: int = Field(description="Numéro de l'axe dans la version.")
    libelle: str = Field(description="Libellé de l'axe dans l'annexe de l'instruction.")
    libelle_bilan: str = Field(description="Libellé de l'axe dans le bilan.")


class PiloteSchema(Schema):
    code: str = Field(description="Sigle de la direction ou de l'organisme (ex. DGOS).")
    libelle: str = Field(description="Nom de la direction ou de l'organisme.")


class ActionSchema(Schema):
    version: str = Field(description="Code de la version de la feuille de route (ex. 2023).")
    numero: str = Field(description="Numéro de l'action tel qu'écrit (ex. « 17 bis »).")
    slug: str = Field(description="Numéro utilisable dans une adresse (ex. « 17-bis »).")
    cle: str = Field(description="Identifiant stable de l'action d'une version à l'autre.")
    titre: str
    titre_court: str
    axe: AxeSchema
    pilotes: list[PiloteSchema] = Field(description="Directions pilotes de l'action.")
    pilotes_libelle: str = Field(description="Pilotes tels qu'écrits dans l'annexe.")
    declinaison_regionale: str = Field(
        description="« oui » si l'action appelle une déclinaison régionale, « non » sinon, "
        "vide si non renseigné."
    )
    declinaison_statut: str = Field(description="« proposee » ou « validee » (ou vide).")
    nb_indicateurs_moyens: int
    nb_indicateurs_resultat: int
    url: str = Field(description="Adresse de la page de l'action sur le site.")

    @staticmethod
    def resolve_version(obj) -> str:
        return obj.version.code

    @staticmethod
    def resolve_cle(obj) -> str:
        return obj.action.cle

    @staticmethod
    def resolve_pilotes(obj):
        return list(obj.pilotes.all())

    @staticmethod
    def resolve_nb_indicateurs_moyens(obj) -> int:
        return obj.nb_moyens

    @staticmethod
    def resolve_nb_indicateurs_resultat(obj) -> int:
        return obj.nb_resultat

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


class IndicateurCourtSchema(Schema):
    code: str
    type: str = Field(description="« moyens » ou « resultat ».")
    libelle: str
    url: str

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


class NumerotationSchema(Schema):
    version: str = Field(description="Version de la feuille de route.")
    numero: str

    @staticmethod
    def resolve_version(obj) -> str:
        return obj.version.code


class CorrespondanceSchema(Schema):
    systeme: str = Field(description="fdr_2019, assises_2021 ou bilan_2024.")
    systeme_libelle: str
    numero: str

    @staticmethod
    def resolve_systeme_libelle(obj) -> str:
        return obj.get_systeme_display()


class StrategieSchema(Schema):
    code: str
    nom: str
    precision: str

    @staticmethod
    def resolve_code(obj) -> str:
        return obj.strategie.code

    @staticmethod
    def resolve_nom(obj) -> str:
        return obj.strategie.nom


class ActionDetailSchema(ActionSchema):
    declinaison_motif: str
    indicateurs: list[IndicateurCourtSchema]
    numerotations: list[NumerotationSchema] = Field(
        description="Numéro de l'action dans chaque version de la feuille de route."
    )
    correspondances: list[CorrespondanceSchema] = Field(
        description="Numéro de l'action dans d'autres numérotations (2019, Assises 2021…)."
    )
    strategies: list[StrategieSchema] = Field(
        description="Autres stratégies ou plans nationaux auxquels l'action se rattache."
    )

    @staticmethod
    def resolve_indicateurs(obj):
        return obj.indicateurs_moyens + obj.indicateurs_resultat

    @staticmethod
    def resolve_numerotations(obj):
        return obj.historique

    @staticmethod
    def resolve_correspondances(obj):
        return list(obj.action.correspondances.all())

    @staticmethod
    def resolve_strategies(obj):
        return list(obj.action.rattachements.all())


class ActionCourteSchema(Schema):
    version: str
    numero: str
    titre: str
    axe: int
    url: str

    @staticmethod
    def resolve_version(obj) -> str:
        return obj.version.code

    @staticmethod
    def resolve_axe(obj) -> int:
        return obj.axe.numero

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


class IndicateurSchema(Schema):
    code: str = Field(description="Code de l'indicateur (ex. A06INDM01).")
    type: str = Field(description="« moyens » ou « resultat ».")
    libelle: str
    fournisseur: str = Field(description="Sigle du fournisseur de la donnée.")
    source: str
    maille: str = Field(
        description="nationale, regionale, departementale, infra_departementale ou a_fixer."
    )
    frequence: str = Field(description="annuelle, mensuelle, bisannuelle, non_prevue ou a_fixer.")
    saisie_ars: bool = Field(description="Vrai si la valeur est renseignée par les ARS.")
    unite: str
    sens: str = Field(description="Sens d'amélioration : hausse, baisse ou neutre.")
    retire: bool = Field(description="Vrai si l'indicateur n'est plus dans la version courante.")
    url: str

    @staticmethod
    def resolve_fournisseur(obj) -> str:
        return obj.fournisseur.code if obj.fournisseur else obj.fournisseur_libelle

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


class IndicateurDetailSchema(IndicateurSchema):
    methodologie: str
    actions: list[ActionCourteSchema] = Field(
        description="Actions décrites par l'indicateur, dans chaque version."
    )

    @staticmethod
    def resolve_actions(obj):
        return [lien.action_version for lien in obj.liens]


class PopulationSchema(Schema):
    annee: int
    valeur: int
    source: str


class TerritoireCourtSchema(Schema):
    code: str
    niveau: str
    nom: str


class TerritoireSchema(Schema):
    code: str = Field(description="FR, REG-<COG>, DEP-<COG> ou PTSM-<id>.")
    niveau: str = Field(description="pays, region, departement ou ptsm.")
    nom: str
    cog: str = Field(description="Code officiel géographique (Insee).")
    parent: str | None = Field(description="Code du territoire parent.")
    outre_mer: bool
    population: PopulationSchema | None = Field(description="Population la plus récente.")

    @staticmethod
    def resolve_parent(obj) -> str | None:
        return obj.parent.code if obj.parent_id else None

    @staticmethod
    def resolve_population(obj):
        return population_recente(obj)


class TerritoireDetailSchema(TerritoireSchema):
    populations: list[PopulationSchema]
    enfants: list[TerritoireCourtSchema]

    @staticmethod
    def resolve_populations(obj):
        return obj.populations_recentes

    @staticmethod
    def resolve_enfants(obj):
        return list(obj.enfants.all())
