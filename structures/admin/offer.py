"""Admin of the care offer: staff see and edit only the objects of their desk's communes."""

import csv

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal import pagecache
from portal.admin_actions import applied, render_action_page
from portal.admin_scope import ScopedInline, ScopedModelAdmin
from portal.csv import csv_response
from portal.formatting import count_fr
from portal.images import clean_image
from structures import offers
from structures.forms import StructureImportForm
from structures.importers import STRUCTURE_CSV_FIELDS, import_structures_csv, structure_csv_row
from structures.models import (
    CONDITION_FIELDS,
    Membership,
    Profession,
    Professional,
    Structure,
    Vacancy,
    VacancyPhoto,
    VacancyStatus,
    VacancySubscription,
)
from territories.models import desk_communes_of


class OfferAdmin(ScopedModelAdmin):
    """Places of the care offer: web addresses typed without a scheme are https."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Profession)
class ProfessionAdmin(ScopedModelAdmin):
    """The nomenclature every desk shares: only superusers change it (``portal.backends``)."""

    list_display = ["label", "code", "kind", "parent", "position"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    search_fields = ["label", "code"]


class VacancyInline(ScopedInline, admin.TabularInline):
    model = Vacancy
    extra = 0
    fields = ["kind", "profession", "practice_mode", "working_time", "status", "confirmed_on"]
    autocomplete_fields = ["profession"]
    show_change_link = True


@admin.register(Structure)
class StructureAdmin(OfferAdmin):
    list_display = ["name", "kind", "commune", "published", "opening_year", "updated_at"]
    list_filter = ["kind", "published", "commune__department", "commune__epci"]
    list_select_related = ["commune"]
    search_fields = ["name", "search_name", "commune__name", "commune__insee_code"]
    autocomplete_fields = ["commune", "cpts"]
    readonly_fields = ["location_is_approximate", "created_at", "updated_at"]
    inlines = [VacancyInline]
    actions = ["export_csv"]
    change_list_template = "structures/admin/structure_change_list.html"
    fieldsets = [
        (None, {"fields": ["name", "kind", "published", "description", "services"]}),
        (
            _("Adresse"),
            {"fields": ["address", "commune", "latitude", "longitude", "location_is_approximate"]},
        ),
        (_("Contact"), {"fields": ["phone", "email", "website"]}),
        (_("Rattachement"), {"fields": ["cpts", "opening_year", "created_at", "updated_at"]}),
    ]

    def get_urls(self):
        return [
            path(
                "importer/",
                self.admin_site.admin_view(self.import_view),
                name="structures_structure_import",
            ),
            path(
                "exporter/",
                self.admin_site.admin_view(self.export_all_view),
                name="structures_structure_export",
            ),
            *super().get_urls(),
        ]

    @admin.action(description=_("Exporter la sélection en CSV"))
    def export_csv(self, request, queryset):
        return self._csv(queryset.select_related("commune"))

    def export_all_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return self._csv(self.get_queryset(request).select_related("commune").order_by("pk"))

    def _csv(self, queryset):
        rows = [STRUCTURE_CSV_FIELDS, *map(structure_csv_row, queryset)]
        return csv_response(rows, filename="structures.csv")

    def import_view(self, request):
        if not self.has_add_permission(request):
            return redirect("admin:structures_structure_changelist")
        form = StructureImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            raw = form.cleaned_data["file"].read()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = raw.decode("latin-1")
            try:
                report = import_structures_csv(
                    text, allowed_communes=desk_communes_of(request.user)
                )
            except csv.Error as error:
                form.add_error(
                    "file", _("Ce fichier n'est pas un CSV lisible (%(error)s).") % {"error": error}
                )
        if report is not None:
            messages.success(
                request,
                _("%(created)s, %(updated)s, %(skipped)s.")
                % {
                    "created": count_fr(report.created, "structure créée", "structures créées"),
                    "updated": count_fr(report.updated, "mise à jour", "mises à jour"),
                    "skipped": count_fr(len(report.skipped), "ligne ignorée", "lignes ignorées"),
                },
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Importer des structures (CSV)"),
            "form": form,
            "report": report,
            "columns": STRUCTURE_CSV_FIELDS,
            "export_url": reverse("admin:structures_structure_export"),
        }
        return TemplateResponse(request, "structures/admin/structure_import.html", context)


class MembershipInline(ScopedInline, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["structure"]


@admin.register(Professional)
class ProfessionalAdmin(OfferAdmin):
    list_display = ["__str__", "profession", "commune", "status", "birth_year", "source"]
    list_filter = ["status", "source", "profession", "public_listing"]
    list_select_related = ["profession", "commune"]
    search_fields = ["last_name", "first_name", "rpps", "commune__name"]
    autocomplete_fields = ["profession", "commune", "user"]
    inlines = [MembershipInline]
    readonly_fields = ["created_at"]

    def get_autocomplete_fields(self, request):
        # The account picker needs the accounts admin: without it, no account field at all.
        fields = list(super().get_autocomplete_fields(request))
        return fields if self._reaches_accounts(request) else [f for f in fields if f != "user"]

    def get_exclude(self, request, obj=None):
        return None if self._reaches_accounts(request) else ["user"]

    def _reaches_accounts(self, request):
        return request.user.has_perm("portal.view_user")


class VacancyPhotoForm(forms.ModelForm):
    class Meta:
        model = VacancyPhoto
        fields = ["image", "caption", "position"]
        # A plain file field: portal.images opens the file itself and re-encodes it.
        field_classes = {"image": forms.FileField}

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if isinstance(image, UploadedFile):
            return clean_image(image, name="photo.png")
        return image


class VacancyPhotoInline(ScopedInline, admin.TabularInline):
    model = VacancyPhoto
    form = VacancyPhotoForm
    extra = 0
    max_num = VacancyPhoto.MAX_PER_OFFER


class RefuseOfferForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du refus"),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
        max_length=2000,
        help_text=_("Envoyé par e-mail à l'offreur."),
    )


class VacancyAdminForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("commune") and not cleaned.get("structure"):
            self.add_error("commune", _("Indiquez la commune de l'offre (ou sa structure)."))
        return cleaned


@admin.register(Vacancy)
class VacancyAdmin(OfferAdmin):
    """The offers: the desk validates those of the public form (« Valider et publier » or
    « Refuser », through ``structures.offers``)."""

    list_display = [
        "__str__",
        "kind",
        "commune",
        "status",
        "email_confirmed",
        "published_on",
        "confirmed_on",
    ]
    list_filter = [
        "status",
        "kind",
        "offerer_kind",
        "practice_mode",
        "working_time",
        "profession",
        "structure__kind",
        "commune__department",
    ]
    list_select_related = ["profession", "structure", "commune"]
    search_fields = [
        "title",
        "offerer_name",
        "contact_name",
        "contact_email",
        "structure__name",
        "profession__label",
        "commune__name",
    ]
    autocomplete_fields = ["structure", "profession", "commune"]
    readonly_fields = [
        "matches_link",
        "email_confirmed_at",
        "validated_at",
        "validated_by",
        "created_at",
        "updated_at",
    ]
    date_hierarchy = "published_on"
    form = VacancyAdminForm
    inlines = [VacancyPhotoInline]
    actions = ["publish", "refuse", "mark_confirmed"]
    fieldsets = [
        (None, {"fields": ["kind", "title", "status", "profession", "description"]}),
        (
            _("Qui propose, où"),
            {"fields": ["offerer_kind", "offerer_name", "structure", "commune"]},
        ),
        (
            _("Conditions"),
            {"fields": list(CONDITION_FIELDS)},
        ),
        (
            _("Contact"),
            {
                "fields": ["contact_name", "contact_email", "contact_phone", "contact_public"],
                "description": _(
                    "Privé sauf « coordonnées publiques » : le guichet le transmet quand il met "
                    "les personnes en relation."
                ),
            },
        ),
        (
            _("Suivi"),
            {
                "fields": [
                    "matches_link",
                    "published_on",
                    "confirmed_on",
                    "email_confirmed_at",
                    "validated_at",
                    "validated_by",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    @admin.display(description=_("correspondances"))
    def matches_link(self, obj):
        """The desk's page of the open cases this offer fits (the opportunities app's URL, by
        name: structures cannot import the apps above it)."""
        if obj is None or obj.pk is None:
            return "—"
        url = reverse("opportunities:offer_matches", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Dossiers qui correspondent à l'offre"))

    @admin.display(description=_("adresse confirmée"), boolean=True)
    def email_confirmed(self, obj):
        return obj.email_confirmed_at is not None if obj.contact_email else None

    @admin.action(description=_("Valider et publier"))
    def publish(self, request, queryset):
        done = 0
        for vacancy in queryset.select_related("commune", "profession", "structure")[:100]:
            try:
                offers.publish_offer(vacancy, by=request.user)
            except offers.OfferError as exc:
                self.message_user(request, f"{vacancy} : {exc.message}", messages.WARNING)
            else:
                done += 1
        if done:
            messages.success(request, count_fr(done, "offre publiée", "offres publiées") + ".")

    @admin.action(description=_("Refuser"))
    def refuse(self, request, queryset):
        pending = list(
            queryset.filter(status=VacancyStatus.PENDING).select_related(
                "commune", "profession", "structure"
            )[:50]
        )
        if not pending:
            self.message_user(
                request, _("Seules les offres à valider peuvent être refusées."), messages.WARNING
            )
            return None
        form = RefuseOfferForm(applied(request))
        if form.is_bound and form.is_valid():
            done = 0
            for vacancy in pending:
                try:
                    offers.refuse_offer(
                        vacancy, by=request.user, reason=form.cleaned_data["reason"]
                    )
                except offers.OfferError as exc:
                    self.message_user(request, f"{vacancy} : {exc.message}", messages.ERROR)
                else:
                    done += 1
            messages.success(request, count_fr(done, "offre refusée", "offres refusées") + ".")
            return None
        return render_action_page(
            self,
            request,
            action="refuse",
            title=_("Refuser des offres"),
            objects=pending,
            form=form,
            submit=_("Refuser"),
            intro=_("Ces offres ne seront pas publiées ; chaque offreur recevra le motif :"),
            listed=[f"{vacancy} — {vacancy.contact_email}" for vacancy in pending],
        )

    @admin.action(description=_("Confirmer aujourd'hui les offres sélectionnées"))
    def mark_confirmed(self, request, queryset):
        count = queryset.update(confirmed_on=timezone.localdate())
        pagecache.bump("structures")  # update() sends no signal
        messages.success(request, count_fr(count, "offre confirmée", "offres confirmées") + ".")


@admin.register(VacancySubscription)
class VacancySubscriptionAdmin(ScopedModelAdmin):
    """Personal data of every desk's public: superusers only (``portal.backends``)."""

    list_display = [
        "user",
        "profession",
        "kind",
        "department",
        "epci",
        "created_at",
        "last_sent_on",
    ]
    list_select_related = ["user", "profession", "department", "epci"]
    search_fields = ["user__email"]
