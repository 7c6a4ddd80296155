"""Races between real database connections, for tests that need two writers at once."""

import threading

from django.db import connections


def in_threads(*callables):
    """Run the callables at the same moment, each on its own connection; return outcomes."""
    barrier = threading.Barrier(len(callables))
    outcomes = [None] * len(callables)

    def run(index, function):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = function()
        except Exception as exc:  # collected, asserted by the test
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, f)) for i, f in enumerate(callables)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes
