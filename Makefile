# The two commands: `make demo` (set up and run the demo) and `make test` (set up and run the tests).
.PHONY: demo test setup lint messages check-deploy

PY := .venv/bin/python
PORT ?= 8000

setup:
	@scripts/bootstrap.sh dev

demo: setup
	@$(PY) -m marsad.cli demo --port $(PORT)

# Tests run on SQLite by default; set DATABASE_URL=postgres://... to run them on PostgreSQL.
test: setup
	@scripts/test.sh $(ARGS)

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy

# Refresh the ar/he catalogues after changing user-facing strings, then translate and compile.
messages: setup
	$(PY) -m marsad.cli makemessages -l ar -l he --add-location=file $(MAKEMESSAGES_IGNORE)
	$(PY) -m marsad.cli compilemessages -l ar -l he -i .venv -i node_modules

MAKEMESSAGES_IGNORE := -i tests -i "var/*" -i bench -i node_modules -i "*/tests/*" -i conftest.py
