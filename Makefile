# bulletin-builder — `make help` lists the targets.
PYTHON ?= python3
VENV ?= .venv
BULLETINS ?= bulletins
OUT ?= build
FORMATS ?= html,pdf,docx
STRICT ?= yes
FORMAT ?= text
PORT ?= 8000
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TOOLS_STAMP := .tools/.installed

.DEFAULT_GOAL := help
.PHONY: help bulletin preview validate test check lint typecheck unit quick golden bench system-deps validators clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

bulletin: $(STAMP) ## Validate and build every bulletin into build/ (HTML, PDF, DOCX)
	$(BIN)/bulletin build $(BULLETINS) --out $(OUT) --format $(FORMATS)

preview: $(STAMP) ## Live English | French preview in a browser, reloaded on save (PORT=8000, OPEN=1)
	$(BIN)/bulletin serve $(BULLETINS) --port $(PORT) $(if $(OPEN),--open)

validate: $(STAMP) ## Validate the bulletins; a pending translation fails (STRICT=no: a warning; FORMAT=github)
	$(BIN)/bulletin validate $(if $(filter yes,$(STRICT)),--strict) --format $(FORMAT) $(BULLETINS)

test: lint typecheck unit ## Run the whole suite: ruff, vulture, mypy, pytest with every validator

check: lint typecheck quick ## The quick loop: lint, types, the tests that need no validator and are not slow

lint: $(STAMP) ## ruff over src/, tests/ and bench/; vulture for dead code
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/vulture src tools/vulture_allowlist.py

typecheck: $(STAMP) ## mypy --strict over src/
	$(BIN)/mypy

unit: $(STAMP) $(TOOLS_STAMP) ## pytest (validators installed first)
	$(BIN)/pytest

# The quick loop keeps pytest's rewritten test modules (in tests/__pycache__/, ignored by git)
# from one run to the next, even where PYTHONDONTWRITEBYTECODE is set: collecting them again
# costs every test process about 3 s.
quick: $(STAMP) ## pytest without the validators and the slow end-to-end tests, on every core
	PYTHONDONTWRITEBYTECODE= BULLETIN_QUICK_TESTS=1 $(BIN)/pytest -m "not validator and not slow" -n auto -q

golden: $(STAMP) ## Regenerate the golden files (diagnostics, normalized HTML)
	$(BIN)/pytest --regen-golden -q

bench: $(STAMP) ## Run the benchmarks in bench/ and print the ratios
	bash tools/install-system.sh bench
	$(BIN)/python bench/run.py

system-deps: ## Install the Debian packages the build and the validators need (as root)
	bash tools/install-system.sh

validators: $(TOOLS_STAMP) ## Install Chromium, axe-core, vnu, veraPDF, LibreOffice for the tests

$(STAMP): pyproject.toml
	bash tools/install-system.sh build
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	$(BIN)/python -m compileall -q src  # bytecode, even where PYTHONDONTWRITEBYTECODE is set
	touch $@

$(TOOLS_STAMP): tools/install-validators.sh tools/package.json tools/package-lock.json tools/verapdf/VeraDriver.java
	bash tools/install-system.sh validators
	bash tools/install-validators.sh
	mkdir -p .tools && touch $@

clean: ## Remove build/ (the virtual environment and tools stay)
	rm -rf $(OUT)

.PHONY: diff new publish

diff: $(STAMP) ## What this branch changes in the bulletins, as Markdown (DIFF_BASE=, DIFF_HEAD=, DIFF_OUT=file)
	$(BIN)/bulletin diff $(DIFF_BASE) $(DIFF_HEAD) --format markdown --path $(BULLETINS) $(if $(DIFF_OUT),> $(DIFF_OUT))

new: $(STAMP) ## Start a bulletin: make new SERIES=CARM DATE=2021-07-22 (or FROM=carm-2021-07-15 DATE=...)
	$(BIN)/bulletin new $(if $(SERIES),--series $(SERIES)) $(if $(FROM),--from $(FROM)) --date $(DATE) --path $(BULLETINS)

publish: $(STAMP) ## Build strictly, then publish the bulletins whose outputs changed as GitHub releases (CI)
	$(BIN)/bulletin build --strict $(BULLETINS) --out $(OUT) --format $(FORMATS)
	bash tools/publish-changed.sh $(OUT)
