"""What a coordinator prints: invitation letters (one per guest, merged into one PDF, with a
QR code of each answer link and, for a guest with a postal address, the address in the
envelope window), the sign-in sheet and name badges (companions included); and the guest
list as CSV. Letters can be printed for a subset (``LettersFor``: everyone, postal-only guests,
guests without an answer) and then marked as posted.

PDFs are made off-request by ``events.tasks.make_document`` and cached by a fingerprint of
the data they show: asking again on unchanged data reuses the file."""

import base64
import hashlib
import io
import re
from dataclasses import dataclass

import qrcode
import qrcode.constants
from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.utils import timezone

from events.enums import DocumentKind, InvitationStatus, LettersFor
from events.models import CoHost, Event, EventLogKind, Invitation, PrintJob
from events.services import _log
from portal import document_jobs
from portal.document_jobs import JobStatus
from portal.formatting import ngettext_fr as ngettext
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


def recipients(event: Event, kind: str, letters_for: str = LettersFor.ALL):
    """Letters go to every guest who has not declined (or, by ``letters_for``, only those
    without e-mail, or only those who have not answered); the sheet and badges list those
    expected (said yes, or already there), all sorted by name."""
    invitations = event.invitations.all()
    if kind == DocumentKind.LETTERS:
        invitations = invitations.exclude(status=InvitationStatus.DECLINED)
        if letters_for == LettersFor.POSTAL:
            invitations = invitations.filter(email="")
        elif letters_for == LettersFor.NO_ANSWER:
            invitations = invitations.filter(status=InvitationStatus.INVITED)
    else:
        invitations = invitations.expected()
    return invitations.by_name()


def _has_address():
    return ~Q(address_line="") & (~Q(postal_code="") | ~Q(city=""))


def letter_counts(event: Event) -> dict:
    """How many letters each choice of ``LettersFor`` prints, how many postal guests still
    lack an address (they get a letter without an address block) and how many letters are
    still to post, in one query."""
    postal = Q(email="")
    return event.invitations.exclude(status=InvitationStatus.DECLINED).aggregate(
        all=Count("pk"),
        postal=Count("pk", filter=postal),
        no_answer=Count("pk", filter=Q(status=InvitationStatus.INVITED)),
        postal_without_address=Count("pk", filter=postal & ~_has_address()),
        postal_to_send=Count("pk", filter=postal & Q(letter_sent_at__isnull=True)),
        postal_sent=Count("pk", filter=postal & Q(letter_sent_at__isnull=False)),
    )


def postal_lines(invitation: Invitation) -> list[str]:
    """The lines of the envelope window (name, street, complement, « code ville »), or none
    when the guest has no usable postal address."""
    town = f"{invitation.postal_code} {invitation.city}".strip()
    if not invitation.address_line.strip() or not town:
        return []
    lines = [invitation.full_name, invitation.address_line, invitation.address_extra, town]
    return [line.strip() for line in lines if line and line.strip()]


