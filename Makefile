# Two commands: `make run` (the site on http://127.0.0.1:8000) and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format install demo migrate worker beat sweep bench soak backup restore clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

# Reinstall only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(VENV)/bin/activate
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable

demo: migrate
	$(PY) manage.py load_demo

# Links in mails and documents point at the port actually served, unless SITE_URL is given.
# runserver's system checks say at start what this machine lacks (e.g. Pango for PDFs).
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: demo
	@echo "Le portail est servi sur http://$(HOST):$(PORT)/ (Ctrl+C pour l'arrêter)."
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports --no-cache

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

worker: install
	$(VENV)/bin/celery -A portal worker -l info

beat: install
	$(VENV)/bin/celery -A portal beat -l info

# Benchmark on PostgreSQL, never part of `make test` (docs/performance.md): SCALE=small|large|both,
# PEER=1 also runs the django-helpdesk peer at the same N. BENCH_DATABASE_URL picks the server.
SCALE ?= both
# The daily reminder sweep, now (Celery beat runs it every morning in production).
sweep: migrate
	$(PY) manage.py run_daily_sweep

bench: install
	$(PY) -m bench.run --scale $(SCALE) $(if $(PEER),--peer) $(BENCH_ARGS)

# Backup and restore (README « Sauvegarde et restauration »): pg_dump -Fc of DATABASE_URL plus
# the media files, in one directory; restored into RESTORE_DATABASE_URL (FORCE=1 overwrites).
BACKUP_DIR ?= var/backups/$(shell date +%Y-%m-%d-%H%M%S)
backup: install
	$(PY) manage.py backup --output $(BACKUP_DIR)

restore: install
	@test -n "$(BACKUP)" || { echo "Indiquez la sauvegarde : make restore BACKUP=var/backups/… RESTORE_DATABASE_URL=postgres://…"; exit 2; }
	@test -n "$(RESTORE_DATABASE_URL)" || { echo "Indiquez la base de destination : RESTORE_DATABASE_URL=postgres://…"; exit 2; }
	$(PY) manage.py restore --input $(BACKUP) --database-url $(RESTORE_DATABASE_URL) \
		--media-root $(or $(RESTORE_MEDIA_ROOT),var/media) $(if $(FORCE),--force)

# Soak test on PostgreSQL + Redis + a real worker and beat, never part of `make test`:
# DURATION seconds of mixed traffic, Redis stopped and the worker killed midway.
DURATION ?= 600
soak: install
	$(PY) -m bench.soak --duration $(DURATION) $(SOAK_ARGS)

clean:
	rm -rf var staticfiles
