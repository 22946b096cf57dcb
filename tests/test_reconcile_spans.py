"""The indexed look-ups of the reconcile stage agree with the plain scans they replace, on generated
inputs: `SpanIndex` against list comprehensions, and the label widening of `framing_labels` against
its former per-mention scan of every quote and mention."""

from __future__ import annotations

import random
from collections.abc import Sequence

from rashomon.extract.quotes import quote_regions
from rashomon.reconcile import framing_labels as fl
from rashomon.reconcile.framing_inputs import ActorSpan
from rashomon.reconcile.spans import SpanIndex
from rashomon.types import Span


def _random_spans(rng: random.Random, count: int, width: int) -> list[Span]:
    spans = []
    for _ in range(count):
        start = rng.randrange(width)
        spans.append((start, start + rng.randrange(-2, 12)))  # a few malformed ones (end < start)
    return spans


def test_span_index_agrees_with_plain_scans() -> None:
    rng = random.Random(3)
    for _ in range(200):
        spans = _random_spans(rng, rng.randrange(0, 40), 80)
        index = SpanIndex(spans, lambda s: s[0], lambda s: s[1])
        for _ in range(20):
            a = rng.randrange(-5, 90)
            b = a + rng.randrange(-2, 15)
            assert index.overlapping(a, b) == [s for s in spans if s[0] < b and a < s[1]]
            assert index.any_overlapping(a, b) == any(s[0] < b and a < s[1] for s in spans)
            assert index.containing(a, b) == [s for s in spans if s[0] <= a and b <= s[1]]
            assert index.within(a, b) == [s for s in spans if a <= s[0] and s[1] <= b]


# --- labels: the former scan, kept as the reference ------------------------------------------------


def _reference_qualified_start(
    text: str, mention: ActorSpan, quotes: list[Span], vocab: fl.Vocabulary, mentions: Sequence[ActorSpan]
) -> int:
    taken = [(m.start, m.end) for m in mentions]
    start = mention.start
    common = text[mention.start : mention.start + 1].islower()
    short = [q for q in quotes if fl.is_short_quote(text, q, vocab.quoted_words)]
    for _ in range(fl._MAX_QUALIFIERS):
        gap = fl._SPACES_BEFORE.search(text, max(0, start - 20), start)
        edge = gap.start() if gap else start
        quoted = next((q for q in short if q[1] == edge), None)
        word = fl._WORD_BEFORE.search(text, max(0, edge - 60), edge)
        if quoted is not None and common:
            new_start = quoted[0]
        elif word is not None and vocab.qualifies(word.group("w")):
            new_start = word.start("w")
        else:
            break
        if any(s < edge and new_start < e for s, e in taken):
            break
        start = new_start
    return start


def _reference_labelled(text: str, mentions: Sequence[ActorSpan], vocab: fl.Vocabulary) -> list[fl.Labelled]:
    quotes = quote_regions(text)
    ordered = sorted(mentions, key=lambda m: (m.start, m.end))
    out: list[fl.Labelled] = []
    for mention in ordered:
        previous = out[-1] if out else None
        if previous is not None and fl._absorbs(text, previous.mention, mention):
            written = previous.written + text[previous.span[1] : mention.end]
            out[-1] = fl.Labelled(previous.mention, (previous.span[0], mention.end), written)
            continue
        start = _reference_qualified_start(text, mention, quotes, vocab, ordered)
        written = text[start : mention.start] + fl._core(text, mention)
        out.append(fl.Labelled(mention, (start, mention.end), written))
    return out


_WORDS = ["the", "so-called", "rebel", "illegal", "Turkish-backed", "pro-government", "said", "forces",
          "militants", "army", "“moderate opposition”", "“stop”", "“a long quoted sentence, it said.”",
          "and", "terrorist", "Damascus", "rebels", "in", "\n\n"]  # fmt: skip
_NAMES = ["militants", "forces", "Damascus", "rebels", "army", "Ankara"]


def _generated(rng: random.Random) -> tuple[str, list[ActorSpan]]:
    parts: list[str] = []
    mentions: list[ActorSpan] = []
    position = 0
    for _ in range(rng.randrange(5, 120)):
        if rng.random() < 0.35:
            name = rng.choice(_NAMES)
            kind = "category" if name.islower() else rng.choice(["known", "pattern"])
            label = name if kind == "category" else None
            mentions.append(
                ActorSpan(position, position + len(name), f"A{len(mentions) % 4}", name, kind, label)
            )
            word = name
        else:
            word = rng.choice(_WORDS)
        parts.append(word)
        position += len(word) + 1
    text = " ".join(parts)
    rng.shuffle(mentions)  # the function sorts them itself
    if mentions and rng.random() < 0.3:  # an overlapping mention, as a pattern may give
        m = rng.choice(mentions)
        mentions.append(ActorSpan(max(0, m.start - 4), m.end, "B", "wide", "known"))
    return text, mentions


def test_labelled_mentions_agree_with_the_plain_scan() -> None:
    vocab = fl.Vocabulary(
        frozenset(fl.fold_key(w) for w in ["so-called", "rebel", "illegal", "terrorist", "moderate"]),
        ("backed", "supported"),
        4,
    )
    rng = random.Random(11)
    for _ in range(300):
        text, mentions = _generated(rng)
        assert fl.labelled_mentions(text, mentions, vocab) == _reference_labelled(text, mentions, vocab)
