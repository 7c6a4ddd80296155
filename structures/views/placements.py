"""Training sites (« terrains de stage ») listed publicly, with the directory's filters and
map; « ce terrain de stage m'intéresse » is answered by the cases app."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from structures.filters import PlacementFilter
from structures.models import Placement
from structures.views.listing import list_context

MAX_MARKERS = 5000


def _filtered(request):
    queryset = Placement.objects.published().for_list().order_by("name", "pk")
    return PlacementFilter(request.GET or None, queryset=queryset, request=request)


def placement_list(request):
    context = list_context(request, _filtered(request), markers="structures:placement_markers")
    return render(request, "structures/placements.html", context)


def placement_markers(request):
    """Markers in the directory map's format, with the same filters as the list."""
    rows = _filtered(request).qs.values(
        "pk", "name", "latitude", "longitude", "commune__name", "places_per_semester"
    )[:MAX_MARKERS]
    return JsonResponse(
        {
            "structures": [
                {
                    "id": row["pk"],
                    "name": row["name"],
                    "kind": "terrain de stage",
                    "commune": row["commune__name"],
                    "lat": row["latitude"],
                    "lon": row["longitude"],
                    "open_vacancies": 0,
                    "url": reverse("structures:placement", kwargs={"pk": row["pk"]}),
                }
                for row in rows
            ]
        }
    )


def placement_detail(request, pk):
    placement = get_object_or_404(
        Placement.objects.published().select_related(
            "commune__epci", "structure", "profession", "supervisor"
        ),
        pk=pk,
    )
    return render(
        request,
        "structures/placement_detail.html",
        {"placement": placement, "tile_url": settings.MAP_TILE_URL},
    )
