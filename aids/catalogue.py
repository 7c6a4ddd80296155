"""The aid schemes the portal knows, as data: what each one is, for whom, when, and on what source.

This module is the content of the catalogue and nothing else (no Django import): the loader
(``aids/seed.py``) upserts one ``Scheme`` row per entry of ``SCHEMES``, matched on ``code``.

Every entry follows the domain review of the portal (``aids-zoning-steps-review.md``, §1, §2
and §6) and the five source texts it was checked against. Rules kept throughout:

* every figure comes from a source listed on its entry, with the date that source shows
  (``None`` when the page shows no date; the title then says « page non datée »);
* what the review could not settle is listed in ``to_confirm`` with the reason: each item
  makes the verdict « à vérifier » at best, never « éligible »;
* a closed scheme keeps its entry, with ``valid_until`` and the code of what replaced it;
* local aids that no source confirms are left out rather than invented (see ``LEFT_OUT``).

Field meanings (shared contract with the engine and the loader):
``category`` and ``ten_year_rule`` implement the « pas de nouvelle aide de la même catégorie
avant dix ans » rule (loi n° 2023-1268, art. 2; décret n° 2025-231): Assurance Maladie aids
to doctors count from the date of the grant decision (CSS D. 162-1-11-1), local-authority
aids from the signature of the last convention (CGCT D. 1511-47). ``zoning`` names the layer
kind (``ars``: the profession's own ARS zoning; ``frr``: France Ruralités Revitalisation) and
the classes it accepts. ``amounts`` gives one line per zone class where the amount depends on
it (``zone`` ``None`` otherwise).
"""

from datetime import date
from decimal import Decimal

# The review carries no date in its header: it was delivered to the project on this day, and
# the latest page it cites is dated 5 February 2026. Every « vérifié le » below is this date.
REVIEWED_ON = date(2026, 11, 27)

# Codes of the ten-year-rule categories (also used by the profile's ``previous_aids``).
CATEGORIES = ("assurance_maladie", "collectivite", "etat", "fiscal", "etudes")

DOCTORS = ["medecin-generaliste", "medecin-specialiste"]
STUDENTS = ["etudiant-sante", "interne"]

ARS_ZIP_ZAC = {"kind": "ars", "values": ["ZIP", "ZAC"]}
ARS_ZIP = {"kind": "ars", "values": ["ZIP"]}
FRR_LAYER = {"kind": "frr", "values": ["FRR", "FRR+"]}

AM_TEN_YEARS = {"category": "assurance_maladie", "counted_from": "decision"}


def _source(title, url, on):
    return {"title": title, "url": url, "date": on}


# --- Sources, as the review gives them (title, address, date the page itself shows) ---

