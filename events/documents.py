"""What a coordinator prints: invitation letters (one per guest, merged into one PDF, with a
QR code of each answer link), the sign-in sheet and name badges; and the guest list as CSV.

PDFs are made off-request by ``events.tasks.make_document`` and cached by a fingerprint of
the data they show: asking again on unchanged data reuses the file."""

import base64
import hashlib
import io
import re

import qrcode
import qrcode.constants
from django.db.models import Count, Max
from django.utils import timezone

from events.enums import DocumentKind, InvitationStatus
from events.models import Event, Invitation, PrintJob
from portal import document_jobs
from portal.pdf import render_document

# Letters are laid out in chunks so that the page can show progress between them.
LETTER_CHUNK = 25
BADGES_PER_PAGE = {DocumentKind.BADGES_8: 8, DocumentKind.BADGES_10: 10}
TEMPLATES = {
    DocumentKind.LETTERS: "events/pdf/letters.html",
    DocumentKind.SIGN_IN: "events/pdf/sign_in.html",
    DocumentKind.BADGES_8: "events/pdf/badges.html",
    DocumentKind.BADGES_10: "events/pdf/badges.html",
}


def recipients(event: Event, kind: str):
    """Letters go to every guest who has not declined; the sheet and badges list those
    expected (said yes, or already there), all sorted by name."""
    invitations = event.invitations.all()
    if kind == DocumentKind.LETTERS:
        invitations = invitations.exclude(status=InvitationStatus.DECLINED)
    else:
        invitations = invitations.expected()
    return invitations.by_name()


def data_key(event: Event, kind: str) -> str:
    """A fingerprint of everything the document shows: the event (and its desk) as last
    saved, and its recipients (how many, last change)."""
    stats = recipients(event, kind).aggregate(count=Count("pk"), last=Max("updated_at"))
    desk = event.desk
    parts = [
        kind,
        event.pk,
        event.updated_at.isoformat(),
        stats["count"],
        stats["last"].isoformat() if stats["last"] else "",
        desk.name,
        desk.colour,
        desk.address,
        desk.phone,
        desk.email,
    ]
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


_HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def qr_png(url: str, version: int | None = None) -> str:
    """A QR code as inline PNG data (``data:image/png;base64,…``): embedded, nothing to
    fetch. Rendering a small PNG is several times faster in WeasyPrint than an SVG path."""
    code = qrcode.QRCode(
        version=version, error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=4, border=2
    )
    code.add_data(url)
    code.make(fit=version is None)
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _base_context(event: Event) -> dict:
    partners = [structure.name for structure in event.partner_structures.all()]
    partners += [epci.name for epci in event.partner_epcis.all()]
    colour = event.desk.colour if _HEX_COLOUR.match(event.desk.colour or "") else "#1f5f8b"
    return {
        "event": event,
        "desk": event.desk,
        "desk_colour": colour,
        "partners": partners,
        "now": timezone.now(),
    }


def _chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def make_letters(event: Event, invitations: list, progress=None):
    """The merged letters; ``progress(done)`` is called after each chunk."""
    context = _base_context(event)
    pages = []
    first = None
    done = 0
    # Answer links all have the same length: the QR version found once fits them all.
    version = None
    if invitations:
        probe = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
        probe.add_data(invitations[0].get_absolute_answer_url())
        probe.make(fit=True)
        version = probe.version
    for chunk in _chunks(invitations, LETTER_CHUNK):
        letters = [
            {"invitation": invitation, "qr": qr_png(invitation.get_absolute_answer_url(), version)}
            for invitation in chunk
        ]
        document = render_document(TEMPLATES[DocumentKind.LETTERS], {**context, "letters": letters})
        first = first or document
        pages.extend(document.pages)
        done += len(chunk)
        if progress:
            progress(done)
    if first is None:
        first = render_document(TEMPLATES[DocumentKind.LETTERS], {**context, "letters": []})
        pages = first.pages
    return first.copy(pages).write_pdf()


def make_pdf(event: Event, kind: str, invitations: list, progress=None) -> bytes:
    if kind == DocumentKind.LETTERS:
        return make_letters(event, invitations, progress)
    context = _base_context(event)
    if kind in BADGES_PER_PAGE:
        per_page = BADGES_PER_PAGE[kind]
        context |= {
            "pages": list(_chunks(invitations, per_page)),
            "per_page": per_page,
            "rows": per_page // 2,
        }
    else:
        context |= {"invitations": invitations, "blank_rows": range(5)}
    pdf = render_document(TEMPLATES[kind], context).write_pdf()
    if progress:
        progress(len(invitations))
    return pdf


def request_document(event: Event, kind: str, *, user) -> tuple[PrintJob, bool]:
    """The job for this document: a finished or running one on the same data, else a new
    one (second value True) that the caller enqueues after commit."""
    return document_jobs.job_for(
        PrintJob,
        data_key=data_key(event, kind),
        about={"event": event, "kind": kind},
        total=recipients(event, kind).count(),
        requested_by=user,
    )


def _make(job: PrintJob) -> bytes:
    invitations = list(recipients(job.event, job.kind))
    job.set_total(len(invitations))
    return make_pdf(job.event, job.kind, invitations, job.record_progress)


def run_job(job_id: int) -> bool:
    """Make the document of a job (once: see ``portal.document_jobs.run``)."""
    jobs = PrintJob.objects.select_related("event", "event__desk", "event__commune")
    return document_jobs.run(jobs, job_id, _make)


CSV_HEADER = [
    "Nom",
    "Prénom",
    "E-mail",
    "Profession",
    "Structure",
    "Réponse",
    "Accompagnants",
    "Répondu le",
    "Arrivé·e à",
]


def _when(value):
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def guest_list_rows(event: Event):
    """The guest list as rows for ``portal.csv`` (the header first)."""
    yield CSV_HEADER
    labels = dict(InvitationStatus.choices)
    for invitation in Invitation.objects.filter(event=event).by_name().iterator(chunk_size=1000):
        yield [
            invitation.last_name,
            invitation.first_name,
            invitation.email,
            invitation.profession_label,
            invitation.structure_label,
            labels[invitation.status],
            invitation.guests,
            _when(invitation.answered_at),
            _when(invitation.checked_in_at),
        ]
