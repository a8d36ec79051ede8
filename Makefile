# make book: set up (venv, Debian packages) and build both editions (HTML + PDF).
# make test: lint, the tests that need no build (make test-fast), build if needed, the rest.
# make book LITE=0: the same book without the in-browser notebooks (see README).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEBS := chromium fonts-noto-cjk fonts-dejavu-core poppler-utils texlive-xetex texlive-latex-extra texlive-lang-chinese latexmk default-jre-headless
# npm packages, pinned in package-lock.json: plotly.js sources + esbuild (the book's lean
# plotly bundle), axe-core and vnu-jar (make test), lighthouse (make bench).
NODE_STAMP := node_modules/.installed
# LITE=0: the book without its in-browser notebooks (no `_build/html/lite/`, no button).
LITE ?= 1
export TIANYUAN_LITE = $(LITE)

.PHONY: book html pdf test test-fast serve bench clean system-deps lint data data-check lab check-deps

TIANYUAN := $(VENV)/bin/tianyuan

book: $(STAMP) system-deps $(NODE_STAMP)
	$(TIANYUAN) book all

html: $(STAMP) $(NODE_STAMP)
	$(TIANYUAN) book html

# The PDFs alone (the HTML build must have run: it executes the notebooks).
pdf: $(STAMP) system-deps
	$(TIANYUAN) book pdf

# Check every data file and re-derive data/tables/ after editing them (make book does it too).
data: $(STAMP)
	$(TIANYUAN) data

# The tests in tiers (markers in pyproject.toml): the fast tier needs no built book and runs
# from a fresh clone in a few minutes; `make test` lints, checks that the committed chart
# tables are current (before make book would derive them afresh), runs the fast tier,
# builds, then runs the rest.
FAST_TIER := not (build or browser or tex or lite or clone)

test-fast: $(STAMP) system-deps
	$(PY) -m pytest -m "$(FAST_TIER)"

# The committed chart tables are current (CI): checked before make book re-derives them.
data-check: $(STAMP)
	$(TIANYUAN) data --check

test: lint data-check test-fast
	$(MAKE) --no-print-directory book
	$(PY) -m pytest -m "not ($(FAST_TIER))"

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: install Node.js 18+ with npm (e.g. apt-get install nodejs npm)"; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

# Installs missing Debian packages when root; otherwise prints the exact command.
system-deps:
	@missing=$$(for p in $(DEBS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Missing Debian packages. Run: sudo apt-get install -y $$missing"; \
	  fi; \
	fi

# JupyterLab on http://127.0.0.1:8888 with the chapters (book/*.md) opening as notebooks.
lab: $(STAMP)
	$(TIANYUAN) lab

serve: $(STAMP)
	$(PY) -m http.server 8000 --bind 127.0.0.1 --directory _build/html

bench: $(STAMP) system-deps $(NODE_STAMP)
	$(TIANYUAN) bench

# ruff, and the package's layers (import-linter contracts in pyproject.toml).
lint: $(STAMP)
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/ruff format --check src tests
	$(VENV)/bin/lint-imports

check-deps: $(NODE_STAMP) system-deps

clean:
	rm -rf _build
