# Two commands do everything on a fresh machine with Python 3.11: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app workshops

.PHONY: run test install install-test secret lint bench messages catalogs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .
	$(MAKE) catalogs

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	$(MAKE) catalogs

TRANSLATIONS := workshops/translations

# The French and Arabic catalogs (.po, in git) compiled into the .mo files the app reads (not in git).
catalogs:
	$(BIN)/pybabel compile --statistics -d $(TRANSLATIONS)

# After changing strings: extract every _(), _l() and lazy_gettext() of the code and templates into the template
# catalog, then carry new strings into the French and Arabic catalogs for the translators (no guessed, fuzzy matches).
messages:
	$(BIN)/pybabel --quiet extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output -o $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS)

# A random secret key in instance/config.py, made once, never committed.
instance/config.py:
	mkdir -p instance
	$(BIN)/python -c "import secrets; print(f'SECRET_KEY = {secrets.token_hex(32)!r}')" > instance/config.py

secret: instance/config.py

# Certificates print verification links on PUBLIC_BASE_URL, which must match where the app serves.
run: export FLASK_PUBLIC_BASE_URL ?= http://127.0.0.1:5000
run: install secret
	$(FLASK) db upgrade
	$(FLASK) demo
	$(FLASK) run --host 127.0.0.1 --port 5000

# Two pytest-xdist workers, one per core of CI's machine, each on its own database (tests/conftest.py); idle
# workers take tests queued for the other (worksteal). `make test TEST_WORKERS=0` runs in one process.
TEST_WORKERS ?= 2

test: install-test
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal

lint: install-test
	$(BIN)/ruff check .

bench: install-test
	$(BIN)/python bench/bench_totals_and_certificates.py
