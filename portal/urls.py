from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from portal import admin_scope, views

admin.site.site_header = _("Administration du guichet")
admin.site.site_title = _("Administration du guichet")
admin.site.index_title = _("Tableau de bord")

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("", include("territories.urls")),
    path(
        "mentions-legales/",
        TemplateView.as_view(template_name="portal/legal.html"),
        name="legal",
    ),
    path(
        "confidentialite/",
        TemplateView.as_view(template_name="portal/privacy.html"),
        name="privacy",
    ),
    path(
        "accessibilite/",
        TemplateView.as_view(template_name="portal/accessibility.html"),
        name="accessibility",
    ),
    path("comptes/", include("allauth.urls")),
    path("", include("structures.urls")),
    path("", include("aids.urls")),
    path("", include("events.urls")),
    path("", include("installations.urls")),
    path("", include("welcome.urls")),
    path("", include("students.urls")),
    path("", include("ambassadors.urls")),
    path("", include("opportunities.urls")),
    path("", include("partners.urls")),
    path("", include("reporting.urls")),
    path("", include("privacy.urls")),
    path("", include("opendata.urls")),
    path("admin/login/", views.admin_login, name="admin_login"),
    # Before the admin's own « voir sur le site » route: the same, scoped (404 out of scope).
    path(
        "admin/r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(admin_scope.view_on_site),
        name="admin_view_on_site",
    ),
    path("admin/", admin.site.urls),
]

handler500 = "portal.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
