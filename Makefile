# SocialTech platform: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The port of the development server; links printed, e-mailed and put in PDFs use it too.
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := socialtech.settings

.PHONY: help run test test-e2e lint typecheck importcheck bench install migrate demo worker clean check-system backup restore

help:
	@echo "make run        set up, load the demo and serve http://localhost:$(PORT) with the task runner (PORT=8123 for another port)"
	@echo "make test       set up and run the whole test suite"
	@echo "make test-e2e   run the browser tests (needs Debian's chromium)"
	@echo "make lint       ruff, mypy and the import contract"
	@echo "make bench      run the benchmarks under benchmarks/"
	@echo "make backup     dump the PostgreSQL database (DATABASE_URL) and the media folder into var/backups/<time> (BACKUP_DIR=... for another folder)"
	@echo "make restore BACKUP_DIR=var/backups/<time>   restore such a backup (stop the site first)"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
		{ echo "Python 3.11 or newer is needed (found $$($(PYTHON) --version)). On Debian/Ubuntu: sudo apt-get install python3.11 python3.11-venv"; exit 1; }
	@$(PYTHON) -m venv $(VENV) || { echo "Could not create a virtual environment. On Debian/Ubuntu: sudo apt-get install python3-venv"; exit 1; }

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	@# The project installs no packages of its own (it runs from this folder), so a plain
	@# install: an editable one only adds a warning block to the newcomer's console.
	$(BIN)/python -m pip install --quiet ".[dev]"
	@touch $(STAMP)

install: $(STAMP)
	@DEBUG=1 $(BIN)/python manage.py check_system

migrate: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput

demo: migrate
	DEBUG=1 DEMO_MODE=1 $(BIN)/python manage.py install_schedules
	DEBUG=1 DEMO_MODE=1 PUBLIC_PORT=$(PORT) $(BIN)/python manage.py seed_demo

run: demo
	@echo "Starting the task runner (worker with the schedule, log in var/worker.log) and the web server on http://localhost:$(PORT)"
	@echo "E-mails are printed here."
	@DEBUG=1 DEMO_MODE=1 PUBLIC_PORT=$(PORT) $(BIN)/celery -A socialtech worker -B --pool=solo --concurrency=1 \
		--loglevel=INFO --schedule=var/celerybeat-schedule --logfile=var/worker.log & \
	worker=$$!; trap "kill $$worker 2>/dev/null; wait $$worker 2>/dev/null" EXIT INT TERM; \
	DEBUG=1 DEMO_MODE=1 PUBLIC_PORT=$(PORT) $(BIN)/python manage.py runserver localhost:$(PORT)

worker: install
	DEBUG=1 PUBLIC_PORT=$(PORT) $(BIN)/celery -A socialtech worker -B --pool=solo --concurrency=1 --loglevel=INFO

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-e2e: install
	$(BIN)/python -m pytest tests/e2e $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/mypy socialtech organisations calls applications evaluations grants vouchers mooc upskilling dissemination mapping acceleration connect_to_innovate reports privacy demo api
	$(BIN)/lint-imports

bench: install
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

check-system: install

backup:
	scripts/backup.sh $(BACKUP_DIR)

restore:
	@test -n "$(BACKUP_DIR)" || { echo "Name the backup: make restore BACKUP_DIR=var/backups/<time>"; exit 1; }
	scripts/restore.sh $(BACKUP_DIR)

clean:
	rm -rf $(VENV) var
