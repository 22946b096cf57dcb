"""The agreements page, from two invented articles about another conflict (runs the pipeline): one
truce told by two outlets, one side saying the other broke it; article text stays inert."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

HOSTILE = "<img src=x onerror=alert(1)>"
ARTICLES = [
    {
        "title": "Truce announced in the hills",
        "outlet": "Northern Courier",
        "date": "2024-03-04",
        "text": (
            "Truce announced in the hills\n\n"
            "Armenia and Azerbaijan agreed to a ceasefire in Geneva on Saturday, brokered by Switzerland, "
            "officials said.\n\n"
            "The two delegations will meet again next month, a spokesman said.\n"
        ),
    },
    {
        "title": "Baku accuses Yerevan",
        "outlet": "Southern Herald",
        "date": "2024-03-06",
        "text": (
            "Baku accuses Yerevan\n\n"
            f"Azerbaijan accused Armenia of violating the Geneva ceasefire on Tuesday {HOSTILE}, the "
            "defence ministry said in a statement.\n\n"
            "Armenia rejected the accusation and said its forces were holding their positions.\n"
        ),
    },
]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from rashomon.analyze import analyze  # loads spaCy

    tmp = tmp_path_factory.mktemp("agreements")
    batch = tmp / "batch.jsonl"
    batch.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    analyze([str(batch)], db=str(tmp / "r.db"), report_dir=tmp / "report")
    return tmp / "report"


@pytest.fixture(scope="module")
def page(report: Path) -> str:
    return (report / "agreements.html").read_text(encoding="utf-8")


def test_one_truce_told_by_two_outlets(page: str) -> None:
    sections = re.findall(r'<section class="agreement".*?</section>', page, re.S)
    geneva = [s for s in sections if "Geneva ceasefire" in s]
    assert len(geneva) == 1, [re.search(r"<h2>(.*?)<", s).group(1) for s in sections]  # type: ignore[union-attr]
    section = geneva[0]
    assert "Northern Courier" in section and "Southern Herald" in section
    assert "2024-03-02" in section, "agreed on Saturday, in an article of Monday 4 March"
    assert "Switzerland" in section


def test_the_accusation_is_shown_with_who_makes_it(page: str) -> None:
    assert re.search(r'<span class="tag broken">broken</span>.*?violating.*?accusing Armenia', page, re.S)


def test_timeline_pins_the_truce_and_links_to_it(page: str) -> None:
    pins = re.findall(r'<a class="pin[^"]*"[^>]*href="#(agr-[0-9a-f]+)"', page)
    assert pins and all(f'id="{pin}"' in page for pin in pins)


def test_article_text_is_inert_on_every_page(report: Path) -> None:
    pages = [*report.glob("*.html"), *report.glob("articles/*.html")]
    assert len(pages) >= 8
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert "<img" not in html and "onerror=alert(1)>" not in html, path.name
