"""Asking a worker for work by the task's registered name.

A service that schedules its own background work (the outbox asking for a delivery, the
welcome pack asking for a rendering) would otherwise import its ``tasks`` module, which
imports the service back: an import circle. Tasks are found by name in Celery's registry;
a web process that has not loaded the task's module yet loads it here."""

import logging
from importlib import import_module

from celery import current_app
from django.db import transaction
from kombu.exceptions import OperationalError as KombuOperationalError

logger = logging.getLogger(__name__)


def run_later(task_name: str, *args, **options):
    """``apply_async`` of the task registered as ``task_name`` (``"<module>.<function>"``)."""
    if task_name not in current_app.tasks:
        import_module(task_name.rsplit(".", 1)[0])
    return current_app.tasks[task_name].apply_async(args, **options)


def run_after_commit(task_name: str, *args, **options) -> None:
    """``run_later`` once the transaction commits, for work that must never fail the request
    that asked for it: with the broker down, the error is logged and the request still
    answers (the task's own schedule or page catches up: the welcome pack's nightly refresh,
    the live « offres qui correspondent » panels)."""

    def enqueue():
        try:
            run_later(task_name, *args, **options)
        except (KombuOperationalError, ConnectionError, OSError):
            logger.warning("Tâche %s non demandée (broker indisponible).", task_name, exc_info=True)

    transaction.on_commit(enqueue)
