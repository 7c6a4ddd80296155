"""The coordinator's front office under /coordination/: events of one's own desk, the guest
list, sending, messages and check-in. Every view fetches its event through one scoped
queryset: another desk's event answers 404."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from events import services, tasks
from events.enums import EventStatus, InvitationStatus
from events.forms import (
    CancelForm,
    EventForm,
    MessageForm,
)
from events.models import MANAGER_ROLES, OFFICE_ROLES, Event
from portal.decorators import role_required
from portal.pagination import paginate
from portal.roles import SUPERUSER, role_of
from territories.models import Desk

EVENTS_PAGE_SIZE = 25
GUESTS_PAGE_SIZE = 50


# Signed in, and one of the roles that work on events (else 404).
office_view = role_required(*OFFICE_ROLES, SUPERUSER)


def get_event_for(user, pk, *, manage=True) -> Event:
    """The one access-scoped fetch: managers reach their desk's events, referents see them."""
    queryset = Event.objects.manageable_by(user) if manage else Event.objects.visible_to(user)
    return get_object_or_404(queryset.select_related("desk", "commune"), pk=pk)


def _can_manage(user, event):
    return Event.objects.manageable_by(user).filter(pk=event.pk).exists()


@office_view
def event_list(request):
    events = (
        Event.objects.visible_to(request.user)
        .with_counts()
        .select_related("commune", "desk")
        .order_by("-starts_at", "-pk")
    )
    page, page_range = paginate(request, events, EVENTS_PAGE_SIZE)
    return render(
        request,
        "events/office/event_list.html",
        {
            "page_obj": page,
            "page_range": page_range,
            "events": page.object_list,
            "can_create": role_of(request.user) in MANAGER_ROLES | {SUPERUSER},
        },
    )


@role_required(*MANAGER_ROLES, SUPERUSER)
def event_create(request):
    if not request.user.is_superuser and not Desk.objects.of_user(request.user).exists():
        raise Http404  # a coordinator with no desk may not speak for any desk
    form = EventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        event = form.save(commit=False)
        event.created_by = request.user
        event.save()
        form.save_m2m()
        messages.success(request, _("Évènement créé. Constituez maintenant la liste des invités."))
        return redirect("events:office_event", pk=event.pk)
    return render(request, "events/office/event_form.html", {"form": form, "event": None})


@office_view
def event_edit(request, pk):
    event = get_event_for(request.user, pk)
    form = EventForm(request.POST or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        changed = list(form.changed_data)
        form.save()
        told = services.notify_change(event, changed)
        text = _("Modifications enregistrées.")
        if told:
            text += " " + ngettext(
                "%(count)d invité a été prévenu.", "%(count)d invités ont été prévenus.", told
            ) % {"count": told}
        messages.success(request, text)
        return redirect("events:office_event", pk=event.pk)
    return render(request, "events/office/event_form.html", {"form": form, "event": event})


@office_view
@require_POST
def event_publish(request, pk):
    event = get_event_for(request.user, pk)
    services.publish(event)
    messages.success(request, _("L'évènement est ouvert : vous pouvez envoyer les invitations."))
    return redirect("events:office_event", pk=event.pk)


@office_view
def event_cancel(request, pk):
    event = get_event_for(request.user, pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        told = services.cancel(event, reason=form.cleaned_data["reason"])
        messages.success(
            request,
            ngettext(
                "Évènement annulé ; %(count)d personne a été prévenue.",
                "Évènement annulé ; %(count)d personnes ont été prévenues.",
                told,
            )
            % {"count": told},
        )
        return redirect("events:office_event", pk=event.pk)
    return render(request, "events/office/event_cancel.html", {"form": form, "event": event})


STATUS_FILTERS = [("", _("Toutes les réponses")), *InvitationStatus.choices]


@office_view
def event_dashboard(request, pk):
    """The guest list with answer and attendance counts; filters by answer and name."""
    event = get_event_for(request.user, pk, manage=False)
    invitations = event.invitations.all()
    status = request.GET.get("statut", "")
    if status in InvitationStatus.values:
        invitations = invitations.filter(status=status)
    query = request.GET.get("q", "").strip()[:100]
    invitations = invitations.search(query).by_name()
    page, page_range = paginate(request, invitations, GUESTS_PAGE_SIZE)
    querystring = urlencode(
        {key: value for key, value in (("statut", status), ("q", query)) if value}
    )
    context = {
        "event": event,
        "counts": event.invitations.counts(),
        "page_obj": page,
        "page_range": page_range,
        "invitations": page.object_list,
        "status": status,
        "query": query,
        "querystring": querystring,
        "status_filters": STATUS_FILTERS,
        "can_manage": _can_manage(request.user, event),
        "statuses": InvitationStatus,
        "event_statuses": EventStatus,
    }
    return render(request, "events/office/event_dashboard.html", context)


@office_view
@require_POST
def invitations_send(request, pk):
    event = get_event_for(request.user, pk)
    if event.status != EventStatus.PUBLISHED:
        messages.error(request, _("Ouvrez d'abord l'évènement pour envoyer les invitations."))
        return redirect("events:office_event", pk=event.pk)
    pending = event.invitations.filter(sent_at__isnull=True).count()
    transaction.on_commit(lambda: tasks.send_invitations.delay(event.pk))
    messages.success(
        request,
        ngettext(
            "Envoi de %(count)d invitation en cours.",
            "Envoi de %(count)d invitations en cours.",
            pending,
        )
        % {"count": pending},
    )
    return redirect("events:office_event", pk=event.pk)


@office_view
def write_to_guests(request, pk):
    event = get_event_for(request.user, pk)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            message = services.write_to_guests(event, sent_by=request.user, **form.cleaned_data)
            transaction.on_commit(lambda: tasks.deliver_message.delay(message.pk))
        messages.success(
            request,
            ngettext(
                "Message envoyé à %(count)d personne.",
                "Message envoyé à %(count)d personnes.",
                message.recipients,
            )
            % {"count": message.recipients},
        )
        return redirect("events:office_event", pk=event.pk)
    sent = event.messages.select_related("sent_by")[:20]
    return render(request, "events/office/write.html", {"form": form, "event": event, "sent": sent})
