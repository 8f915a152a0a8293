# eventwire: `make run` sets up and runs the bundled example; `make test` sets up and runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test fuzz setup setup-test lock clean

run: $(STAMP)
	$(BIN)/eventwire extract examples/nk-russia-reuters.txt --published 2024-10-29 --format table

test: $(TEST_STAMP)
	$(BIN)/python -m pytest -q

# Not in CI: the property tests with many examples (EVENTWIRE_FUZZ_EXAMPLES per strategy, default 300) and the
# kill/resume tests at every point; a failing or slow input is saved to tests/data/adversarial/.
fuzz: $(TEST_STAMP)
	EVENTWIRE_FUZZ=1 $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_fuzz.py tests/test_kill_resume.py

setup: $(STAMP)
setup-test: $(TEST_STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(TEST_STAMP): $(STAMP) requirements-test.lock
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-test.lock
	touch $@

# Regenerate the hash-pinned lock files from pyproject.toml (needs network to PyPI).
lock:
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras -o requirements.lock pyproject.toml
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --extra test -o requirements-test.lock pyproject.toml

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
