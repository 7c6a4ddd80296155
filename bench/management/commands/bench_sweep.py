"""Time the daily sweep over N open cases (inside a transaction rolled back at the end).

manage.py bench_sweep --cases 10000
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from installations import reminders
from installations.enums import CaseStatus
from installations.models import Case
from portal.roles import Role
from structures.models import Profession
from territories.models import Desk, DeskMember


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Mesure la relance quotidienne sur N dossiers ouverts (rien n'est conservé)."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=10000)

    def handle(self, *args, cases, **options):
        desks = list(Desk.objects.all()[:3])
        profession = Profession.objects.filter(code="medecin-generaliste").first()
        if not desks or profession is None:
            raise CommandError("Chargez d'abord la démonstration : manage.py load_demo.")
        try:
            with transaction.atomic():
                self._seed(cases, desks, profession)
                with CaptureQueriesContext(connection) as queries:
                    result = reminders.send_due()
                self.stdout.write(
                    f"{cases} dossiers ouverts : {result.items} éléments dus, {result.mails} "
                    f"e-mails, {len(queries.captured_queries)} requêtes SQL, "
                    f"{result.seconds:.2f} s."
                )
                raise Rollback
        except Rollback:
            pass

    def _seed(self, count, desks, profession):
        rng = random.Random(7)
        User = get_user_model()
        referents = User.objects.bulk_create(
            User(email=f"bench-ref-{i}@bench.invalid", role=Role.REFERENT) for i in range(40)
        )
        DeskMember.objects.bulk_create(
            DeskMember(user=user, desk=desks[i % len(desks)]) for i, user in enumerate(referents)
        )
        applicants = User.objects.bulk_create(
            (User(email=f"bench-{i}@bench.invalid") for i in range(count)), batch_size=2000
        )
        now, today = timezone.now(), timezone.localdate()
        statuses = [
            CaseStatus.SUBMITTED,
            CaseStatus.ASSIGNED,
            CaseStatus.IN_PROGRESS,
            CaseStatus.ON_HOLD,
        ]
        rows = []
        for i, user in enumerate(applicants):
            status = statuses[i % len(statuses)]
            referent = referents[i % len(referents)] if status != CaseStatus.SUBMITTED else None
            age = timedelta(days=rng.randint(0, 60))
            rows.append(
                Case(
                    applicant=user,
                    desk=desks[i % len(desks)],
                    profession=profession,
                    status=status,
                    referent=referent,
                    reference=f"BENCH-{i:06d}",
                    submitted_at=now - age,
                    assigned_at=now - age if referent else None,
                    first_contact_at=now - age
                    if status != CaseStatus.ASSIGNED and referent
                    else None,
                    last_activity_at=now - timedelta(days=rng.randint(0, 60)),
                    next_action_on=today - timedelta(days=rng.randint(-10, 10)),
                    resume_on=today - timedelta(days=1) if status == CaseStatus.ON_HOLD else None,
                    first_name="Bench",
                    last_name=str(i),
                )
            )
        Case.objects.bulk_create(rows, batch_size=2000)
