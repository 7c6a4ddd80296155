"""Load the demo territory: each module of the ``demo`` package has a ``load(report)``,
called in the order of ``LOADERS`` (geography first, cases and what hangs on them last).
Safe to run again: every loader updates what it finds instead of duplicating it."""

from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

LOADERS = [
    "demo.territories",
    "demo.structures",
    "demo.placements",
    "demo.aids",
    "demo.events",
    "demo.cases",
    "demo.students",
    "demo.ambassadors",
    "demo.hotline",
    "demo.opportunities",
    "demo.partners",
    "demo.partner_sessions",
]


class Report:
    def __init__(self):
        self.accounts = []
        self.lines = []

    def account(self, email, label):
        self.accounts.append((email, label))

    def line(self, text):
        self.lines.append(text)


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent) et affiche les comptes créés."

    def handle(self, *args, **options):
        from demo.territories import DEMO_PASSWORD

        if settings.PRODUCTION:
            raise CommandError(
                "Refusé : les comptes de démonstration ont un mot de passe public ; "
                "ils ne se chargent pas en production (DJANGO_ENV=production)."
            )

        report = Report()
        with transaction.atomic():
            for module_name in LOADERS:
                import_module(module_name).load(report)
        for line in report.lines:
            self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"Comptes de démonstration (mot de passe commun : {DEMO_PASSWORD}) :"
            )
        )
        width = max(len(email) for email, _ in report.accounts)
        for email, label in report.accounts:
            self.stdout.write(f"  {email.ljust(width)}  {label}")
