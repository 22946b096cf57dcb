"""Quote marks for the voice of labels (rashomon.reconcile.framing_quotes). Sentences written by hand."""

from __future__ import annotations

from rashomon.reconcile.framing_quotes import balanced_quote_regions


def quoted(text: str) -> list[str]:
    return [text[start:end] for start, end in balanced_quote_regions(text)]


def test_a_mark_opened_again_before_it_closes_is_left_unclosed() -> None:
    text = 'Reports quoting "sources\' said 300 militants were killed in the "intelligence-led" raid.'
    assert quoted(text) == ['"intelligence-led"']


def test_a_quote_going_on_into_the_next_paragraph_runs_to_its_paragraph_end() -> None:
    text = "He said:\n\n“People must wait. “Much was taken by terrorists.\n\n“Ideally, all of it.”"
    assert quoted(text) == ["“People must wait. “Much was taken by terrorists.", "“Ideally, all of it.”"]


def test_balanced_quotes_are_as_written() -> None:
    text = "The army called them “terrorists” and said “the operation is over.” Rebels denied it."
    assert quoted(text) == ["“terrorists”", "“the operation is over.”"]


def test_a_quote_the_text_ends_inside_runs_to_the_end() -> None:
    text = 'The envoy said it was over.\n\n"We will not allow a zone where terrorists can strike and'
    assert quoted(text) == ['"We will not allow a zone where terrorists can strike and']


def test_an_unclosed_mark_before_a_later_paragraph_is_no_quote() -> None:
    text = 'The envoy said "we will not allow it.\n\nRebels fled the town on Monday.'
    assert quoted(text) == []


def test_a_paragraph_after_a_speakers_colon_is_a_block_quote() -> None:
    text = "Talks ended. The ministry's office:\n\nThe occupiers broke the truce again.\n\nShelling went on."
    assert quoted(text) == ["The occupiers broke the truce again."]
    listed = "The flood reached three villages:\n\nVelmar, Kobo and Zaria.\n\nAid went on."
    assert quoted(listed) == []
