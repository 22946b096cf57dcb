"""The events page, built from an invented article about another conflict (runs the spaCy pipeline)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

HOSTILE = "<b>Kessa</b>"
ARTICLE = (
    "Fighting in Marovia\n\n"
    "LORANTE, May 4 - Government forces shelled the town of Varnel on Monday, killing four civilians, "
    "the monitor said.\n\n"
    f"The army denied it would strike again, a spokesman for the {HOSTILE} brigade said.\n"
)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from rashomon.analyze import analyze  # loads spaCy

    tmp = tmp_path_factory.mktemp("events")
    batch = tmp / "batch.jsonl"
    record = {
        "text": ARTICLE,
        "title": "Shelling <i>kills</i> four in Varnel",
        "outlet": "Marovia Monitor",
        "published": "2024-05-04",
    }
    batch.write_text(json.dumps(record) + "\n", encoding="utf-8")
    analyze([str(batch)], db=str(tmp / "r.db"), report_dir=tmp / "report")
    return tmp / "report"


@pytest.mark.slow
def test_events_page_lists_the_events(report: Path) -> None:
    page = (report / "events.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr class="ev [^"]*">.*?</tr>', page, re.S)
    assert rows
    assault = [row for row in rows if "p-assault" in row]
    assert assault and any(re.search(r'<td class="n">4</td>', row) for row in assault)
    assert "Varnel" in page and "Marovia Monitor" in page
    assert "Shelling &lt;i&gt;kills&lt;/i&gt; four in Varnel" in page and "<i>kills</i>" not in page
    assert "By PLOVER type" in page and "By ACLED type" in page
    assert 'href="events.html"' in (report / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_events_page_links_resolve_and_page_is_self_contained(report: Path) -> None:
    page = (report / "events.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower() and "@import" not in page and "url(" not in page
    targets = re.findall(r'(?:href|src)="([^"]*)"', page)
    assert not [t for t in targets if re.match(r"[a-z][a-z0-9+.-]*:", t, re.I)], targets
    links = re.findall(r'href="(articles/[^"#]+)(?:#([^"]+))?"', page)
    assert links
    for path, anchor in links:
        target = report / path
        assert target.is_file(), path
        if anchor:
            assert f'id="{anchor}"' in target.read_text(encoding="utf-8")
