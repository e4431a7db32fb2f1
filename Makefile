# The two commands of the README. Both set up everything they need from a
# clean clone: a virtual environment with the locked dependencies.
#   make demo   install, run the pipeline on the demo corpus (dvc repro),
#               then open the explorer on http://127.0.0.1:8501
#   make test   install (with Debian's chromium for the browser test), run the test suite
#   make test-fast  the unit tests only (no pipeline build, no browser), under 90 s
#   make lint   ruff check and ruff format --check (also run by make test)
PYTHON ?= python3.11
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml 2>/dev/null | sha256sum | cut -c1-12)
# The stages in dvc.yaml call `samenspraak`, which lives in the venv.
RUN := PATH="$(BIN):$$PATH"

.PHONY: demo test test-fast lint install lock browser explore
# The explorer's settings (address, no usage statistics, no developer menu) are in .streamlit/config.toml;
# usage statistics are switched off on the command line as well, so that no other config can switch them on.
EXPLORE := $(RUN) streamlit run app/explorer.py --browser.gatherUsageStats false

# --compile-bytecode: with PYTHONDONTWRITEBYTECODE set (as on this machine and in CI)
# every process would otherwise compile scikit-learn, SciPy, pandas and spaCy
# again: 13 s instead of 4 s to import the train stage.
$(STAMP): requirements.lock pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==0.13.9
	$(BIN)/uv pip sync --quiet --compile-bytecode --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

# Debian's chromium for the explorer's browser test; without root or apt the test skips itself.
browser:
	@command -v chromedriver >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; } || echo "chromium niet geïnstalleerd: de browsertest wordt overgeslagen"

demo: install
	$(RUN) dvc repro
	$(EXPLORE)

explore: install
	$(EXPLORE)

test: install browser lint
	$(RUN) python -m pytest

# ruff: the linter and formatter (pyproject.toml [tool.ruff]); part of `make test`.
lint: install
	$(RUN) ruff check .
	$(RUN) ruff format --check .

# The fast lane: every test but those marked slow (pipeline builds, the
# explorer's pages and browser). `make test` still runs everything.
# The unit tests run on every core (pytest-xdist); the slow ones share one
# pipeline build per process, so `make test` runs them in one.
test-fast: install
	$(RUN) python -m pytest -m "not slow" -n auto

# Re-resolve the pinned versions after changing dependencies in pyproject.toml.
lock:
	$(BIN)/uv pip compile --quiet --python-version 3.11 --extra dev --generate-hashes pyproject.toml -o requirements.lock
