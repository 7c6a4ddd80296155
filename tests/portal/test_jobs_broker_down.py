"""Work asked after commit never fails the request when the broker is down (soak: the
submission answered 500 while Redis was stopped)."""

import logging

from kombu.exceptions import OperationalError

from portal import jobs


def test_run_after_commit_logs_a_broker_outage_instead_of_raising(
    monkeypatch, caplog, django_capture_on_commit_callbacks, db
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(jobs, "run_later", broker_down)
    with (
        caplog.at_level(logging.WARNING, logger="portal.jobs"),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        jobs.run_after_commit("opportunities.tasks.match_case", 1)
    assert len(callbacks) == 1
    assert "opportunities.tasks.match_case" in caplog.text and "broker indisponible" in caplog.text
