# Shouhu — the two commands: `make demo` (run the platform) and `make test` (run the whole suite).
# Both work from a clean clone on a machine with Python 3.11, make and the package registries.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
SHOUHU := $(VENV)/bin/shouhu
PORT   ?= 8000
STAMP  := $(VENV)/.installed
PYTEST_ARGS ?=
# The suite runs on every core (pytest-xdist); TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto

export DJANGO_SETTINGS_MODULE ?= shouhu.config.settings.base

.PHONY: demo test test-only install browser axe lint format bench fuzz messages clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when the dependency declaration or the lock changes. `make demo` needs only what the
# platform runs on (a clean clone serves sooner without the test tools); `make test` adds the dev extras.
RUNSTAMP := $(VENV)/.installed-run
$(STAMP): pyproject.toml requirements/lock.txt | $(PY)
	$(PY) -m pip install --quiet -c requirements/lock.txt -e '.[dev]'
	touch $(STAMP) $(RUNSTAMP)

$(RUNSTAMP): pyproject.toml requirements/lock.txt | $(PY)
	$(PY) -m pip install --quiet -c requirements/lock.txt -e .
	touch $(RUNSTAMP)

install: $(STAMP)

demo: $(RUNSTAMP)
	$(SHOUHU) migrate --noinput
	$(SHOUHU) demo-data --if-empty
	@echo "Serving Shouhu on http://127.0.0.1:$(PORT)  (Ctrl-C to stop)"
	GUNICORN_BIND=127.0.0.1:$(PORT) $(VENV)/bin/gunicorn -c deploy/gunicorn.conf.py shouhu.config.wsgi

# Browser tests need Debian's chromium, and PDFs/screenshots a CJK font (fonts-wqy-microhei): install them
# when missing and we are root; otherwise browser tests skip with a visible reason.
SYSTEM_PACKAGES := chromium fonts-wqy-microhei
browser: axe
	@missing=""; [ -x /usr/bin/chromium ] || missing="chromium"; \
	[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing="$$missing fonts-wqy-microhei"; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian packages:$$missing …"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null) \
	    || echo "WARNING: could not install$$missing; browser tests will be skipped"; \
	else echo "NOTE: missing$$missing and not root: browser tests will be skipped"; fi

# axe-core for the accessibility browser test: the npm tarball, integrity-checked, cached under var/vendor/
# (tests/e2e/axe_core.py). If it cannot be fetched, that test fails in CI (CI=true) and skips elsewhere.
axe:
	@$(PYTHON) tests/e2e/axe_core.py

test: $(STAMP) browser lint test-only

# pytest exits 5 when it collected nothing: that is a broken suite, never a pass.
# The suite always runs under its own settings (shouhu.config.settings.test): the DJANGO_SETTINGS_MODULE
# exported above for `make demo` would otherwise win over pyproject's, and the suite would run on the demo
# settings (enforced CSP, the real job queue, production logging).
test-only:
	@DJANGO_SETTINGS_MODULE=shouhu.config.settings.test $(VENV)/bin/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc = 5 ]; then echo "ERROR: pytest collected no tests"; exit 1; fi; exit $$rc

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: $(STAMP)
	cd src/shouhu && ../../$(SHOUHU) makemessages -l en --no-obsolete && ../../$(SHOUHU) compilemessages -l en

# Speed figures for docs/benchmarks.md (each script prints its own; see bench/README.md).
bench: $(STAMP)
	$(VENV)/bin/pytest -m timing -q
	$(PY) bench/rules_bench.py
	$(PY) bench/labels_bench.py
	$(PY) bench/labels_photos.py
	$(PY) bench/registry_pages.py

# Schemathesis over the whole API with many examples per operation (the suite runs the same test bounded).
FUZZ_EXAMPLES ?= 200
fuzz: $(STAMP)
	DJANGO_SETTINGS_MODULE=shouhu.config.settings.test SHOUHU_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) \
	  $(VENV)/bin/pytest tests/api/test_api_contract_fuzz.py -q $(PYTEST_ARGS)

clean:
	rm -rf var .pytest_cache
