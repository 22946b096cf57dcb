"""A known name inside a longer proper name is another actor: the longer name's.

The linker matches a pack alias wherever it is written, so "Kataib Hezbollah" (an Iraqi militia) is
read as Lebanon's "Hezbollah". A capitalised word right before a linked organisation's name that is
not a country word, not another mention, never written in lower case in the text and, at least once,
written after a lower-case word ("the Iran-backed Kataib Hezbollah group", not a title-case headline)
makes one name with it (an acronym after a capitalised word is a title: "Brussels EU summit"):
every use of that name is a discovered actor of its own, of the same sector as the name it holds
(an armed group's longer name is an armed group's).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rashomon.kb.countries import find_countries
from rashomon.kb.knowledge import KnowledgeBase
from rashomon.kb.matchers import slug
from rashomon.kb.packs import DISCOVERED_PREFIX
from rashomon.reconcile.framing_inputs import ActorSpan
from rashomon.reconcile.framing_labels import fold_key

_WORD_BEFORE = re.compile(r"(?<![\w'’.-])(?P<w>[A-Z][a-z]{2,})[ \t]+\Z")
# inside a sentence: after a lower-case word ("the Iran-backed", "senior"), not in a title-case headline
_IN_SENTENCE = re.compile(r"(?:\A|[\s-])[a-z][a-z'’]*[ \t]+\Z")
_ORGANISATIONS = ("organisation", "institution")


def longer_names(text: str, mentions: Sequence[ActorSpan], kb: KnowledgeBase) -> list[ActorSpan]:
    """The mentions with each known organisation written inside a longer name given that name."""
    countries = [(c.start, c.end) for c in find_countries(text)]
    taken = sorted([(m.start, m.end) for m in mentions] + countries)
    lower_words = {w for w in re.findall(r"(?<![\w-])[a-z]{3,}(?![\w-])", text)}
    found: dict[int, tuple[int, ActorSpan]] = {}  # mention index -> (start of the longer name, mention)
    mid_sentence: set[str] = set()
    for i, mention in enumerate(mentions):
        actor = kb.actor(mention.actor_id) if mention.kind == "known" else None
        if actor is None or actor.type not in _ORGANISATIONS:
            continue
        before = _WORD_BEFORE.search(text, max(0, mention.start - 30), mention.start)
        written = text[mention.start : mention.end]
        if written.isupper() or before is None or before.group("w").casefold() in lower_words:
            continue
        start = before.start("w")
        if any(s < mention.start and start < e for s, e in taken):
            continue
        name = f"{before.group('w')} {written}"
        found[i] = (start, mention)
        if _IN_SENTENCE.search(text, max(0, start - 30), start) is not None:
            mid_sentence.add(fold_key(name))
    out = list(mentions)
    for i, (start, mention) in found.items():
        name = text[start : mention.end]
        if fold_key(name) not in mid_sentence:
            continue
        actor = kb.actor(mention.actor_id)
        sector = actor.sector if actor is not None else None
        out[i] = ActorSpan(
            start, mention.end, DISCOVERED_PREFIX + slug(fold_key(name)), name, "discovered", name, sector
        )
    return sorted(out, key=lambda m: (m.start, m.end))
