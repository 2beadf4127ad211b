# Shoreline: `make run` starts the dashboard, `make test` runs every test.
# Needs only Python 3.11+ and make; everything else goes into .venv.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501

.PHONY: run test check lint bench bench-engine data check-data calibration clean

$(PY):
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ needed"'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --editable .
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps --editable .
	touch $(VENV)/.runtime $@

run: $(VENV)/.runtime
	$(PY) -m ui.serve --server.port $(PORT)

test: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m pytest

# The fast inner loop (about a minute): lint, and the method's tests — engine, data, languages,
# delivery evidence, rules, hours — without the pages, the browser, the stores or the sweep.
check: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m pytest -q tests/test_engine.py tests/test_timezones.py tests/test_languages.py \
		tests/test_delivery.py tests/test_hq_rules.py tests/test_nights.py tests/test_countries.py \
		tests/test_data_facts.py tests/test_golden.py tests/test_layers.py tests/test_cities.py

lint: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# Engine, then the browser (needs /usr/bin/chromium), then 30 sessions, then a live room over
# two replicas (needs postgresql and haproxy); exit 1 if any is over budget or fails. bench/ui.py
# also times the floor every sidebar page stands on (bench/floor_sidebar.py: the sidebar alone)
# and the Join page's (bench/floor_form.py); bench/ab.py what each kind of element costs a page.
bench: $(VENV)/.dev
	$(PY) bench/run.py; e=$$?; $(PY) bench/ui.py; u=$$?; $(PY) bench/ab.py; a=$$?; \
	$(PY) bench/load.py; l=$$?; $(PY) bench/replicas.py; r=$$?; exit $$(( e || u || a || l || r ))

bench-engine: $(VENV)/.dev
	$(PY) bench/run.py

data: $(VENV)/.dev
	$(PY) data/build/build_countries.py
	$(PY) data/build/build_languages.py
	$(PY) data/build/build_delivery.py
	$(PY) data/build/build_cities.py

calibration: $(VENV)/.runtime
	$(PY) bench/calibration.py

check-data: $(VENV)/.dev
	$(PY) data/build/build_countries.py --check
	$(PY) data/build/build_languages.py --check
	$(PY) data/build/build_delivery.py --check
	$(PY) data/build/build_cities.py --check

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
