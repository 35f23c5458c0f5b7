# lifemetrics: `make demo` runs the whole pipeline on synthetic data; `make test` runs every test.
# Needs only python3 (3.11) and make: uv is bootstrapped into .tools/.

PYTHON ?= python3.11
UV := .tools/bin/uv
export UV_PYTHON_DOWNLOADS := never
VENV := .venv
SYNCED := $(VENV)/.synced

.PHONY: demo test setup browser lint clean

demo: $(SYNCED)
	$(VENV)/bin/lifemetrics demo

test: $(SYNCED) browser
	$(VENV)/bin/python -m pytest

setup: $(SYNCED)

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv

$(SYNCED): pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

browser:
	@command -v chromium >/dev/null 2>&1 || scripts/install-chromium

clean:
	rm -rf $(VENV) .tools .pytest_cache
