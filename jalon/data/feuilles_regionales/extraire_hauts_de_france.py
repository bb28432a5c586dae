"""Rebuild hauts_de_france.csv and liens_proposes.csv from seed 004 (not run by Jalon).

    python jalon/data/feuilles_regionales/extraire_hauts_de_france.py ../shared/seeds/004_*.txt

Titles are copied from the action boxes of the seed (line ranges below, joined with single
spaces); everything else is a reading of the seed's prose, cited line by line. Kept so that
anyone can check how the shipped files were made; SOURCES.md explains the choices.
"""

import csv
import json
import sys
from pathlib import Path

ICI = Path(__file__).resolve().parent

# code, first line, last line of the objective's wording in the director's introduction.
OBJECTIFS = [
    ("G", 136, 136, "Gouvernance"),
    ("1", 103, 104, None),
    ("2", 106, 109, None),
    ("3", 111, 113, None),
    ("4", 115, 118, None),
    ("5", 120, 122, None),
    ("6", 124, 127, None),
]
# objective code -> regional action numbers under it (boxes between two OBJECTIF headings).
PLAGES = {"G": (1, 2), "1": (3, 8), "2": (9, 22), "3": (23, 38), "4": (39, 49)}
PLAGES |= {"5": (50, 59), "6": (60, 62)}

# number -> (first line, last line) of the action box. Action n°45 is also quoted in the
# prose at l.1257; its box is l.1265-1266.
BOITES = {
    1: (140, 142),
    2: (144, 145),
    3: (319, 321),
    4: (323, 324),
    5: (407, 409),
    6: (411, 413),
    7: (415, 418),
    8: (446, 448),
    9: (508, 510),
    10: (512, 514),
    11: (516, 518),
    12: (595, 596),
    13: (598, 599),
    14: (601, 603),
    15: (605, 606),
    16: (668, 669),
    17: (671, 674),
    18: (676, 678),
    19: (680, 681),
    20: (737, 739),
    21: (741, 743),
    22: (745, 748),
    23: (817, 818),
    24: (820, 821),
    25: (823, 824),
    26: (826, 828),
    27: (882, 883),
    28: (885, 886),
    29: (888, 890),
    30: (892, 893),
    31: (967, 968),
    32: (970, 972),
    33: (974, 975),
    34: (977, 978),
    35: (1049, 1049),
    36: (1051, 1052),
    37: (1054, 1055),
    38: (1057, 1057),
    39: (1134, 1136),
    40: (1185, 1186),
    41: (1188, 1189),
    42: (1191, 1192),
    43: (1194, 1195),
    44: (1197, 1199),
    45: (1265, 1266),
    46: (1268, 1270),
    47: (1319, 1321),
    48: (1323, 1324),
    49: (1326, 1327),
    50: (1383, 1384),
    51: (1386, 1388),
    52: (1390, 1392),
    53: (1459, 1460),
    54: (1462, 1464),
    55: (1466, 1468),
    56: (1470, 1472),
    57: (1542, 1543),
    58: (1545, 1547),
    59: (1549, 1551),
    60: (1610, 1611),
    61: (1613, 1614),
    62: (1634, 1636),
}

