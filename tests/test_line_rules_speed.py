"""The faster line rules give what the plain ones gave: the name pattern's pre-check never skips a line
the regex would match, and scripts are counted as before."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rashomon.clean import line_rules as lr
from rashomon.clean.outlet import outlet_names

NAMES = [*lr.load_boilerplate().photo_agencies, *outlet_names()]
PATTERN = lr._name_pattern(NAMES)
# Pieces of names and letters `re` treats specially without case, to build texts near the names.
_TRICKY = ["İ", "ı", "ſ", "K", "ς", "Σ", "µ", "\u0345", "’", "'", "-", ".", "/", "(", ")", "\u00a0"]
_PIECES = sorted({w for n in NAMES for w in re.split(r"(\W)", n) if w} | set(_TRICKY))


def _plain(text: str) -> list[tuple[int, int]]:
    assert PATTERN is not None
    return [m.span() for m in PATTERN.pattern.finditer(text)]


def _checked(text: str) -> list[tuple[int, int]]:
    assert PATTERN is not None
    return [m.span() for m in PATTERN.finditer(text)]


def test_the_name_pattern_has_a_pre_check() -> None:
    assert PATTERN is not None and PATTERN._required is not None
    assert not PATTERN.could_match("Officials said the talks would resume next week.")
    assert PATTERN.could_match("Photo: Jane Doe/Reuters")


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_PIECES),
            st.sampled_from(_PIECES).map(str.upper),
            st.sampled_from(_PIECES).map(str.lower),
            st.sampled_from([" ", "  ", "\n", ", "]),
            st.text(max_size=3),
        ),
        max_size=12,
    )
)
def test_pre_check_never_skips_a_match(parts: list[str]) -> None:
    text = "".join(parts)
    assert _checked(text) == _plain(text)


def test_pre_check_on_names_as_written_and_shouted() -> None:
    for name in NAMES:
        for text in (name, name.upper(), name.lower(), f"Photo: AP/{name}", f"({name.upper()})"):
            assert _checked(text) == _plain(text), text


def test_no_non_word_character_is_matched_to_a_word_character_without_case() -> None:
    """What the pre-check assumes of `re` (but U+0345, which it looks for): a character that is not a
    word character is never equal without case to one that is."""
    word = re.compile(r"\w")
    odd = []
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        if word.match(ch) or unicodedata.category(ch) in ("Cs", "Cn"):
            continue
        folded = lr._case_key(ch)
        if any(word.match(c) for c in folded) or re.match(re.escape(ch), "ι", re.I):
            odd.append(code)
    assert odd == [0x345]


def test_equivalent_letters_cover_those_of_re() -> None:
    try:
        from re._casefix import _EXTRA_CASES  # type: ignore[import-not-found]
    except ImportError:
        return
    for lower, others in _EXTRA_CASES.items():
        assert len({lr._case_key(chr(c)) for c in (lower, *others)}) == 1, chr(lower)


def test_scripts_counted_per_character_as_before() -> None:
    text = "Kyiv — Київ; Алеппо حلب Aleppo ΣΑΣ 123 東京 Kyiv"
    expected = Counter(lr._script(ch) for ch in text if ch.isalpha())
    found = lr._scripts(text)
    assert found == expected
    assert list(found) == list(expected)  # the same order: ties of most_common resolve alike
