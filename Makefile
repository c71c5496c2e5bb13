# The two commands the README gives: `make run` and `make test`. Both build .venv first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: setup run test test-fast lint chromium redis bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@# The reference for parity tests. Its pinned numpy/scipy do not install on Python 3.11;
	@# its pooling code needs only NumPy, hence --no-deps.
	$(PY) -m pip install --quiet --no-deps epynn==1.2.13
	touch $@

run: setup
	$(VENV)/bin/streamlit run app.py --server.port $(PORT)

chromium:
	@sh .ci/ensure-chromium

redis:
	@sh .ci/ensure-redis

test: setup chromium redis
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	@# pytest exits 5 when it collected no test: for poolviz that is a failure, said plainly.
	$(PY) -m pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo 'pytest collected no tests: that is a failure.' >&2; exit 1; fi; exit $$status

# A quick loop while working: ruff and every test but the real-browser ones (no Chromium needed).
test-fast: setup
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -m "not browser" -q $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo 'pytest collected no tests: that is a failure.' >&2; exit 1; fi; exit $$status

lint: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: setup
	$(PY) bench/bench_core.py
	$(PY) bench/bench_app.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
