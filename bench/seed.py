"""Seed the benchmark database at a scale, on top of the demo data, with COPY.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.seed --scale large

The database is recreated by ``bench.run`` (drop, migrate, ``load_demo``) before this runs, so
a seed is always the same data. Rows are written with PostgreSQL ``COPY`` into the real
models' tables: every concrete column a row does not set gets the model field's default, so
a field added later does not break the seed. Deterministic (``random.Random(42)``).
"""

import argparse
import json
import random
import time
from dataclasses import dataclass
from datetime import timedelta

import django

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from events.models import Event, Invitation  # noqa: E402
from installations.models import Case, CaseEvent, Referent, Reminder, Step  # noqa: E402
from portal.models import User  # noqa: E402
from portal.roles import Role  # noqa: E402
from structures.models import (  # noqa: E402
    Membership,
    Profession,
    Professional,
    Structure,
    Vacancy,
)
from territories.models import Commune, Desk, DeskMember  # noqa: E402
from territories.text import fold  # noqa: E402


@dataclass(frozen=True)
class Scale:
    name: str
    cases: int
    timeline: int
    structures: int
    professionals: int
    events: int
    invitations: int
    drafts: int  # complete drafts, each with its own newcomer, for the submission measurement
    referents_per_desk: int = 20
    staff_per_desk: int = 2


SCALES = {
    "small": Scale("small", 1_000, 10_000, 100, 200, 10, 500, drafts=450),
    "large": Scale("large", 100_000, 1_000_000, 10_000, 20_000, 1_000, 50_000, drafts=450),
}

PASSWORD = "bench-portail-2026"  # noqa: S105 (throw-away accounts of a throw-away database)
DESK_DEPARTMENTS = {"lot": "46", "lot-et-garonne": "47", "gers": "32"}
FIRST_NAMES = [
    "Camille",
    "Louis",
    "Emma",
    "Hugo",
    "Léa",
    "Jules",
    "Chloé",
    "Arthur",
    "Manon",
    "Nathan",
    "Inès",
    "Paul",
    "Zoé",
    "Lucas",
    "Alice",
    "Théo",
    "Sarah",
    "Tom",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
]
SENTENCES = [
    "Appel de présentation, projet d'installation en maison de santé.",
    "Rendez-vous pris avec la mairie pour le logement.",
    "Envoi de la liste des cabinets disponibles.",
    "La conjointe cherche un poste d'enseignante.",
    "Visite du cabinet prévue la semaine prochaine.",
    "Dossier d'aide à l'installation transmis à l'ARS.",
]
# case status → share (per thousand) of the cases
STATUS_SHARES = [
    ("draft", 40),
    ("submitted", 40),
    ("assigned", 80),
    ("in_progress", 250),
    ("on_hold", 40),
    ("installed", 200),
    ("closed", 250),
    ("declined", 50),
    ("withdrawn", 50),
]
# Statuses a desk moves cases out of quickly: their cases are at most this many days old.
RECENT_DAYS = {"draft": 60, "submitted": 6, "assigned": 12}
KIND_WORDS = {"msp": "Maison de santé", "centre_sante": "Centre de santé"}
EVENT_KINDS = ["created", "status", "note", "message", "mail", "step", "next_action", "update"]


# --------------------------------------------------------------------------- COPY helper
def _default(field, now):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    value = field.get_default()
    if isinstance(field, models.JSONField) and value is not None:
        return json.dumps(value)
    return value


def copy_rows(model, fields, rows, *, now):
    """COPY ``rows`` (tuples matching ``fields``, attnames) into ``model``'s table; every other
    concrete column gets its field default. Returns the number of rows."""
    given = list(fields)
    others = [
        f
        for f in model._meta.concrete_fields
        if f.attname not in given and not (f.primary_key and isinstance(f, models.AutoField))
    ]
    columns = [model._meta.get_field(name).column for name in given] + [f.column for f in others]
    tail = tuple(_default(f, now) for f in others)
    json_positions = [
        i
        for i, name in enumerate(given)
        if isinstance(model._meta.get_field(name), models.JSONField)
    ]
    sql = "COPY {} ({}) FROM STDIN".format(
        connection.ops.quote_name(model._meta.db_table),
        ", ".join(connection.ops.quote_name(c) for c in columns),
    )
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            if json_positions:
                row = list(row)
                for i in json_positions:
                    row[i] = json.dumps(row[i])
            copy.write_row((*row, *tail))
            count += 1
    return count


