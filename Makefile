# The course's commands. The first use creates a virtual environment in .venv and installs the course into it;
# later uses reuse it, and rebuild it when the interpreter, EXTRAS or pyproject.toml change.
#
#   make lessons                 run every lesson (standard profile, TensorFlow) into build/
#   make lessons PROFILE=smoke BACKEND=torch LESSONS="01 03" SEED=1
#   make test                    lint, fast unit tests, slow unit tests, every notebook on all three backends (smoke)
#   make test-fast               lint and the unit tests only (fast, then slow)
#   make report                  rebuild build/report.html from the results on disk
#   make solutions LESSONS="01 05"  run the worked solutions of the exercises (all lessons if LESSONS is empty)
#   make bench                   time every lesson on each backend (median of REPEATS runs; smoke unless PROFILE=...)
#   make lab                     open the course in JupyterLab
#   make EXTRAS=gpu,course,dev lessons   install the GPU wheels instead of the CPU ones (Linux x86-64)
#   make PYTHON=python3.12 ...   choose the interpreter (3.11, 3.12 or 3.13)

# The interpreter: PYTHON if given, else python3 when it is 3.11-3.13, else the newest python3.1x found.
ifeq ($(origin PYTHON),undefined)
PYTHON := $(shell for p in python3 python3.13 python3.12 python3.11; do \
  $$p -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' >/dev/null 2>&1 && { command -v $$p; break; }; done)
endif
VENV    ?= .venv
EXTRAS  ?= cpu,course,dev
# PyTorch's CPU wheel index, used on Linux when EXTRAS has "cpu" (PyPI's Linux torch is the CUDA build, several GB).
# It is skipped, with a note, when it cannot be reached (as on CI machines that reach only PyPI). Empty: never used.
TORCH_INDEX ?= https://download.pytorch.org/whl/cpu
PROFILE ?= standard
BACKEND ?= tensorflow
LESSONS ?=
SEED    ?= 0
REPEATS ?= 3
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
# The pinned versions of every package the CPU route installs, for the interpreter's version and platform when the
# course has them (constraints/<platform>-py<version>.txt): a later install resolves exactly what the tests passed
# with. `make constraints` writes the file anew from the environment (after a deliberate upgrade, say).
comma := ,
PLATFORM_TAG := $(shell uname -s | tr A-Z a-z)-$(shell uname -m)
PYVERSION := $(shell $(PYTHON) -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")' 2>/dev/null)
CONSTRAINTS ?= $(wildcard constraints/$(PLATFORM_TAG)-py$(PYVERSION).txt)

.PHONY: setup lessons solutions report bench test test-fast lint format lab data clean constraints

# What the environment was built from; a change rebuilds it (a new interpreter: from scratch).
setup:
	@if [ -z "$(PYTHON)" ] || ! $(PYTHON) -c '' >/dev/null 2>&1; then \
	  echo "error: no Python 3.11, 3.12 or 3.13 found$(if $(PYTHON), ($(PYTHON) does not run here)). Install one" >&2; \
	  echo "       (python.org, your package manager or pyenv), then run make again or name it: make PYTHON=python3.12 ..." >&2; \
	  exit 2; fi
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; ok = (3, 11) <= v <= (3, 13); \
	  ok or print(f"error: {sys.executable} is Python {v[0]}.{v[1]}; the course supports 3.11, 3.12 and 3.13. " \
	  "Install one of those and choose it with: make PYTHON=python3.12 ...", file=sys.stderr); sys.exit(0 if ok else 2)'
	@want="python=$$($(PYTHON) -c 'import sys; print(sys.executable, sys.version.split()[0])') extras=$(EXTRAS) index=$(TORCH_INDEX) pyproject=$$(cksum < pyproject.toml) constraints=$(CONSTRAINTS):$$(cat $(CONSTRAINTS) 2>/dev/null | cksum)"; \
	have="$$(cat $(STAMP) 2>/dev/null)"; \
	if [ "$$want" = "$$have" ]; then exit 0; fi; \
	if [ -x $(PY) ] && [ "$$($(PY) -c 'import sys; print(sys.version)')" != "$$($(PYTHON) -c 'import sys; print(sys.version)')" ]; then \
	  echo "rebuilding $(VENV): it was made by another Python than $(PYTHON)"; rm -rf $(VENV); fi; \
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || exit 1; \
	index=""; \
	if [ -n "$(TORCH_INDEX)" ] && [ "$$(uname -s)" = Linux ] && echo ",$(EXTRAS)," | grep -q ",cpu,"; then \
	  if $(PY) -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=10)' "$(TORCH_INDEX)" >/dev/null 2>&1; \
	  then index="--extra-index-url $(TORCH_INDEX)"; \
	  else echo "note: $(TORCH_INDEX) cannot be reached, so torch comes from the other indexes pip knows (on Linux, PyPI's CUDA build unless a CPU wheel is found)"; fi; \
	fi; \
	echo "installing the course into $(VENV) ($$($(PY) --version), extras $(EXTRAS)$(if $(CONSTRAINTS),$(comma) pinned by $(CONSTRAINTS))) ..."; \
	$(PY) -m pip install --quiet --disable-pip-version-check $$index $(if $(CONSTRAINTS),-c $(CONSTRAINTS)) -e '.[$(EXTRAS)]' || exit 1; \
	if echo ",$(EXTRAS)," | grep -q ",course,\|,dev,"; then \
	  $(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (aecourse)" >/dev/null || exit 1; fi; \
	echo "$$want" > $(STAMP)

