"""Language identification and MinHash near-duplicate detection on short invented texts."""

from __future__ import annotations

from rashomon.clean.duplicates import (
    NearDuplicateIndex,
    minhash_of,
    shingles,
    signature_bytes,
    signature_from_bytes,
)
from rashomon.clean.language import UNDETERMINED, detect_language

WIRE = (
    "The defence ministry said on Monday that two drones were shot down over the border region overnight "
    "and that nobody was hurt. Local officials reported damage to a power line near the regional capital, "
    "and repair crews were sent in the morning. The ministry did not say where the drones were launched "
    "from. Talks on a prisoner exchange are due to resume in Geneva next week, a diplomat said, adding "
    "that both delegations had confirmed they would attend despite the latest attacks."
)


def test_detects_english_and_flags_others() -> None:
    assert detect_language(WIRE).code == "en"
    assert (
        detect_language("Министерство обороны заявило, что переговоры продолжатся на следующей неделе.").code
        == "ru"
    )
    assert detect_language("وقالت وزارة الدفاع إن المفاوضات ستستأنف الأسبوع المقبل في جنيف").code == "ar"


def test_short_text_is_undetermined() -> None:
    assert detect_language("Idlib").code == UNDETERMINED


def test_shingles() -> None:
    assert shingles("a b c", 5) == {"a b c"}
    assert shingles("One two, three four five six", 5) == {
        "one two three four five",
        "two three four five six",
    }
    assert shingles("", 5) == set()


def test_syndicated_copy_is_a_near_duplicate_and_another_story_is_not() -> None:
    index = NearDuplicateIndex()
    index.add("first", minhash_of(WIRE))
    syndicated = "GENEVA (Wire) - " + WIRE + " Writing by the wire desk; editing by staff."
    other = (
        "Heavy rain flooded the lower town on Sunday, and the river is expected to crest by Wednesday night."
    )
    assert index.original_of(minhash_of(syndicated)) == "first"
    assert index.original_of(minhash_of(other)) is None


def test_earliest_original_wins_and_signatures_round_trip() -> None:
    index = NearDuplicateIndex()
    index.add("older", signature_from_bytes(signature_bytes(minhash_of(WIRE))))
    index.add("newer", minhash_of(WIRE + " Reporting by staff."))
    assert index.original_of(minhash_of(WIRE)) == "older"
