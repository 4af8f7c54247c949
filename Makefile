# Two commands for a fresh machine: `make demo` and `make test`. Both create .venv and install first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
OUT ?= out

.PHONY: install demo test bench eval clean browser

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	# Pinned CPU wheel first: any other torch version pulls a multi-GB CUDA build.
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -e '.[test]'
	@rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

demo: install
	@mkdir -p $(OUT)
	$(BIN)/tone check --context "My parcel was due Monday. Where is it?" --fail-on none \
		"We apologize for any inconvenience. Delays are caused by the courier, please contact them directly."
	$(BIN)/tone check --input data/samples/replies.jsonl --format jsonl --fail-on none > $(OUT)/check.jsonl
	@echo "Scored data/samples/replies.jsonl (en, ru, uk, sk): results in $(OUT)/check.jsonl"

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

clean:
	rm -rf $(VENV) $(OUT) *.egg-info
