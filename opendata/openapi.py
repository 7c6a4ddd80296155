"""The OpenAPI 3.1 document of the whole public API, served at ``/api/v1/openapi.json``: the
simulator's part exactly as ``aids.openapi`` writes it, and the open-data lists of
``opendata.resources``. The parameters' accepted values come from the enums the API reads."""

from __future__ import annotations

import copy

from aids import openapi as simulator
from opendata.params import DEFAULT_LIMIT, MAX_LIMIT, MAX_RADIUS_KM
from opendata.resources import EVENTS, OFFERS, SCHEMES, STRUCTURES
from structures.professions import PROFESSIONS

LICENCE = {
    "name": "Licence Ouverte / Open Licence 2.0 (Etalab)",
    "identifier": "etalab-2.0",
}
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"

STRING = {"type": "string"}
NULLABLE_STRING = {"type": ["string", "null"]}
NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}
DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}
NULLABLE_NUMBER = {"type": ["number", "null"]}
BOOLEAN = {"type": "boolean"}
INTEGER = {"type": "integer"}


def obj(properties: dict, optional=()) -> dict:
    return {
        "type": "object",
        "required": [name for name in properties if name not in optional],
        "properties": properties,
    }


def nullable(schema: dict) -> dict:
    return {"oneOf": [{"type": "null"}, schema]}


COMMUNE = obj(
    {
        "code_insee": STRING,
        "nom": STRING,
        "departement": obj({"code": STRING, "nom": STRING}),
        "epci": nullable(obj({"siren": STRING, "nom": STRING})),
    }
)
DISTANCE = {
    "type": "number",
    "description": "Distance à la commune donnée, en km (seulement avec « rayon_km »).",
}

