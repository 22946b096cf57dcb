"""CSV exports opened in a spreadsheet: article text that begins like a formula (OWASP "CSV injection")
is written as text with a leading single quote; numbers stay numbers; JSONL keeps every value exact."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from rashomon.export import FORMULA_TRIGGERS, CsvTable, spreadsheet_cell
from tests.helpers import invented_article

REPO = Path(__file__).resolve().parent.parent
PAYLOADS = ('=HYPERLINK("http://evil.example/","click")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx")
# Columns of typed numbers: a negative coordinate is a number, not a formula.
NUMERIC_COLUMNS = {"lat", "lon", "location_lat", "location_lon", "latitude", "longitude"}
CSV_KINDS = ("article", "statement", "dropped_line", "mention", "event", "place")


def hostile_article(i: int, payload: str) -> dict[str, str]:
    """An article whose title, outlet, URL, first line and one statement begin with `payload`."""
    said = f"{payload} was the answer, the minister said on Monday."
    return {
        "title": f"{payload} headline",
        "outlet": f"{payload} Herald",
        "url": payload,
        "date": "2024-03-04",
        "text": f"{payload}\n\n{invented_article(90 + i)}\n{said}\n",
    }


# An event west of Greenwich: its longitude is a negative number in the ACLED and event tables.
BOGOTA = {
    "title": "Protest in Bogota",
    "outlet": "Andes Wire",
    "date": "2024-03-05",
    "text": "Protest in Bogota\n\nPolice fired on protesters in Bogota on Monday, killing two people, "
    "officials said.\n",
}


def rashomon(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "rashomon", *args], capture_output=True, cwd=REPO, timeout=600, check=False
    )
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    return result.stdout.decode("utf-8")  # bytes: text mode would turn a quoted "\r" into "\n"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("csv_injection")
    records = [hostile_article(i, payload) for i, payload in enumerate(PAYLOADS)] + [BOGOTA]
    batch = folder / "articles.jsonl"
    batch.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = str(folder / "store.db")
    rashomon("analyze", str(batch), "--db", db)
    return db


def table(text: str) -> list[dict[str, str]]:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows, "a CSV export has a header"
    assert {len(row) for row in rows} == {len(rows[0])}, "a cell split its row"
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def articles_jsonl(store: str) -> list[dict]:
    # split on "\n" alone: JSON escapes it within values, but not every character splitlines() splits on
    out = rashomon("export", "--kind", "article", "--db", store)
    return [json.loads(line) for line in out.split("\n") if line]


def assert_no_formula(rows: list[dict[str, str]]) -> None:
    for row in rows:
        for column, cell in row.items():
            if cell.startswith(FORMULA_TRIGGERS):
                assert column in NUMERIC_COLUMNS, f"{column}={cell!r} would run as a formula"
                float(cell)


@pytest.mark.slow
def test_csv_tables_never_begin_a_text_cell_with_a_formula(store: str) -> None:
    for kind in CSV_KINDS:
        assert_no_formula(table(rashomon("export", "--format", "csv", "--kind", kind, "--db", store)))

    articles = table(rashomon("export", "--format", "csv", "--db", store))
    by_id = {record["id"]: record for record in articles_jsonl(store)}
    for row in articles:
        record = by_id[row["id"]]
        for column, value in (("title", record["title"]), ("source_url", record["source"]["url"])):
            if value is not None and value.startswith(FORMULA_TRIGGERS):
                assert row[column] == "'" + value  # the cell as text, whole: a quoted CR included
    urls = {row["source_url"] for row in articles}
    assert {"'\tx", "'\rx", "'+1"} <= urls

    statements = table(rashomon("export", "--format", "csv", "--kind", "statement", "--db", store))
    assert any(row["content"].startswith("'=HYPERLINK(") for row in statements)


@pytest.mark.slow
def test_acled_csv_neutralises_text_and_keeps_numbers(store: str) -> None:
    rows = table(rashomon("export", "--format", "acled", "--db", store))
    assert_no_formula(rows)
    assert any(row["source"].startswith("'=HYPERLINK(") for row in rows)
    assert any(float(row["longitude"]) < 0 for row in rows if row["longitude"]), "Bogota's event"
    assert all(row["fatalities"].isdigit() for row in rows)


@pytest.mark.slow
def test_jsonl_keeps_the_exact_values(store: str) -> None:
    records = articles_jsonl(store)
    titles = {record["title"] for record in records}
    assert f"{PAYLOADS[0]} headline" in titles and "-2+3 headline" in titles
    assert {"\tx", "\rx", "+1"} <= {record["source"]["url"] for record in records}


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("", ""),
        (-3.5, -3.5),
        (-2, -2),
        (None, None),
        (False, False),
    ],
)
def test_spreadsheet_cell(value: object, cell: object) -> None:
    assert spreadsheet_cell(value) == cell


def test_csv_table_quotes_a_carriage_return_and_ends_rows_in_newlines() -> None:
    out = io.StringIO()
    writer = CsvTable(out, ["text", "lon"])
    writer.writeheader()
    writer.writerow({"text": "a\rb", "lon": -3.5})
    writer.writerow({"text": "-x", "lon": None})
    assert out.getvalue() == 'text,lon\n"a\rb",-3.5\n\'-x,\n'
    assert list(csv.reader(io.StringIO(out.getvalue(), newline=""))) == [
        ["text", "lon"], ["a\rb", "-3.5"], ["'-x", ""],
    ]  # fmt: skip
