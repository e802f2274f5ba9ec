# Two entry points that work on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup bytecode demo test golden bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml tools/system-deps.sh $(wildcard styles/brands/*/brand.yaml)
	bash tools/system-deps.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(MAKE) bytecode
	touch $(STAMP)

# reporter's own modules compiled ahead (an editable install leaves them to the first run, and with
# PYTHONDONTWRITEBYTECODE set every run compiles them again: ~0,15 s of each command)
bytecode:
	$(BIN)/python -m compileall -q -j 0 reporter

demo: $(STAMP)
	@for p in stv sof stv-summary social-support; do \
	  $(BIN)/reporter validate fixtures/$$p && \
	  $(BIN)/reporter metrics fixtures/$$p --out out/$$p && \
	  $(BIN)/reporter note fixtures/$$p --out out/$$p && \
	  $(BIN)/reporter profiles fixtures/$$p --out out/$$p || exit 1; \
	done
	@echo "Demo written to out/stv, out/sof, out/stv-summary and out/social-support (note.pdf, note.docx, note.html, profiles/, metrics/)"

test: $(STAMP)
	$(BIN)/python -m pytest

# Regenerate tests/golden/ after an intended change to the rendered output (then review and commit it).
golden: $(STAMP)
	$(BIN)/python tools/make_golden.py

bench: $(STAMP) bytecode
	for f in bench/[!_]*.py; do $(BIN)/python $$f; done

clean:
	rm -rf $(VENV) out
