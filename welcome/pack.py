"""The livret d'accueil: a personal PDF welcome pack per case.

Its HTML is rendered first (cheap) and hashed: the same content never gives a second PDF,
file or mail. WeasyPrint runs outside any transaction and fetches nothing but our own
static files (``portal.pdf``), whatever an applicant typed.
"""

import hashlib
import time

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from aids.eligibility import assess, profile_for_case
from events.models import Event, Invitation
from installations import timeline
from installations.enums import REFERENT_LOAD_STATES, CaseStatus, EventKind
from installations.models import Case
from portal.jobs import run_later
from portal.mail import send_templated
from portal.pdf import html_to_pdf
from structures.geo import bounding_box
from structures.models import Structure, Vacancy
from territories.models import Commune
from territories.zoning import classifications_for
from welcome.models import PracticalResource, ResourceCategory, WelcomePack

NEAR_KM = 20
MAX_COMMUNES = 3
MAX_STRUCTURES = 8
MAX_VACANCIES = 10
MAX_EVENTS = 5


def _territory(case):
    communes = list(case.wished_communes.select_related("epci", "department")[:MAX_COMMUNES])
    if not communes:
        communes = [
            epci.communes.order_by("-population").first()
            for epci in case.wished_epcis.all()[:MAX_COMMUNES]
        ]
        communes = [commune for commune in communes if commune is not None]
    # Each commune's zoning for the case's profession, each class with its layer's source.
    profession = case.profession.code if case.profession_id else None
    zonings = classifications_for(communes, profession=profession)
    for commune in communes:
        commune.zone_classes = zonings[commune.pk]
    return communes


def _nearby(case, communes):
    """Structures and open vacancies near the wished communes, with their distance (km)."""
    structures, vacancies, seen = [], [], set()
    for commune in communes:
        for structure in (
            Structure.objects.published()
            .near(commune.latitude, commune.longitude, NEAR_KM)
            .select_related("commune")[:MAX_STRUCTURES]
        ):
            if structure.pk not in seen:
                seen.add(structure.pk)
                structure.from_commune = commune
                structures.append(structure)
    structures.sort(key=lambda s: s.distance_km)
    distances = {s.pk: (s.distance_km, s.from_commune) for s in structures}
    if case.profession_id and communes:
        first = communes[0]
        nearby = Structure.objects.published().near(first.latitude, first.longitude, NEAR_KM * 2)
        box = bounding_box(first.latitude, first.longitude, NEAR_KM * 2)
        nearby_communes = Commune.objects.filter(**box).values("pk")
        for vacancy in (
            Vacancy.objects.published()
            .for_profession(case.profession)
            .filter(
                Q(structure__in=nearby.values("pk"))
                # An offer without a structure (a practice, premises): by its commune.
                | Q(structure__isnull=True, commune__in=nearby_communes)
            )
            .select_related("structure", "commune", "profession")[:MAX_VACANCIES]
        ):
            vacancy.distance = distances.get(vacancy.structure_id, (None, first))[0]
            vacancies.append(vacancy)
    return structures[:MAX_STRUCTURES], vacancies


def _events(case):
    answer_links = {
        invitation.event_id: settings.SITE_URL + invitation.get_answer_url()
        for invitation in Invitation.objects.for_user(case.applicant)
    }
    events = list(
        Event.objects.public()
        .upcoming()
        .filter(desk_id=case.desk_id)
        .select_related("commune")
        .order_by("starts_at")[:MAX_EVENTS]
    )
    for event in events:
        event.link = answer_links.get(event.pk) or settings.SITE_URL + event.get_absolute_url()
        event.invited = event.pk in answer_links
    return events


def build_context(case):
    communes = _territory(case)
    structures, vacancies = _nearby(case, communes)
    resources = {}
    for resource in PracticalResource.objects.filter(desk_id=case.desk_id):
        resources.setdefault(resource.get_category_display(), []).append(resource)
    referent = case.referent
    return {
        "case": case,
        "desk": case.desk,
        "referent": referent,
        "profile": getattr(referent, "referent_profile", None) if referent else None,
        "communes": communes,
        "epcis": list(case.wished_epcis.all()),
        "structures": structures,
        "vacancies": vacancies,
        "assessment": assess(profile_for_case(case)) if case.profession_id else None,
        "events": _events(case) if case.desk_id else [],
        "steps": list(case.steps.all()),
        "resources": resources,
        "resource_order": [label for _value, label in ResourceCategory.choices],
        "my_case_url": settings.SITE_URL + reverse("installations:case", kwargs={"pk": case.pk}),
    }


def render_html(case):
    return render_to_string("welcome/pack/pack.html", build_context(case))


def latest(case):
    return case.welcome_packs.order_by("-created_at", "-pk").first()


def generate(case_id, *, mail=True):
    """Render the pack if its content changed; returns the current pack (or None when the
    case has no desk yet). A new pack is stored, put on the timeline and, with ``mail``,
    sent to the newcomer (once per content)."""
    case = Case.objects.select_related(
        "applicant",
        "desk",
        "referent",
        "referent__referent_profile",
        "profession",
        "installed_commune",
    ).get(pk=case_id)
    if case.desk_id is None:
        return None
    html = render_html(case)
    digest = hashlib.sha256(html.encode()).hexdigest()
    existing = case.welcome_packs.filter(content_hash=digest).first()
    if existing is not None:
        return existing
    started = time.perf_counter()
    pdf = html_to_pdf(html, accessible=True)
    elapsed = int((time.perf_counter() - started) * 1000)
    pack = WelcomePack(case=case, content_hash=digest, size=len(pdf), render_ms=elapsed)
    pack.file.save(
        f"livret-{case.reference or case.pk}-{digest[:12]}.pdf", ContentFile(pdf), save=False
    )
    try:
        with transaction.atomic():
            pack.save()
            timeline.record(
                case,
                EventKind.WELCOME_PACK,
                is_public=True,
                body=_("Livret d'accueil préparé."),
                details={"pack": pack.pk, "hash": digest},
            )
            if mail:
                send_templated(
                    to=case.applicant.email,
                    template="welcome_pack",
                    context={
                        "case": case,
                        "url": settings.SITE_URL
                        + reverse("welcome:download", kwargs={"pk": case.pk}),
                    },
                    dedup_key=f"welcome-pack:{case.pk}:{digest}",
                    attachment=pack.file.name,
                )
    except IntegrityError:  # the same content stored meanwhile by another worker
        pack.file.delete(save=False)
        return case.welcome_packs.get(content_hash=digest)
    return pack


def cases_to_refresh():
    return (
        Case.objects.filter(
            status__in=REFERENT_LOAD_STATES | {CaseStatus.INSTALLED}, welcome_packs__isnull=False
        )
        .distinct()
        .values_list("pk", flat=True)
        .iterator()
    )


def request(case):
    """Ask for a (re)generation after the current transaction commits."""
    transaction.on_commit(lambda: run_later("welcome.tasks.generate_welcome_pack", case.pk))