def next_id(model):
    return (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1


def reset_sequences(*model_list):
    with connection.cursor() as cursor:
        for model in model_list:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "  # noqa: S608
                f"(SELECT COALESCE(MAX(id), 1) FROM {connection.ops.quote_name(table)}))",
                [table],
            )


def m2m_through(model, name):
    return model._meta.get_field(name).remote_field.through


# --------------------------------------------------------------------------- the seed
class Seeder:
    def __init__(self, scale: Scale):
        self.scale = scale
        self.rng = random.Random(42)
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.password = make_password(PASSWORD)
        self.counts = {}
        self.desks = {d.slug: d for d in Desk.objects.filter(slug__in=DESK_DEPARTMENTS)}
        self.communes = {
            slug: list(
                Commune.objects.filter(department_id=dep)
                .order_by("insee_code")
                .values_list("insee_code", "latitude", "longitude", "name")
            )
            for slug, dep in DESK_DEPARTMENTS.items()
        }
        self.all_communes = [c for slug in DESK_DEPARTMENTS for c in self.communes[slug]]
        self.professions = list(
            Profession.objects.filter(parent__isnull=True)
            .exclude(code__in=["medecin-specialiste", "etudiant-sante"])
            .values_list("pk", flat=True)
        )
        self.specialties = list(
            Profession.objects.exclude(code="medecin-specialiste").values_list("pk", flat=True)
        )

    def run(self):
        started = time.perf_counter()
        with transaction.atomic():
            self.users_and_desks()
            self.structures()
            self.cases()
            self.timeline()
            self.steps()
            self.reminder_history()
            self.events()
            reset_sequences(
                User,
                DeskMember,
                Referent,
                Structure,
                Professional,
                Membership,
                Vacancy,
                Case,
                CaseEvent,
                Step,
                Event,
                Invitation,
                m2m_through(Case, "wished_communes"),
            )
        analyse_started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        self.counts["analyze_s"] = round(time.perf_counter() - analyse_started, 1)
        self.counts["seed_s"] = round(time.perf_counter() - started, 1)
        return self.counts

    def _user_rows(self, start, count, prefix, role):
        for n in range(count):
            pk = start + n
            yield (
                pk,
                f"{prefix}-{pk}@bench.example",
                self.password,
                self.rng.choice(FIRST_NAMES),
                self.rng.choice(LAST_NAMES),
                str(role),
                role in (Role.STAFF, Role.COORDINATOR),
                True,
                False,
                self.now,
            )

    def users_and_desks(self):
        s = self.scale
        fields = [
            "id",
            "email",
            "password",
            "first_name",
            "last_name",
            "role",
            "is_staff",
            "is_active",
            "is_superuser",
            "date_joined",
        ]
        pk = next_id(User)
        self.referents, self.staff, self.coordinators, members = {}, {}, {}, []
        for slug in self.desks:
            self.referents[slug] = list(range(pk, pk + s.referents_per_desk))
            pk += s.referents_per_desk
            self.staff[slug] = list(range(pk, pk + s.staff_per_desk))
            pk += s.staff_per_desk
            self.coordinators[slug] = [pk]
            pk += 1
        rows = []
        for slug in self.desks:
            for role, ids in (
                (Role.REFERENT, self.referents[slug]),
                (Role.STAFF, self.staff[slug]),
                (Role.COORDINATOR, self.coordinators[slug]),
            ):
                rows.extend(
                    (
                        i,
                        f"{role}-{i}@bench.example",
                        self.password,
                        self.rng.choice(FIRST_NAMES),
                        self.rng.choice(LAST_NAMES),
                        str(role),
                        role in (Role.STAFF, Role.COORDINATOR),
                        True,
                        False,
                        self.now,
                    )
                    for i in ids
                )
                members.extend((i, self.desks[slug].pk) for i in ids)
        copy_rows(User, fields, rows, now=self.now)
        # One newcomer per case (a case's applicant), and one per complete draft.
        self.applicant_start = pk
        total = s.cases + s.drafts
        self.counts["users"] = len(rows) + copy_rows(
            User, fields, self._user_rows(pk, total, "newcomer", Role.NEWCOMER), now=self.now
        )
        copy_rows(DeskMember, ["user_id", "desk_id"], members, now=self.now)
        referent_rows = [(i, [], 60, "", "") for slug in self.desks for i in self.referents[slug]]
        copy_rows(
            Referent,
            ["user_id", "skills", "capacity", "public_phone", "organisation"],
            referent_rows,
            now=self.now,
        )
        self.counts["desk_members"] = len(members)

    def structures(self):
        s, rng = self.scale, self.rng
        kinds = ["msp"] * 3 + [
            "centre_sante",
            "cabinet_groupe",
            "ehpad",
            "cpts",
            "hopital_proximite",
            "maison_solidarites",
            "autre",
        ]
        start = next_id(Structure)
        rows = []
        for n in range(s.structures):
            insee, lat, lon, cname = self.all_communes[n % len(self.all_communes)]
            kind = rng.choice(kinds)
            name = f"{KIND_WORDS.get(kind, 'Structure')} {cname} {n}"
            rows.append(
                (
                    start + n,
                    name,
                    fold(name),
                    kind,
                    insee,
                    lat + rng.uniform(-0.02, 0.02),
                    lon + rng.uniform(-0.02, 0.02),
                    f"01 99 {n % 100:02d} {n // 100 % 100:02d} 00",
                    True,
                    self.now,
                )
            )
        self.counts["structures"] = copy_rows(
            Structure,
            [
                "id",
                "name",
                "search_name",
                "kind",
                "commune_id",
                "latitude",
                "longitude",
                "phone",
                "published",
                "created_at",
            ],
            rows,
            now=self.now,
        )
        self.structure_ids = (start, start + s.structures)
        pstart = next_id(Professional)
        prows, mrows = [], []
        for n in range(s.professionals):
            insee = self.all_communes[n % len(self.all_communes)][0]
            status = "active" if n % 10 else rng.choice(["retired", "left"])
            source = "case" if n % 7 == 0 else "imported"
            prows.append(
                (
                    pstart + n,
                    rng.choice(FIRST_NAMES),
                    rng.choice(LAST_NAMES),
                    rng.choice(self.specialties),
                    insee,
                    status,
                    source,
                    self.today - timedelta(days=rng.randint(0, 3650)),
                    n % 3 == 0,
                    self.now,
                )
            )
            mrows.append((pstart + n, start + rng.randrange(s.structures)))
        self.counts["professionals"] = copy_rows(
            Professional,
            [
                "id",
                "first_name",
                "last_name",
                "profession_id",
                "commune_id",
                "status",
                "source",
                "practice_start",
                "public_listing",
                "created_at",
            ],
            prows,
            now=self.now,
        )
        copy_rows(Membership, ["professional_id", "structure_id"], mrows, now=self.now)
        vrows = [
            (
                start + rng.randrange(s.structures),
                rng.choice(self.specialties),
                rng.choice(["liberal", "salaried", "mixed"]),
                "open",
                self.today - timedelta(days=rng.randint(0, 120)),
                self.today - timedelta(days=rng.randint(0, 90)),
                self.now,
            )
            for _ in range(max(s.structures // 5, 10))
        ]
        self.counts["vacancies"] = copy_rows(
            Vacancy,
            [
                "structure_id",
                "profession_id",
                "practice_mode",
                "status",
                "published_on",
                "confirmed_on",
                "created_at",
            ],
            vrows,
            now=self.now,
        )

    def _status(self, n):
        bucket = (n * 7919) % 1000
        for status, share in STATUS_SHARES:
            if bucket < share:
                return status
            bucket -= share
        return "closed"

    def cases(self):
        s, rng, now, today = self.scale, self.rng, self.now, self.today
        fields = [
            "id",
            "reference",
            "applicant_id",
            "desk_id",
            "referent_id",
            "status",
            "first_name",
            "last_name",
            "phone",
            "contact_preference",
            "profession_id",
            "situation",
            "practice_mode",
            "created_at",
            "submitted_at",
            "assigned_at",
            "first_contact_at",
            "resume_on",
            "installed_on",
            "installed_at",
            "closed_at",
            "last_activity_at",
            "next_action_on",
            "consent_at",
            "project_text",
            "needs",
            "wished_settings",
        ]
        start = next_id(Case)
        slugs = list(self.desks)
        rows, wished = [], []
        self.case_meta = []  # (pk, status, referent, created_at, applicant)
        for n in range(s.cases + s.drafts):
            pk, applicant = start + n, self.applicant_start + n
            draft_for_submit = n >= s.cases
            slug = "lot" if draft_for_submit else slugs[n % 3]
            status = "draft" if draft_for_submit else self._status(n)
            created = now - timedelta(days=rng.random() ** 1.5 * 1095)
            # A desk that keeps up: requests wait days, not years, to be assigned and met.
            if status in RECENT_DAYS:
                created = now - timedelta(days=rng.uniform(0, RECENT_DAYS[status]))
            if draft_for_submit:
                created = now - timedelta(hours=1)
            submitted = assigned = contact = resume = installed_on = installed_at = closed = None
            referent = None
            desk = None if status == "draft" else self.desks[slug].pk
            age = now - created
            if status != "draft":
                submitted = created + age * 0.05
            if status not in ("draft", "submitted", "declined"):
                referent = self.referents[slug][(n // 3) % len(self.referents[slug])]
                assigned = created + age * 0.1
            if status in ("in_progress", "on_hold", "installed", "closed"):
                contact = created + age * 0.2
            if status == "on_hold":
                resume = today + timedelta(days=rng.randint(-3, 60))
            if status in ("installed", "closed"):
                installed_at = created + age * 0.6
                installed_on = installed_at.date()
            if status in ("closed", "declined", "withdrawn"):
                closed = created + age * 0.9
            # Open cases are mostly active: about one in twenty idle for more than 30 days.
            if status in ("submitted", "assigned", "in_progress", "on_hold"):
                last = now - timedelta(
                    days=rng.randint(0, 45) if n % 20 == 0 else rng.randint(0, 25)
                )
                last = max(last, created)
            else:
                last = closed or installed_at or created
            next_action = None
            if status in ("in_progress", "assigned") and n % 2:
                next_action = today + timedelta(days=rng.randint(-2, 60))
            first, last_name = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            rows.append(
                (
                    pk,
                    None if status == "draft" else f"B{created:%Y}-{pk:07d}",
                    applicant,
                    desk,
                    referent,
                    status,
                    first,
                    last_name,
                    "01 99 12 34 56",
                    "email",
                    self.professions[n % len(self.professions)],
                    "practising",
                    "liberal",
                    created,
                    submitted,
                    assigned,
                    contact,
                    resume,
                    installed_on,
                    installed_at,
                    closed,
                    last,
                    next_action,
                    None if status == "draft" else created,
                    rng.choice(SENTENCES),
                    ["housing"] if n % 3 == 0 else [],
                    ["msp"],
                )
            )
            communes = self.communes[slug]
            wished.append((pk, communes[(n * 31) % len(communes)][0]))
            self.case_meta.append((pk, status, referent, created, applicant))
        self.counts["cases"] = copy_rows(Case, fields, rows, now=now)
        through = m2m_through(Case, "wished_communes")
        copy_rows(through, ["case_id", "commune_id"], wished, now=now)
        self.draft_ids = [pk for pk, status, *_rest in self.case_meta[s.cases :]]

    def timeline(self):
        """``timeline`` entries spread over the cases (2 to 18 each, 10 on average)."""
        s, rng, now = self.scale, self.rng, self.now
        per_case = s.timeline / s.cases

        def rows():
            written = 0
            for n, (pk, _status, referent, created, applicant) in enumerate(self.case_meta):
                if n >= s.cases:
                    yield (pk, "created", created, applicant, "", "", "", False)
                    continue
                count = max(1, round(per_case - 8 + (n * 7) % 17))
                if n == s.cases - 1:
                    count = max(1, s.timeline - written)
                step = (now - created) / (count + 1)
                for k in range(count):
                    kind = "created" if k == 0 else EVENT_KINDS[(n + k) % len(EVENT_KINDS)]
                    actor = applicant if k == 0 or referent is None else referent
                    yield (
                        pk,
                        kind,
                        created + step * k,
                        actor,
                        "",
                        "" if k else "draft",
                        rng.choice(SENTENCES) if kind in ("note", "message") else "",
                        kind in ("created", "status", "message"),
                    )
                    written += 1

        self.counts["timeline"] = copy_rows(
            CaseEvent,
            [
                "case_id",
                "kind",
                "created_at",
                "actor_id",
                "from_status",
                "to_status",
                "body",
                "is_public",
            ],
            rows(),
            now=now,
        )

    def steps(self):
        """Three checklist items per submitted case; most are done or due later."""
        today, rng = self.today, self.rng
        titles = ["Inscription à l'Ordre", "Demande de conventionnement", "Recherche de locaux"]

        def rows():
            for pk, status, _referent, created, _applicant in self.case_meta:
                if status == "draft":
                    continue
                for position, title in enumerate(titles):
                    done = status in ("installed", "closed") or rng.random() < 0.5
                    due = today + timedelta(days=rng.randint(-1, 90))
                    yield (pk, title, position, due, created if done else None)

        self.counts["steps"] = copy_rows(
            Step, ["case_id", "title", "position", "due_on", "done_at"], rows(), now=self.now
        )

    def reminder_history(self):
        """The follow-ups (6 and 12 months after installation) already sent in past days, as
        a portal in service has them: the sweep then meets a normal day, not a backlog."""
        today = self.today

        def rows():
            for n, (pk, status, _referent, created, _applicant) in enumerate(self.case_meta):
                if status == "draft" and n < self.scale.cases:
                    # Abandoned drafts were reminded after 3 and 14 days, once each.
                    for days in (3, 14):
                        if created <= self.now - timedelta(days=days + 1):
                            yield (pk, "draft", str(days), created + timedelta(days=days))
                if status != "installed":
                    continue
                installed_at = created + (self.now - created) * 0.6
                for months in (6, 12):
                    if installed_at.date() <= today - timedelta(days=months * 31):
                        yield (pk, "follow_up", str(months), installed_at)

        self.counts["reminders"] = copy_rows(
            Reminder, ["case_id", "rule", "period", "created_at"], rows(), now=self.now
        )

    def events(self):
        s, rng, now = self.scale, self.rng, self.now
        start = next_id(Event)
        slugs = list(self.desks)
        rows = []
        for n in range(s.events):
            slug = slugs[n % 3]
            commune = self.communes[slug][(n * 13) % len(self.communes[slug])][0]
            starts = now + timedelta(days=rng.randint(-365, 365), hours=rng.randint(0, 12))
            status = "done" if starts < now else "published"
            rows.append(
                (
                    start + n,
                    f"Soirée d'accueil n° {n}",
                    "welcome_evening",
                    self.desks[slug].pk,
                    starts,
                    starts + timedelta(hours=3),
                    "Salle des fêtes",
                    commune,
                    400,
                    True,
                    status,
                    now,
                )
            )
        copy_rows(
            Event,
            [
                "id",
                "title",
                "kind",
                "desk_id",
                "starts_at",
                "ends_at",
                "venue_name",
                "commune_id",
                "capacity",
                "is_published",
                "status",
                "created_at",
            ],
            rows,
            now=now,
        )
        self.counts["events"] = s.events
        # Invitations: 10 to 90 per event (50 on average), the rest on the first event.
        statuses = ["invited", "accepted", "accepted", "declined", "waiting", "attended"]

        def invitation_rows():
            written = 0
            for n in range(s.events):
                count = min(s.invitations - written, 10 + (n * 37) % 81)
                if n == s.events - 1:
                    count = s.invitations - written
                for _ in range(count):
                    written += 1
                    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                    yield (
                        start + n,
                        first,
                        last,
                        f"guest-{written}@bench.example",
                        "Médecin généraliste",
                        fold(f"{first} {last}"),
                        f"bench{written:09d}" + "x" * 30,
                        rng.choice(statuses),
                        now,
                    )

        self.counts["invitations"] = copy_rows(
            Invitation,
            [
                "event_id",
                "first_name",
                "last_name",
                "email",
                "profession_label",
                "search_name",
                "token",
                "status",
                "sent_at",
            ],
            invitation_rows(),
            now=now,
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    args = parser.parse_args()
    counts = Seeder(SCALES[args.scale]).run()
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
