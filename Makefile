# Social Dynamo: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test test-postgres test-browser browser-deps lint bench install install-dev translations messages migrate seed worker clean

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found %s)" % sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: $(VENV)/bin/python requirements.lock pyproject.toml
	$(PIP) install --quiet -r requirements.lock
	$(PIP) install --quiet --no-deps -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	$(PIP) install --quiet -r requirements-dev.lock
	@touch $@

install: $(VENV)/.installed translations

install-dev: $(VENV)/.installed-dev translations

translations: $(VENV)/.installed
	@$(PY) manage.py compiletranslations

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

## make run: install, migrate, seed demo data (first run), serve on http://127.0.0.1:8000 with a task worker.
run: migrate
	@if [ ! -f var/.demo-seeded ]; then $(PY) manage.py seed_demo && touch var/.demo-seeded; fi
	@$(PY) manage.py demo_logins --url http://$(HOST):$(PORT)
	@trap 'kill 0' EXIT INT TERM; \
	 $(MAKE) --no-print-directory worker >var/worker.log 2>&1 & \
	 echo "Task worker running (log: var/worker.log)."; \
	 while true; do $(PY) manage.py run_periodic >>var/periodic.log 2>&1; sleep 900; done & \
	 echo "Reminders and due notices every 15 minutes (log: var/periodic.log)."; \
	 echo "The hub: http://$(HOST):$(PORT)/ (Greek), http://$(HOST):$(PORT)/en/ (English). Ctrl-C stops it."; \
	 $(PY) manage.py runserver $(HOST):$(PORT)

## make worker: the background task worker for TASK_BACKEND (database queue, or RQ on Redis).
worker: install
	@if [ "$$($(PY) manage.py shell -v 0 -c 'from django.conf import settings; print(settings.TASK_BACKEND)')" = rq ]; then \
	  exec $(PY) manage.py rqworker --job-class django_tasks_rq.Job default; \
	else \
	  exec $(PY) manage.py db_worker --queue-name '*'; \
	fi

## make test: the whole suite on SQLite (browser tests run when Chromium is present; required under CI=true).
test: install-dev browser-deps
	SOCIALDYNAMO_TESTING=1 $(PY) -m pytest $(PYTEST_ARGS)

## make test-browser: only the browser tests, required to run (as under CI=true).
test-browser: install-dev browser-deps
	CI=true SOCIALDYNAMO_TESTING=1 $(PY) -m pytest tests/browser $(PYTEST_ARGS)

# axe-core for the browser tests, when this machine can run them (Chromium and npm present).
browser-deps:
	@if [ -f tests/browser/package.json ] && [ ! -d tests/browser/node_modules/axe-core ] \
	   && command -v npm >/dev/null 2>&1 \
	   && { command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; }; then \
	  (cd tests/browser && npm ci --silent --no-audit --no-fund) \
	    || echo "npm ci failed: the browser tests will be skipped"; \
	fi

test-postgres: install-dev
	bash scripts/test-postgres.sh $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint --lint src/socialdynamo

bench: install-dev
	$(PY) bench/run.py

messages: install-dev
	cd src/socialdynamo && ../../$(PY) ../../manage.py makemessages -l el -l en --no-obsolete --no-location --ignore '*/site-packages/*'
	$(PY) scripts/fill_en_catalogue.py
	$(PY) manage.py compiletranslations

clean:
	rm -rf $(VENV) var/test*.sqlite3
