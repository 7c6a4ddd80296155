"""The public read API: ``/api/v1/structures/``, ``/api/v1/offres/``,
``/api/v1/evenements/`` and ``/api/v1/dispositifs/`` (GET only, JSON, keyset-paginated),
the OpenAPI document of the whole API (the simulator's included) and its page ``/api/``.

Each list answers ``{"resultats": [...], "suivant": "<adresse>" | null}``; a wrong, unknown
or repeated parameter, or a garbled cursor, answers 400 ``{"erreurs": {...}}``. The number
of queries does not grow with the page: related rows come with the page's query or one
query per kind of related row."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from aids import api as simulator
from aids.openapi import parameters as simulator_parameters
from opendata import openapi
from opendata.params import BadParameters, read_query, sign_cursor
from opendata.resources import EVENTS, OFFERS, SCHEMES, STRUCTURES, page
from portal.pagecache import cache_anonymous_page

MAX_AGE = 300  # seconds, as the simulator's answers
EXAMPLES = {
    STRUCTURES.name: "profession=medecin-generaliste&departement=46",
    OFFERS.name: "type=succession&commune=46102&rayon_km=30",
    EVENTS.name: "departement=46",
    SCHEMES.name: "profession=infirmier&commune=46102",
}


def _json(data, status=200):
    return simulator._json(data, status=status)


def _listing(request, resource):
    try:
        values = read_query(request.GET, resource)
    except BadParameters as error:
        return _json({"erreurs": error.errors}, status=400)
    rows, last = page(resource, values)
    following = None
    if last is not None:
        query = request.GET.copy()
        query["apres"] = sign_cursor(resource, getattr(last, resource.order_field), last.pk)
        following = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return _json({"resultats": resource.rows(rows, request), "suivant": following})


def _view(resource, *namespaces):
    """The list's view, cached for anonymous callers under the data it reads."""

    def view(request):
        return _listing(request, resource)

    view.__name__ = view.__qualname__ = f"list_{resource.name}"  # the page cache keys on it
    cached = cache_anonymous_page(*namespaces)(view)
    return require_safe(cache_control(public=True, max_age=MAX_AGE)(cached))


structures = _view(STRUCTURES, "structures", "territories")
offers = _view(OFFERS, "structures", "territories")
events = _view(EVENTS, "events", "territories")
schemes = _view(SCHEMES, "aids", "structures", "territories")


@require_safe
@cache_control(public=True, max_age=3600)
def openapi_document(request):
    return _json(openapi.document())


@require_safe
def documentation(request):
    lists = []
    for resource, _component, summary, description in openapi.LISTS:
        lists.append(
            {
                "name": resource.name,
                "path": resource.path,
                "summary": summary,
                "description": description,
                "parameters": [
                    {"name": p["name"], "description": p["description"]}
                    for p in openapi.parameters_of(resource)
                ],
                "example": EXAMPLES[resource.name],
            }
        )
    return render(
        request,
        "opendata/api.html",
        {
            "lists": lists,
            "simulator_parameters": simulator_parameters(),
            "simulator_example": simulator.EXAMPLE_QUERY,
            "licence_url": openapi.LICENCE_URL,
        },
    )
