"""The OpenAPI 3.1 document of the simulator's JSON twin (``aids.api``), written by hand and
served at ``/api/v1/openapi.json``. Its lists of accepted values come from the same enums the
API reads, so the document cannot drift from what the API accepts."""

from __future__ import annotations

from aids.enums import AidCategory, CareerStage, Discipline, Sector
from structures.professions import PROFESSIONS

MODES = ["liberal", "salarie", "mixte"]
VERDICTS = ["eligible", "a_verifier", "non_eligible", "ferme"]
CRITERIA = [
    "profession",
    "stage",
    "mode",
    "territoire",
    "zonage",
    "premiere_installation",
    "secteur",
    "discipline",
    "cycle",
    "distance",
    "aide_precedente",
    "a_confirmer",
    "validite",
]

# (name, required, schema, description): the parameters, in the order the page lists them.
PARAMETERS = [
    (
        "profession",
        True,
        {"type": "string", "enum": [code for code, _label, _kind, _parent in PROFESSIONS]},
        "Code de la profession (par exemple « medecin-generaliste », « infirmier », "
        "« masseur-kinesitherapeute », « etudiant-sante »).",
    ),
    (
        "commune",
        True,
        {"type": "string", "pattern": "^([0-9]{5}|2[AB][0-9]{3})$", "examples": ["46102"]},
        "Code INSEE de la commune du projet (pas le code postal) ; la commune doit être "
        "couverte par le portail.",
    ),
    (
        "stage",
        True,
        {"type": "string", "enum": list(CareerStage.values)},
        "Situation : étudiant·e, interne, diplômé·e non installé·e, installé·e.",
    ),
    (
        "mode",
        True,
        {"type": "string", "enum": MODES},
        "Mode d'exercice envisagé : libéral, salarié ou mixte.",
    ),
    (
        "secteur",
        False,
        {"type": "string", "enum": list(Sector.values)},
        "Secteur conventionnel des médecins : 1, 2 avec OPTAM (« 2_optam ») ou 2 sans OPTAM.",
    ),
    (
        "premiere_installation",
        False,
        {"type": "string", "enum": ["true", "false"]},
        "Première installation en libéral conventionné.",
    ),
    (
        "date",
        False,
        {"type": "string", "format": "date"},
        "Date prévue de l'installation (AAAA-MM-JJ, entre 2000-01-01 et 2099-12-31) : "
        "les dispositifs et les zonages sont ceux en vigueur ce jour-là ; aujourd'hui par défaut.",
    ),
    (
        "cycle",
        False,
        {"type": "string", "enum": ["2", "3"]},
        "Cycle d'études des étudiant·es (2e ou 3e cycle).",
    ),
    (
        "discipline",
        False,
        {"type": "string", "enum": list(Discipline.values)},
        "Filière des études de santé.",
    ),
    (
        "stage_eloigne",
        False,
        {"type": "string", "enum": ["true", "false"]},
        "Stage à plus de 15 km de la faculté et du domicile.",
    ),
    (
        "aide_precedente",
        False,
        {
            "type": "array",
            "items": {
                "type": "string",
                "pattern": "^(aucune|("
                + "|".join(AidCategory.values)
                + "):[0-9]{4}-[0-9]{2}-[0-9]{2})$",
            },
        },
        "Aide déjà reçue, « catégorie:AAAA-MM-JJ » (date de la décision d'attribution ou de "
        "la dernière convention), à répéter pour chaque aide ; « aucune » si vous n'en avez "
        "reçu aucune. Catégories : " + ", ".join(AidCategory.values) + ".",
    ),
]

NULLABLE_STRING = {"type": ["string", "null"]}
NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}

SOURCE = {
    "type": "object",
    "required": ["titre", "url", "date"],
    "properties": {
        "titre": {"type": "string"},
        "url": NULLABLE_STRING,
        "date": NULLABLE_DATE,
    },
}

