"""Coverage of stories and incidents (records.coverage) through the real command line: invented
articles from outlets the registry knows (state-run ones among them) and one it does not, analysed by
`rashomon analyze`, then read back from the JSONL and CSV exports, the report and the dashboard."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest

with warnings.catch_warnings():  # Starlette nudges towards httpx2; httpx works the same here
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from rashomon.web import create_app

pytestmark = pytest.mark.slow

# An outlet the registry does not know, with markup in its name: every page must escape it.
UNKNOWN_OUTLET = "Kyiv <b>Courier</b>"
STRIKE_TELLERS = {"Ukrinform", "TASS", UNKNOWN_OUTLET}

ARTICLES = (
    ("Ukrinform", "https://www.ukrinform.net/a1", "2023-09-14",
     "Russian missile hits market in Kupiansk, killing eight",
     "A Russian missile struck a crowded market in Kupiansk on Thursday morning, killing eight "
     "civilians and wounding fifteen, the head of the Kharkiv regional administration said. Rescuers "
     "searched the rubble. Ukraine's foreign ministry called on its partners to send more air defence "
     "systems."),
    ("TASS", "https://tass.com/a2", "2023-09-14", "Explosion at Kupiansk market kills eight",
     "An explosion at a market in Kupiansk killed eight people on Thursday, the Russian Defence "
     "Ministry said, blaming a Ukrainian air defence missile. The ministry said Russian forces had "
     "carried out no strikes on the town. Kyiv accused Moscow of a missile strike on the market in "
     "Kupiansk."),
    (UNKNOWN_OUTLET, "https://kyiv-courier.example/a3", "2023-09-15",
     "Kupiansk mourns eight killed in market strike",
     "Kupiansk mourned on Friday the eight civilians killed when a Russian missile struck the town "
     "market on Thursday. Ukrainian officials said fifteen people were wounded in the strike on "
     "Kupiansk."),
    # The same parties in the same days, another matter: silent about the strike.
    ("Reuters", "https://www.reuters.com/a4", "2023-09-16",
     "Russia and Ukraine trade proposals on grain exports",
     "Russia and Ukraine exchanged proposals on Saturday on resuming grain exports through the Black "
     "Sea, diplomats in Istanbul said. The Ukrainian government said talks on shipping insurance would "
     "continue next month, and Russian officials said the proposal needed guarantees."),
    # The same parties weeks later: not silent about it.
    ("BBC", "https://www.bbc.co.uk/a5", "2023-11-30", "Russia and Ukraine hold prisoner exchange",
     "Russia and Ukraine exchanged dozens of prisoners of war on Thursday in a swap mediated by the "
     "United Arab Emirates, officials said. The Ukrainian government said more exchanges would follow."),
    # The same days, other parties: not silent about it either.
    ("Xinhua News Agency", "http://www.xinhuanet.com/a6", "2023-09-15",
     "Typhoon brings heavy rain to southern coast",
     "A typhoon brought heavy rain and strong winds to the southern coast on Friday, the weather "
     "service said. Schools were closed and ferry services were suspended in several harbours."),
)  # fmt: skip


def rashomon(*args: str, cwd: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "rashomon", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("coverage")
    with (work / "batch.jsonl").open("w", encoding="utf-8") as batch:
        for outlet, url, date, title, text in ARTICLES:
            line = {"outlet": outlet, "url": url, "date": date, "title": title, "text": f"{title}\n\n{text}"}
            batch.write(json.dumps(line) + "\n")
    rashomon("analyze", "batch.jsonl", "--report", "out", cwd=work)
    return work


def records(work: Path, kind: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in rashomon("export", "--kind", kind, cwd=work).splitlines()]


def strike_story(work: Path) -> dict[str, Any]:
    return next(s for s in records(work, "story") if "Ukrinform" in s["outlets"])


def names(outlets: list[dict[str, Any]]) -> set[str]:
    return {o["name"] for o in outlets}


def test_story_coverage_names_tellers_sides_and_the_silent(analysed: Path) -> None:
    coverage = strike_story(analysed)["coverage"]
    assert names(coverage["outlets"]) == STRIKE_TELLERS
    tass = next(o for o in coverage["outlets"] if o["name"] == "TASS")
    assert (tass["country"], tass["affiliation"], tass["speaks_for"], tass["side"]) == (
        "RU",
        "state",
        "RU",
        "RU",
    )
    sides = {s["side"]: s["outlets"] for s in coverage["sides"]}
    assert sides == {"RU": ["TASS"], "UA": ["Ukrinform"], "unknown": [UNKNOWN_OUTLET]}
    assert coverage["sides"][-1]["side"] == "unknown"
    # Reuters named the same parties in the same days; the BBC weeks later, Xinhua another matter.
    assert [(o["name"], o["side"]) for o in coverage["silent"]["outlets"]] == [("Reuters", "GB")]
    assert [s["side"] for s in coverage["silent"]["sides"]] == ["GB"]
    assert coverage["measured"]["from"] <= "2023-09-14" and coverage["measured"]["to"] >= "2023-09-15"
    assert "UA" in coverage["measured"]["parties"]


def test_incident_coverage_is_measured_as_for_stories(analysed: Path) -> None:
    incidents = [i for i in records(analysed, "incident") if set(i["outlets"]) & STRIKE_TELLERS]
    assert incidents
    for incident in incidents:
        coverage = incident["coverage"]
        assert names(coverage["outlets"]) == set(incident["outlets"])
        silent = names(coverage["silent"]["outlets"])
        # A teller of the story that does not tell this incident is silent about it too.
        assert silent == {"Reuters"} | (STRIKE_TELLERS - set(incident["outlets"]))
        assert not silent & {"BBC", "Xinhua News Agency"}
        told = {s["side"] for s in coverage["sides"]}
        assert not told & {s["side"] for s in coverage["silent"]["sides"]}


def test_csv_holds_coverage_as_json(analysed: Path) -> None:
    rows = list(
        csv.DictReader(io.StringIO(rashomon("export", "--format", "csv", "--kind", "story", cwd=analysed)))
    )
    by_id = {row["id"]: json.loads(row["coverage"]) for row in rows}
    story = strike_story(analysed)
    assert by_id[story["id"]] == story["coverage"]


def test_report_pages_show_coverage_escaped(analysed: Path) -> None:
    for page in ("stories.html", "incidents.html"):
        html = (analysed / "out" / page).read_text(encoding="utf-8")
        assert "Silent" in html and "Reuters" in html, page
        assert "Kyiv &lt;b&gt;Courier&lt;/b&gt;" in html and UNKNOWN_OUTLET not in html, page


def test_dashboard_shows_coverage(analysed: Path) -> None:
    with TestClient(create_app(str(analysed / "rashomon.db")), base_url="http://127.0.0.1") as client:
        stories = client.get("/api/stories").json()["items"]
        story = next(s for s in stories if "Ukrinform" in s["outlets"])
        assert names(story["coverage"]["silent"]["outlets"]) == {"Reuters"}
        incidents = client.get("/api/incidents").json()["items"]
        assert incidents and all("coverage" in i for i in incidents)
        for page in ("/stories", "/incidents"):
            html = client.get(page).text
            assert "Silent" in html and "Reuters" in html, page
            assert "Kyiv &lt;b&gt;Courier&lt;/b&gt;" in html and UNKNOWN_OUTLET not in html, page
