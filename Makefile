# kolplatform — two commands on a fresh machine: `make run` and `make test`.
#
#   make run       venv + dependencies + migrations + demo data (once), then the dev server on
#                  http://127.0.0.1:$${PORT:-8000}/ (with REDIS_URL: web + Celery worker + beat)
#   make test      the whole suite (unit, PostgreSQL-only and worker tests when their env is set, e2e)
#   make lint      ruff format --check, ruff check, module layering (lint-imports), missing
#                  migrations, bandit (no high finding),
#                  pip-audit of the pinned dependencies (PIP_AUDIT_FLAGS=--strict in CI with
#                  PyPI's advisory service reachable: a package it cannot look up then fails too)
#   make format    ruff format + ruff check --fix
#   make smoke     the production path: DEBUG=0, migrate, collectstatic, gunicorn, pages fetched
#   make scale     a fresh PostgreSQL database $$BENCH_DATABASE_URL filled by seed_scale --factor
#                  $$FACTOR (default 1; 100 is the design target) - dropped and made again
#   make bench     the daily pages through gunicorn on that data, the dashboard against raw SQL,
#                  the XLSX/CSV import speed; writes docs/performance.md; fails on a missed target
#                  (BENCH_GATE=0: report only)
#   make pg-bench  a private PostgreSQL cluster on 127.0.0.1:5433 for the benches, started with the
#                  parameters docker-compose.yml ships (PG_PROFILE=defaults: PostgreSQL's defaults)
#   make bench-webhooks  10,000 domain events fanned out to a local receiver by 4 concurrent
#                  workers: none lost, none doubled (bench/test_webhooks.py; a throwaway
#                  test_<name> database beside $$BENCH_DATABASE_URL; BENCH_WEBHOOK_EVENTS)
#   make loadtest  locust, headless, against gunicorn on that data (LOADTEST_USERS, LOADTEST_TIME)
#   make messages  makemessages -l ru (new msgids into locale/ru/LC_MESSAGES/django.po, where they
#                  are translated) + compilemessages (the committed .mo); needs gettext
#   make backup    PostgreSQL dump + media + SHA-256 manifest into $$BACKUP_DIR (var/backups)
#   make restore BACKUP=var/backups/kolplatform-...   verify, then restore into an empty database
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed
PYTEST_WORKERS ?= 2
PIP_AUDIT_FLAGS ?=
BANDIT_EXCLUDE := ./tests,./bench,./static,./$(VENV),./var,./*/migrations,./kolplatform/*/migrations

.PHONY: run test lint format smoke bench bench-webhooks scale pg-bench loadtest install migrate messages backup restore clean

# Development defaults for the targets that start Django outside pytest; the environment wins.
run migrate messages bench scale loadtest backup restore: export DEBUG ?= 1
FACTOR ?= 1
PG_PROFILE ?= shipped
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/kol_scale

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

run: migrate
	$(PY) manage.py seed_demo --once
	@echo
	@echo "kolplatform: http://127.0.0.1:$(PORT)/  (logins above; Ctrl+C stops)"
ifdef REDIS_URL
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" WEB_PORT=$(PORT) $(VENV)/bin/honcho -f Procfile start
else
	$(PY) manage.py runserver 127.0.0.1:$(PORT)
endif

test: install
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadfile

lint: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/bandit -q -r . -x '$(BANDIT_EXCLUDE)' --severity-level high
	$(VENV)/bin/pip-audit -r constraints.txt --no-deps --disable-pip --progress-spinner off $(PIP_AUDIT_FLAGS)

smoke: install
	$(PY) bin/smoke_production.py

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

scale: install
	$(PY) bin/scale_db.py "$(BENCH_DATABASE_URL)"
	DATABASE_URL="$(BENCH_DATABASE_URL)" $(PY) manage.py migrate --noinput -v0
	DATABASE_URL="$(BENCH_DATABASE_URL)" $(PY) manage.py seed_scale --factor $(FACTOR)

bench: install
	BENCH_DATABASE_URL="$(BENCH_DATABASE_URL)" $(PY) -m bench.run

pg-bench: install
	$(PY) bin/pg_cluster.py start $(PG_PROFILE)

bench-webhooks: install
	DATABASE_URL="$(BENCH_DATABASE_URL)" $(PY) -m pytest bench/test_webhooks.py -q -s --create-db

loadtest: install
	BENCH_DATABASE_URL="$(BENCH_DATABASE_URL)" $(PY) -m bench.loadtest

messages: install
	$(PY) manage.py makemessages -l ru
	$(PY) manage.py compilemessages -l ru

backup: install
	$(PY) manage.py backup

restore: install
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=<backup directory>"; exit 2; }
	$(PY) manage.py restore "$(BACKUP)"

clean:
	rm -rf $(VENV) var test-results
