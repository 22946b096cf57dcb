"""Invented article texts for tests: varied enough that no two are near-duplicates."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

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
