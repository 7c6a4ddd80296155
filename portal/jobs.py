"""Asking a worker for work by the task's registered name.

A service that schedules its own background work (the outbox asking for a delivery, the
welcome pack asking for a rendering) would otherwise import its ``tasks`` module, which
imports the service back: an import circle. Tasks are found by name in Celery's registry;
a web process that has not loaded the task's module yet loads it here."""

from importlib import import_module

from celery import current_app


def run_later(task_name: str, *args, **options):
    """``apply_async`` of the task registered as ``task_name`` (``"<module>.<function>"``)."""
    if task_name not in current_app.tasks:
        import_module(task_name.rsplit(".", 1)[0])
    return current_app.tasks[task_name].apply_async(args, **options)
