"""Production settings plus one bare view (``/bench/floor/``), for the benchmark only."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# The bench loads the demo and runs its own commands, even with production settings.
INSTALLED_APPS += [app for app in ("demo", "bench") if app not in INSTALLED_APPS]  # noqa: F405

# collectstatic goes to a throw-away directory (the manifest storage needs it in production).
STATIC_ROOT = env.path("BENCH_STATIC_ROOT", default=STATIC_ROOT)  # noqa: F405
