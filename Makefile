# The two commands of the README. Both set up everything they need from a
# clean clone: a virtual environment with the locked dependencies.
#   make demo   install, run the pipeline on the demo corpus (dvc repro)
#   make test   install, run the test suite
PYTHON ?= python3.11
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml 2>/dev/null | sha256sum | cut -c1-12)
# The stages in dvc.yaml call `samenspraak`, which lives in the venv.
RUN := PATH="$(BIN):$$PATH"

.PHONY: demo test install lock

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==0.13.9
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(RUN) dvc repro

test: install
	$(RUN) python -m pytest

# Re-resolve the pinned versions after changing dependencies in pyproject.toml.
lock:
	$(BIN)/uv pip compile --quiet --python-version 3.11 --extra dev --generate-hashes pyproject.toml -o requirements.lock
