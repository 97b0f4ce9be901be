# Two commands do everything on a fresh machine: `make demo` and `make test`.
# Both create .venv and install what they need first (torch==2.13.0 before sentence-transformers,
# so pip takes the CPU build that lies on this machine's disk instead of downloading CUDA wheels).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test clean

$(STAMP): pyproject.toml .ci/apt-packages.txt
	bash .ci/install-apt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/scorer score examples/ --format table

test: $(STAMP)
	$(BIN)/python -m pytest
