"""Bounded pagination shared by every list; the template is ``portal/_pagination.html``."""

from django.core.paginator import Paginator

PAGE_SIZE = 20


def paginate(request, queryset, per_page=PAGE_SIZE, count=None):
    """A bounded page (an unknown or too-large page number gives the last page) and an elided
    page range, so the pager never lists hundreds of links. ``count``: the number of rows when
    the caller already knows it (from an aggregate it ran anyway), which spares the COUNT."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count  # the cached property, set before anything reads it
    page = paginator.get_page(request.GET.get("page"))
    page_range = list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return page, page_range


def query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
