# reportmine: `make demo` builds the knowledge base from corpus/, `make test` runs the tests.
# Everything installs into a virtual environment of its own (.venv) from PyPI.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
PIP     = $(PY) -m pip --disable-pip-version-check -q
KB     ?= build/corpus.sqlite
# constraints.txt pins every package to the version the tests passed with (generated on Python
# 3.11, whose wheels it names); another Python installs the newest versions pyproject.toml allows.
# (Asked of $(PYTHON), not of the venv: make expands a recipe before its first line makes the venv.)
PINS    = $(shell $(PYTHON) -c 'import sys; print("-c constraints.txt" if sys.version_info[:2] == (3, 11) else "")')

.PHONY: demo test install serve clean constraints

install: $(VENV)/.installed

# pkuseg 0.0.25 has no wheel: it compiles against numpy and cython, which must be present
# first and visible to its build (--no-build-isolation).
$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip setuptools wheel
	$(PIP) install $(PINS) numpy cython
	$(PIP) install $(PINS) --no-build-isolation pkuseg==0.0.25
	$(PIP) install $(PINS) -e '.[dev]'
	touch $@

# after changing dependencies in pyproject.toml and passing the tests: pin what was tested
constraints: install
	{ sed -n '1,2p' constraints.txt; $(PY) -m pip freeze --exclude-editable | grep -v -i -E '^(#|reportmine[= ])'; } > constraints.tmp
	mv constraints.tmp constraints.txt

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
