# eventwire: `make run` sets up and runs the bundled example; `make test` sets up and runs the tests;
# `make demo` builds a demo store and serves it at http://127.0.0.1:8000/.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

WEB_STAMP := eventwire/server/static/vendor/versions.json
DEMO_DB ?= demo.duckdb

.PHONY: run test fuzz setup setup-test lock clean web browser demo

run: $(STAMP) $(WEB_STAMP)
	$(BIN)/eventwire extract examples/nk-russia-reuters.txt --published 2024-10-29 --format table

test: $(TEST_STAMP) $(WEB_STAMP) browser
	$(BIN)/python -m pytest -q

# The web UI: node and npm from Debian when missing, the libraries from the npm registry (package-lock.json),
# copied with the pages of web/src into eventwire/server/static. No package script runs (--ignore-scripts):
# the build only copies files, and nothing may phone home.
web: $(WEB_STAMP)
$(WEB_STAMP): web/package.json web/package-lock.json web/build.mjs $(wildcard web/src/*)
	command -v npm >/dev/null || (apt-get update -q && apt-get install -y -q nodejs npm)
	cd web && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && node build.mjs

# The end-to-end tests drive Debian's chromium through Playwright (never `playwright install`).
browser:
	command -v chromium >/dev/null || (apt-get update -q && apt-get install -y -q chromium)

# A demo store: the bundled example and a few hundred generated stories, then the server on it.
demo: $(STAMP) $(WEB_STAMP)
	$(BIN)/python -m eventwire.server.demo --db $(DEMO_DB)
	$(BIN)/eventwire serve --db $(DEMO_DB)

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
	rm -rf $(VENV) *.egg-info .pytest_cache web/node_modules eventwire/server/static
