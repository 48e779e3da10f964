# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := pb.app:create_app

.PHONY: run test install install-test lint bench clean warmup translations

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade pip >/dev/null

# Stamp files make re-runs fast while still reinstalling when pyproject.toml changes.
# `pip install .` alone is the tally library (no Flask); the platform needs the `web` extra.
$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install -e '.[web]' >/dev/null
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install -e '.[web,test]' >/dev/null
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Compiles the tally's numba kernels into their disk cache, so no request waits for it.
warmup: install
	$(BIN)/python -m pb.domain.tally.warmup

run: install warmup
	$(BIN)/python -m pb.instance_setup
	$(BIN)/flask db upgrade
	$(BIN)/flask demo
	PB_DEVELOPMENT=1 $(BIN)/gunicorn --config gunicorn.conf.py --bind 127.0.0.1:$(PORT) wsgi:app

test: install-test warmup
	$(BIN)/pytest -n 2 --dist worksteal -q

# After marking or changing text shown to people: re-extract, update every catalog (entries no
# longer used are dropped, never kept fuzzy), translate the new entries, then compile. The .mo
# files are committed so any checkout or install serves them; tests/i18n checks they match.
translations: install
	$(BIN)/pybabel extract -F babel.cfg --add-location=file --sort-output -k _l -k lazy_gettext -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --ignore-obsolete --no-fuzzy-matching
	$(BIN)/pybabel compile -d translations --statistics

lint: install-test
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: install-test
	$(BIN)/python bench/tally.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
