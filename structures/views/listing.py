"""What the public lists share: a page of the filtered rows, the filters, and for the lists
with a map the markers' address carrying the same query."""

from django.conf import settings
from django.urls import reverse

from portal.pagination import paginate, query_without_page


def list_context(request, place_filter, *, markers=None) -> dict:
    """``place_filter``: a bound or unbound ``PlaceFilterSet``; ``markers``: the URL name of
    the list's map markers, if it has a map."""
    page, page_range = paginate(request, place_filter.qs)
    query = query_without_page(request)
    context = {
        "filter": place_filter,
        "page": page,
        "page_range": page_range,
        "query": query,
        "near_commune": place_filter.near_commune,
        "near_error": place_filter.near_error,
        "near_choices": place_filter.near_choices,
        "near_more": place_filter.near_more,
    }
    if markers:
        context["markers_url"] = f"{reverse(markers)}?{query}"
        context["tile_url"] = settings.MAP_TILE_URL
    return context