# (name, schema, description) of every parameter; each list takes those its resource reads.
PARAMETERS = {
    "profession": (
        {"type": "string", "enum": [code for code, _label, _kind, _parent in PROFESSIONS]},
        "Code de la profession (par exemple « medecin-generaliste », « infirmier ») ; une "
        "profession couvre ses spécialités.",
    ),
    "commune": (
        {"type": "string", "pattern": "^([0-9]{5}|2[AB][0-9]{3})$", "examples": ["46102"]},
        "Code INSEE de la commune (pas le code postal). Avec « rayon_km » : le centre du "
        "cercle de recherche.",
    ),
    "rayon_km": (
        {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_RADIUS_KM},
        f"Avec « commune » : à au plus tant de kilomètres (à vol d'oiseau) de la commune, "
        f"jusqu'à {MAX_RADIUS_KM} ; chaque résultat donne alors sa « distance_km ».",
    ),
    "epci": (
        {"type": "string", "pattern": "^[0-9]{9}$", "examples": ["200067361"]},
        "SIREN de l'intercommunalité (EPCI à fiscalité propre).",
    ),
    "departement": (
        {"type": "string", "pattern": "^([0-9]{2,3}|2[AB])$", "examples": ["46"]},
        "Code du département.",
    ),
    "type": (STRING, "Le type (valeurs ci-dessous)."),
    "limite": (
        {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
        f"Nombre de résultats par page, de 1 à {MAX_LIMIT} ({DEFAULT_LIMIT} par défaut).",
    ),
    "apres": (
        STRING,
        "Curseur opaque de la page suivante : ne le fabriquez pas, suivez le lien « suivant » "
        "de la réponse.",
    ),
}

STRUCTURE = obj(
    {
        "id": INTEGER,
        "nom": STRING,
        "type": {"type": "string", "enum": list(STRUCTURES.kinds)},
        "type_libelle": STRING,
        "adresse": STRING,
        "commune": COMMUNE,
        "latitude": {"type": "number"},
        "longitude": {"type": "number"},
        "position_approximative": BOOLEAN,
        "site_web": NULLABLE_STRING,
        "services": {"type": "array", "items": STRING},
        "professions": {
            "type": "array",
            "items": obj({"code": STRING, "libelle": STRING, "nombre": INTEGER}),
        },
        "url": STRING,
        "distance_km": DISTANCE,
    },
    optional=("distance_km",),
)

OFFER = obj(
    {
        "id": INTEGER,
        "type": {"type": "string", "enum": list(OFFERS.kinds)},
        "type_libelle": STRING,
        "titre": STRING,
        "propose_par": STRING,
        "type_offreur": STRING,
        "structure": nullable(obj({"id": INTEGER, "nom": STRING})),
        "profession": nullable(obj({"code": STRING, "libelle": STRING})),
        "commune": COMMUNE,
        "mode_exercice": NULLABLE_STRING,
        "temps_travail": NULLABLE_STRING,
        "cabinet_disponible": BOOLEAN,
        "date_debut": NULLABLE_DATE,
        "date_fin": NULLABLE_DATE,
        "remplacement_regulier": BOOLEAN,
        "loyer_mensuel": NULLABLE_NUMBER,
        "prix": NULLABLE_NUMBER,
        "equipement": STRING,
        "secretariat": {"type": ["boolean", "null"]},
        "logiciel": STRING,
        "description": STRING,
        "publie_le": DATE,
        "confirme_le": DATE,
        "a_confirmer": BOOLEAN,
        "photos": {"type": "array", "items": obj({"url": STRING, "legende": STRING})},
        "contact": nullable(
            obj({"nom": NULLABLE_STRING, "email": NULLABLE_STRING, "telephone": NULLABLE_STRING})
        ),
        "url": STRING,
        "distance_km": DISTANCE,
    },
    optional=("distance_km",),
)

EVENT = obj(
    {
        "id": INTEGER,
        "titre": STRING,
        "type": {"type": "string", "enum": list(EVENTS.kinds)},
        "type_libelle": STRING,
        "debut": DATETIME,
        "fin": DATETIME,
        "annule": BOOLEAN,
        "lieu": STRING,
        "adresse": STRING,
        "commune": COMMUNE,
        "public_vise": STRING,
        "description": STRING,
        "places": {"type": ["integer", "null"]},
        "date_limite_reponse": {"type": ["string", "null"], "format": "date-time"},
        "organisateur": STRING,
        "url": STRING,
        "distance_km": DISTANCE,
    },
    optional=("distance_km",),
)

SCHEME = obj(
    {
        "code": STRING,
        "nom": STRING,
        "nom_court": STRING,
        "type": {"type": "string", "enum": list(SCHEMES.kinds)},
        "type_libelle": STRING,
        "financeur": STRING,
        "financeur_libelle": STRING,
        "cofinanceurs": {"type": "array", "items": STRING},
        "resume": STRING,
        "montant": STRING,
        "montants": {
            "type": "array",
            "items": obj({"zone": NULLABLE_STRING, "valeur": NULLABLE_NUMBER, "texte": STRING}),
        },
        "duree": STRING,
        "territoire": obj(
            {
                "niveau": STRING,
                "libelle": STRING,
                "region": NULLABLE_STRING,
                "departement": NULLABLE_STRING,
                "epci": NULLABLE_STRING,
            }
        ),
        "professions": {"type": "array", "items": STRING},
        "en_vigueur_du": NULLABLE_DATE,
        "en_vigueur_jusqu_au": NULLABLE_DATE,
        "ferme": BOOLEAN,
        "remplace_par": NULLABLE_STRING,
        "lien_officiel": NULLABLE_STRING,
        "source": nullable(simulator.SOURCE),
        "sources": {"type": "array", "items": simulator.SOURCE},
        "verifie_le": NULLABLE_DATE,
        "a_confirmer": {
            "type": "array",
            "items": obj({"quoi": STRING, "raison": STRING}),
        },
        "url": STRING,
    }
)

# resource, component name, summary, description
LISTS = [
    (
        STRUCTURES,
        "Structure",
        "Les structures de santé publiées",
        "Maisons et centres de santé, hôpitaux, EHPAD, CPTS… avec leur adresse, leur "
        "commune, leur position et, pour chaque profession, le nombre de professionnels en "
        "activité (jamais leur nom). Triées par nom.",
    ),
    (
        OFFERS,
        "Offre",
        "Les offres publiées",
        "Postes, collaborations, successions, remplacements, locaux et logements publiés par "
        "le guichet, les plus récents d'abord. « a_confirmer » vaut true quand l'offreur ne "
        "l'a pas confirmée depuis plus de 60 jours. Le contact n'est donné que si l'offreur "
        "l'a rendu public (sinon null : le guichet met les personnes en relation). Une offre "
        "sans profession est ouverte à toutes ; le filtre « profession » la garde.",
    ),
    (
        EVENTS,
        "Evenement",
        "Les évènements à venir",
        "Les évènements publics qui ne sont pas terminés (soirées d'accueil, accueil des "
        "internes…), du plus proche au plus lointain ; « annule » signale un évènement annulé.",
    ),
    (
        SCHEMES,
        "Dispositif",
        "Les dispositifs d'aide du catalogue",
        "Chaque dispositif publié, fermés compris (« ferme », « remplace_par »), avec ses "
        "sources et leur date, la date de vérification par le guichet (« verifie_le », null : "
        "à vérifier) et ce qui reste « a_confirmer ». Filtré par « commune », un dispositif "
        "y est applicable ; par « departement », il s'applique quelque part dans le "
        "département. Triés par code.",
    ),
]


def kinds_description(resource) -> str:
    return "Valeurs : " + ", ".join(f"« {kind} »" for kind in resource.kinds) + "."


def parameters_of(resource) -> list[dict]:
    parameters = []
    for name in resource.parameters:
        schema, description = PARAMETERS[name]
        if name == "type":
            schema = {"type": "string", "enum": list(resource.kinds)}
            description = f"{description} {kinds_description(resource)}"
        if resource is SCHEMES and name == "commune":
            description = "Code INSEE d'une commune : les dispositifs qui s'y appliquent."
        parameters.append(
            {
                "name": name,
                "in": "query",
                "required": False,
                "description": description,
                "schema": schema,
            }
        )
    return parameters


def page_schema(component: str) -> dict:
    return obj(
        {
            "resultats": {"type": "array", "items": {"$ref": f"#/components/schemas/{component}"}},
            "suivant": {
                "type": ["string", "null"],
                "description": "L'adresse de la page suivante, null après la dernière.",
            },
        }
    )


def _operation(resource, component, summary, description) -> dict:
    bad = simulator.document()["paths"]["/api/v1/eligibilite/"]["get"]["responses"]["400"]
    return {
        "get": {
            "operationId": resource.name,
            "summary": summary,
            "description": description,
            "parameters": parameters_of(resource),
            "responses": {
                "200": {
                    "description": "Une page de résultats et l'adresse de la suivante.",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": f"#/components/schemas/Page{component}"}
                        }
                    },
                },
                "400": {
                    **copy.deepcopy(bad),
                    "description": (
                        "Paramètre refusé, inconnu ou donné deux fois, curseur illisible : un "
                        "message en français par paramètre. Une adresse illisible (caractères "
                        "de contrôle, valeur démesurée) reçoit la page d'erreur du site, en HTML."
                    ),
                },
            },
        }
    }


