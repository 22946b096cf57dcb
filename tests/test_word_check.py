"""The word pre-check (`rashomon.word_check`) never skips a text its regex would match: outlet and agency
names on page lines, loaded terms of the framing lexicon; and scripts are counted as before."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rashomon.clean import line_rules as lr
from rashomon.clean.outlet import outlet_names
from rashomon.reconcile.framing_terms import load_lexicon
from rashomon.word_check import case_key, text_words

NAMES = [*lr.load_boilerplate().photo_agencies, *outlet_names()]
PATTERN = lr._name_pattern(NAMES)
# Pieces of names and letters `re` treats specially without case, to build texts near the names.
_TRICKY = ["İ", "ı", "ſ", "K", "ς", "Σ", "µ", "\u0345", "’", "'", "-", ".", "/", "(", ")", "\u00a0"]
_PIECES = sorted({w for n in NAMES for w in re.split(r"(\W)", n) if w} | set(_TRICKY))
LEXICON = load_lexicon()
_TERM_PIECES = sorted(
    {w for e in LEXICON.entries for w in re.split(r"(\W)", e.term) if w} | set(_TRICKY) | {"US-", "Kremlin"}
)


def _plain(text: str) -> list[tuple[int, int]]:
    assert PATTERN is not None
    return [m.span() for m in PATTERN.pattern.finditer(text)]


def _checked(text: str) -> list[tuple[int, int]]:
    assert PATTERN is not None
    return [m.span() for m in PATTERN.finditer(text)]


def test_the_name_pattern_has_a_pre_check() -> None:
    assert PATTERN is not None and PATTERN._required.checks
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
        folded = case_key(ch)
        if any(word.match(c) for c in folded) or re.match(re.escape(ch), "ι", re.I):
            odd.append(code)
    assert odd == [0x345]


def test_equivalent_letters_cover_those_of_re() -> None:
    try:
        from re._casefix import _EXTRA_CASES  # type: ignore[import-not-found]
    except ImportError:
        return
    for lower, others in _EXTRA_CASES.items():
        assert len({case_key(chr(c)) for c in (lower, *others)}) == 1, chr(lower)


def test_scripts_counted_per_character_as_before() -> None:
    text = "Kyiv — Київ; Алеппо حلب Aleppo ΣΑΣ 123 東京 Kyiv"
    expected = Counter(lr._script(ch) for ch in text if ch.isalpha())
    found = lr._scripts(text)
    assert found == expected
    assert list(found) == list(expected)  # the same order: ties of most_common resolve alike


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_TERM_PIECES),
            st.sampled_from(_TERM_PIECES).map(str.upper),
            st.sampled_from([" ", "-", "‐", "\n", ", ", "“", "”"]),
            st.text(max_size=3),
        ),
        max_size=10,
    )
)
def test_lexicon_pre_check_never_skips_a_term(parts: list[str]) -> None:
    text = "".join(parts)
    words = text_words(text)
    for entry in LEXICON.entries:
        assert entry.required is not None and entry.required.checks
        if not entry.required.could_match(words):
            assert entry.pattern.search(text) is None, (entry.term, text)


def test_lexicon_pre_check_on_the_terms_as_written() -> None:
    for entry in LEXICON.entries:
        for text in (entry.term, entry.term.upper(), f"the {entry.term} forces", f"US-{entry.term}"):
            if entry.pattern.search(text):
                assert entry.required is not None and entry.required.could_match(text_words(text)), text