def data_key(event: Event, kind: str, letters_for: str = LettersFor.ALL) -> str:
    """A fingerprint of everything the document shows: the event (and its desk and
    co-hosts) as last saved, and its recipients (how many, last change)."""
    if kind != DocumentKind.LETTERS:
        letters_for = LettersFor.ALL
    stats = recipients(event, kind, letters_for).aggregate(
        count=Count("pk"), last=Max("updated_at")
    )
    desk = event.desk
    co_hosts = event.co_hosts.order_by("pk").values_list(
        "pk", "name", "logo", "signatory_name", "signatory_title"
    )
    parts = [
        kind,
        letters_for,
        event.pk,
        event.updated_at.isoformat(),
        stats["count"],
        stats["last"].isoformat() if stats["last"] else "",
        desk.name,
        desk.colour,
        desk.address,
        desk.phone,
        desk.email,
        *("/".join(map(str, row)) for row in co_hosts),
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


def _logo_data(co_host: CoHost) -> str:
    """A co-host's logo as inline PNG data, read from storage (the admin stores logos
    re-encoded as PNG: ``portal.images``): the PDF fetches nothing. Empty when the file is
    missing."""
    if not co_host.logo:
        return ""
    try:
        with co_host.logo.open("rb") as logo:
            body = logo.read()
    except OSError:
        return ""
    if not body.startswith(b"\x89PNG\r\n\x1a\n"):
        return ""  # not one of ours: never handed to the PDF
    return "data:image/png;base64," + base64.b64encode(body).decode()


def _co_hosts(event: Event) -> list[dict]:
    return [
        {
            "name": co_host.name,
            "logo": _logo_data(co_host),
            "signatory_name": co_host.signatory_name,
            "signatory_title": co_host.signatory_title,
        }
        for co_host in event.co_hosts.order_by("name", "pk")
    ]


def _base_context(event: Event) -> dict:
    partners = [structure.name for structure in event.partner_structures.all()]
    partners += [epci.name for epci in event.partner_epcis.all()]
    colour = event.desk.colour if _HEX_COLOUR.match(event.desk.colour or "") else "#1f5f8b"
    co_hosts = _co_hosts(event)
    names = {co_host["name"] for co_host in co_hosts}
    return {
        "event": event,
        "desk": event.desk,
        "desk_colour": colour,
        "partners": [name for name in partners if name not in names],
        "co_hosts": co_hosts,
        "now": timezone.now(),
    }


def split_url(url: str) -> tuple[str, str]:
    """The answer address cut before its token: printed as two unbreakable pieces, so that
    a line can break only at the « / » before the token."""
    head, _slash, token = url.rstrip("/").rpartition("/")
    return head + "/", token + ("/" if url.endswith("/") else "")


def companion_names(invitation: Invitation) -> list[str]:
    """The names typed for a guest's companions (one per line; commas and semicolons also
    separate), padded with blanks up to the number of companions announced."""
    names = [
        name.strip()
        for name in re.split(r"[\n,;]+", invitation.companion_names or "")
        if name.strip()
    ]
    return names + [""] * max(invitation.guests - len(names), 0)


# Badge text is shrunk in steps by length, then cut at a word with an ellipsis: the PDF
# holds only what fits the badge (clipped text would still be in the file, and copied).
BADGE_NAME_STEPS = ((22, ""), (32, "long"), (48, "longer"))
BADGE_NAME_MAX = 60
BADGE_LINE_STEPS = ((40, ""), (70, "long"), (100, "longer"))
BADGE_LINE_MAX = 110


def shorten(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–—") + "…"


def _size(text: str, steps) -> str:
    for limit, size in steps:
        if len(text) <= limit:
            return size
    return "longest"


@dataclass(frozen=True)
class Badge:
    first_name: str
    last_name: str
    profession: str
    structure: str
    companion_of: str = ""
    is_companion: bool = False

    @property
    def name_size(self):
        return _size(f"{self.first_name} {self.last_name}", BADGE_NAME_STEPS)

    @property
    def structure_size(self):
        return _size(self.structure, BADGE_LINE_STEPS)

    @property
    def profession_size(self):
        return _size(self.profession, BADGE_LINE_STEPS)


def _badge(first, last, profession="", structure="", **kwargs) -> Badge:
    first, last = (first or "").strip(), (last or "").strip()
    if len(first) + len(last) > BADGE_NAME_MAX:
        last = shorten(last, max(BADGE_NAME_MAX - len(first) - 1, 12))
        first = shorten(first, max(BADGE_NAME_MAX - len(last) - 1, 12))
    return Badge(
        first_name=first,
        last_name=last,
        profession=shorten(profession, BADGE_LINE_MAX),
        structure=shorten(structure, BADGE_LINE_MAX),
        **kwargs,
    )


def badges_of(invitations) -> list[Badge]:
    """One badge per expected guest, followed by one per companion (named, or blank to
    write on)."""
    badges = []
    for invitation in invitations:
        badges.append(
            _badge(
                invitation.first_name,
                invitation.last_name.upper(),
                invitation.profession_label,
                invitation.structure_label,
            )
        )
        for name in companion_names(invitation):
            first, _space, last = name.partition(" ")
            badges.append(
                _badge(
                    first,
                    last.upper(),
                    companion_of=shorten(invitation.full_name, 40),
                    is_companion=True,
                )
            )
    return badges


def sheet_rows(invitations) -> list[dict]:
    """The sign-in sheet: each guest, then a line per companion « accompagnant·e de … »."""
    rows = []
    for invitation in invitations:
        rows.append({"invitation": invitation, "name": invitation.sort_name})
        for name in companion_names(invitation):
            rows.append({"companion": name, "companion_of": invitation.full_name})
    return rows


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
        letters = []
        for invitation in chunk:
            url = invitation.get_absolute_answer_url()
            url_head, url_token = split_url(url)
            letters.append(
                {
                    "invitation": invitation,
                    "qr": qr_png(url, version),
                    "address": postal_lines(invitation),
                    "url_head": url_head,
                    "url_token": url_token,
                }
            )
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
            "pages": list(_chunks(badges_of(invitations), per_page)),
            "per_page": per_page,
            "rows": per_page // 2,
        }
    else:
        context |= {"rows": sheet_rows(invitations), "blank_rows": range(5)}
    pdf = render_document(TEMPLATES[kind], context).write_pdf()
    if progress:
        progress(len(invitations))
    return pdf


def request_document(
    event: Event, kind: str, *, user, letters_for: str = LettersFor.ALL
) -> tuple[PrintJob, bool]:
    """The job for this document: a finished or running one on the same data, else a new
    one (second value True) that the caller enqueues after commit."""
    if kind != DocumentKind.LETTERS:
        letters_for = LettersFor.ALL
    return document_jobs.job_for(
        PrintJob,
        data_key=data_key(event, kind, letters_for),
        about={"event": event, "kind": kind, "letters_for": letters_for},
        total=recipients(event, kind, letters_for).count(),
        requested_by=user,
    )


def _make(job: PrintJob) -> bytes:
    invitations = list(recipients(job.event, job.kind, job.letters_for))
    job.set_total(len(invitations))
    return make_pdf(job.event, job.kind, invitations, job.record_progress)


def run_job(job_id: int) -> bool:
    """Make the document of a job (once: see ``portal.document_jobs.run``)."""
    jobs = PrintJob.objects.select_related("event", "event__desk", "event__commune")
    return document_jobs.run(jobs, job_id, _make)


# -- Letters posted, guests phoned ---------------------------------------------------------


def letters_of(job: PrintJob):
    """The guests a finished print of letters was for: its recipients, but those added
    after it was made (they had no letter in it)."""
    return recipients(job.event, DocumentKind.LETTERS, job.letters_for).filter(
        created_at__lte=job.finished_at or job.created_at
    )


def can_mark_sent(job: PrintJob) -> bool:
    return job.kind == DocumentKind.LETTERS and job.status == JobStatus.DONE


def mark_letters_sent(job: PrintJob, *, by, now=None) -> int:
    """Date the letters of a printed job as posted (those not posted before keep no other
    date), with one line in the event's log. Returns how many were marked."""
    if not can_mark_sent(job):
        return 0
    now = now or timezone.now()
    with transaction.atomic():
        marked = letters_of(job).filter(letter_sent_at__isnull=True).update(letter_sent_at=now)
        if marked:
            _log(
                job.event,
                None,
                EventLogKind.LETTERS,
                by=by,
                at=now,
                detail=ngettext("%(count)d lettre : %(for)s", "%(count)d lettres : %(for)s", marked)
                % {"count": marked, "for": LettersFor(job.letters_for).label},
            )
    return marked


def calls_to_make(event: Event):
    """The guests to phone: marked « à appeler » and not called since."""
    return (
        event.invitations.filter(call_needed_at__isnull=False)
        .filter(Q(called_at__isnull=True) | Q(called_at__lt=F("call_needed_at")))
        .order_by("call_needed_at", "last_name", "first_name", "pk")
    )


def mark_called(invitation: Invitation, *, by, now=None) -> bool:
    """Record that a guest was phoned (logged). False when there was no call to make."""
    now = now or timezone.now()
    with transaction.atomic():
        updated = calls_to_make(invitation.event).filter(pk=invitation.pk).update(called_at=now)
        if updated:
            _log(
                invitation.event,
                invitation,
                EventLogKind.CALLED,
                by=by,
                at=now,
                detail=invitation.call_reason,
            )
    return bool(updated)


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
