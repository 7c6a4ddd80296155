"""The public directory of the care offer: list, map markers, structure page."""

from django.conf import settings
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from portal.pagecache import cache_anonymous_page
from structures.filters import StructureFilter
from structures.models import Professional, ProfessionalStatus, Structure, Vacancy
from structures.views.listing import list_context

MAX_MARKERS = 5000


def _filtered_structures(request):
    queryset = (
        Structure.objects.published()
        .select_related("commune")
        .with_open_vacancy_count()
        .order_by("name", "pk")
    )
    return StructureFilter(request.GET or None, queryset=queryset, request=request)


@cache_anonymous_page("structures", "territories")
def directory(request):
    context = list_context(request, _filtered_structures(request), markers="structures:markers")
    return render(request, "structures/directory.html", context)


@cache_anonymous_page("structures", "territories")
def markers(request):
    """The map's markers as JSON, with the same filters as the list (bounded)."""
    rows = _filtered_structures(request).qs.values(
        "pk", "name", "kind", "latitude", "longitude", "commune__name", "open_vacancy_count"
    )[:MAX_MARKERS]
    kinds = dict(Structure._meta.get_field("kind").choices)
    return JsonResponse(
        {
            "structures": [
                {
                    "id": row["pk"],
                    "name": row["name"],
                    "kind": str(kinds.get(row["kind"], row["kind"])),
                    "commune": row["commune__name"],
                    "lat": row["latitude"],
                    "lon": row["longitude"],
                    "open_vacancies": row["open_vacancy_count"],
                    "url": reverse("structures:structure", kwargs={"pk": row["pk"]}),
                }
                for row in rows
            ]
        }
    )


@cache_anonymous_page("structures", "territories")
def structure_detail(request, pk):
    structure = get_object_or_404(
        Structure.objects.published().select_related("commune__epci", "cpts"), pk=pk
    )
    vacancies = (
        Vacancy.objects.published()
        .filter(structure=structure)
        .select_related("profession", "structure", "commune")
        .prefetch_related("photos")
    )
    professions = (
        Professional.objects.filter(
            memberships__structure=structure, status=ProfessionalStatus.ACTIVE
        )
        .values("profession__label", "profession__position")
        .annotate(count=Count("pk"))
        .order_by("profession__position", "profession__label")
    )
    listed = (
        Professional.objects.filter(
            memberships__structure=structure, status=ProfessionalStatus.ACTIVE, public_listing=True
        )
        .select_related("profession")
        .order_by("last_name", "first_name")
    )
    members = (
        structure.member_structures.published().select_related("commune")
        if structure.kind == "cpts"
        else Structure.objects.none()
    )
    return render(
        request,
        "structures/structure_detail.html",
        {
            "structure": structure,
            "vacancies": vacancies,
            "professions": [row["profession__label"] for row in professions],
            "listed_professionals": listed,
            "member_structures": members,
            "tile_url": settings.MAP_TILE_URL,
        },
    )


__all__ = ["directory", "markers", "structure_detail"]
