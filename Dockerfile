# Production image: gunicorn serves the portal; the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_ENV=production

# WeasyPrint renders PDFs with Pango/HarfBuzz; fonts so that French text prints everywhere.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
        libjpeg62-turbo libopenjp2-7 libffi8 shared-mime-info fonts-dejavu-core fonts-liberation \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 portal
WORKDIR /app
COPY pyproject.toml ./
RUN pip install --upgrade pip && pip install .
# .dockerignore lets in the portal's packages, templates and static files only: no demo data,
# no benchmark, no tests (production runs without them: INSTALLED_APPS leaves demo and bench out).
COPY --chown=portal:portal . .
RUN test ! -e demo && test ! -e bench && test ! -e tests && test ! -e .env
# collectstatic needs settings but no secret worth keeping: a throwaway key for this step only.
RUN SECRET_KEY=build-only-collectstatic-key-not-used-at-run-time-000000000 \
    python manage.py collectstatic --noinput

USER portal
EXPOSE 8000
# portal/gunicorn_conf.py: bind 0.0.0.0:8000, 3 workers, access log, no Server header.
CMD ["gunicorn", "-c", "python:portal.gunicorn_conf", "portal.wsgi:application"]
