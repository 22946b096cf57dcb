"""Invented article texts for tests: varied enough that no two are near-duplicates."""

from __future__ import annotations

import datetime
import importlib.util
import json
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from rashomon.clean.article import CleanedArticle
    from rashomon.extract.events import Event

TOWNS = ["Amberley", "Brockton", "Caldera", "Dunmore", "Eastwick", "Fairhaven", "Glenrock", "Harrow"]
VERBS = ["shelled", "raided", "blockaded", "bombed", "surrounded", "attacked"]


def invented_article(i: int) -> str:
    """A small scraped-looking article: a nav line, a headline, three paragraphs, a footer."""
    town = f"{TOWNS[i % len(TOWNS)]}-{i}"
    verb = VERBS[i % len(VERBS)]
    return (
        "News / World\n\n"
        f"Fighting reported near {town} as talks stall for the {i}th time\n\n"
        f"Local officials in {town} said on Tuesday that armed groups had {verb} the northern district "
        f"overnight, forcing {i * 7 + 3} families to leave their homes before dawn.\n\n"
        f"\u201cWe counted {i + 2} impacts near the old market,\u201d a council member told reporters, "
        f"adding that the clinic in quarter {i} had closed its doors.\n\n"
        f"Negotiators are due to meet again next month, though neither side has confirmed round {i + 1}.\n\n"
        "Back to top button\n"
    )


def seed_and_story_texts() -> list[str]:
    """Real-sized input for tests that compare a faster component with the one it replaces: the
    seed articles (raw files from ../shared/seeds, when they are there), the invented stories' texts
    and the demo corpus's plain-text articles (both shipped, so a clone alone has enough)."""
    import json

    from rashomon.demo import article_files
    from tests.conftest import SEEDS

    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    stories = Path(__file__).parent / "data" / "stories" / "articles.jsonl"
    with stories.open(encoding="utf-8") as lines:
        texts += [json.loads(line)["text"] for line in lines if line.strip()]
    demo = [f.read_text(encoding="utf-8") for f in article_files() if f.name.endswith(".txt")]
    assert demo, "the demo corpus ships .txt articles"
    return texts + demo


def load_bench_module(name: str) -> ModuleType:
    """A script of bench/ as a module (bench/ is not a package: its scripts run on their own)."""
    if name in sys.modules:
        return sys.modules[name]
    bench = Path(__file__).resolve().parent.parent / "bench"
    if str(bench) not in sys.path:
        sys.path.insert(0, str(bench))  # the scripts import their sibling modules by name
    spec = importlib.util.spec_from_file_location(name, bench / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def quality_gate(section: str) -> dict[str, object]:
    """A section of bench/quality_gate.json, the pinned scores CI holds the stages to."""
    import json

    gate = Path(__file__).resolve().parent.parent / "bench" / "quality_gate.json"
    return dict(json.loads(gate.read_text(encoding="utf-8"))[section])


# Seeds whose text alone cannot fix the year they were published in, with the day they were: 004
# (AFP via The Baghdad Post) says "on Thursday" and "June 13" but names no year after 2015, and June 13
# was a Thursday in 2019 and again in 2024, so the resolver rightly leaves it undated. Tests of what
# comes after the date are given that day the way a user who knows it would give it: a JSONL `date`.
KNOWN_DAYS: dict[str, datetime.date] = {"004": datetime.date(2019, 6, 13)}


def seed_inputs(workdir: Path, prefix: str = "") -> list[str]:
    """The seeds whose file name starts with `prefix` as analysis inputs, sorted; none when absent.

    A seed of KNOWN_DAYS is written under `workdir` as a one-record JSONL batch, `{"text": ...,
    "date": ...}`, named after the seed's file so that its file-name prefix still tells which seed an
    article is; every other seed is its own .txt file."""
    from tests.conftest import SEEDS

    inputs = []
    for path in sorted(SEEDS.glob(f"{prefix}*.txt")):
        day = KNOWN_DAYS.get(path.name[:3])
        if day is None:
            inputs.append(str(path))
            continue
        batch = workdir / f"{path.stem}.jsonl"
        record = {"text": path.read_text(encoding="utf-8"), "date": day.isoformat()}
        batch.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
        inputs.append(str(batch))
    return inputs


def cleaned_seed(prefix: str) -> CleanedArticle:
    """One seed read and cleaned as seed_inputs gives it (e.g. "004"); skips when it is absent."""
    from rashomon.clean.article import clean_document
    from rashomon.ingest.readers import read_inputs
    from rashomon.types import RawDocument
    from tests.conftest import SEEDS

    with tempfile.TemporaryDirectory() as workdir:
        inputs = seed_inputs(Path(workdir), prefix)
        if not inputs:
            pytest.skip(f"seed {prefix} not found in {SEEDS}")
        raw = next(iter(read_inputs(inputs[:1])))
        assert isinstance(raw, RawDocument), raw
        return clean_document(raw)


def publication_day(article: CleanedArticle) -> datetime.date | None:
    """The day an article was published on, where it is known to the day."""
    published = article.published
    if published.precision != "day" or not published.date:
        return None
    return datetime.date.fromisoformat(published.date)


def actor_of(found: list[Event], trigger: str) -> str | None:
    """The actor of the event whose trigger holds `trigger` ("the attack was carried"); None
    when it has none or there is no such event."""
    event = next((e for e in found if trigger in e.trigger.text), None)
    return event.actor.text if event is not None and event.actor is not None else None
