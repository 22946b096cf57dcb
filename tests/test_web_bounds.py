"""Out-of-range integers in the dashboard's URLs: every list and API route answers 422 to a paging
parameter the database could not hold (or that is negative), and 404 to an unknown id, never 500."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from rashomon.web import create_app
from rashomon.web.pages import NAV
from rashomon.web.params import MAX_OFFSET
from tests.helpers import invented_article

with warnings.catch_warnings():  # Starlette nudges towards httpx2; httpx works the same here
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

REPO = Path(__file__).resolve().parent.parent
INT64_MAX = 2**63 - 1
HTML_LISTS = (*(path for path, _ in NAV), "/search")
# Routes the defect was seen on: the lists found from the OpenAPI description must include them.
SEEN_FAILING = {"/api/events", "/api/search"}
OUT_OF_RANGE = (
    {"offset": str(2**63)},
    {"offset": str(INT64_MAX)},
    {"offset": str(MAX_OFFSET + 1)},
    {"offset": "-1"},
    {"offset": str(-(2**63) - 1)},
    {"limit": str(10**30)},
    {"limit": str(2**63)},
    {"limit": "-1"},
    {"limit": "0"},
)
HUGE_IDS = (str(2**63), str(10**30), "9" * 400, f"art-{'f' * 200}")


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    """The dashboard over a store that `rashomon analyze` made from two invented articles."""
    folder = tmp_path_factory.mktemp("web_bounds")
    batch = folder / "articles.jsonl"
    records = [{"text": invented_article(i), "title": f"Report {i}", "date": "2024-03-04"} for i in (1, 2)]
    batch.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = folder / "store.db"
    command = [sys.executable, "-m", "rashomon", "analyze", str(batch), "--db", str(db)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return create_app(str(db))


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://127.0.0.1") as test_client:
        yield test_client


def api_parameters(app: FastAPI) -> Iterator[tuple[str, dict]]:
    """(path, parameter) for every parameter of every GET route in the OpenAPI description."""
    for path, operations in app.openapi()["paths"].items():
        for parameter in operations.get("get", {}).get("parameters", []):
            yield path, parameter


def api_lists(app: FastAPI) -> list[str]:
    return sorted({path for path, parameter in api_parameters(app) if parameter["name"] == "offset"})


@pytest.mark.slow
def test_every_integer_parameter_is_bounded_to_a_64_bit_integer(app: FastAPI) -> None:
    integers = [(path, p) for path, p in api_parameters(app) if p["schema"].get("type") == "integer"]
    assert integers, "the paging parameters are integers"
    for path, parameter in integers:
        schema = parameter["schema"]
        assert "minimum" in schema and "maximum" in schema, f"{path} {parameter['name']} is unbounded"
        assert -(2**63) <= schema["minimum"] <= schema["maximum"] <= INT64_MAX, (path, parameter)


@pytest.mark.slow
def test_out_of_range_paging_is_422_on_every_list(app: FastAPI, client: TestClient) -> None:
    lists = api_lists(app)
    assert set(lists) >= {*SEEN_FAILING, "/api/articles"}
    for path in (*lists, *HTML_LISTS):
        for params in OUT_OF_RANGE:
            response = client.get(path, params={"q": "talks", **params})
            assert response.status_code == 422, (path, params, response.status_code)
        furthest = client.get(path, params={"q": "talks", "offset": str(MAX_OFFSET), "limit": "200"})
        assert furthest.status_code == 200, (path, furthest.status_code)


@pytest.mark.slow
def test_out_of_range_paging_is_422_on_the_pages_the_defect_was_seen_on(client: TestClient) -> None:
    for path in ("/", "/statements", "/api/events", "/api/search"):
        response = client.get(path, params={"offset": "9223372036854775808"})
        assert response.status_code == 422, (path, response.text[:500])
        if path.startswith("/api/"):
            assert response.json()["detail"][0]["loc"] == ["query", "offset"]
        else:
            assert "offset" in response.text


@pytest.mark.slow
def test_unknown_huge_ids_are_404(client: TestClient) -> None:
    for huge in HUGE_IDS:
        for path in (f"/api/articles/{huge}", f"/articles/{huge}", f"/static/{huge}"):
            response = client.get(path)
            assert response.status_code == 404, (path[:60], response.status_code)
