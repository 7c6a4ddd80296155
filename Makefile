# Two commands: `make run` (the site on http://127.0.0.1:8000) and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format install demo migrate worker beat sweep bench clean

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

clean:
	rm -rf var staticfiles
