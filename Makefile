# The two commands: `make run` (set up what the chat needs, build the index if missing or stale, serve the chat)
# and `make test` (everything the suite needs on top, then the suite).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip install --quiet --disable-pip-version-check
HOST   ?= 127.0.0.1
PORT   ?= 7860
APT_PACKAGES := chromium fonts-noto-cjk fonts-noto-color-emoji

.PHONY: run test install install-test system-deps index clean

# Without pip's own copy (ensurepip alone takes seconds); pip is added when uv cannot be used, and for the tests.
$(BIN)/python:
	$(PYTHON) -m venv --without-pip $(VENV)

HAVE_PIP := $(BIN)/python -m pip --version >/dev/null 2>&1 || $(BIN)/python -m ensurepip --upgrade >/dev/null

# What the chat needs, and nothing else (no torch, no sentence-transformers, no playwright): `make run`.
# uv installs it in about a third of pip's time (parallel downloads); pip does it when uv cannot be had or fails
# (uv reads no pip.conf: a machine with only a local package index gets pip).
$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	@if { [ -x $(BIN)/uv ] || $(PYTHON) -m pip --python $(BIN)/python install --quiet \
			--disable-pip-version-check uv >/dev/null 2>&1; } \
		&& $(BIN)/uv pip install --quiet --python $(BIN)/python -e .; then :; \
	else $(HAVE_PIP) && $(PIP) -e .; fi
	touch $@

# The suite's extras on top: pytest, playwright, sentence-transformers with the CPU torch (pip: it reads pip.conf,
# where these machines name their local wheels).
$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed-run
	$(HAVE_PIP) && $(PIP) -e '.[test]'
	touch $@

install: $(VENV)/.installed-run

install-test: $(VENV)/.installed-test

# Debian's chromium and CJK fonts for the browser tests (Chinese renders as boxes without them); the emoji
# font comes along when they are installed (👍/👎 are boxes in screenshots without it, nothing else).
system-deps:
	@if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_PACKAGES) >/dev/null; \
	else \
		echo "the browser tests need: sudo apt-get install $(APT_PACKAGES)" >&2; exit 1; \
	fi

index: install
	$(BIN)/qa build seeds --out embeddings --if-stale --quiet

run: index
	$(BIN)/qa serve --index embeddings --host $(HOST) --port $(PORT)

test: install-test system-deps
	$(BIN)/python -m pytest -q tests

clean:
	rm -rf $(VENV) .pytest_cache
