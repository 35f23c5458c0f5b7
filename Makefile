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
# Superset, too, lives in a venv of its own (it pins Flask, SQLAlchemy and more); it reads the published
# tables through duckdb-engine at the project's DuckDB version, or Trino through the trino dialect.
SUPERSET_VENV := .venv-superset
SUPERSET_SYNCED := $(SUPERSET_VENV)/.synced
SUPERSET_PACKAGES := apache-superset==6.1.0 duckdb==1.4.4 duckdb-engine==0.17.0 trino==0.340.0 \
	rich==15.0.0 cachetools==8.0.2 flask-caching==2.3.1

.PHONY: demo test setup browser engine lint clean airflow-env superset-env superset wheel

demo: $(SYNCED)
	$(VENV)/bin/lifemetrics demo

test: $(SYNCED) browser engine airflow-env superset-env
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

# The installable wheel (dbt project, templates and assets inside), in dist/: `uv tool install dist/*.whl`.
wheel: | $(UV)
	$(UV) build --wheel --out-dir dist

airflow-env: $(AIRFLOW_SYNCED)

$(AIRFLOW_SYNCED): pyproject.toml uv.lock | $(UV)
	$(UV) venv --allow-existing --python $(PYTHON) $(AIRFLOW_VENV)
	$(UV) export --frozen --no-hashes --no-emit-project --output-file $(AIRFLOW_VENV)/constraints.txt
	$(UV) pip install --python $(AIRFLOW_VENV)/bin/python --constraint $(AIRFLOW_VENV)/constraints.txt \
		apache-airflow==$(AIRFLOW_VERSION) --editable . pytest pytest-timeout
	touch $@

superset-env: $(SUPERSET_SYNCED)

# A local Superset on the published tables of $(LIFEMETRICS_HOME) (metadata in its superset/ folder);
# SUPERSET_ARGS="--port 8088" for a fixed port.
superset: $(SYNCED) superset-env
	$(VENV)/bin/lifemetrics superset serve --superset $(SUPERSET_VENV)/bin/superset $(SUPERSET_ARGS)

$(SUPERSET_SYNCED): Makefile | $(UV)
	$(UV) venv --allow-existing --python $(PYTHON) $(SUPERSET_VENV)
	$(UV) pip install --python $(SUPERSET_VENV)/bin/python $(SUPERSET_PACKAGES)
	touch $@

browser:
	@command -v chromium >/dev/null 2>&1 || scripts/install-chromium

engine:
	@scripts/install-stockfish

clean:
	rm -rf $(VENV) $(AIRFLOW_VENV) $(SUPERSET_VENV) .tools .pytest_cache