# Facts the prose states about an action; each value cites its lines in seed 004.
DETAILS = {
    7: {
        "jalons": " | Publication du plan régional de formation en prévention du suicide",
        "plans_lies": "strategie-prevention-suicide",
        "cite": "l.364-397, 372",
    },
    3: {"plans_lies": "strategie-cps-2022-2037", "cite": "l.283-291"},
    6: {"partenaires": "Rectorats de la région", "cite": "l.357-361"},
    13: {"pilote": "CCOMS (programme « Médiateurs de santé-pairs »)", "cite": "l.537-542"},
    14: {"pilote": "CREHPSY (CoFoR Hauts-de-France)", "cite": "l.565-567"},
    18: {"financement": "FIOP", "cite": "l.655-657"},
    20: {
        "financement": "AAP",
        "financement_precision": "AAP « Réduction des inégalités sociales de santé » (RISS)",
        "cite": "l.686-695",
    },
    21: {
        "partenaires": "Agefiph, FIPHFP, DREETS",
        "plans_lies": "emploi-accompagne",
        "cite": "l.708-718",
    },
    25: {
        "financement": "AAP",
        "financement_precision": "AAP annuels FIOP et renforcement de l'offre de soins en "
        "pédopsychiatrie",
        "cite": "l.792-796",
    },
    26: {"pilote": "CCOMS (programme QualityRights)", "financement": "FIOP", "cite": "l.802-805"},
    28: {
        "financement": "FIOP",
        "financement_precision": "Hôpital de jour régional du psychotraumatisme",
        "cite": "l.853-856",
    },
    31: {"territoires": "DEP-59", "partenaires": "CHU de Lille", "cite": "l.942-945"},
    34: {"financement": "FIOP", "financement_precision": "Projet PREDIPSY", "cite": "l.954-955"},
    37: {
        "pilote": "CHU de Lille",
        "date_fin": "2028-12-31",
        "jalons": "2028-12-31 | Ouverture de l'UMD du CHU de Lille",
        "cite": "l.1033-1035",
    },
    38: {"pilote": "F2RSM Psy", "cite": "l.1045-1047"},
    41: {"jalons": " | Diffusion des préconisations régionales IPA PSM", "cite": "l.1153-1156"},
    46: {"pilote": "Centre VigilanS de Lille", "cite": "l.1261-1264"},
    47: {"pilote": "Inéa Sant&Numérique", "territoires": "DEP-02", "cite": "l.1276-1280"},
    50: {
        "financement": "FIOP",
        "financement_precision": "PPPEP 48 (CHU de Lille) et Jenesis-PEP (CHI Clermont de l'Oise)",
        "cite": "l.1353-1358",
    },
    52: {
        "financement": "AAP",
        "financement_precision": "Appel à projets national annuel (psychiatrie périnatale, "
        "de l'enfant et de l'adolescent)",
        "cite": "l.1373-1378",
    },
    55: {"pilote": "CHU de Lille", "cite": "l.1431-1433"},
    56: {"partenaires": "Universités, CROUS, région académique", "cite": "l.1449-1456"},
    58: {
        "financement": "FIOP",
        "initiative_a_valoriser": "oui",
        "initiative_note": "Reproduit l'équipe mobile de liaison pédopsychiatrique de "
        "l'EPSM de La Réunion (ASE, PJJ, puis éducation nationale), reconnue projet "
        "« pépite » par la DGOS et appelée à être reproduite via le FIOP (seed 004 "
        "l.1524-1538).",
        "cite": "l.1524-1538",
    },
    59: {
        "partenaires": "DIRPJJ, conseil départemental du Nord",
        "territoires": "DEP-59",
        "cite": "l.1493-1500",
    },
    60: {"plans_lies": "strategie-prevention-suicide", "cite": "l.1576-1586"},
    61: {"financement": "FIOP", "cite": "l.1598-1606"},
}

# regional number -> [(national number, justification)]; state "proposé" for all.
LIENS = {
    1: [("15", "Coordination des PTSM : l'action nationale 15 suit le déploiement des PTSM.")],
    2: [
        (
            "3",
            "Les CLSM contribuent à la lutte contre la stigmatisation (seed 004 l.218-221), "
            "que le bilan rattache à l'action 3 (seed 001 l.927).",
        )
    ],
    3: [("1", "Compétences psychosociales des enfants et des jeunes.")],
    4: [("1", "Compétences psychosociales (ici des professionnels auprès d'adultes).")],
    5: [("4", "Premiers secours en santé mentale pour les étudiants.")],
    6: [("4", "Premiers secours en santé mentale, module adolescents.")],
    7: [("6", "Stratégie de prévention du suicide (3114, VigilanS, formations, postvention).")],
    8: [
        (
            "23",
            "Amélioration des connaissances et pratiques professionnelles (médecins généralistes).",
        )
    ],
    9: [
        (
            "3",
            "Informer le grand public sur la santé mentale (SISM) ; cité dans "
            "actions_2023.csv pour l'action 3.",
        )
    ],
    10: [("34", "Groupes d'entraide mutuelle : soutien par les pairs.")],
    12: [("34", "Pair-aidance bénévole (GEM) : soutien par les pairs.")],
    13: [("34 bis", "Médiateurs de santé-pairs : intervenants-pairs professionnels.")],
    14: [
        (
            "34",
            "Centre de co-formation au rétablissement conçu par et pour les personnes concernées.",
        )
    ],
    15: [("35", "Accompagner les aidants (BREF, Profamille).")],
    16: [
        (
            "24",
            "Éducation thérapeutique appuyée sur les centres supports de réhabilitation "
            "psychosociale (seed 004 l.620-622).",
        )
    ],
    17: [
        ("37", "Accès au logement (Un Chez Soi d'Abord)."),
        ("38", "Personnes sans abri présentant des troubles psychiques (seed 004 l.650-653)."),
    ],
    18: [("36", "Accès à l'emploi (Un Emploi d'Abord).")],
    19: [
        (
            "36",
            "Clubhouse : réinsertion sociale et professionnelle ; le bilan cite les "
            "Clubhouses sous l'action 36 (seed 001 l.6415).",
        )
    ],
    20: [("37", "Maintien dans le logement.")],
    21: [("36", "Emploi accompagné en milieu ordinaire.")],
    22: [("36 bis", "Transformation des ESAT.")],
    24: [("33", "Réforme du financement ; cité dans actions_2023.csv pour l'action 33.")],
    25: [("17", "Alternatives à l'hospitalisation complète et « aller vers ».")],
    26: [
        (
            "27",
            "QualityRights : réduction des soins sans consentement, de l'isolement et de "
            "la contention (seed 004 l.796-800).",
        )
    ],
    27: [("24", "Réhabilitation psychosociale.")],
    28: [
        ("25", "Filière du psychotraumatisme."),
        ("25 bis", "Moyens dédiés au psychotraumatisme."),
    ],
    29: [
        (
            "22",
            "Réseaux régionaux de recours et d'appui aux équipes de secteur (seed 004 l.836-848).",
        )
    ],
    30: [("10", "Psychiatrie périnatale (dépression post-partum).")],
    31: [("28", "Volet psychiatrie du SAS.")],
    32: [("28", "Demandes de soins non programmées.")],
    33: [
        (
            "19",
            "Santé somatique des personnes vivant avec des troubles psychiques (seed 004 "
            "l.925-929).",
        )
    ],
    36: [("38", "Solutions d'accompagnement médico-social pour le handicap psychique.")],
    38: [
        ("23", "Interconnaissance des acteurs et lisibilité des ressources (seed 004 l.1038-1047).")
    ],
    39: [("30", "Formation des professionnels (infirmiers).")],
    40: [("30", "Évolution des professions : infirmiers en pratique avancée.")],
    41: [("30", "Évolution des professions : infirmiers en pratique avancée.")],
    42: [("23", "Formation des professionnels des ESMS.")],
    43: [("30", "Démographie des professionnels : installation des médecins généralistes.")],
    44: [("31", "Structuration régionale de la recherche.")],
    45: [("28", "Permanence des soins : réponse aux besoins de soins urgents.")],
    46: [("6", "Prise en charge des conduites suicidaires aux urgences.")],
    47: [("18", "Télémédecine (téléexpertise, téléconsultation).")],
    48: [("29", "Adaptation de l'offre de lits (bedmanagement, « lits à la demande »).")],
    50: [("17 quater", "Repérage et prise en charge précoces.")],
    52: [
        ("10", "Psychiatrie périnatale."),
        ("14", "Psychiatrie de l'enfant et de l'adolescent (renfort de l'offre)."),
    ],
    53: [("12", "Maisons des adolescents.")],
    55: [("25 bis", "Prise en charge du psychotraumatisme des mineurs exposés à des violences.")],
    56: [
        (
            "4",
            "Santé mentale des étudiants : les CSME conditionnent le déploiement de PSSM "
            "(seed 004 l.343-350).",
        )
    ],
    58: [("17", "Équipe mobile : « aller vers » les jeunes de l'ASE et de la PJJ.")],
    60: [
        ("6", "VigilanS, pilier de la stratégie de prévention du suicide."),
        ("26", "Personnes placées sous main de justice."),
    ],
    61: [("26", "Parcours de soins des personnes détenues.")],
    62: [("26", "Sortie de détention des personnes placées sous main de justice.")],
}

