# The two commands: `make run` (set up, build the index if missing or stale, serve the chat) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 7860
APT_PACKAGES := chromium fonts-noto-cjk

.PHONY: run test install system-deps index clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Debian's chromium and CJK fonts for the browser test (Chinese renders as boxes without the fonts).
system-deps:
	@if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_PACKAGES) >/dev/null; \
	else \
		echo "the browser test needs: sudo apt-get install $(APT_PACKAGES)" >&2; exit 1; \
	fi

index: install
	$(BIN)/qa build seeds --out embeddings --if-stale

run: index
	$(BIN)/qa serve --index embeddings --host $(HOST) --port $(PORT)

test: install system-deps
	$(BIN)/python -m pytest -q tests

clean:
	rm -rf $(VENV) .pytest_cache
