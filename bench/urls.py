"""The portal's URLs plus the floor: a bare Django view returning a constant page."""

from django.http import HttpResponse
from django.urls import path

from portal.urls import handler500
from portal.urls import urlpatterns as portal_urlpatterns

FLOOR_PAGE = b"<!doctype html><html lang=fr><title>Plancher</title><p>Plancher de mesure.</p>"


def floor(request):
    return HttpResponse(FLOOR_PAGE)


urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *portal_urlpatterns]

__all__ = ["handler500", "urlpatterns"]
