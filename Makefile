# Casebook: every target sets up what it needs, so a fresh clone only needs Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM ?= /usr/bin/chromium
ADDR ?= localhost:8000
CMS := cms

.PHONY: help serve build validate deploy-check cms messages test lint typecheck unit all-tests bench golden browser screenshots clean

help:  ## List the targets.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(VENV)/.site: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.test: $(VENV)/.site
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

serve: $(VENV)/.site  ## Set up and serve the sample site with live reload on $(ADDR).
	$(BIN)/mkdocs serve --dirty --dev-addr $(ADDR)

build: $(VENV)/.site  ## Set up and build the sample site into site/.
	$(BIN)/mkdocs build --strict

validate: $(VENV)/.site  ## Check every case file and protocol (VALIDATE_ARGS="--format github" for CI).
	$(BIN)/casebook validate $(VALIDATE_ARGS)

# The web editor (Decap CMS, README "Web editing"): its pinned packages, from the npm registry.
# The site serves the vendored copy in content/admin/; the tests also run its local backend.
$(CMS)/node_modules/.installed: $(CMS)/package-lock.json
	@if ! command -v npm >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's nodejs and npm for the web editor..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	  else \
	    echo "error: npm not found; install Node.js and npm (apt-get install nodejs npm)"; exit 1; \
	  fi; \
	fi
	npm ci --prefix $(CMS) --no-audit --no-fund --loglevel=error
	touch $@

cms: $(VENV)/.site $(CMS)/node_modules/.installed  ## Vendor the pinned Decap CMS into content/admin/ and regenerate its config.
	cp $(CMS)/node_modules/decap-cms/dist/decap-cms.js $(CMS)/node_modules/decap-cms/dist/decap-cms.js.LICENSE.txt content/admin/
	cp $(CMS)/node_modules/decap-server/LICENSE content/admin/LICENSE-decap-cms.txt
	$(BIN)/casebook cms

# The site's words: extract every marked message, then add the new ones to each language's
# catalog (generator/locale/<lang>/LC_MESSAGES/casebook.po) for a translator to fill in.
messages: $(VENV)/.site  ## Extract the site's words into generator/locale/ and update every catalog.
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k _ -k ngettext:1,2 -k pgettext:1c,2 --no-location --sort-output \
	  --project Casebook --omit-header -o generator/locale/casebook.pot .
	$(BIN)/pybabel update -D casebook -i generator/locale/casebook.pot -d generator/locale \
	  --ignore-obsolete --no-fuzzy-matching

deploy-check: $(VENV)/.site  ## Check the built site/: its policy on every page, inline scripts, other hosts.
	$(BIN)/casebook deploy-check site

# Browser tests drive Debian's chromium; install it when we may (root with apt), else say how.
browser:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "warning: $(CHROMIUM) not found; install Debian's chromium (apt-get install chromium) or the browser tests fail."; \
	  fi; \
	fi
	@if ! command -v java >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's default-jre-headless for the W3C Nu HTML checker..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	  else \
	    echo "warning: java not found; install Debian's default-jre-headless or the HTML check fails."; \
	  fi; \
	fi

lint: $(VENV)/.test  ## ruff check, ruff format --check and the import contract (lint-imports).
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

typecheck: $(VENV)/.test  ## mypy --strict.
	$(BIN)/mypy --strict

unit: $(VENV)/.test  ## The fast tier: every test that runs no MkDocs build, process, Hypothesis or browser.
	$(BIN)/pytest -m "not browser and not slow"

all-tests: $(VENV)/.test browser $(CMS)/node_modules/.installed  ## Every test, builds, Hypothesis and Chromium included.
	$(BIN)/pytest

test: lint typecheck all-tests  ## Set up, lint, type-check and run every test.

bench: $(VENV)/.test  ## Run the benchmarks; they print their figures.
	$(BIN)/python -m tests.benchmarks

screenshots: $(VENV)/.test browser  ## PNGs of the main pages at 375 and 1280 px in tests/screenshots/.
	$(BIN)/python -m tests.screenshots

golden: $(VENV)/.test  ## Regenerate the golden rendered pages in tests/golden/.
	$(BIN)/python -m tests.golden

clean:  ## Remove the virtualenv and build output.
	rm -rf $(VENV) site .pytest_cache .mypy_cache .ruff_cache $(CMS)/node_modules
