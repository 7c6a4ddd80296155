"""Admin of housing: offers and their periods, requests, allocations by the desk."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.admin_actions import applied, render_action_page
from portal.admin_scope import ScopedInline, ScopedModelAdmin
from portal.formatting import count_fr
from students import housing
from students.models import (
    HousingAllocation,
    HousingOffer,
    HousingPeriod,
    HousingRequest,
    HousingRequestStatus,
)


class HousingPeriodInline(ScopedInline, admin.TabularInline):
    model = HousingPeriod
    extra = 1
    fields = ["label", "starts_on", "ends_on", "capacity", "monthly_price", "taken"]
    readonly_fields = ["taken"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_taken()

    @admin.display(description=_("places attribuées"))
    def taken(self, period):
        return getattr(period, "taken", 0) if period.pk else "—"


@admin.register(HousingOffer)
class HousingOfferAdmin(ScopedModelAdmin):
    list_display = ["name", "kind", "commune", "is_active"]
    list_filter = ["kind", "is_active"]
    list_select_related = ["commune"]
    search_fields = ["name", "commune__name"]
    inlines = [HousingPeriodInline]
    raw_id_fields = ["structure"]


class AllocateForm(forms.Form):
    """A period per request, among the periods of the offers the user manages."""

    def __init__(self, *args, requests, user, **kwargs):
        super().__init__(*args, **kwargs)
        for item in requests:
            choices = [("", _("— Ne pas attribuer —"))] + [
                (
                    str(period.pk),
                    _("%(offer)s — %(period)s (%(free)s sur %(capacity)s)")
                    % {
                        "offer": period.offer.name,
                        "period": period.label,
                        "free": count_fr(
                            max(0, period.capacity - period.taken), "place libre", "places libres"
                        ),
                        "capacity": period.capacity,
                    },
                )
                for period in housing.periods_for(item).visible_to(user)
            ]
            self.fields[f"period_{item.pk}"] = forms.ChoiceField(
                label=(
                    f"{item.case.applicant_name} — "
                    f"{item.starts_on:%d/%m/%Y} → {item.ends_on:%d/%m/%Y}"
                ),
                choices=choices,
                required=False,
                help_text=_("Souhaité : %(offer)s") % {"offer": item.wished_offer.name}
                if item.wished_offer
                else "",
            )


@admin.register(HousingRequest)
class HousingRequestAdmin(ScopedModelAdmin):
    list_display = ["case", "applicant", "starts_on", "ends_on", "wished_offer", "status", "place"]
    list_filter = ["status", "wished_offer"]
    list_select_related = [
        "case",
        "case__applicant",
        "wished_offer",
        "allocation__period__offer",
    ]
    search_fields = ["case__reference", "case__last_name", "case__first_name"]
    date_hierarchy = "starts_on"
    actions = ["allocate", "mark_declined"]
    readonly_fields = ["case", "status", "created_at"]
    fields = ["case", "starts_on", "ends_on", "wished_offer", "notes", "status", "created_at"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("demandeur"))
    def applicant(self, item):
        return item.case.applicant_name

    @admin.display(description=_("logement attribué"))
    def place(self, item):
        allocation = getattr(item, "allocation", None) if item.status == "allocated" else None
        if allocation is None:
            return "—"
        return f"{allocation.period.offer.name}, {allocation.period.label} (n° {allocation.place})"

    @admin.action(description=_("Attribuer un logement"))
    def allocate(self, request, queryset):
        requests = list(
            queryset.filter(status=HousingRequestStatus.PENDING).select_related(
                "case", "wished_offer"
            )[:30]
        )
        if not requests:
            self.message_user(
                request, _("Aucune demande en attente dans la sélection."), messages.WARNING
            )
            return None
        form = AllocateForm(applied(request), requests=requests, user=request.user)
        if form.is_bound and form.is_valid():
            periods = HousingPeriod.objects.visible_to(request.user)
            done = 0
            for item in requests:
                chosen = form.cleaned_data.get(f"period_{item.pk}")
                if not chosen:
                    continue
                period = periods.filter(pk=chosen).first()
                if period is None:
                    continue
                try:
                    housing.allocate(item, period, by=request.user)
                    done += 1
                except housing.HousingError as exc:
                    self.message_user(request, f"{item.case} : {exc.message}", messages.ERROR)
            if done:
                self.message_user(
                    request,
                    ngettext("%(n)d logement attribué.", "%(n)d logements attribués.", done)
                    % {"n": done},
                    messages.SUCCESS,
                )
            return None
        return render_action_page(
            self,
            request,
            action="allocate",
            title=_("Attribuer un logement"),
            objects=requests,
            form=form,
            submit=_("Attribuer"),
            intro=_(
                "Pour chaque demande, choisissez une période d'un logement. La première place "
                "libre est attribuée ; une place ne peut jamais être donnée deux fois."
            ),
        )

    @admin.action(description=_("Marquer « sans solution »"))
    def mark_declined(self, request, queryset):
        count = 0
        for item in queryset.filter(status=HousingRequestStatus.PENDING).select_related("case"):
            housing.set_status(item, HousingRequestStatus.DECLINED, by=request.user)
            count += 1
        self.message_user(
            request, count_fr(count, "demande mise à jour", "demandes mises à jour") + "."
        )


@admin.register(HousingAllocation)
class HousingAllocationAdmin(ScopedModelAdmin):
    list_display = ["period", "place", "request", "allocated_by", "allocated_at"]
    list_select_related = ["period__offer", "request__case", "allocated_by"]
    list_filter = ["period__offer"]
    search_fields = ["request__case__reference", "request__case__last_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
