# Two commands for a fresh machine: `make demo` and `make test`. Both create .venv and install first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
OUT ?= out

.PHONY: install demo test bench eval clean browser model-card

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	# Pinned CPU wheel first: any other torch version pulls a multi-GB CUDA build.
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -e '.[test]'
	@rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

demo: install
	$(BIN)/tone score data/samples/transcripts_en.jsonl data/samples/transcripts_ru.jsonl \
		data/samples/transcripts_uk.jsonl data/samples/transcripts_sk.jsonl --out $(OUT)/demo
	@echo "Open $(OUT)/demo/report.html in a browser; per-agent figures are in $(OUT)/demo/agents.csv."

# Browser tests drive Debian's Chromium; install it when we may (root or sudo), else they skip outside CI.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "note: chromium not installed and no root; browser tests will be skipped"; fi; }

test: install browser
	$(BIN)/python -m pytest -q

eval: install
	$(BIN)/tone eval --split dev

bench: install
	$(BIN)/tone bench

# Measure every detector on dev, benchmark them, and regenerate the model card from those numbers.
model-card: install
	@mkdir -p $(OUT)
	for d in rules model combined; do $(BIN)/tone eval --split dev --detector $$d --json $(OUT)/eval-dev-$$d.json > $(OUT)/eval-dev-$$d.txt; done
	for d in rules combined; do $(BIN)/tone bench --detector $$d --out $(OUT)/bench.jsonl; done
	$(BIN)/python scripts/model_card.py

clean:
	rm -rf $(VENV) $(OUT) *.egg-info