LOT_DOSSIER = _source(
    "Département du Lot, documentation d'accueil des professionnels de santé (non datée, "
    "antérieure à la réforme de décembre 2020)",
    "",
    None,
)
DECRET_CDE = _source(
    "Décret n° 2020-1666 du 22 décembre 2020 (contrat de début d'exercice), JORF n° 0311 du "
    "24 décembre 2020",
    "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000042731159",
    date(2020, 12, 24),
)
AMELI_CDE = _source(
    "ameli.fr, « Contrat de début d'exercice : une nouveauté pour faciliter l'installation des "
    "jeunes médecins »",
    "https://www.ameli.fr/medecin/actualites/contrat-de-debut-dexercice-une-nouveaute-pour-"
    "faciliter-linstallation-des-jeunes-medecins",
    date(2021, 3, 29),
)
PAPS_CVL_CDE = _source(
    "PAPS Centre-Val de Loire, « Le contrat de début d'exercice » (page non datée)",
    "https://www.centre-val-de-loire.paps.sante.fr/le-contrat-de-debut-dexercice",
    None,
)
PAPS_CVL_AIDES = _source(
    "PAPS Centre-Val de Loire, « Les aides à l'installation » (mise à jour du 05/02/2026)",
    "https://www.centre-val-de-loire.paps.sante.fr/les-aides-linstallation-17?parent=8971",
    date(2026, 2, 5),
)
PAPS_PDL_CAIM = _source(
    "PAPS Pays de la Loire, « L'installation » (mise à jour du 10/11/2025)",
    "https://www.paysdelaloire.paps.sante.fr/linstallation-61",
    date(2025, 11, 10),
)
AMELI_CONVENTION_2026 = _source(
    "ameli.fr, convention médicale 2024-2029, « Des aides en faveur de l'exercice en zone "
    "sous-dense rénovées » (page non datée)",
    "https://www.ameli.fr/medecin/textes-reference/convention-medicale-2024-2029/grands-axes-"
    "convention-detail/mesures-fortes-acces-soins/aides-exercice-zone-sous-dense-renovees",
    None,
)
PAPS_OCC_INSTALLATION = _source(
    "PAPS Occitanie, « Des aides individuelles à l'installation dans les zones sous-denses » "
    "(mise à jour du 26/01/2026)",
    "https://www.occitanie.paps.sante.fr/index.php/linstallation-45",
    date(2026, 1, 26),
)
PAPS_NORMANDIE_AIDES = _source(
    "PAPS Normandie, « Les aides à l'installation » (mise à jour du 06/01/2026)",
    "https://www.normandie.paps.sante.fr/les-aides-linstallation-77?parent=10780&rubrique=10778",
    date(2026, 1, 6),
)
PAPS_OCC_AIDES = _source(
    "PAPS Occitanie, « Les aides à l'installation » (mise à jour du 14/03/2024)",
    "https://www.occitanie.paps.sante.fr/les-aides-linstallation-32?parent=10251",
    date(2024, 3, 14),
)
URPS_AURA_CESP = _source(
    "URPS médecins libéraux Auvergne-Rhône-Alpes, « Aides à l'installation : le CESP » "
    "(page non datée)",
    "https://urps-med-aura.fr/etre-medecin-liberal/aides-a-linstallation-cesp/",
    None,
)
URML_PDL_ZONAGES = _source(
    "URML Pays de la Loire, « Les zonages : quelles aides ? » (février 2026, jour non précisé ; "
    "convention médicale 2024, article 26)",
    "https://urml-paysdelaloire.org/2026/02/les-zonages-quelles-aides",
    date(2026, 2, 1),
)
URPS_RA_TRANSPORT = _source(
    "URPS-ML Rhône-Alpes, « Aides aux étudiants » (page non datée ; décret n° 2014-319 du "
    "11 mars 2014)",
    "https://urpsmedra.cog.groupeherve.com/installation-des-medecins/aides-aux-etudiants/38",
    None,
)
LF_2024_ART_73 = _source(
    "Loi n° 2023-1322 du 29 décembre 2023 de finances pour 2024, article 73 (ZRR, création des "
    "zones France Ruralités Revitalisation)",
    "https://legal.tricoteuses.fr/articles/JORFARTI000048727426",
    date(2023, 12, 29),
)
BPIFRANCE_ZRR = _source(
    "Bpifrance Création, « Exonérations d'impôts ZRR » (page non datée)",
    "https://bpifrance-creation.fr/encyclopedie/aides-a-creation-a-reprise-dentreprise/"
    "aides-fiscales/exonerations-dimpots-zrr",
    None,
)
PAPS_CVL_FRR = _source(
    "PAPS Centre-Val de Loire, « France Ruralités Revitalisation » (mise à jour du 29/01/2025)",
    "https://centre-val-de-loire.paps.sante.fr/france-ruralites-revitalisation-frr",
    date(2025, 1, 29),
)
MDA_FRR = _source(
    "mda.re, présentation des zones France Ruralités Revitalisation",
    "",
    date(2024, 7, 2),
)
ANGAK_FRR = _source(
    "ANGAK, « ZFRR » (association de gestion des professionnels de santé, page non datée)",
    "https://angak.fr/zfrr",
    None,
)
LF_FRR_PLUS = _source(
    "Loi de finances ultérieure modifiant la date d'entrée en vigueur de FRR+ (I-A de "
    "l'article 44 quindecies A du CGI ; texte non daté dans la revue)",
    "https://legal.tricoteuses.fr/articles/JORFARTI000051168986",
    None,
)
AMELI_ASSISTANT = _source(
    "Convention sur l'aide à l'emploi d'un assistant médical, signée le 4 juin 2024, en vigueur "
    "le 22 juin 2024 (ameli.fr, « Aide à l'emploi d'un assistant médical : ce qui change dès "
    "juin 2024 »)",
    "https://www.ameli.fr/medecin/actualites/aide-l-emploi-d-un-assistant-medical-ce-qui-change-"
    "des-juin-2024",
    date(2024, 6, 4),
)
PAPS_GRAND_EST_IDE = _source(
    "PAPS Grand Est, contrats incitatifs des infirmiers (mise à jour du 04/02/2021)",
    "",
    date(2021, 2, 4),
)
PAPS_BRETAGNE_IDE = _source(
    "PAPS Bretagne, contrats incitatifs des infirmiers (15/01/2021)",
    "",
    date(2021, 1, 15),
)
PAPS_NORMANDIE_MK = _source(
    "PAPS Normandie, aides à l'installation des masseurs-kinésithérapeutes (mise à jour du "
    "29/01/2025)",
    "",
    date(2025, 1, 29),
)
PAPS_CVL_MK = _source(
    "PAPS Centre-Val de Loire, masseurs-kinésithérapeutes : avenant 7 à la convention signé le "
    "13/07/2023 (mise à jour du 19/02/2025)",
    "",
    date(2025, 2, 19),
)
CAUVALDOR_CLS = _source(
    "Cauvaldor, communiqué « Le Contrat local de santé de Cauvaldor est signé » (10 mars 2022)",
    "https://www.cauvaldor.fr/famille-et-solidarite/sante",
    date(2022, 3, 10),
)
MEDIALOT_CAUVALDOR = _source(
    "Medialot, « Cauvaldor soutient 20 étudiants de médecine » (article non daté, rentrée 2022)",
    "https://medialot.fr/cauvaldor-soutient-20-etudiants-de-medecine/",
    None,
)
YAOURTIERE_CAUVALDOR = _source(
    "La Yaourtière, « Avec Parcours M'aides, Cauvaldor investit dans la formation des futurs "
    "médecins » (reprise de Medialot, non datée ; chiffres de l'année 2023-2024)",
    "https://yaourtiere.info/avec-parcours-maides-cauvaldor-investit-dans-la-formation-des-"
    "futurs-medecins-medialot",
    None,
)

NATIONAL = {"level": "national", "code": None}


