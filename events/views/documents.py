"""Printable documents: ask for one (a task makes it), follow its progress, download it,
mark printed letters as posted; and the guest list as CSV."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from events import documents, tasks
from events.enums import DocumentKind, LettersFor
from events.forms import DocumentForm
from events.views.office import get_event_for, office_view
from portal import document_jobs
from portal.csv import csv_response
from portal.formatting import ngettext_fr as ngettext
from portal.pdf import UNAVAILABLE_MESSAGE, pdf_available


class PrintForm(DocumentForm):
    """The document, and for letters whom they are for (everyone when not said)."""

    letters_for = forms.ChoiceField(choices=LettersFor.choices, required=False)

    def clean_letters_for(self):
        return self.cleaned_data.get("letters_for") or LettersFor.ALL


LETTERS_FOR_LABELS = {
    LettersFor.ALL: gettext_lazy("Tous les invités (hors refus)"),
    LettersFor.POSTAL: gettext_lazy("Courrier seulement"),
    LettersFor.NO_ANSWER: gettext_lazy("Sans réponse"),
}


@office_view
def documents_page(request, pk):
    event = get_event_for(request.user, pk)
    jobs = list(event.print_jobs.order_by("-created_at", "-pk")[:10])
    letter_counts = documents.letter_counts(event)
    return render(
        request,
        "events/office/documents.html",
        {
            "event": event,
            "jobs": jobs,
            "kinds": DocumentKind.choices,
            "counts": event.invitations.counts(),
            "letter_counts": letter_counts,
            "letters_for_choices": [
                {
                    "value": value,
                    "label": str(LETTERS_FOR_LABELS[value]),
                    "count": letter_counts[value],
                    "checked": value == LettersFor.ALL,
                }
                for value in LettersFor.values
            ],
            "calls_count": documents.calls_to_make(event).count(),
        },
    )


@office_view
@require_POST
def document_request(request, pk):
    event = get_event_for(request.user, pk)
    form = PrintForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Document inconnu."))
        return redirect("events:documents", pk=event.pk)
    if not pdf_available():
        messages.error(request, UNAVAILABLE_MESSAGE)
        return redirect("events:documents", pk=event.pk)
    with transaction.atomic():
        job, created = documents.request_document(
            event,
            form.cleaned_data["kind"],
            user=request.user,
            letters_for=form.cleaned_data["letters_for"],
        )
        if created:
            transaction.on_commit(lambda: tasks.make_document.delay(job.pk))
    return redirect("events:document", pk=event.pk, job_pk=job.pk)


def _job_for(request, pk, job_pk):
    event = get_event_for(request.user, pk)
    return get_object_or_404(event.print_jobs.select_related("event"), pk=job_pk)


@office_view
@never_cache
def document_status(request, pk, job_pk):
    job = _job_for(request, pk, job_pk)
    context = {"event": job.event, "job": job, "can_mark_sent": documents.can_mark_sent(job)}
    if context["can_mark_sent"]:
        letters = documents.letters_of(job)
        context |= letters.aggregate(
            letters_total=Count("pk"),
            letters_to_send=Count("pk", filter=Q(letter_sent_at__isnull=True)),
            letters_last_sent=Max("letter_sent_at"),
        )
    return render(request, "events/office/document_status.html", context)


@office_view
@require_POST
def letters_sent(request, pk, job_pk):
    """« Marquer comme envoyées » : the letters of a finished print are dated as posted."""
    job = _job_for(request, pk, job_pk)
    if not documents.can_mark_sent(job):
        messages.error(request, _("Seules des lettres imprimées peuvent être marquées envoyées."))
        return redirect("events:document", pk=job.event_id, job_pk=job.pk)
    marked = documents.mark_letters_sent(job, by=request.user)
    if marked:
        messages.success(
            request,
            ngettext(
                "%(count)d lettre marquée envoyée.", "%(count)d lettres marquées envoyées.", marked
            )
            % {"count": marked},
        )
    else:
        messages.info(request, _("Ces lettres étaient déjà marquées envoyées."))
    return redirect("events:document", pk=job.event_id, job_pk=job.pk)


@office_view
@never_cache
def document_status_json(request, pk, job_pk):
    return document_jobs.status_json(_job_for(request, pk, job_pk))


@office_view
def document_download(request, pk, job_pk):
    return document_jobs.download(_job_for(request, pk, job_pk))


@office_view
def guest_list_csv(request, pk):
    event = get_event_for(request.user, pk, manage=False)
    return csv_response(
        documents.guest_list_rows(event), filename=f"invites-evenement-{event.pk}.csv"
    )
