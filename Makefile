# Two commands on a fresh machine with Python 3.11+ and make: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-postgres test-browser bench check-deploy messages clean

# (Re)create the virtual environment when it is missing or older than pyproject.toml.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	BIYE_LOCAL=1 $(BIN)/biye demo

test: $(STAMP)
	$(BIN)/pytest -q -p no:cacheprovider

# The same suite against a throwaway PostgreSQL database (DATABASE_URL decides; see .ci/run).
test-postgres: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/biye} $(BIN)/pytest -q -p no:cacheprovider

test-browser: $(STAMP)
	$(BIN)/pytest -q -p no:cacheprovider -m browser tests/browser

check-deploy: $(STAMP)
	BIYE_LOCAL=0 DEBUG=0 SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=biye.example.edu.cn \
	  DATABASE_URL=sqlite:///$(CURDIR)/var/deploy-check.sqlite3 $(BIN)/biye check --deploy --fail-level WARNING

# Refresh the English catalog from the Chinese source strings, then compile it. Needs gettext's tools;
# translate any new empty msgstr in biye/locale/en/LC_MESSAGES/django.po and commit both .po and .mo.
messages: $(STAMP)
	cd biye && BIYE_LOCAL=1 ../$(BIN)/biye makemessages -l en --no-obsolete && BIYE_LOCAL=1 ../$(BIN)/biye compilemessages -l en

clean:
	rm -rf $(VENV) var/*.sqlite3*
