"""The coordinator's front office under /coordination/: events of one's own desk, the guest
list, sending, messages and check-in. Every view fetches its event through one scoped
queryset: another desk's event answers 404."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import documents, services, tasks
from events.enums import EventStatus, InvitationStatus
from events.forms import (
    CancelForm,
    EventForm,
    MessageForm,
)
from events.models import MANAGER_ROLES, OFFICE_ROLES, Event
from portal import formatting
from portal.choices import choice_labels
from portal.decorators import role_required
from portal.formatting import ngettext_fr as ngettext
from portal.pagination import paginate
from portal.reversing import per_row
from portal.roles import SUPERUSER, role_of
from territories.models import Desk

EVENTS_PAGE_SIZE = 25
GUESTS_PAGE_SIZE = 50
LOG_SIZE = 20
NAMES_IN_A_MESSAGE = 8


# Signed in, and one of the roles that work on events (else 404).
office_view = role_required(*OFFICE_ROLES, SUPERUSER)


def get_event_for(user, pk, *, manage=True, manage_flag=False) -> Event:
    """The one access-scoped fetch: managers reach their desk's events, referents see them.
    ``manage_flag`` reads in the same query whether ``user`` may manage it (for
    ``_can_manage``)."""
    queryset = Event.objects.manageable_by(user) if manage else Event.objects.visible_to(user)
    if manage_flag:
        queryset = queryset.annotate(
            viewer_may_manage=Exists(Event.objects.manageable_by(user).filter(pk=OuterRef("pk")))
        )
    return get_object_or_404(queryset.select_related("desk", "commune"), pk=pk)


def _can_manage(user, event):
    flag = getattr(event, "viewer_may_manage", None)
    if flag is not None:
        return flag
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
        if services.is_archive(event):
            messages.success(request, _("Évènement enregistré.") + " " + services.ARCHIVE_NOTICE)
        else:
            messages.success(
                request, _("Évènement créé. Constituez maintenant la liste des invités.")
            )
        return redirect("events:office_event", pk=event.pk)
    return render(request, "events/office/event_form.html", {"form": form, "event": None})


@office_view
def event_edit(request, pk):
    event = get_event_for(request.user, pk)
    previous_capacity = event.capacity
    form = EventForm(request.POST or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        changed = [name for name in form.changed_data if name != "confirm_capacity"]
        waiting = set(event.invitations.waiting_queue().values_list("pk", flat=True))
        surplus = (
            services.surplus_for(event, form.cleaned_data["capacity"])
            if "capacity" in changed
            else []
        )
        form.save()
        told = services.notify_change(
            event, changed, previous_capacity=previous_capacity, by=request.user
        )
        messages.success(request, _edit_report(event, changed, told, surplus, waiting))
        return redirect("events:office_event", pk=event.pk)
    concerned = event.invitations.counts() if event.status == EventStatus.PUBLISHED else None
    return render(
        request,
        "events/office/event_form.html",
        {
            "form": form,
            "event": event,
            "concerned": concerned,
            "is_archive": services.is_archive(event),
        },
    )


def _names(invitations) -> str:
    """« Lucie Fabre, Paul Rigal et 3 autres »."""
    names = [invitation.full_name for invitation in invitations]
    if len(names) > NAMES_IN_A_MESSAGE:
        rest = len(names) - NAMES_IN_A_MESSAGE + 1
        names = [*names[: NAMES_IN_A_MESSAGE - 1], formatting.count_fr(rest, "autre", "autres")]
    return formatting.list_fr(names)


def _edit_report(event, changed, told, surplus, waiting_before) -> str:
    """What the coordinator must know after an edit: who was told by e-mail, who went back
    to the waiting list or got a seat, who must be phoned."""
    parts = [_("Modifications enregistrées.")]
    if services.is_archive(event):
        parts.append(str(services.ARCHIVE_NOTICE))
    if told:
        parts.append(
            ngettext(
                "%(count)d invité a été prévenu par e-mail du changement.",
                "%(count)d invités ont été prévenus par e-mail du changement.",
                told,
            )
            % {"count": told}
        )
    to_call = []
    practical = [name for name in changed if name in services.PRACTICAL_FIELDS]
    if practical and event.status == EventStatus.PUBLISHED:
        to_call = list(
            event.invitations.filter(status__in=services.CONCERNED_STATES, email="").by_name()
        )
    if "capacity" in changed:
        moved = surplus
        if moved:
            parts.append(
                ngettext(
                    "Repasse en tête de la liste d'attente : %(names)s.",
                    "Repassent en tête de la liste d'attente : %(names)s.",
                    len(moved),
                )
                % {"names": _names(moved)}
            )
        promoted = list(
            event.invitations.filter(
                pk__in=waiting_before, status=InvitationStatus.ACCEPTED
            ).by_name()
        )
        if promoted:
            parts.append(
                ngettext(
                    "A obtenu une place depuis la liste d'attente : %(names)s.",
                    "Ont obtenu une place depuis la liste d'attente : %(names)s.",
                    len(promoted),
                )
                % {"names": _names(promoted)}
            )
        informed = [*moved, *promoted]
        mailed = [invitation for invitation in informed if invitation.email]
        if mailed:
            parts.append(
                ngettext(
                    "%(count)d personne en a été prévenue par e-mail.",
                    "%(count)d personnes en ont été prévenues par e-mail.",
                    len(mailed),
                )
                % {"count": len(mailed)}
            )
        known = {invitation.pk for invitation in to_call}
        to_call += [i for i in informed if not i.email and i.pk not in known]
    if to_call:
        parts.append(
            ngettext(
                "Sans e-mail, à appeler : %(names)s (liste « à appeler »).",
                "Sans e-mail, à appeler : %(names)s (liste « à appeler »).",
                len(to_call),
            )
            % {"names": _names(to_call)}
        )
    return " ".join(parts)


@office_view
@require_POST
def event_publish(request, pk):
    event = get_event_for(request.user, pk)
    if services.is_archive(event):
        messages.error(request, services.ARCHIVE_NOTICE)
    elif services.publish(event):
        messages.success(
            request, _("L'évènement est ouvert : vous pouvez envoyer les invitations.")
        )
    else:
        messages.error(
            request,
            _("Cet évènement est %(status)s : il ne peut pas être ouvert.")
            % {"status": event.get_status_display()},
        )
    return redirect("events:office_event", pk=event.pk)


@office_view
def event_cancel(request, pk):
    event = get_event_for(request.user, pk)
    form = CancelForm(request.POST or None)
    was_open = event.status == EventStatus.PUBLISHED
    if request.method == "POST" and form.is_valid():
        to_call = (
            list(event.invitations.filter(status__in=services.CONCERNED_STATES, email="").by_name())
            if was_open
            else []
        )
        told = services.cancel(event, reason=form.cleaned_data["reason"])
        text = ngettext(
            "Évènement annulé ; %(count)d personne a été prévenue par e-mail.",
            "Évènement annulé ; %(count)d personnes ont été prévenues par e-mail.",
            told,
        ) % {"count": told}
        if to_call:
            text += " " + ngettext(
                "Sans e-mail, à appeler : %(names)s (liste « à appeler »).",
                "Sans e-mail, à appeler : %(names)s (liste « à appeler »).",
                len(to_call),
            ) % {"names": _names(to_call)}
        messages.success(request, text)
        return redirect("events:office_event", pk=event.pk)
    context = {
        "form": form,
        "event": event,
        "was_open": was_open,
        "counts": event.invitations.counts() if was_open else None,
    }
    return render(request, "events/office/event_cancel.html", context)


STATUS_FILTERS = [("", _("Toutes les réponses")), *InvitationStatus.choices]
# What a row of the guest list and of the waiting list prints: the other columns (token,
# address, search name, nine dates…) are neither read nor converted, row after row.
GUEST_ROW_FIELDS = (
    "event",  # set on each row by the related manager
    "first_name",
    "last_name",
    "email",
    "profession_label",
    "structure_label",
    "status",
    "guests",
    "call_reason",
    "call_needed_at",
    "called_at",
    "sent_at",
    "letter_sent_at",
)
QUEUE_ROW_FIELDS = ("event", "first_name", "last_name", "guests", "queued_at")


@office_view
def event_dashboard(request, pk):
    """The guest list with answer and attendance counts; filters by answer and name."""
    event = get_event_for(request.user, pk, manage=False, manage_flag=True)
    can_manage = _can_manage(request.user, event)
    counts = event.invitations.counts()
    free = None if event.capacity is None else max(event.capacity - counts["seats"], 0)
    # Positions in one pass over the queue, not one query per person.
    queue = [
        (position, invitation, free is None or invitation.seats <= free)
        for position, invitation in enumerate(
            event.invitations.waiting_queue().only(*QUEUE_ROW_FIELDS), start=1
        )
    ]
    queue_open = event.status == EventStatus.PUBLISHED and not event.is_past()
    invitations = event.invitations.only(*GUEST_ROW_FIELDS)
    status = request.GET.get("statut", "")
    if status in InvitationStatus.values:
        invitations = invitations.filter(status=status)
    query = request.GET.get("q", "").strip()[:100]
    invitations = invitations.search(query).by_name()
    # Unfiltered, the list holds every invitation: the counts already say how many.
    known = counts["total"] if not (status in InvitationStatus.values or query) else None
    page, page_range = paginate(request, invitations, GUESTS_PAGE_SIZE, count=known)
    _label_guest_rows(event, page, can_manage)
    querystring = urlencode(
        {key: value for key, value in (("statut", status), ("q", query)) if value}
    )
    context = {
        "event": event,
        "counts": counts,
        "calls_due": documents.calls_to_make(event).count() if can_manage else 0,
        "seats_free": free,
        "queue": _queue_rows(event, queue, can_manage and queue_open),
        "queue_open": queue_open,
        "log": event.log.select_related("by")[:LOG_SIZE],
        "is_archive": services.is_archive(event),
        "archive_notice": services.ARCHIVE_NOTICE,
        "page_obj": page,
        "page_range": page_range,
        "invitations": page.object_list,
        "status": status,
        "query": query,
        "querystring": querystring,
        "status_filters": STATUS_FILTERS,
        "can_manage": can_manage,
        "statuses": InvitationStatus,
        "event_statuses": EventStatus,
    }
    return render(request, "events/office/event_dashboard.html", context)


def _label_guest_rows(event, page, can_manage):
    """What each row of the guest list prints, computed once here: the answer's label (not
    ``get_status_display``, which translates every label at each row) and the removal link
    (one ``reverse`` for the page, not one per guest)."""
    page.object_list = list(page.object_list)
    statuses = choice_labels(InvitationStatus)
    remove_url = per_row("events:guest_remove", event.pk) if can_manage else None
    no_email, to_send, letter_to_send = _("sans e-mail"), _("à envoyer"), _("lettre à envoyer")
    for invitation in page.object_list:
        invitation.status_label = statuses.get(invitation.status, invitation.status)
        if remove_url:
            invitation.remove_url = remove_url(invitation.pk)
        # The « E-mail » and « Lettre » cells, worded here once per row rather than by two
        # blocktranslate tags and their filters.
        if not invitation.email:
            invitation.email_cell = no_email
        elif invitation.sent_at:
            invitation.email_cell = _("envoyée le %(date)s") % {
                "date": formatting.date_fr(invitation.sent_at)
            }
        else:
            invitation.email_cell = to_send
        if invitation.email:
            invitation.letter_cell = "—"
        elif invitation.letter_sent_at:
            invitation.letter_cell = _("lettre envoyée le %(date)s") % {
                "date": formatting.date_fr(invitation.letter_sent_at)
            }
        else:
            invitation.letter_cell = letter_to_send


def _queue_rows(event, queue, can_act):
    """The waiting list's rows with the address each one's button posts to: one ``reverse``
    for the page, not one per person."""
    if can_act and queue:
        move_up = per_row("events:move_up", event.pk)
        for _position, invitation, _fits in queue:
            invitation.move_up_url = move_up(invitation.pk)
    return queue


@office_view
@require_POST
def invitations_send(request, pk):
    event = get_event_for(request.user, pk)
    if services.is_archive(event):
        messages.error(request, services.ARCHIVE_NOTICE)
        return redirect("events:office_event", pk=event.pk)
    if event.status != EventStatus.PUBLISHED:
        messages.error(request, _("Ouvrez d'abord l'évènement pour envoyer les invitations."))
        return redirect("events:office_event", pk=event.pk)
    counts = event.invitations.counts()
    pending = counts["to_mail"]
    if pending:
        transaction.on_commit(lambda: tasks.send_invitations.delay(event.pk))
        text = ngettext(
            "Envoi de %(count)d invitation par e-mail en cours.",
            "Envoi de %(count)d invitations par e-mail en cours.",
            pending,
        ) % {"count": pending}
    else:
        text = _("Aucune invitation à envoyer par e-mail : elles sont toutes parties.")
    if counts["letters_due"]:
        text += " " + ngettext(
            "%(count)d invité sans e-mail attend une lettre : imprimez-la dans « Documents à "
            "imprimer ».",
            "%(count)d invités sans e-mail attendent une lettre : imprimez-les dans « Documents "
            "à imprimer ».",
            counts["letters_due"],
        ) % {"count": counts["letters_due"]}
    messages.success(request, text)
    return redirect("events:office_event", pk=event.pk)


@office_view
@require_POST
def invitation_move_up(request, pk, invitation_pk):
    """Move a waiting guest up by hand: a seat if their party fits, else the head of the
    queue (``services.move_up``, recorded in the event's log)."""
    event = get_event_for(request.user, pk)
    invitation = get_object_or_404(event.invitations, pk=invitation_pk)
    back = redirect(reverse("events:office_event", kwargs={"pk": event.pk}) + "#attente")
    name = invitation.full_name
    if event.status != EventStatus.PUBLISHED or event.is_past():
        messages.error(request, _("Les réponses à cet évènement sont fermées."))
        return back
    try:
        invitation = services.move_up(invitation, by=request.user)
    except ValueError:
        messages.error(request, _("%(name)s n'est pas sur la liste d'attente.") % {"name": name})
        return back
    if invitation.status == InvitationStatus.ACCEPTED:
        text = _("%(name)s est inscrit·e : une place lui est attribuée.") % {"name": name}
        if invitation.email:
            text += " " + _("Un e-mail l'en prévient.")
        else:
            text += " " + _("Sans e-mail : à appeler (liste « à appeler »).")
    else:
        text = ngettext(
            "%(name)s passe en tête de la liste d'attente : son groupe (%(seats)d place) ne "
            "tient pas dans les places libres.",
            "%(name)s passe en tête de la liste d'attente : son groupe (%(seats)d places) ne "
            "tient pas dans les places libres.",
            invitation.seats,
        ) % {"name": name, "seats": invitation.seats}
    messages.success(request, text)
    return back


@office_view
def write_to_guests(request, pk):
    event = get_event_for(request.user, pk)
    form = MessageForm(request.POST or None, event=event, counts=services.audience_counts(event))
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
