# Two commands: `make run` (the platform with demo data on SQLite) and `make test` (the whole suite).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test lint install install-dev browser seed clean

$(UV):
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q uv

$(VENV)/.runtime: requirements.lock | $(UV)
	$(UV) pip install -q -p $(PY) -r requirements.lock
	touch $@

$(VENV)/.dev: requirements-dev.lock | $(UV)
	$(UV) pip install -q -p $(PY) -r requirements-dev.lock
	touch $@ $(VENV)/.runtime

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

# Random keys for this checkout's demo instance, made once and kept out of git.
var/secrets.env:
	mkdir -p var
	python3 -c "import secrets; print('ZHENGXIE_SECRET_KEY=' + secrets.token_urlsafe(50)); print('ZHENGXIE_DATA_KEY=' + secrets.token_hex(16))" > $@
	chmod 600 $@

run: install var/secrets.env
	set -a; . var/secrets.env; set +a; \
	export ZHENGXIE_DEMO=1; \
	$(PY) manage.py migrate --no-input -v0 && \
	$(PY) manage.py load_demo --address http://$(HOST):$(PORT) && \
	{ $(PY) manage.py worker --supervise & WORKER=$$!; trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py runserver --noreload $(HOST):$(PORT); }

# Debian's chromium drives the browser tests; Playwright never downloads a browser of its own.
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	ZHENGXIE_TESTING=1 $(VENV)/bin/mypy zhengxie tests bench

test: install-dev browser lint
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

seed: install
	$(PY) manage.py migrate --no-input -v0 && $(PY) manage.py seed --scale $${SCALE:-county}

clean:
	rm -rf $(VENV) var staticfiles