# The shipped CSV has the columns of the import format, defined once in its Table Schema.
SCHEMA = ICI.parents[1] / "imports" / "schemas" / "feuille_regionale.json"
COLONNES = [champ["name"] for champ in json.loads(SCHEMA.read_text(encoding="utf-8"))["fields"]]


def texte(lignes, debut, fin):
    return " ".join(ligne.strip() for ligne in lignes[debut - 1 : fin]).strip().rstrip(".")


def main(seed):
    lignes = Path(seed).read_text(encoding="utf-8").split("\n")
    rows = []
    for code, debut, fin, libelle in OBJECTIFS:
        intitule = libelle or texte(lignes, debut, fin).split(". ", 1)[1]
        premier, dernier = PLAGES[code]
        for numero in range(premier, dernier + 1):
            b, e = BOITES[numero]
            titre = texte(lignes, b, e).split(" : ", 1)[1]
            details = DETAILS.get(numero, {})
            source = f"seed 004 l.{b}-{e} (intitulé)"
            if "cite" in details:
                source += f" ; l.{details['cite'][2:]} (précisions)"
            row = dict.fromkeys(COLONNES, "")
            row.update({k: v for k, v in details.items() if k in COLONNES})
            row.update(
                objectif=code,
                objectif_intitule=intitule,
                numero=str(numero),
                titre=titre,
                actions_nationales=", ".join(n for n, _ in LIENS.get(numero, [])),
                initiative_a_valoriser=details.get("initiative_a_valoriser", "non"),
                source=source,
            )
            rows.append(row)
    with (ICI / "hauts_de_france.csv").open("w", encoding="utf-8", newline="") as flux:
        writer = csv.DictWriter(flux, COLONNES)
        writer.writeheader()
        writer.writerows(rows)
    with (ICI / "liens_proposes.csv").open("w", encoding="utf-8", newline="") as flux:
        writer = csv.writer(flux)
        writer.writerow(["numero_regional", "action_nationale", "justification"])
        for numero, liens in sorted(LIENS.items()):
            for national, justification in liens:
                writer.writerow([numero, national, justification])


if __name__ == "__main__":
    main(sys.argv[1])
