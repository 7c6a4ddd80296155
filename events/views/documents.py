"""Printable documents: ask for one (a task makes it), follow its progress, download it;
and the guest list as CSV."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from events import documents, tasks
from events.enums import DocumentKind
from events.forms import DocumentForm
from events.views.office import get_event_for, office_view
from portal import document_jobs
from portal.csv import csv_response
from portal.pdf import UNAVAILABLE_MESSAGE, pdf_available


@office_view
def documents_page(request, pk):
    event = get_event_for(request.user, pk)
    jobs = event.print_jobs.select_related("requested_by")[:10]
    return render(
        request,
        "events/office/documents.html",
        {
            "event": event,
            "jobs": jobs,
            "kinds": DocumentKind.choices,
            "counts": event.invitations.counts(),
        },
    )


@office_view
@require_POST
def document_request(request, pk):
    event = get_event_for(request.user, pk)
    form = DocumentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Document inconnu."))
        return redirect("events:documents", pk=event.pk)
    if not pdf_available():
        messages.error(request, UNAVAILABLE_MESSAGE)
        return redirect("events:documents", pk=event.pk)
    with transaction.atomic():
        job, created = documents.request_document(
            event, form.cleaned_data["kind"], user=request.user
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
    return render(request, "events/office/document_status.html", {"event": job.event, "job": job})


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