def document() -> dict:
    whole = simulator.document()
    whole["info"] = {
        "title": "API publique du portail : simulateur d'aides et données ouvertes",
        "version": "1.1.0",
        "description": (
            "Une API en lecture seule, sans compte ni clé. « /api/v1/eligibilite/ » : le même "
            "moteur que le simulateur d'aides du site. " + whole["info"]["description"] + "\n\n"
            "Les listes (structures, offres, évènements, dispositifs) sont paginées par "
            "curseur : « limite » résultats par page, et « suivant », l'adresse de la page "
            "suivante (null après la dernière). Elles ne contiennent aucune donnée "
            "personnelle. Les données du portail sont publiées sous Licence Ouverte / Open "
            "Licence 2.0 d'Etalab ; les codes postaux et les positions approximatives des "
            "communes viennent de la base officielle des codes postaux de La Poste (édition "
            "2020, ODbL)."
        ),
        # OpenAPI 3.1: an SPDX identifier or a URL, not both (the URL is on the /api/ page).
        "license": dict(LICENCE),
    }
    for resource, component, summary, description in LISTS:
        whole["paths"][resource.path] = _operation(resource, component, summary, description)
    whole["components"]["schemas"].update(
        {
            "Structure": STRUCTURE,
            "PageStructure": page_schema("Structure"),
            "Offre": OFFER,
            "PageOffre": page_schema("Offre"),
            "Evenement": EVENT,
            "PageEvenement": page_schema("Evenement"),
            "Dispositif": SCHEME,
            "PageDispositif": page_schema("Dispositif"),
        }
    )
    return whole
