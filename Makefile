# Entry points that work on a fresh Debian machine:
#   make examples   build the example dossiers into build/
#   make test       lint, type-check and run the test suite
#   make golden     write tests/golden/ anew from the examples, to review as a diff
# Each installs what it needs: the system libraries WeasyPrint uses, then a virtual
# environment with dossier and its test tools.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# PyICU (the confusable letters a restricted name may be spoofed with) is built against the
# system's ICU: its headers, pkg-config and a C++ compiler.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 poppler-utils \
	libicu-dev pkg-config g++
# The tests also open each Word file in a real word processor, and `dossier serve`'s page in
# a real browser (Debian's Chromium, driven by Playwright: no browser is downloaded).
TEST_PACKAGES   := libreoffice-writer-nogui fonts-liberation chromium

.PHONY: examples test golden system-deps docs clean

examples: $(BIN)/dossier
	$(BIN)/dossier build
	@echo "dossier is installed in $(VENV)/: run  . $(VENV)/bin/activate  to have it on your PATH"

test: $(BIN)/dossier
	@$(MAKE) --no-print-directory system-deps SYSTEM_PACKAGES="$(TEST_PACKAGES)"
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/mypy
	$(BIN)/pytest -n auto

golden: $(BIN)/dossier
	$(BIN)/pytest -q tests/whole/test_golden.py --update-golden
	-git diff --stat -- tests/golden

docs: $(BIN)/dossier
	$(BIN)/python scripts/update_docs.py

system-deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:" $$missing; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

$(BIN)/dossier: pyproject.toml | system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

clean:
	rm -rf build $(VENV) src/*.egg-info