SCHEMES = [
    # --- Doctors: closed income guarantees and contracts, and what replaced them ---
    {
        "code": "ptmg",
        "name": "Praticien territorial de médecine générale",
        "short_name": "PTMG",
        "funder": "ars",
        "kind": "garantie_revenu",
        "category": None,
        "summary": (
            "Une garantie de revenu pour les jeunes médecins généralistes non encore installés "
            "ou installés depuis moins d'un an. Fermée : depuis le 25 décembre 2020, le contrat "
            "de début d'exercice l'a remplacée."
        ),
        "territory": NATIONAL,
        "valid_from": None,
        "valid_until": date(2020, 12, 24),
        "replaced_by": "cde",
        "professions": ["medecin-generaliste"],
        "practice_modes": [],
        "career_stages": ["non_installe", "installe"],
        "first_installation": None,
        "sectors": ["1"],
        "disciplines": [],
        "cycles": [],
        "internship_far": None,
        "zoning": None,
        "amounts": [
            {"zone": None, "value": Decimal("6900"), "text": "6 900 € bruts par mois"},
        ],
        "commitments": (
            "Appliquer les tarifs du secteur 1 et réaliser au moins 165 consultations par mois."
        ),
        "how_to_apply": "Dispositif fermé : voir le contrat qui l'a remplacé.",
        "duration": "2 ans au plus",
        "sources": [LOT_DOSSIER, DECRET_CDE, AMELI_CDE],
        "verified_on": REVIEWED_ON,
        "to_confirm": [],
        "ten_year_rule": None,
    },
    {
        "code": "cde",
        "name": "Contrat de début d'exercice",
        "short_name": "CDE",
        "funder": "ars",
        "kind": "garantie_revenu",
        "category": None,
        "summary": (
            "Créé fin 2020 en remplacement des contrats PTMG, PTMA, PIAS et PTMR : un "
            "complément de revenu pour les médecins de toute spécialité en début d'exercice "
            "libéral, en ZIP ou ZAC ou à moins de 10 km de l'une d'elles. Signé par les "
            "médecins installés depuis moins d'un an en première installation, les remplaçants "
            "inscrits à l'Ordre depuis moins d'un an et les étudiants titulaires d'une licence "
            "de remplacement. Supprimé au 1er janvier 2024 selon le PAPS Centre-Val de Loire."
        ),
        "territory": NATIONAL,
        "valid_from": date(2020, 12, 25),
        "valid_until": date(2023, 12, 31),
        "replaced_by": "am-installation-medecins",
        "professions": DOCTORS,
        "practice_modes": ["liberal"],
        "career_stages": ["non_installe", "installe"],
        "first_installation": True,
        "sectors": ["1", "2_optam"],
        "disciplines": [],
        "cycles": [],
        "internship_far": None,
        "zoning": ARS_ZIP_ZAC,
        "amounts": [
            {
                "zone": None,
                "value": Decimal("4250"),
                "text": (
                    "complément de revenu jusqu'à 4 250 € par mois (médecin généraliste "
                    "installé) ; remplaçant : jusqu'à 3 000 € par trimestre"
                ),
            },
        ],
        "commitments": (
            "Exercer en libéral aux tarifs opposables ou sous OPTAM, s'engager dans un exercice "
            "coordonné ; seuil d'honoraires de 2 350 € à 4 250 € par mois selon le nombre de "
            "demi-journées (installé), 12 000 € par trimestre (remplaçant). Aide maladie "
            "70 € par jour, maternité ou paternité 102 € par jour."
        ),
        "how_to_apply": "Dispositif fermé : voir l'aide qui l'a remplacé.",
        "duration": "3 ans au plus, non renouvelable",
        "sources": [DECRET_CDE, AMELI_CDE, PAPS_CVL_CDE, PAPS_CVL_AIDES],
        "verified_on": REVIEWED_ON,
        "to_confirm": [
            {
                "what": "la fermeture du contrat au 1er janvier 2024 (article 38 de la LFSS "
                "pour 2023)",
                "reason": "annoncée par le PAPS Centre-Val de Loire (05/02/2026), non vérifiée "
                "dans le texte de la loi : à confirmer auprès de l'ARS Occitanie",
            },
            {
                "what": "les montants du contrat",
                "reason": "donnés par une page non datée du PAPS Centre-Val de Loire",
            },
        ],
        "ten_year_rule": None,
    },
    {
        "code": "caim",
        "name": "Contrat d'aide à l'installation des médecins",
        "short_name": "CAIM",
        "funder": "assurance_maladie",
        "kind": "contrat",
        "category": "assurance_maladie",
        "summary": (
            "Contrat démographique de l'Assurance Maladie pour les médecins installés depuis "
            "moins d'un an en ZIP. Il pouvait être signé jusqu'au 31 décembre 2025 ; l'aide à "
            "la première installation de 2026 le remplace."
        ),
        "territory": NATIONAL,
        "valid_from": None,
        "valid_until": date(2025, 12, 31),
        "replaced_by": "am-installation-medecins",
        "professions": DOCTORS,
        "practice_modes": ["liberal"],
        "career_stages": ["non_installe", "installe"],
        "first_installation": None,
        "sectors": ["1", "2_optam"],
        "disciplines": [],
        "cycles": [],
        "internship_far": None,
        "zoning": ARS_ZIP,
        "amounts": [
            {
                "zone": None,
                "value": Decimal("50000"),
                "text": "jusqu'à 50 000 € en ZIP (plus 2 500 € en hôpital de proximité)",
            },
        ],
        "commitments": (
            "Au moins 2,5 jours d'exercice par semaine, en exercice regroupé, en CPTS ou en ESP ; "
            "participer à la permanence des soins ; rester 5 ans. Une seule fois dans la "
            "carrière."
        ),
        "how_to_apply": "Dispositif fermé : voir l'aide qui l'a remplacé.",
        "duration": "engagement de 5 ans",
        "sources": [PAPS_PDL_CAIM, PAPS_CVL_AIDES, AMELI_CONVENTION_2026],
        "verified_on": REVIEWED_ON,
        "to_confirm": [],
        "ten_year_rule": None,
    },
    {
        "code": "am-installation-medecins",
        "name": "Aide à la première installation des médecins en zone sous-dense",
        "short_name": "Aide à l'installation (Assurance Maladie)",
        "funder": "assurance_maladie",
        "kind": "subvention",
        "category": "assurance_maladie",
        "summary": (
            "Depuis le 1er janvier 2026, l'Assurance Maladie verse une aide aux médecins de "
            "toute spécialité qui s'installent pour la première fois en exercice libéral "
            "conventionné (cabinet principal) dans une zone d'intervention prioritaire (ZIP) "
            "ou d'action complémentaire (ZAC) de leur zonage, en secteur 1 ou en secteur 2 avec "
            "OPTAM ou OPTAM-ACO. Elle remplace les contrats démographiques (dont le CAIM)."
        ),
        "territory": NATIONAL,
        "valid_from": date(2026, 1, 1),
        "valid_until": None,
        "replaced_by": None,
        "professions": DOCTORS,
        "practice_modes": ["liberal"],
        "career_stages": ["non_installe", "installe"],
        "first_installation": True,
        "sectors": ["1", "2_optam"],
        "disciplines": [],
        "cycles": [],
        "internship_far": None,
        "zoning": ARS_ZIP_ZAC,
        "amounts": [
            {"zone": "ZIP", "value": Decimal("10000"), "text": "10 000 €"},
            {"zone": "ZAC", "value": Decimal("5000"), "text": "5 000 €"},
        ],
        "commitments": (
            "Première installation en libéral conventionné (cabinet principal), en secteur 1 "
            "ou en secteur 2 avec OPTAM ou OPTAM-ACO. Pas de nouvelle aide de l'Assurance "
            "Maladie de la même catégorie dans les dix ans qui suivent la décision d'attribution."
        ),
        "how_to_apply": (
            "Auprès de la CPAM du département d'installation ; elle verse l'aide dans les trois "
            "mois qui suivent l'installation."
        ),
        "duration": "",
        "sources": [AMELI_CONVENTION_2026, PAPS_OCC_INSTALLATION, PAPS_NORMANDIE_AIDES],
        "verified_on": REVIEWED_ON,
        "to_confirm": [],
        "ten_year_rule": AM_TEN_YEARS,
    },
    {
        "code": "am-cabinet-secondaire",
        "name": "Aide à l'ouverture d'un cabinet secondaire en zone d'intervention prioritaire",
        "short_name": "Cabinet secondaire en ZIP",
        "funder": "assurance_maladie",
        "kind": "subvention",
        "category": "assurance_maladie",
        "summary": (
            "Depuis le 1er janvier 2026, l'Assurance Maladie aide les médecins libéraux qui "
            "ouvrent un cabinet secondaire dans une zone d'intervention prioritaire (ZIP)."
        ),
        "territory": NATIONAL,
        "valid_from": date(2026, 1, 1),
        "valid_until": None,
        "replaced_by": None,
        "professions": DOCTORS,
        "practice_modes": ["liberal"],
        "career_stages": [],
        "first_installation": None,
        "sectors": [],
        "disciplines": [],
        "cycles": [],
        "internship_far": None,
        "zoning": ARS_ZIP,
        "amounts": [
            {
                "zone": "ZIP",
                "value": Decimal("3000"),
                "text": "3 000 € pour un cabinet secondaire",
            },
        ],
        "commitments": "",
        "how_to_apply": "Auprès de la CPAM du département du cabinet secondaire.",
        "duration": "",
        "sources": [AMELI_CONVENTION_2026, PAPS_OCC_INSTALLATION],
        "verified_on": REVIEWED_ON,
        "to_confirm": [
            {
                "what": "les conditions propres au cabinet secondaire (secteur, ancienneté "
                "d'installation, temps d'exercice sur place)",
                "reason": "les sources consultées ne les détaillent pas",
            },
            {
                "what": "l'application de la règle des dix ans à cette aide",
                "reason": "non vérifié dans le texte réglementaire (CSS D. 162-1-11-1)",
            },
        ],
        "ten_year_rule": None,
    },
    {
        "code": "am-assistant-medical",
        "name": "Aide à l'emploi d'un assistant médical",
        "short_name": "Assistant médical",
        "funder": "assurance_maladie",
        "kind": "subvention",
        "category": None,
        "summary": (
            "L'Assurance Maladie aide les médecins en secteur 1 ou sous OPTAM à employer un "
            "assistant médical, à mi-temps ou à temps plein, de façon pérenne. Convention "
            "signée le 4 juin 2024, en vigueur le 22 juin 2024."
        ),
        "territory": NATIONAL,
        "valid_from": date(2024, 6, 22),
        "valid_until": None,
        "replaced_by": None,
        "professions": DOCTORS,
        "practice_modes": ["liberal"],
        "career_stages": [],
        "first_installation": None,
        "sectors": ["1", "2_optam"],
        "disciplines": [],
        "cycles": [],
        "internship_far": None,
        "zoning": None,
        "amounts": [
            {
                "zone": None,
                "value": Decimal("38000"),
                "text": (
                    "1re année : 19 000 € (mi-temps) ou 38 000 € (temps plein) ; 2e année : "
                    "14 000 € ou 28 000 € ; ensuite : 11 000 € ou 22 000 € par an"
                ),
            },
        ],
        "commitments": "Employer l'assistant médical au temps de travail aidé.",
        "how_to_apply": "Auprès de la CPAM du département d'exercice.",
        "duration": "pérenne",
        "sources": [AMELI_ASSISTANT],
        "verified_on": REVIEWED_ON,
        "to_confirm": [
            {
                "what": "les contreparties demandées au médecin (patientèle, activité) et les "
                "éventuelles conditions de zone",
                "reason": "non détaillées par la revue : à lire sur ameli.fr ou auprès de la CPAM",
            },
        ],
        "ten_year_rule": None,
    },
    # --- Nurses and physiotherapists: their own conventional contracts and zonings ---
    {
        "code": "am-infirmiers-capii",
        "name": "Contrat d'aide à la première installation des infirmiers",
        "short_name": "CAPII (infirmiers)",
        "funder": "assurance_maladie",
        "kind": "contrat",
        "category": "assurance_maladie",
        "summary": (
            "Contrat de l'Assurance Maladie pour les infirmiers libéraux qui s'installent pour "
            "la première fois dans une zone très sous-dotée du zonage infirmier."
        ),
        "territory": NATIONAL,
        "valid_from": None,
        "valid_until": None,
        "replaced_by": None,
        "professions": ["infirmier"],
        "practice_modes": ["liberal"],
        "career_stages": ["non_installe", "installe"],
        "first_installation": True,
        "sectors": [],
        "disciplines": [],
        "cycles": [],
        "internship_far": None,
        "zoning": {"kind": "ars", "values": ["TSD"]},
        "amounts": [
            {"zone": None, "value": Decimal("37500"), "text": "jusqu'à 37 500 € sur 5 ans"},
        ],
        "commitments": "Exercer 5 ans dans la zone.",
        "how_to_apply": "Auprès de la CPAM du département d'installation.",
        "duration": "5 ans",
        "sources": [PAPS_GRAND_EST_IDE, PAPS_BRETAGNE_IDE],
        "verified_on": REVIEWED_ON,
        "to_confirm": [
            {
                "what": "le montant et les conditions en vigueur",
                "reason": "les sources datent de 2021 ; les avenants ultérieurs n'ont pas été "
                "vérifiés",
            },
        ],
        "ten_year_rule": None,
    },
    {
        "code": "am-infirmiers-caii",
        "name": "Contrat d'aide à l'installation des infirmiers",
        "short_name": "CAII (infirmiers)",
        "funder": "assurance_maladie",
        "kind": "contrat",
        "category": "assurance_maladie",
        "summary": (
            "Contrat de l'Assurance Maladie pour les infirmiers libéraux qui s'installent dans "
            "une zone très sous-dotée du zonage infirmier."
        ),
        "territory": NATIONAL,
        "valid_from": None,
        "valid_until": None,
        "replaced_by": None,
        "professions": ["infirmier"],
        "practice_modes": ["liberal"],
        "career_stages": ["non_installe", "installe"],
        "first_installation": None,
        "sectors": [],
        "disciplines": [],
        "cycles": [],
        "internship_far": None,
        "zoning": {"kind": "ars", "values": ["TSD"]},
        "amounts": [
            {"zone": None, "value": Decimal("27500"), "text": "jusqu'à 27 500 € sur 5 ans"},
        ],
        "commitments": "Exercer 5 ans dans la zone.",
        "how_to_apply": "Auprès de la CPAM du département d'installation.",
        "duration": "5 ans",
        "sources": [PAPS_GRAND_EST_IDE, PAPS_BRETAGNE_IDE],
        "verified_on": REVIEWED_ON,
        "to_confirm": [
            {
                "what": "le montant et les conditions en vigueur",
                "reason": "les sources datent de 2021 ; les avenants ultérieurs n'ont pas été "
                "vérifiés",
            },
        ],
        "ten_year_rule": None,
    },
    {
        "code": "am-mk-caccmk",
        "name": "Contrat d'aide à la création d'un cabinet de masseur-kinésithérapeute",
        "short_name": "CACCMK (kinésithérapeutes)",
        "funder": "assurance_maladie",
        "kind": "contrat",
        "category": "assurance_maladie",
        "summary": (
            "Contrat de l'Assurance Maladie (avenant 7 à la convention des "
            "masseurs-kinésithérapeutes, signé le 13 juillet 2023) pour la création d'un "
            "cabinet libéral dans une zone très sous-dotée du zonage des kinésithérapeutes."
        ),
        "territory": NATIONAL,
        "valid_from": None,
        "valid_until": None,
        "replaced_by": None,
        "professions": ["masseur-kinesitherapeute"],
        "practice_modes": ["liberal"],
        "career_stages": ["non_installe", "installe"],
        "first_installation": None,
        "sectors": [],
        "disciplines": [],
        "cycles": [],
        "internship_far": None,
        "zoning": {"kind": "ars", "values": ["TSD"]},
        "amounts": [
            {
                "zone": None,
                "value": Decimal("49000"),
                "text": "jusqu'à 49 000 € sur 5 ans (30 000 €, 9 000 €, 5 000 €, 5 000 €)",
            },
        ],
        "commitments": "Exercer 5 ans dans la zone.",
        "how_to_apply": "Auprès de la CPAM du département d'installation.",
        "duration": "5 ans",
        "sources": [PAPS_NORMANDIE_MK, PAPS_CVL_MK],
        "verified_on": REVIEWED_ON,
        "to_confirm": [
            {
                "what": "les conditions détaillées du contrat (création ou reprise, activité "
                "minimale)",
                "reason": "non détaillées par la revue",
            },
        ],
        "ten_year_rule": None,
    },
    {
        "code": "am-mk-caimk",
        "name": "Contrat d'aide à l'installation des masseurs-kinésithérapeutes",
        "short_name": "CAIMK (kinésithérapeutes)",
        "funder": "assurance_maladie",
        "kind": "contrat",
        "category": "assurance_maladie",
        "summary": (
            "Contrat de l'Assurance Maladie (avenant 7 à la convention des "
            "masseurs-kinésithérapeutes, signé le 13 juillet 2023) pour l'installation dans une "
            "zone très sous-dotée du zonage des kinésithérapeutes."
        ),
        "territory": NATIONAL,
        "valid_from": None,
        "valid_until": None,
        "replaced_by": None,
        "professions": ["masseur-kinesitherapeute"],
        "practice_modes": ["liberal"],
        "career_stages": ["non_installe", "installe"],
        "first_installation": None,
        "sectors": [],
        "disciplines": [],
        "cycles": [],
        "internship_far": None,
        "zoning": {"kind": "ars", "values": ["TSD"]},
        "amounts": [
            {"zone": None, "value": Decimal("34000"), "text": "jusqu'à 34 000 € sur 5 ans"},
        ],
        "commitments": "Exercer 5 ans dans la zone.",
        "how_to_apply": "Auprès de la CPAM du département d'installation.",
        "duration": "5 ans",
        "sources": [PAPS_NORMANDIE_MK, PAPS_CVL_MK],
        "verified_on": REVIEWED_ON,
        "to_confirm": [
            {
                "what": "les conditions détaillées du contrat (activité minimale, exercice "
                "coordonné)",
                "reason": "non détaillées par la revue",
            },
        ],
        "ten_year_rule": None,
    },
    {
        "code": "am-majoration-medecin-traitant",
        "name": "Majoration du forfait médecin traitant en zone d'intervention prioritaire",
        "short_name": "Forfait médecin traitant majoré en ZIP",
        "funder": "assurance_maladie",
        "kind": "contrat",
        "category": None,
        "summary": (
            "La convention médicale de 2024 (article 26) majore le forfait médecin traitant des "
            "médecins qui exercent en ZIP : +10 % par an sur la part « socle » ; pour une "
            "première installation, une majoration dégressive de +50 %, +30 % puis +10 % sur "
            "3 ans. C'est une rémunération conventionnelle, pas une aide à l'installation."
        ),
        "territory": NATIONAL,
        "valid_from": None,
        "valid_until": None,
        "replaced_by": None,
        "professions": DOCTORS,
        "practice_modes": ["liberal"],
        "career_stages": ["non_installe", "installe"],
        "first_installation": None,
        "sectors": [],
        "disciplines": [],
        "cycles": [],
        "internship_far": None,
        "zoning": ARS_ZIP,
        "amounts": [
            {
                "zone": "ZIP",
                "value": None,
                "text": (
                    "+10 % par an sur la part « socle » du forfait ; première installation : "
                    "+50 %, +30 % puis +10 % sur 3 ans"
                ),
            },
        ],
        "commitments": "Être le médecin traitant déclaré des patients concernés.",
        "how_to_apply": "Versée par l'Assurance Maladie avec le forfait médecin traitant.",
        "duration": "",
        "sources": [URML_PDL_ZONAGES],
        "verified_on": REVIEWED_ON,
        "to_confirm": [
            {
                "what": "la date d'effet, les QPV et le calcul exact de la majoration",
                "reason": "donnés par une source secondaire (URML Pays de la Loire), non vérifiés "
                "dans le texte de la convention",
            },
        ],
        "ten_year_rule": None,
    },
    # --- Tax exemptions ---
    {
        "code": "zrr",
        "name": "Exonération d'impôt sur les bénéfices en zone de revitalisation rurale",
        "short_name": "Exonération ZRR",
        "funder": "etat",
        "kind": "exoneration",
        "category": "fiscal",
        "summary": (
            "Exonération d'impôt sur les bénéfices pour les activités créées ou reprises en "
            "zone de revitalisation rurale (ZRR) jusqu'au 30 juin 2024. Depuis le 1er juillet "
            "2024, le zonage France Ruralités Revitalisation (FRR) la remplace. Les communes "
            "non reclassées en FRR continuent de bénéficier des exonérations prévues en ZRR, "
            "pour une durée que les sources ne précisent pas."
        ),
        "territory": NATIONAL,
        "valid_from": None,
        "valid_until": date(2024, 6, 30),
        "replaced_by": "frr",
        "professions": [],
        "practice_modes": ["liberal"],
        "career_stages": ["non_installe", "installe"],
        "first_installation": None,
        "sectors": [],
        "disciplines": [],
        "cycles": [],
        "internship_far": None,
        "zoning": None,
        "amounts": [],
        "commitments": "",
        "how_to_apply": "Dispositif fermé aux nouvelles installations : voir l'exonération FRR.",
        "duration": "",
        "sources": [LF_2024_ART_73, BPIFRANCE_ZRR, PAPS_CVL_FRR],
        "verified_on": REVIEWED_ON,
        "to_confirm": [
            {
                "what": "la durée du maintien des exonérations ZRR dans les communes non "
                "reclassées en FRR",
                "reason": "non vérifié dans le texte réglementaire",
            },
        ],
        "ten_year_rule": None,
    },
    {
        "code": "frr",
        "name": "Exonération d'impôt sur les bénéfices en zone France Ruralités Revitalisation",
        "short_name": "Exonération FRR",
        "funder": "etat",
        "kind": "exoneration",
        "category": "fiscal",
        "summary": (
            "Les activités libérales créées ou reprises entre le 1er juillet 2024 et le "
            "31 décembre 2029 dans une commune classée France Ruralités Revitalisation (FRR) "
            "sont exonérées d'impôt sur les bénéfices : à 100 % pendant 5 ans, puis à 75 %, "
            "50 % et 25 %. Conditions : moins de 11 salariés ; régime réel en FRR (les régimes "
            "micro ne sont admis qu'en FRR+) ; siège et moyens d'exploitation dans la zone ; "
            "plafond de minimis de 300 000 € sur 3 exercices. Les remplaçants sont exclus ; "
            "les collaborateurs libéraux ayant leur propre patientèle y ont droit."
        ),
        "territory": NATIONAL,
        "valid_from": date(2024, 7, 1),
        "valid_until": date(2029, 12, 31),
        "replaced_by": None,
        "professions": [],
        "practice_modes": ["liberal"],
        "career_stages": ["non_installe", "installe"],
        "first_installation": None,
        "sectors": [],
        "disciplines": [],
        "cycles": [],
        "internship_far": None,
        "zoning": FRR_LAYER,
        "amounts": [
            {
                "zone": "FRR",
                "value": None,
                "text": (
                    "bénéfice exonéré à 100 % pendant 5 ans, puis à 75 %, 50 % et 25 % "
                    "(8 ans en tout)"
                ),
            },
            {
                "zone": "FRR+",
                "value": None,
                "text": (
                    "bénéfice exonéré à 100 % pendant 5 ans, puis à 75 %, 50 % et 25 % "
                    "(8 ans en tout ; régimes micro admis)"
                ),
            },
        ],
        "commitments": (
            "Déposer chaque année la déclaration 2035 dans les délais ; rester 5 ans dans la "
            "zone, sinon rembourser."
        ),
        "how_to_apply": (
            "Auprès du service des impôts des entreprises, lors de la déclaration de début "
            "d'activité libérale (création ou reprise)."
        ),
        "duration": "8 ans (5 ans à 100 %, puis 3 ans dégressifs)",
        "sources": [LF_2024_ART_73, MDA_FRR, PAPS_CVL_FRR, ANGAK_FRR, LF_FRR_PLUS],
        "verified_on": REVIEWED_ON,
        "to_confirm": [
            {
                "what": "les conditions propres à l'activité (création ou reprise, moins de "
                "11 salariés, régime réel, de minimis)",
                "reason": "le simulateur ne les demande pas : à vérifier avec le service des "
                "impôts des entreprises",
            },
            {
                "what": "la date de début de FRR+, reportée au 1er janvier 2025 par une loi de "
                "finances ultérieure",
                "reason": "la portée exacte de ce report n'est pas vérifiée",
            },
            {
                "what": "l'obligation de rester 5 ans dans la zone",
                "reason": "donnée par une source secondaire (ANGAK), non vérifiée dans le texte "
                "réglementaire",
            },
        ],
        "ten_year_rule": None,
    },
    # --- Students and interns ---
    {
        "code": "cesp",
        "name": "Contrat d'engagement de service public",
        "short_name": "CESP",
        "funder": "ars",
        "kind": "bourse",
        "category": "etudes",
        "summary": (
            "Une allocation mensuelle pour les étudiants en médecine, odontologie, pharmacie et "
            "maïeutique, de la 2e année au 3e cycle, qui s'engagent à exercer ensuite dans une "
            "zone sous-dotée de leur profession."
        ),
        "territory": NATIONAL,
        "valid_from": None,
        "valid_until": None,
        "replaced_by": None,
        "professions": STUDENTS,
        "practice_modes": [],
        "career_stages": ["etudiant", "interne"],
        "first_installation": None,
        "sectors": [],
        "disciplines": ["medecine", "odontologie", "pharmacie", "maieutique"],
        "cycles": [2, 3],
        "internship_far": None,
        "zoning": None,
        "amounts": [
            {"zone": None, "value": Decimal("1200"), "text": "1 200 € bruts par mois"},
        ],
        "commitments": (
            "S'installer, une fois diplômé, dans une zone sous-dotée de sa profession autant de "
            "mois que de mensualités perçues, et au moins deux ans : ZIP ou ZAC pour les "
            "médecins ; zones très sous-dotées et sous-dotées pour les chirurgiens-dentistes et "
            "les sages-femmes ; « zones fragiles » (à paraître) pour les pharmaciens."
        ),
        "how_to_apply": (
            "Se renseigner auprès de l'ARS Occitanie ; la candidature est reçue par le Centre "
            "national de gestion (CNG)."
        ),
        "duration": "jusqu'à la fin des études",
        "sources": [PAPS_OCC_AIDES, URPS_AURA_CESP],
        "verified_on": REVIEWED_ON,
        "to_confirm": [],
        "ten_year_rule": None,
    },
    {
        "code": "etudiants-transport",
        "name": "Forfait mensuel de transport des étudiants en stage éloigné",
        "short_name": "Transport des étudiants en stage",
        "funder": "etat",
        "kind": "subvention",
        "category": "etudes",
        "summary": (
            "Les étudiants de 2e et de 3e cycle dont le stage se trouve à plus de 15 km de leur "
            "UFR de rattachement et de leur domicile perçoivent un forfait de transport, quel "
            "que soit le zonage de la commune du stage."
        ),
        "territory": NATIONAL,
        "valid_from": None,
        "valid_until": None,
        "replaced_by": None,
        "professions": STUDENTS,
        "practice_modes": [],
        "career_stages": ["etudiant", "interne"],
        "first_installation": None,
        "sectors": [],
        "disciplines": [],
        "cycles": [2, 3],
        "internship_far": True,
        "zoning": None,
        "amounts": [
            {"zone": None, "value": Decimal("130"), "text": "130 € bruts par mois"},
        ],
        "commitments": "Ne pas percevoir d'autre aide au transport pour ce stage.",
        "how_to_apply": (
            "Demande au CHU de rattachement, qui verse le forfait (décret n° 2014-319 du "
            "11 mars 2014)."
        ),
        "duration": "pendant le stage",
        "sources": [PAPS_OCC_AIDES, URPS_RA_TRANSPORT],
        "verified_on": REVIEWED_ON,
        "to_confirm": [],
        "ten_year_rule": None,
    },
    {
        "code": "etudiants-hebergement",
        "name": "Indemnité d'hébergement des étudiants en stage en ZIP ou ZAC",
        "short_name": "Hébergement des étudiants en stage",
        "funder": "etat",
        "kind": "subvention",
        "category": "etudes",
        "summary": (
            "Les externes (2e cycle) et les internes (3e cycle) qui font un stage dans une zone "
            "d'intervention prioritaire (ZIP) ou d'action complémentaire (ZAC) et paient leur "
            "logement perçoivent une indemnité d'hébergement, versée par l'État par "
            "l'intermédiaire du CHU."
        ),
        "territory": NATIONAL,
        "valid_from": None,
        "valid_until": None,
        "replaced_by": None,
        "professions": STUDENTS,
        "practice_modes": [],
        "career_stages": ["etudiant", "interne"],
        "first_installation": None,
        "sectors": [],
        "disciplines": [],
        "cycles": [2, 3],
        "internship_far": None,
        "zoning": ARS_ZIP_ZAC,
        "amounts": [
            {
                "zone": None,
                "cycle": 2,
                "value": Decimal("150"),
                "text": "150 € par mois en 2e cycle (externes)",
            },
            {
                "zone": None,
                "cycle": 3,
                "value": Decimal("300"),
                "text": "300 € par mois en 3e cycle (internes)",
            },
        ],
        "commitments": "",
        "how_to_apply": (
            "Attestation sur l'honneur, remise au CHU, que l'étudiant paie son logement ; "
            "l'État verse l'indemnité par l'intermédiaire du CHU."
        ),
        "duration": "pendant le stage",
        "sources": [PAPS_OCC_AIDES],
        "verified_on": REVIEWED_ON,
        "to_confirm": [],
        "ten_year_rule": None,
    },
    {
        "code": "etudiants-docteurs-juniors",
        "name": "Indemnité des docteurs juniors de médecine générale en stage en ZIP",
        "short_name": "Docteurs juniors en ZIP",
        "funder": "etat",
        "kind": "subvention",
        "category": "etudes",
        "summary": (
            "À partir de novembre 2026, les docteurs juniors de médecine générale (dernière "
            "année de l'internat) en stage dans une zone d'intervention prioritaire (ZIP) "
            "perçoivent une indemnité forfaitaire et une prime d'activité ; leurs maîtres de "
            "stage reçoivent des honoraires pédagogiques de 600 € par mois."
        ),
        "territory": NATIONAL,
        "valid_from": date(2026, 11, 1),
        "valid_until": None,
        "replaced_by": None,
        "professions": ["interne"],
        "practice_modes": [],
        "career_stages": ["interne"],
        "first_installation": None,
        "sectors": [],
        "disciplines": ["medecine"],
        "cycles": [3],
        "internship_far": None,
        "zoning": ARS_ZIP,
        "amounts": [
            {
                "zone": "ZIP",
                "value": Decimal("1000"),
                "text": "1 000 € bruts par mois de stage, plus une prime d'activité de 500 € "
                "par semestre",
            },
        ],
        "commitments": "",
        "how_to_apply": "Auprès de la faculté ou du CHU de rattachement (à confirmer).",
        "duration": "pendant la phase de consolidation (docteur junior)",
        "sources": [URML_PDL_ZONAGES],
        "verified_on": REVIEWED_ON,
        "to_confirm": [
            {
                "what": "être docteur junior de médecine générale",
                "reason": "le simulateur ne distingue pas encore le docteur junior des autres "
                "internes",
            },
            {
                "what": "le jour de mise en place (novembre 2026), le financeur et le versement",
                "reason": "la source (URML Pays de la Loire, février 2026) ne les précise pas",
            },
        ],
        "ten_year_rule": None,
    },
    # --- Local authorities (only what a source confirms) ---
    {
        "code": "cauvaldor-parcours-maides",
        "name": "Parcours M'aides : aides aux études de médecine de Cauvaldor",
        "short_name": "Parcours M'aides (Cauvaldor)",
        "funder": "intercommunalite",
        "kind": "bourse",
        "category": "collectivite",
        "summary": (
            "La communauté de communes Causses et Vallée de la Dordogne (Cauvaldor) aide les "
            "jeunes de son territoire à mener des études de médecine, dès la première année "
            "(action de son contrat local de santé signé le 10 mars 2022, dispositif lancé à "
            "la rentrée 2022)."
        ),
        "territory": {"level": "epci", "code": "200066371"},
        "valid_from": None,
        "valid_until": None,
        "replaced_by": None,
        "professions": STUDENTS,
        "practice_modes": [],
        "career_stages": ["etudiant", "interne"],
        "first_installation": None,
        "sectors": [],
        "disciplines": ["medecine"],
        "cycles": [],
        "internship_far": None,
        "zoning": None,
        "amounts": [
            {"zone": None, "value": Decimal("800"), "text": "800 € la première année"},
            {
                "zone": None,
                "value": Decimal("3600"),
                "text": "puis 2 400 €, puis 3 600 € par an de la 2e à la 6e année",
            },
            {"zone": None, "value": Decimal("5000"), "text": "5 000 € par an en internat"},
        ],
        "commitments": (
            "Tutorat, au moins un stage sur le territoire, et exercer au moins 6 ans sur le "
            "territoire de Cauvaldor (selon la presse locale 2022-2024)."
        ),
        "how_to_apply": "Auprès de Cauvaldor (www.sante.cauvaldor.fr).",
        "duration": "pendant les études",
        "sources": [CAUVALDOR_CLS, MEDIALOT_CAUVALDOR, YAOURTIERE_CAUVALDOR],
        "verified_on": REVIEWED_ON,
        "to_confirm": [
            {
                "what": "les montants et les engagements (6 ans d'exercice sur le territoire)",
                "reason": "donnés par la presse locale 2022-2024, pas par Cauvaldor : à "
                "confirmer auprès de Cauvaldor",
            },
            {
                "what": "être un jeune du territoire de Cauvaldor",
                "reason": "condition annoncée par le contrat local de santé, que le simulateur "
                "ne demande pas",
            },
        ],
        "ten_year_rule": None,
    },
]


# Schemes the review names but the catalogue does not carry, and why (shown in docs/aids.md).
LEFT_OUT = [
    (
        "Bourses intercommunales « des intercommunalités du Lot », à l'échelle du département",
        "aucune source : la seule aide aux études confirmée est celle de Cauvaldor",
    ),
    (
        "Aides du Département du Lot, de la Région Occitanie, du Lot-et-Garonne",
        "aucune page officielle à jour trouvée ; montants non vérifiés",
    ),
    (
        "Aides régionales de l'ARS Occitanie (40 000 € en montagne, QPV)",
        "statut actuel non vérifié (sources non datées ou de 2022)",
    ),
    (
        "Exonération de CFE (CGI art. 1464 D) et de la rémunération de la permanence des soins "
        "(CGI art. 151 ter)",
        "sources non datées ; la CFE dépend d'une délibération locale non vérifiée",
    ),
    (
        "Cumul emploi-retraite en zone sous-dense",
        "aucune source trouvée",
    ),
]
