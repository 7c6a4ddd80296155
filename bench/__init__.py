"""The benchmark harness (``make bench``): seeds a PostgreSQL database of its own at a chosen
scale, serves it with gunicorn and measures each page. Never part of ``make test``."""
