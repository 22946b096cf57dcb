"""One-line items (wire flashes, headlines, event snippets) are analysed like any article."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rashomon.clean.language import detect_language
from rashomon.clean.text import clean_scraped_text

ITEMS = [
    {
        "url": "https://www.lagos-courier.example/2023/12/05/strike",
        "text": "Army drone strike kills 85 villagers in a northern town, officials say.",
    },
    {"url": "https://east-wire.example/77", "text": "Rebel Shelling Kills Four Civilians In Lakeside City"},
    {"text": "Two soldiers died in clashes near the border on Monday."},
]


def _rashomon(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "rashomon", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600, check=False)


def _records(cwd: Path, db: str, kind: str) -> list[dict[str, object]]:
    out = _rashomon("export", "--db", db, "--kind", kind, cwd=cwd)
    assert out.returncode == 0, out.stderr
    return [json.loads(line) for line in out.stdout.splitlines()]


def test_a_headline_alone_is_both_title_and_story() -> None:
    clean = clean_scraped_text("Rebel Shelling Kills Four Civilians In Lakeside City")
    assert clean.title == "Rebel Shelling Kills Four Civilians In Lakeside City"
    assert clean.text == clean.title


def test_a_headline_above_a_story_stays_the_title_only() -> None:
    story = "Rebels shelled the city on Tuesday, the army said."
    clean = clean_scraped_text(f"Rebel Shelling Kills Four Civilians\n\n{story}")
    assert clean.title == "Rebel Shelling Kills Four Civilians"
    assert clean.text == story


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Rebel Shelling Kills Four Civilians In Lakeside City", "en"),
        ("Le Hezbollah revendique une attaque contre Israël", "fr"),
        ("Ataque con drones mata a doce personas en la ciudad", "es"),
    ],
)
def test_the_language_of_a_headline_is_told(text: str, code: str) -> None:
    assert detect_language(text).code == code


@pytest.mark.slow
def test_one_line_items_are_analysed_and_the_minimum_is_a_setting(tmp_path: Path) -> None:
    batch = tmp_path / "items.jsonl"
    batch.write_text("".join(json.dumps(item) + "\n" for item in ITEMS), encoding="utf-8")
    done = _rashomon("analyze", str(batch), "--db", "short.db", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    articles = _records(tmp_path, "short.db", "article")
    assert [a["status"] for a in articles] == ["analysed"] * 3
    hosts = {a["outlet"]["name"] for a in articles if a["source"]["url"]}
    assert hosts == {"lagos-courier.example", "east-wire.example"}
    events = _records(tmp_path, "short.db", "event")
    assert len({e["article_id"] for e in events}) == 3  # each item tells an event

    strict = _rashomon("analyze", str(batch), "--db", "strict.db", "--min-chars", "60", cwd=tmp_path)
    assert strict.returncode == 0, strict.stderr
    statuses = sorted(a["status"] for a in _records(tmp_path, "strict.db", "article"))
    assert statuses == ["analysed", "not-analysed", "not-analysed"]
