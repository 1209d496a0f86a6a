# Two commands for a researcher: `make reproduce` and `make test`.
# Both create .venv from scratch when it is absent (only python3 and pip needed).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: help install reproduce test test-fast lint format bench fuzz clean docs r-reference

help:
	@echo "make reproduce  regenerate data/processed/, figures/ and executed notebooks"
	@echo "make test       run the whole test suite"
	@echo "make docs       build the documentation site into docs/_build/html (offline)"
	@echo "make lint       ruff check, format check, mypy and the import layers"
	@echo "make bench      run the benchmarks (docs/performance.md)"
	@echo "make r-reference  regenerate the R reference numbers of the design-based estimates"
	@echo "make fuzz       run the property tests (CSV, XLSX, SPSS, Stata, codebooks, platform layouts, API arguments) for FUZZ_SECONDS (600)"

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

reproduce: $(STAMP)
	$(VENV)/bin/lscb-survey reproduce --notebooks

test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -n 2 --dist loadfile

test-fast: $(STAMP)
	$(PY) -m pytest -n 2 -m "not slow"

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(VENV)/bin/lint-imports

format: $(STAMP)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# The documentation site, notebooks executed; warnings are errors. Open
# docs/_build/html/index.html in a browser.
docs: $(STAMP)
	$(PY) -m sphinx -W --keep-going -b html -j 2 docs docs/_build/html
	@echo "open docs/_build/html/index.html"

bench: $(STAMP)
	$(PY) benchmarks/run.py

# Property tests of the readers with many examples, repeated until FUZZ_SECONDS have
# passed (each round uses fresh random inputs and FUZZ_EXAMPLES examples per test, so
# that rounds are short and the loop ends near FUZZ_SECONDS; a failure stops the loop).
FUZZ_SECONDS ?= 600
FUZZ_EXAMPLES ?= 200
FUZZ_TESTS ?= tests/waves/test_fuzz.py tests/data/test_codebook_fuzz.py tests/waves/test_fuzz_platforms.py \
	tests/waves/test_fuzz_files.py tests/test_fuzz_arguments.py \
	tests/present/test_export.py::test_written_cells_are_escaped_iff_formula_like \
	tests/present/test_paths.py::test_any_text_gives_one_plain_file_name
fuzz: $(STAMP)
	@end=$$(( $$(date +%s) + $(FUZZ_SECONDS) )); round=0; \
	while [ $$(date +%s) -lt $$end ]; do \
		round=$$((round + 1)); echo "fuzz round $$round"; \
		HYPOTHESIS_PROFILE=fuzz FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest -q -p no:cacheprovider -x $(FUZZ_TESTS) \
			--hypothesis-seed=$$(od -An -N4 -tu4 /dev/urandom | tr -d ' ') || exit 1; \
	done; echo "fuzz: $$round rounds, nothing found"

clean:
	rm -rf $(VENV) build dist .pytest_cache docs/_build docs/_generated

# Reference numbers of the design-based estimates from R's survey package (needs Rscript
# with the survey package: Debian's r-base-core and r-cran-survey). The suite compares
# with the committed output and does not need R.
r-reference: $(STAMP)
	$(PY) tests/stats/r/make_cases.py
	Rscript tests/stats/r/design_reference.R
