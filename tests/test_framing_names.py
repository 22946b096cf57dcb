"""Armed groups the linker missed, named by a code before an armed word (rashomon.reconcile.framing_names),
and stance compounds before an actor noun (rashomon.reconcile.framing_phrases). Invented sentences, the
linker without a model."""

from __future__ import annotations

from rashomon.reconcile.framing import article_framing
from rashomon.reconcile.framing_names import unlinked_group_codes
from tests.test_framing_phrases import labels, linked


def test_a_code_before_an_armed_word_is_a_group_and_its_bare_uses_name_it() -> None:
    text = "KR9 rebels seized the town of Velmar. The rebels said KR9 now held the airport."
    uses = article_framing(linked(text)).labels
    assert [(u.label, u.actor_id) for u in uses if u.actor_id == "discovered:kr9"] == [
        ("KR9 rebels", "discovered:kr9"),
        ("rebels", "discovered:kr9"),
        ("KR9", "discovered:kr9"),
    ]


def test_a_code_before_a_plain_word_or_a_country_code_is_no_group() -> None:
    text = "KR9 officials met in Velmar. US rebels is no phrase anyone writes."
    added = unlinked_group_codes(text, linked(text).actors, frozenset({"rebel"}))
    assert not any(m.actor_id == "discovered:kr9" for m in added)
    assert not any(m.actor_id == "discovered:us" for m in added)


def test_a_stance_compound_before_an_actor_noun_labels_the_articles_armed_side() -> None:
    text = "Anti-coup forces took the bridge at Velmar, while pro-Kobo militia fled the town."
    found = {label for label, _, _ in labels(linked(text))}
    assert {"anti-coup forces", "pro-kobo militia"} <= found


def test_a_stance_for_a_states_rulers_is_that_states_side_where_the_article_names_it() -> None:
    text = "Chad's army lost Velmar. Anti-coup forces took the bridge, while pro-junta militia fled."
    found = {(label, actor) for label, actor, _ in labels(linked(text))}
    assert ("pro-junta militia", "TCD.GOV") in found and ("anti-coup forces", "TCD.GOV") not in found
    alone = "Anti-coup forces took the bridge at Velmar, while pro-government forces fled the town."
    assert all(label != "pro-government forces" for label, _, _ in labels(linked(alone)))


def test_a_bracketed_code_after_a_name_and_before_an_armed_word_is_a_group() -> None:
    text = "The Velmar Movement (KR9) rebels seized the town. KR9 now holds the airport."
    added = unlinked_group_codes(text, linked(text).actors, frozenset({"rebel"}))
    assert [m.name for m in added if m.actor_id == "discovered:kr9"] == ["KR9", "KR9"]