lessons: setup
	$(PY) -m aecourse run --profile $(PROFILE) --backend $(BACKEND) --seed $(SEED) $(LESSONS)

solutions: setup
	@set -e; ran=0; for f in solutions/[0-9]*.py; do n=$$(basename $$f | cut -c1-2); \
	  if [ -z "$(LESSONS)" ] || echo " $(LESSONS) " | grep -q " $$n "; then \
	    echo "== $$f"; $(PY) $$f --profile $(PROFILE) --backend $(BACKEND) --seed $(SEED); ran=$$((ran + 1)); fi; done; \
	if [ $$ran -eq 0 ]; then echo "error: no worked solution matches LESSONS=\"$(LESSONS)\": name lessons by their two" \
	  "digits, e.g. LESSONS=\"01 05\" (solutions/ holds $$(ls solutions/[0-9]*.py | xargs -n1 basename | cut -c1-2 | tr '\n' ' '))" >&2; exit 2; fi

report: setup
	$(PY) -m aecourse report

# The bench's profile is smoke unless PROFILE is given (as the command line's): a standard bench of every lesson on
# three backends, three times each, would take about a day on a 2-core machine.
BENCH_PROFILE := $(if $(filter command line environment,$(origin PROFILE)),$(PROFILE),smoke)

bench: setup
	$(PY) -m aecourse bench --profile $(BENCH_PROFILE) --repeats $(REPEATS) $(LESSONS)

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# Three stages, each stopping make on a failure: the fast unit tests first (a broken one fails within minutes), then
# the tests that start processes or train, then every notebook and worked solution on every backend.
test: lint
	$(PY) -m pytest -m "not slow and not notebook"
	$(PY) -m pytest -m "slow and not notebook"
	$(PY) -m pytest -m notebook

test-fast: lint
	$(PY) -m pytest -m "not slow and not notebook"
	$(PY) -m pytest -m "slow and not notebook"

format: setup
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

lab: setup
	$(PY) -m jupyter lab notebooks/

data: setup
	$(PY) -m aecourse fetch

# Pin what this environment holds, for this interpreter and platform (local version labels such as +cpu dropped, so
# the pins also match the wheels of other indexes).
constraints: setup
	@mkdir -p constraints
	@out=constraints/$(PLATFORM_TAG)-py$(PYVERSION).txt; \
	{ echo "# Every package of the CPU route, as installed when the tests last passed: make constraints writes it."; \
	  $(PY) -m pip freeze --exclude-editable --disable-pip-version-check | sed 's/+[A-Za-z0-9.]*$$//'; } > $$out.tmp && \
	mv $$out.tmp $$out && echo "wrote $$out ($$(grep -c '==' $$out) pins)"

clean:
	rm -rf build .pytest_cache .ruff_cache
