# Set-up and the two main jobs. Both create .venv and install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint clean

$(BIN)/borderkg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/borderkg

demo: $(BIN)/borderkg
	$(BIN)/borderkg demo --out demo-output

test: $(BIN)/borderkg
	$(BIN)/python -m pytest

lint: $(BIN)/borderkg
	$(BIN)/ruff check borderkg tests benchmarks
	$(BIN)/mypy

clean:
	rm -rf $(VENV) demo-output borderkg-store .pytest_cache .mypy_cache .ruff_cache
