# The two commands of the README: `make serve` and `make test`.
# Both create .venv themselves; only Python >= 3.11 and make are needed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

# Debian's Chromium as its old headless shell, what Playwright itself runs headless: a page
# opens in half the time of the full browser, which the tests use where the shell is absent.
CHROMIUM ?= /usr/bin/chromium-headless-shell
# axe-core, pinned by package-lock.json, checks the pages' accessibility in the browser tests.
AXE := node_modules/axe-core/axe.min.js

.PHONY: serve test test-long bench bench-large index check lint clean browser axe

serve: $(VENV)/.installed
	$(BIN)/solsearch serve --host $(HOST) --port $(PORT)

# One test process per core (pytest-xdist); a file's tests stay together, so that each
# file's fixtures (an index, a server) are built once.
PYTEST := $(BIN)/python -m pytest -n auto --dist loadfile

test: $(VENV)/.installed-test browser axe
	$(BIN)/ruff check src tests bench
	$(PYTEST)

# The browser tests drive Debian's Chromium; install its headless shell when missing and
# possible. Where neither it nor the full browser is there, the tests say so loudly and skip
# (fail when CI=true).
FALLBACK := les tests navigateur prendront /usr/bin/chromium s'il existe, sinon seront ignorés.
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installation de chromium-headless-shell (Debian)…"; \
			export DEBIAN_FRONTEND=noninteractive; \
			apt-get install -y -qq chromium-headless-shell >/dev/null 2>&1 \
				|| { apt-get update -qq && apt-get install -y -qq chromium-headless-shell >/dev/null; } \
				|| echo "!! chromium-headless-shell n'a pas pu être installé : $(FALLBACK)"; \
		else \
			echo "!! $(CHROMIUM) absent et non installable ici (root et apt-get requis) : $(FALLBACK)"; \
		fi; \
	fi

# axe-core from the npm registry, at the version package-lock.json pins (Node 20 and npm).
# Without npm, the accessibility checks say so and skip (fail when CI=true).
axe:
	@if [ ! -f $(AXE) ]; then \
		if command -v npm >/dev/null; then \
			npm ci --ignore-scripts --no-audit --no-fund; \
		else \
			echo "!! npm absent : axe-core non installé, vérifications d'accessibilité ignorées."; \
		fi; \
	fi

# The long profiles: 10,000+ fuzzed inputs, more rebuilds and kills.
test-long: $(VENV)/.installed-test browser axe
	SOLSEARCH_LONG_TESTS=1 $(PYTEST)

# Speed and scale figures (printed, never asserted); bench-large adds 100,000 documents.
bench: $(VENV)/.installed-test
	$(BIN)/python -m bench

bench-large: $(VENV)/.installed-test
	$(BIN)/python -m bench --sizes 1000,10000,100000 --svg bench/latency.svg

index: $(VENV)/.installed
	$(BIN)/solsearch index

check: $(VENV)/.installed
	$(BIN)/solsearch check

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Python 3.11 ou plus récent est nécessaire ($(PYTHON))."; exit 1; }
	@if $(PYTHON) -c 'import pip, sys; sys.exit(tuple(map(int, pip.__version__.split(".")[:2])) < (22, 3))' \
			2>/dev/null; then \
		echo "$(PYTHON) -m venv --without-pip $(VENV)"; $(PYTHON) -m venv --without-pip $(VENV); \
	else \
		echo "$(PYTHON) -m venv $(VENV)"; $(PYTHON) -m venv $(VENV); \
	fi

# A fresh clone's `make serve` is mostly this install and the embedding of the corpus.
# Where the system's pip can install into another Python (--python, pip 22.3+), it fills
# the venv and adds pip to it, instead of the venv installing its own pip first (5 s). The
# pip that comes with Python is recent enough (editable installs need 21.3). Modules are
# compiled here, not at their first import: Python warns about whoosh's source when it
# compiles it, on the console of a server's first start, and the tests turn that warning
# into an error.
PIP = $(if $(wildcard $(BIN)/pip),$(BIN)/python -m pip,$(PYTHON) -m pip --python $(BIN)/python) \
	install --quiet $(if $(wildcard $(BIN)/pip),,pip)

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PIP) -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(PIP) -e '.[test]'
	touch $(VENV)/.installed $@

clean:
	rm -rf $(VENV) index
