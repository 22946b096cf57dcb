"""Texts longer than the model's limit (spaCy's max_length): cut into pieces between paragraphs,
analysed piece by piece, every record moved to index the whole clean text. All prose is invented."""

from __future__ import annotations

import dataclasses
import datetime
import itertools
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from rashomon.nlp.chunks import text_chunks, trimmed
from tests.helpers import invented_article

FIRST = ["Amira", "Boris", "Carmen", "Dmitri", "Elif", "Farid", "Greta", "Hassan", "Ines", "Jonas", "Kemal"]
LAST = ["Haddad", "Korolev", "Ortega", "Petrenko", "Nasser", "Lindqvist", "Rahimi", "Duarte", "Falkner"]
PLACES = ["Idlib", "Aleppo", "Saraqib", "Afrin", "Homs", "Hama", "Kharkiv", "Mariupol", "Mosul", "Raqqa"]
ROLES = [
    "a spokesman for the regional council",
    "the deputy defence minister",
    "a local aid worker",
    "the head of the monitoring mission",
    "a senior military official",
    "the provincial governor",
]
VERBS = ["shelled", "raided", "bombed", "surrounded", "attacked", "blockaded"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
PUBLISHED = datetime.date(2024, 3, 15)


def person(i: int) -> str:
    return f"{FIRST[i % len(FIRST)]} {LAST[(i * 7 + 3) % len(LAST)]}"


def news_paragraph(i: int) -> str:
    """One of eight kinds of invented news paragraph, half of them reported speech, their names,
    places and numbers varied by `i`."""
    place, other = PLACES[i % len(PLACES)], PLACES[(i * 5 + 2) % len(PLACES)]
    if i % 8 >= 4:
        return background_paragraph(i, place, other)
    who, role, verb, day = person(i), ROLES[i % len(ROLES)], VERBS[i % len(VERBS)], DAYS[i % 7]
    surname = who.split()[1]
    if i % 4 == 0:
        return (
            f"Government forces {verb} villages south of {place} on {day}, killing {i % 40 + 2} civilians "
            f"and wounding {i % 90 + 5} others, {who}, {role}, said. \u201cThe shelling did not stop for "
            f"{i % 9 + 2} hours,\u201d {surname} told reporters in {other}, adding that {i * 3 % 200 + 10} "
            "families had fled toward the border."
        )
    if i % 4 == 1:
        return (
            f"{who}, {role}, said on {day} that the ceasefire agreed in Sochi had been violated "
            f"{i % 30 + 3} times near {place} during the previous week. The ministry accused armed groups "
            f"of firing rockets at positions outside {other}, which they denied."
        )
    if i % 4 == 2:
        return (
            f"Aid convoys carrying {i % 70 + 10} tonnes of food reached {place} after a delay of "
            f"{i % 12 + 1} days, according to {who}. \u201cWe need safe corridors now, not promises,\u201d "
            f"{surname} said, warning that clinics in {other} were running out of fuel."
        )
    return (
        f"Talks between the two sides resumed in {other} on {day}, with {who} saying that a prisoner "
        f"exchange involving {i % 50 + 4} detainees could take place before the end of the month. "
        f"Residents of {place} reported that the front line had been quiet since {DAYS[(i + 3) % 7]}."
    )


def background_paragraph(i: int, place: str, other: str) -> str:
    if i % 8 == 4:
        return (
            f"The road from {place} to {other} runs for {i % 80 + 20} kilometres through farmland that "
            f"once fed the region. Checkpoints along it changed hands {i % 6 + 2} times last year, and "
            "most of its bridges can now be crossed only on foot."
        )
    if i % 8 == 5:
        return (
            f"Before the war, {place} was known for its olive groves and for a market that drew traders "
            f"from {other}. About {i % 90 + 10} thousand people live in the town today, many of them in "
            "schools turned into shelters."
        )
    if i % 8 == 6:
        return (
            f"Winter nights in the hills around {place} fall below freezing for {i % 9 + 3} weeks a year. "
            f"Heating fuel has become scarce, and its price in {other} has risen by {i % 60 + 15} percent "
            "since the autumn."
        )
    return (
        f"The old citadel of {place}, restored in {1980 + i % 40}, was damaged again in {DAYS[i % 7]}'s "
        f"bombardment. Engineers from {other} have begun to survey its walls, and the museum's "
        "collection has been moved to storage."
    )


def report_paragraph(i: int) -> str:
    """A one-paragraph report with statements, a reported attack, places and a ceasefire."""
    who, place, other = person(i), PLACES[i % len(PLACES)], PLACES[(i + 7) % len(PLACES)]
    return (
        f"{who}, {ROLES[i % len(ROLES)]}, said on {DAYS[i % 7]} that the ceasefire agreed in Sochi on "
        f"March {i % 9 + 1} had been violated near {place}, where government forces {VERBS[i % len(VERBS)]} "
        f"villages, killing {i + 12} civilians. He said the rebels had broken the truce. \u201cThe shelling "
        f"did not stop for {i % 5 + 2} hours,\u201d {who.split()[1]} told reporters in {other}."
    )


def long_report(chars: int) -> str:
    """A headline and invented paragraphs, blank lines between them, of at least `chars` characters."""
    paragraphs = ["Fighting and talks: a long report from the region"]
    size = 0
    while size < chars:
        paragraphs.append(news_paragraph(len(paragraphs)))
        size += len(paragraphs[-1]) + 2
    return "\n\n".join(paragraphs) + "\n"


def covers(text: str, spans: list[tuple[int, int]]) -> bool:
    contiguous = all(a[1] == b[0] for a, b in itertools.pairwise(spans))
    return spans[0][0] == 0 and spans[-1][1] == len(text) and contiguous


# --- cutting ----------------------------------------------------------------------------------------


def test_chunks_are_whole_paragraphs_under_the_size_and_cover_the_text() -> None:
    paragraphs = [news_paragraph(i) for i in range(120)]
    text = "\n\n".join(paragraphs)
    size = 2_000
    spans = text_chunks(text, size)
    assert covers(text, spans) and "".join(text[s:e] for s, e in spans) == text
    assert all(0 < end - start <= size for start, end in spans)
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert text[end - 2 : end] == "\n\n" and text[start:].startswith(tuple(paragraphs))
    for start, end in spans[:-1]:  # each piece takes as many paragraphs as fit
        following = text[end:].split("\n\n", 1)[0]
        assert len(text[start:end]) + len(following) > size


def test_a_text_within_the_size_is_one_chunk() -> None:
    assert text_chunks("Short.\n\nText.", 100) == [(0, 13)]


def test_an_overlong_paragraph_is_cut_after_sentences_never_inside_a_word() -> None:
    text = " ".join(news_paragraph(i) for i in range(40))  # one paragraph of ~12,000 characters
    spans = text_chunks(text, 1_000)
    assert covers(text, spans) and all(end - start <= 1_000 for start, end in spans)
    assert [w for s, e in spans for w in text[s:e].split()] == text.split()
    for _, end in spans[:-1]:
        assert text[end - 1] == " " and not text[end].isspace()
        assert text[:end].rstrip()[-1] in ".!?\u201d"


def test_line_breaks_are_preferred_to_sentence_ends() -> None:
    text = "\n".join(news_paragraph(i) for i in range(20))
    spans = text_chunks(text, 1_500)
    assert covers(text, spans)
    assert all(text[end - 1] == "\n" for _, end in spans[:-1])


def test_words_without_sentence_ends_are_cut_at_whitespace() -> None:
    text = " ".join(f"word{i}" for i in range(3_000))
    spans = text_chunks(text, 500)
    assert covers(text, spans) and all(end - start <= 500 for start, end in spans)
    assert [w for s, e in spans for w in text[s:e].split()] == text.split()


def test_a_run_without_whitespace_is_cut_at_the_size() -> None:
    assert text_chunks("x" * 25, 10) == [(0, 10), (10, 20), (20, 25)]
    with pytest.raises(ValueError):
        text_chunks("text", 0)


def test_trimmed_drops_the_whitespace_around_a_piece() -> None:
    assert trimmed("  ab \n\n", (0, 7)) == (2, 4)
    assert trimmed(" \n ", (0, 3)) == (3, 3)


# --- records moved into the whole text ------------------------------------------------------------


def moved(node: object, chars: int, statements: int, instances: int, name: str = "") -> object:
    """`node` as expected in the whole text, worked out from field names and value shapes alone (not
    by `rashomon.nlp.offsets`): spans and start/end move by `chars`, statement indices by
    `statements`, agreement instances by `instances`."""
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        changes = {
            f.name: moved(getattr(node, f.name), chars, statements, instances, f.name)
            for f in dataclasses.fields(node)
        }
        return dataclasses.replace(node, **changes)
    if isinstance(node, tuple) and len(node) == 2 and all(type(x) is int for x in node):
        return node[0] + chars, node[1] + chars
    if isinstance(node, (list, tuple)):
        return type(node)(moved(x, chars, statements, instances) for x in node)
    if type(node) is int:
        shifts = {"start": chars, "end": chars, "statement": statements, "reported_by": statements}
        return node + shifts.get(name, instances if name == "instance" else 0)
    return node


def spans_with_text(node: object) -> list[tuple[tuple[int, int], str]]:
    """Every (span, text as written) pair in a record, nested ones included."""
    found: list[tuple[tuple[int, int], str]] = []
    if isinstance(node, (list, tuple)):
        for item in node:
            found += spans_with_text(item)
    elif dataclasses.is_dataclass(node) and not isinstance(node, type):
        text = getattr(node, "text", None)
        if type(node).__name__ == "Place":
            found.append(((node.start, node.end), node.name))
        elif isinstance(text, str) and isinstance(getattr(node, "span", None), tuple):
            found.append((node.span, text))
        elif isinstance(text, str) and isinstance(getattr(node, "start", None), int):
            found.append(((node.start, node.end), text))
        for field in dataclasses.fields(node):
            found += spans_with_text(getattr(node, field.name))
    return found


RECORD_LISTS = ("mentions", "statements", "actors", "places", "events", "agreements")


@pytest.mark.slow
def test_each_pieces_records_are_its_paragraphs_alone_moved_into_the_whole_text() -> None:
    from rashomon.nlp.pipeline import analyse_texts, load_pipeline

    nlp, _ = load_pipeline()
    copies = [report_paragraph(i) for i in range(6)]
    text = "\n\n".join(copies)
    size = max(map(len, copies)) + 2  # one paragraph and its blank line per piece, never two
    assert 2 * min(map(len, copies)) + 2 > size
    whole = analyse_texts(nlp, [(text, PUBLISHED)], max_chars=size, chunk_chars=size)[0]
    alone = analyse_texts(nlp, [(copy, PUBLISHED) for copy in copies])
    assert all(r.statements and r.places and r.events and r.agreements for r in alone)
    assert any(e.event.reported_by for e in alone[1].events)  # indices to move, not only offsets
    assert any(c.statement for a in alone[1].agreements for c in a.claims)

    expected: dict[str, list[Any]] = {name: [] for name in RECORD_LISTS}
    for k, result in enumerate(alone):
        start = text.index(copies[k])
        statements = sum(len(r.statements) for r in alone[:k])
        instances = max((a.instance for a in expected["agreements"]), default=0)
        for name in RECORD_LISTS:
            expected[name] += [moved(r, start, statements, instances) for r in getattr(result, name)]
    for name in RECORD_LISTS:
        assert getattr(whole, name) == expected[name], name
    assert whole.sentence_count == sum(r.sentence_count for r in alone)

    pairs = spans_with_text([getattr(whole, name) for name in RECORD_LISTS])
    assert len(pairs) > 100 and all(text[s:e] == written for (s, e), written in pairs)
    for k, result in enumerate(alone):
        first = sum(len(r.statements) for r in alone[:k])
        for statement, own in zip(whole.statements[first:], result.statements, strict=False):
            s, e = statement.content
            assert text[s:e] == copies[k][slice(*own.content)]


def rashomon(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rashomon", *args], cwd=cwd, capture_output=True, text=True, timeout=900
    )


@pytest.mark.slow
def test_cli_stores_a_text_over_the_model_limit_with_spans_into_its_clean_text(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "long.txt").write_text(long_report(1_100_000), encoding="utf-8")
    (folder / "short.txt").write_text(invented_article(3), encoding="utf-8")
    db = str(tmp_path / "r.db")

    result = rashomon("analyze", str(folder), "--db", db, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "2 document(s) read, 2 added, 0 already stored, 0 failed" in result.stderr

    def exported(kind: str) -> list[dict[str, Any]]:  # per kind: the corpus-wide kinds take longer
        out = rashomon("export", "--db", db, "--format", "jsonl", "--kind", kind, cwd=tmp_path)
        assert out.returncode == 0, out.stderr
        return [json.loads(line) for line in out.stdout.splitlines()]

    articles = {r["id"]: r for r in exported("article")}
    assert len(articles) == 2
    long_id = next(i for i, a in articles.items() if len(a["text"]) > 1_000_000)
    text = articles[long_id]["text"]
    records = {kind: exported(kind) for kind in ("mention", "statement", "actor", "place", "event")}
    own = {kind: [r for r in rows if r["article_id"] == long_id] for kind, rows in records.items()}
    written = {"mention": "text", "statement": "content", "actor": "text", "place": "name"}
    for kind, field in written.items():
        assert own[kind] and max(r["span"][1] for r in own[kind]) > 1_000_000, kind  # the last pieces too
        assert all(text[r["span"][0] : r["span"][1]] == r[field] for r in own[kind]), kind
    statement_ids = {r["id"] for r in own["statement"]}
    events = own["event"]
    assert events and all(e["reported_by"] is None or e["reported_by"] in statement_ids for e in events)
    assert all(0 <= e["span"][0] < e["span"][1] <= len(text) for e in events)

    info = json.loads(rashomon("info", "--db", db, "--json", cwd=tmp_path).stdout)
    assert info["by_status"] == {"analysed": 2}
    assert info["statements"] == len(records["statement"])

    again = rashomon("analyze", str(folder), "--db", db, cwd=tmp_path)
    assert again.returncode == 0 and "0 added, 2 already stored" in again.stderr
    after = json.loads(rashomon("info", "--db", db, "--json", cwd=tmp_path).stdout)
    counts = ("articles", "mentions", "statements", "actor_mentions")
    assert [after[k] for k in counts] == [info[k] for k in counts]
