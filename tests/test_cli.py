"""The command line as users run it: a real process, a real SQLite file, real exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import invented_article

pytestmark = pytest.mark.slow

ARTICLE_FIELDS = {"kind", "id", "source", "title", "outlet", "published", "language", "text", "duplicate_of"}


def rashomon(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rashomon", *args],
        cwd=cwd,
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def analysed_seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import SEEDS

    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    work = tmp_path_factory.mktemp("cli")
    result = rashomon("analyze", str(SEEDS), "--report", "out", cwd=work)
    assert result.returncode == 0, result.stderr
    assert "5 document(s) read, 5 added" in result.stderr
    return work


def test_analyze_seeds_writes_store_and_report(analysed_seeds: Path) -> None:
    assert (analysed_seeds / "rashomon.db").is_file()  # the default store in the working directory
    index = (analysed_seeds / "out" / "index.html").read_text(encoding="utf-8")
    assert "Press TV" in index and "TASS" in index
    assert len(list((analysed_seeds / "out" / "articles").glob("*.html"))) == 5


def test_rerun_adds_nothing(analysed_seeds: Path) -> None:
    from tests.conftest import SEEDS

    result = rashomon("analyze", str(SEEDS), cwd=analysed_seeds)
    assert result.returncode == 0
    assert "0 added, 5 already stored" in result.stderr


def test_export_jsonl_follows_the_contract(analysed_seeds: Path) -> None:
    result = rashomon("export", "--format", "jsonl", cwd=analysed_seeds)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert all("kind" in r and "id" in r for r in records)
    articles = [r for r in records if r["kind"] == "article"]
    assert len(articles) == 5
    for article in articles:
        assert set(article) >= ARTICLE_FIELDS
        assert set(article["published"]) >= {"date", "precision", "basis"}
        assert set(article["outlet"]) >= {"name", "domain", "country", "affiliation"}
        assert article["model"]["name"] and article["model"]["version"]
    by_id = {a["id"]: a for a in articles}
    mentions = [r for r in records if r["kind"] == "mention"]
    assert mentions
    for mention in mentions:  # every span indexes the article's clean text
        start, end = mention["span"]
        assert by_id[mention["article_id"]]["text"][start:end] == mention["text"]
    statements = [r for r in records if r["kind"] == "statement"]
    assert len(statements) > 30
    for statement in statements:
        assert {"article_id", "speaker", "cue", "type", "mode", "content", "span", "date"} <= set(statement)
        assert {"name", "actor_id", "country", "sector", "role", "affiliation"} <= set(statement["speaker"])
        start, end = statement["span"]
        assert by_id[statement["article_id"]]["text"][start:end] == statement["content"]
        assert statement["mode"] in {"direct", "indirect", "mixed"}
    speakers = {r["speaker"]["name"]: r["speaker"]["actor_id"] for r in statements}
    assert speakers["Maria Zakharova"] == "person:maria-zakharova"
    assert speakers["Ankara"] == "TUR.GOV"
    coded = {r["speaker"]["name"]: (r["speaker"]["country"], r["speaker"]["sector"]) for r in statements}
    assert coded["Maria Zakharova"][0] == "RU" and coded["Ankara"] == ("TR", "GOV")
    actors = [r for r in records if r["kind"] == "actor"]
    linked = {a["actor_id"] for a in actors}
    assert {"SYR.HTS", "IMG.ISIL", "SYR.MIL", "RUS.GOV.MOD", "category:REB"} <= linked
    for actor in actors:
        start, end = actor["span"]
        assert by_id[actor["article_id"]]["text"][start:end] == actor["text"]
        assert actor["actor_id"] and actor["link"] in {"known", "pattern", "category", "discovered"}
    places = [r for r in records if r["kind"] == "place"]
    assert {"geonameid", "lat", "lon", "country", "span", "name"} <= set(places[0])
    for place in places:
        start, end = place["span"]
        assert by_id[place["article_id"]]["text"][start:end] == place["name"]
    assert any(p["name"] == "Idlib" and p["country"] == "SY" for p in places)
    events = [r for r in records if r["kind"] == "event"]
    statement_ids = {r["id"] for r in statements}
    for event in events:
        assert {"plover", "acled", "actor", "target", "location", "date", "fatalities", "injured",
                "reported_by", "negated", "modality", "span"} <= set(event)  # fmt: skip
        assert event["reported_by"] is None or event["reported_by"] in statement_ids
    assert any(e["plover"]["type"] == "ASSAULT" and e["acled"] for e in events)
    assert any(e["fatalities"] == 360 for e in events)  # "killing more than 360 civilians"


def test_export_csv_and_kind_filter(analysed_seeds: Path) -> None:
    result = rashomon("export", "--format", "csv", cwd=analysed_seeds)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 5
    assert {"id", "title", "outlet_name", "published_date", "published_precision"} <= set(rows[0])
    dropped = rashomon("export", "--format", "csv", "--kind", "dropped_line", cwd=analysed_seeds)
    reasons = {row["reason"] for row in csv.DictReader(io.StringIO(dropped.stdout))}
    assert "title" in reasons and len(reasons) > 3
    bad = rashomon("export", "--kind", "nonsense", cwd=analysed_seeds)
    assert bad.returncode == 2 and "unknown export kind" in bad.stderr


def test_export_geojson(analysed_seeds: Path) -> None:
    for kind in ("event", "place"):
        result = rashomon("export", "--format", "geojson", "--kind", kind, cwd=analysed_seeds)
        collection = json.loads(result.stdout)
        assert collection["type"] == "FeatureCollection" and collection["features"]
        lon, lat = collection["features"][0]["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    bad = rashomon("export", "--format", "geojson", "--kind", "statement", cwd=analysed_seeds)
    assert bad.returncode == 2


def test_export_acled_csv(analysed_seeds: Path) -> None:
    result = rashomon("export", "--format", "acled", cwd=analysed_seeds)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    columns = {"event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "actor2",
               "interaction", "latitude", "longitude", "geo_precision", "fatalities"}  # fmt: skip
    assert rows and columns <= set(rows[0])
    assert all(row["event_type"] for row in rows)
    assert any(row["fatalities"] == "360" for row in rows)  # deaths only, the most conservative figure
    assert all(row["interaction"] in {"0"} or len(row["interaction"]) == 2 for row in rows)


def test_info_and_report_commands(analysed_seeds: Path) -> None:
    info = rashomon("info", "--json", cwd=analysed_seeds)
    facts = json.loads(info.stdout)
    assert facts["articles"] == 5
    assert facts["statements"] > 30 and facts["actor_mentions"] > facts["statements"]
    assert facts["models"] and facts["models"][0]["version"]
    report = rashomon("report", "--out", "again", cwd=analysed_seeds)
    assert report.returncode == 0 and (analysed_seeds / "again" / "index.html").is_file()


def test_explain_prints_each_dropped_line_with_its_reason(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(invented_article(4), encoding="utf-8")
    result = rashomon("analyze", "a.txt", "--explain", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Back to top button" in result.stdout
    assert "[title]" in result.stdout


def test_bad_inputs_are_named_and_the_rest_is_stored(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text(invented_article(1), encoding="utf-8")
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (inputs / "nobody.html").write_text("<html><head><title>x</title></head></html>", encoding="utf-8")
    batch = json.dumps({"text": invented_article(2)}) + "\n{oops\n"
    (inputs / "batch.jsonl").write_text(batch, encoding="utf-8")
    result = rashomon("analyze", str(inputs), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    failed = [line for line in result.stderr.splitlines() if line.startswith("failed: ")]
    assert len(failed) == 4, result.stderr
    assert any("empty.txt: empty file" in line for line in failed)
    assert any("binary.txt: binary file" in line for line in failed)
    assert any("nobody.html: HTML has no extractable main text" in line for line in failed)
    assert any("batch.jsonl:2: malformed JSON" in line for line in failed)
    info = json.loads(rashomon("info", "--json", cwd=tmp_path).stdout)
    assert info["articles"] == 2 and info["input_failures"] == 4


def test_stdin_input(tmp_path: Path) -> None:
    result = rashomon("analyze", "-", cwd=tmp_path, stdin=invented_article(3).encode())
    assert result.returncode == 0, result.stderr
    exported = json.loads(rashomon("export", "--kind", "article", cwd=tmp_path).stdout)
    assert exported["source"]["path"] == "<stdin>"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("analyze", "no/such/path"), "no such file or directory"),
        (("analyze", "x.txt", "--model", "xx_not_a_model"), "not installed"),
        (("export", "--db", "missing.db"), "no store at"),
        (("analyze",), "Missing argument"),
    ],
)
def test_usage_errors_exit_2_with_one_clear_line(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    (tmp_path / "x.txt").write_text(invented_article(0), encoding="utf-8")
    result = rashomon(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
