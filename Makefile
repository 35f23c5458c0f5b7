# lifemetrics: `make demo` runs the whole pipeline on synthetic data; `make test` runs every test.
# Needs only python3 (3.11) and make: uv is bootstrapped into .tools/.

PYTHON ?= python3.11
UV := .tools/bin/uv
export UV_PYTHON_DOWNLOADS := never
VENV := .venv
SYNCED := $(VENV)/.synced
# Airflow pins many packages: it lives in its own venv, constrained to uv.lock, never in the core install.
AIRFLOW_VERSION := 3.3.2
AIRFLOW_VENV := .venv-airflow
AIRFLOW_SYNCED := $(AIRFLOW_VENV)/.synced

.PHONY: demo test setup browser lint clean airflow-env

demo: $(SYNCED)
	$(VENV)/bin/lifemetrics demo

test: $(SYNCED) browser airflow-env
	$(VENV)/bin/python -m pytest -m "not airflow" --ignore=tests/airflow
	$(AIRFLOW_VENV)/bin/python -m pytest -m airflow tests/airflow

setup: $(SYNCED)

# ruff check (pyflakes, syntax, import order) and ruff format --check, line length 100 (pyproject.toml)
lint: $(SYNCED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv

$(SYNCED): pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

airflow-env: $(AIRFLOW_SYNCED)

$(AIRFLOW_SYNCED): pyproject.toml uv.lock | $(UV)
	$(UV) venv --allow-existing --python $(PYTHON) $(AIRFLOW_VENV)
	$(UV) export --frozen --no-hashes --no-emit-project --output-file $(AIRFLOW_VENV)/constraints.txt
	$(UV) pip install --python $(AIRFLOW_VENV)/bin/python --constraint $(AIRFLOW_VENV)/constraints.txt \
		apache-airflow==$(AIRFLOW_VERSION) --editable . pytest pytest-timeout
	touch $@

browser:
	@command -v chromium >/dev/null 2>&1 || scripts/install-chromium

clean:
	rm -rf $(VENV) $(AIRFLOW_VENV) .tools .pytest_cache
