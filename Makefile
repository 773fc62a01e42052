# The two commands a new user needs:
#   make run    set up, then run the main job: animate the sample stills in data/ with the shipped checkpoint into output/
#   make test   set up, then run every notebook's tests and the pytest suite
#   make lab    set up, then open the project's notebooks in JupyterLab (the studio is nbs/14_studio.ipynb)
# `make setup` alone builds the virtual environment .venv (idempotent: a second run does nothing).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test lab export readme bench docs

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

# tools/test_notebooks.py is nbdev_test (2 workers) that prints each notebook as it passes and stops at the first failure
test: setup
	$(BIN)/python tools/test_notebooks.py --n_workers 2
	$(BIN)/python -m pytest -q tests

# JupyterLab refuses to run as root unless told (containers often run as root); the studio takes uploads up to
# 20 MB, more than tornado's default 10 MB websocket message
lab: setup
	$(BIN)/jupyter lab nbs --ServerApp.tornado_settings='{"websocket_max_message_size": 104857600}' $(if $(filter 0,$(shell id -u)),--allow-root)

export: setup
	$(BIN)/nbdev_clean && $(BIN)/nbdev_export

readme: setup
	$(BIN)/python tools/readme.py

# The documentation website, from the notebooks (tutorials executed), into _docs/ (open _docs/index.html)
docs: setup
	$(BIN)/python tools/docs.py

bench: setup
	$(BIN)/python bench/run_all.py $(BENCH_ARGS)
