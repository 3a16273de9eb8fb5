# The course's commands. The first use creates a virtual environment in .venv
# and installs the course into it; later uses reuse it (it is rebuilt when
# pyproject.toml changes).
#
#   make lessons                 run every lesson (standard profile, TensorFlow) into build/
#   make lessons PROFILE=smoke BACKEND=torch LESSONS="01 03" SEED=1
#   make test                    lint, unit tests, every notebook on both backends (smoke)
#   make report                  rebuild build/report.html from the results on disk
#   make bench PROFILE=smoke     time every lesson on both backends (median of REPEATS runs)
#   make lab                     open the course in JupyterLab
#   make EXTRAS=gpu,dev lessons  install the GPU wheels instead of the CPU ones

PYTHON  ?= python3
VENV    ?= .venv
EXTRAS  ?= cpu,dev
PROFILE ?= standard
BACKEND ?= tensorflow
LESSONS ?=
SEED    ?= 0
REPEATS ?= 3
PY      := $(VENV)/bin/python

.PHONY: setup lessons report bench test test-fast lint format lab data clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[$(EXTRAS)]'
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (aecourse)" >/dev/null
	@touch $@

lessons: setup
	$(PY) -m aecourse run --profile $(PROFILE) --backend $(BACKEND) --seed $(SEED) $(LESSONS)

report: setup
	$(PY) -m aecourse report

bench: setup
	$(PY) -m aecourse bench --profile $(PROFILE) --repeats $(REPEATS) $(LESSONS)

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

test: lint
	$(PY) -m pytest

test-fast: lint
	$(PY) -m pytest -m "not notebook"

format: setup
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

lab: setup
	$(PY) -m jupyter lab notebooks/

data: setup
	$(PY) -m aecourse fetch

clean:
	rm -rf build .pytest_cache .ruff_cache