ANSWER = {
    "type": "object",
    "required": ["date", "commune", "zonages", "dispositifs"],
    "properties": {
        "date": {"type": "string", "format": "date", "description": "Date de la simulation."},
        "commune": {
            "type": "object",
            "required": ["code_insee", "nom", "codes_postaux", "departement"],
            "properties": {
                "code_insee": {"type": "string"},
                "nom": {"type": "string"},
                "codes_postaux": {"type": "array", "items": {"type": "string"}},
                "departement": {
                    "type": "object",
                    "required": ["code", "nom"],
                    "properties": {"code": {"type": "string"}, "nom": {"type": "string"}},
                },
            },
        },
        "zonages": {
            "type": "array",
            "items": {
                "type": "object",
                "required": [
                    "type",
                    "valeur",
                    "libelle",
                    "couche",
                    "source",
                    "date",
                    "demonstration",
                ],
                "properties": {
                    "type": {"type": "string", "enum": ["ars", "frr"]},
                    "valeur": {"type": "string"},
                    "libelle": {"type": "string"},
                    "couche": {"type": "string"},
                    "source": {"type": "string"},
                    "date": NULLABLE_DATE,
                    "demonstration": {"type": "boolean"},
                },
            },
        },
        "dispositifs": {
            "type": "array",
            "items": {
                "type": "object",
                "required": [
                    "code",
                    "nom",
                    "verdict",
                    "montant",
                    "raisons",
                    "source",
                    "sources",
                    "verifie_le",
                    "a_confirmer",
                    "remplace_par",
                ],
                "properties": {
                    "code": {"type": "string"},
                    "nom": {"type": "string"},
                    "verdict": {"type": "string", "enum": VERDICTS},
                    "montant": {
                        "oneOf": [
                            {"type": "null"},
                            {
                                "type": "object",
                                "required": ["valeur", "texte"],
                                "properties": {
                                    "valeur": {"type": ["number", "null"]},
                                    "texte": {"type": "string"},
                                },
                            },
                        ]
                    },
                    "raisons": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["critere", "rempli", "texte"],
                            "properties": {
                                "critere": {"type": "string"},
                                "rempli": {"type": ["boolean", "null"]},
                                "texte": {"type": "string"},
                            },
                        },
                    },
                    "source": {"oneOf": [{"type": "null"}, SOURCE]},
                    "sources": {"type": "array", "items": SOURCE},
                    "verifie_le": NULLABLE_DATE,
                    "a_confirmer": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["quoi", "raison"],
                            "properties": {
                                "quoi": {"type": "string"},
                                "raison": {"type": "string"},
                            },
                        },
                    },
                    "remplace_par": NULLABLE_STRING,
                },
            },
        },
    },
}

ERRORS = {
    "type": "object",
    "required": ["erreurs"],
    "properties": {
        "erreurs": {
            "type": "object",
            "description": "Pour chaque paramètre refusé, ses messages en français.",
            "minProperties": 1,
            "additionalProperties": {
                "type": "array",
                "minItems": 1,
                "items": {"type": "string"},
            },
        }
    },
}


def parameters() -> list[dict]:
    """The parameters as the human page lists them: name, required, accepted values, text."""
    return [
        {
            "name": name,
            "required": required,
            "values": schema.get("enum") or schema.get("items", {}).get("enum") or [],
            "description": description,
        }
        for name, required, schema, description in PARAMETERS
    ]


def document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Simulateur d'aides à l'installation — API",
            "version": "1.0.0",
            "description": (
                "Le même moteur que le simulateur du site : pour une profession, une commune "
                "et une situation, chaque dispositif d'aide avec son verdict (« eligible », "
                "« a_verifier », « non_eligible », « ferme »), le montant qui s'applique, les "
                "raisons critère par critère, ses sources et leur date. Ce qu'aucune source ne "
                "confirme est listé dans « a_confirmer » et rend le verdict au mieux "
                "« a_verifier ». Les zonages de la commune sont donnés avec leur couche, leur "
                "source et leur date ; « demonstration » signale des données de démonstration."
            ),
        },
        "servers": [{"url": "/"}],
        "paths": {
            "/api/v1/eligibilite/": {
                "get": {
                    "operationId": "eligibilite",
                    "summary": "Les aides d'un profil, dispositif par dispositif",
                    "parameters": [
                        {
                            "name": name,
                            "in": "query",
                            "required": required,
                            "description": description,
                            "schema": schema,
                            **(
                                {"style": "form", "explode": True}
                                if name == "aide_precedente"
                                else {}
                            ),
                        }
                        for name, required, schema, description in PARAMETERS
                    ],
                    "responses": {
                        "200": {
                            "description": "Les dispositifs et leur verdict.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Reponse"}
                                }
                            },
                        },
                        "400": {
                            "description": (
                                "Paramètre manquant ou refusé : un message en français par "
                                "paramètre. Une adresse illisible (caractères de contrôle, "
                                "valeur démesurée) reçoit la page d'erreur du site, en HTML."
                            ),
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Erreurs"}
                                },
                                "text/html": {"schema": {"type": "string"}},
                            },
                        },
                    },
                }
            }
        },
        "components": {"schemas": {"Reponse": ANSWER, "Erreurs": ERRORS}},
    }
