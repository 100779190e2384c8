# reportmine: `make demo` builds the knowledge base from corpus/, `make test` runs the tests.
# Everything installs into a virtual environment of its own (.venv) from PyPI.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
PIP     = $(PY) -m pip --disable-pip-version-check -q
KB     ?= build/corpus.sqlite

.PHONY: demo test install serve clean

install: $(VENV)/.installed

# pkuseg 0.0.25 has no wheel: it compiles against numpy and cython, which must be present
# first and visible to its build (--no-build-isolation).
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip setuptools wheel
	$(PIP) install numpy cython
	$(PIP) install --no-build-isolation pkuseg==0.0.25
	$(PIP) install -e '.[dev]'
	touch $@

demo: install
	@mkdir -p $(dir $(KB))
	$(VENV)/bin/reportmine run corpus --db $(KB)
	$(VENV)/bin/reportmine evaluate corpus/gold --db $(KB)
	@echo
	@echo "Knowledge base written to $(KB). Browse it with:"
	@echo "    $(VENV)/bin/reportmine serve $(KB)"

test: install
	$(PY) -m pytest

serve: install
	$(VENV)/bin/reportmine serve $(KB)

clean:
	rm -rf build .pytest_cache
