# nqparse — everything a fresh machine with Python 3.11+ needs, in its own virtual environment.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
SAMPLE  = corpus/nq-chi-bo-mau-2026.txt
UNITS   = corpus/units-tan-lam.yaml

.PHONY: setup demo test bench eval clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,dask,spacy]"
	touch $@

$(VENV)/.nlp: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[nlp]"
	touch $@

# The main job on the bundled sample: tracking workbook, review page, JSON, per-unit plans.
demo: setup
	@mkdir -p output
	$(BIN)/nqparse parse $(SAMPLE) -f json -o output/sample.json
	$(BIN)/nqparse parse $(SAMPLE) -f xlsx -o output/sample-theo-doi.xlsx
	$(BIN)/nqparse parse $(SAMPLE) -f html -o output/sample-review.html
	$(BIN)/nqparse plan $(SAMPLE) --units $(UNITS) -o output/plans
	@echo "Xong: output/sample-theo-doi.xlsx, output/sample-review.html, output/plans/"

test: setup
	$(BIN)/python -m pytest -n 2 --dist loadfile

bench: setup $(VENV)/.nlp   # the baselines (underthesea) are measured in the same run
	$(BIN)/python bench/run.py

eval: setup
	$(BIN)/nqparse eval --misses 5

clean:
	rm -rf $(VENV) output/* .pytest_cache
