from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import cache_control

from territories.models import Desk


@cache_control(public=True, max_age=86400)
def desk_logo(request, slug):
    """A desk's logo, served by the application (media files are not public in production)."""
    desk = get_object_or_404(Desk, slug=slug, is_active=True)
    if not desk.logo:
        raise Http404
    return FileResponse(desk.logo.open("rb"))
