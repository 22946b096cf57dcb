"""Stores for the front ends' tests, from the invented articles of tests/data/stories. The dashboard's:
a few of them and one hostile article whose text, title, outlet and URL try to inject markup. The
report's (`build_report`): all of them and a hostile article of the test's own."""

from __future__ import annotations

import json
from pathlib import Path

STORIES = Path(__file__).resolve().parent.parent / "data" / "stories" / "articles.jsonl"
# Kupiansk market strike, Ganja strike, Khartoum hospital, Jeddah talks: four outlets or more, a few
# dates, events of several types and an agreement.
PICKED = (0, 1, 2, 3, 7, 8, 9, 13, 14, 17, 18)

HOSTILE_TITLE = "Breaking <script>window.__pwned = 1; alert('title')</script> news"
HOSTILE_TEXT = (
    "Reporters in Harrowgate said on Monday that the bridge had been shelled overnight.\n\n"
    "<script>window.__pwned = 2; alert('text')</script> A reader posted "
    '<a href="javascript:window.__pwned = 3; alert(1)">click here</a> and '
    "<img src=x onerror=\"window.__pwned = 4; alert('img')\"> under the story, and another wrote "
    '" onmouseover="window.__pwned = 5" style="position:fixed" to break out of an attribute.\n\n'
    "The town council said the water station would reopen by Friday, officials added."
)
HOSTILE = {
    "text": HOSTILE_TEXT,
    "title": HOSTILE_TITLE,
    "url": "javascript:alert('url')",
    "outlet": "Harrow <b onclick=alert(1)>Post</b>",
    "date": "2024-03-04",
}


def write_batch(directory: Path) -> Path:
    lines = STORIES.read_text(encoding="utf-8").splitlines()
    records = [json.loads(lines[i]) for i in PICKED] + [HOSTILE]
    batch = directory / "articles.jsonl"
    batch.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    return batch


def build_store(directory: Path) -> Path:
    """Analyse the batch into `directory/web.db` (the real pipeline: loads the spaCy model)."""
    from rashomon.analyze import analyze

    db = directory / "web.db"
    analyze([str(write_batch(directory))], db=str(db))
    return db


# An event the article places only in a country: the report's map draws it as a ring at the centre.
COUNTRY_ONLY = (
    "\nRussian drones struck fuel depots across Ukraine overnight, killing two people, the air force said.\n"
)


def kupiansk_article(hostile: str, more: str = "") -> dict[str, str]:
    """A report of shelling in Kupiansk with `hostile` in its outlet, title and text, and `more`
    (paragraphs) after it."""
    return {
        "outlet": f"Wire {hostile}",
        "date": "2023-09-15",
        "title": f"Shelling in Kupiansk {hostile}",
        "text": f"Shelling in Kupiansk {hostile}\n\nKUPIANSK, September 15 - Fighters of the {hostile} "
        "brigade shelled the market in Kupiansk on Friday, killing five civilians, the governor said.\n"
        + more,
    }


def build_report(directory: Path, *extra: dict[str, str]) -> tuple[Path, str]:
    """Analyse every story article and `extra` into `directory/r.db` and write the report to
    `directory/report` (the real pipeline: loads the spaCy model); returns (report folder, db)."""
    from rashomon.analyze import analyze

    lines = [*STORIES.read_text(encoding="utf-8").splitlines(), *(json.dumps(r) for r in extra)]
    batch = directory / "batch.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = str(directory / "r.db")
    analyze([str(batch)], db=db, report_dir=directory / "report")
    return directory / "report", db
