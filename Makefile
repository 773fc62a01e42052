# The two commands a new user needs:
#   make run    set up, then run the main job: animate the sample stills in data/ with the shipped checkpoint into output/
#   make test   set up, then run every notebook's tests and the pytest suite
# `make setup` alone builds the virtual environment .venv (idempotent: a second run does nothing).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test export readme bench

setup: $(STAMP)

# torch is installed first and pinned to the CPU build that the settings.ini range admits, so pip
# never resolves the range to a multi-GB CUDA build.
$(STAMP): settings.ini setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check "torch==2.13.0"
	$(BIN)/pip install -q --disable-pip-version-check -e ".[dev]"
	touch $@

run: setup
	$(BIN)/scenegan animate data --out output --seed 0 --scale 4
	@echo "Results: output/ (one GIF per still in data/, and output/grid.png with 8 frames of each)"

test: setup
	$(BIN)/nbdev_test --n_workers 2
	$(BIN)/python -m pytest -q tests

export: setup
	$(BIN)/nbdev_clean && $(BIN)/nbdev_export

readme: setup
	$(BIN)/python tools/readme.py

bench: setup
	$(BIN)/python bench/run_all.py
