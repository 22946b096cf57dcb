"""The words a regex of literal phrases cannot match without: a cheap pre-check that is exact.

Several stages search texts with one regex per set of phrases (outlet names on every line of a page,
each loaded term of the framing lexicon in every article), and most texts hold none of them. Python's
`re` tries such an alternation at every word, so skipping the texts that cannot match saves most of
the time, and gives the same matches.

The contract a regex must keep for `RequiredWords` to apply: each phrase, given as its parts, is
matched part by part, each character as written or without case, with only non-word characters
between the parts (a run of spaces or dashes), and never with a word character right before or
after the phrase. Then a word-character run inside a part that has the part's edge or a punctuation
mark `re` matches only to itself on each side is matched by a whole word of the text (a maximal run
of word characters), equal to it without case (`case_key`). A text that lacks one such word of every
phrase cannot match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

# Characters that Python's `re` matches to each other without case beyond simple lower case ("i" and
# dotless "ı", "s" and long "ſ", Greek letters and their symbol forms, old Cyrillic letter forms): its
# own table where it has one (`re._casefix`, Python 3.11+), else the same as of Python 3.11. Each
# group is folded to its smallest member.
try:
    from re._casefix import _EXTRA_CASES as _RE_EXTRA_CASES  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - Python 3.10
    _RE_EXTRA_CASES = {
        0x69: (0x131,), 0x73: (0x17F,), 0xB5: (0x3BC,), 0x345: (0x3B9, 0x1FBE), 0x390: (0x1FD3,),
        0x3B0: (0x1FE3,), 0x3B2: (0x3D0,), 0x3B5: (0x3F5,), 0x3B8: (0x3D1,), 0x3BA: (0x3F0,),
        0x3C0: (0x3D6,), 0x3C1: (0x3F1,), 0x3C2: (0x3C3,), 0x3C6: (0x3D5,), 0x432: (0x1C80,),
        0x434: (0x1C81,), 0x43E: (0x1C82,), 0x441: (0x1C83,), 0x442: (0x1C84, 0x1C85), 0x44A: (0x1C86,),
        0x463: (0x1C87,), 0x1C88: (0xA64B,), 0x1E61: (0x1E9B,), 0xFB05: (0xFB06,),
    }  # fmt: skip
_RE_EQUIVALENT = {
    code: min((lower, *others))
    for lower, others in _RE_EXTRA_CASES.items()
    for code in (lower, *others)
    if code != min((lower, *others))
}
_WORD_RUN = re.compile(r"\w+")
# A non-word mark that `re` matches to a word character without case ("ι"): a text holding it is
# always searched.
_ODD_MARK = "\u0345"

TextWords = frozenset[str] | None  # a text's words by case key; None: search it whatever it holds


def case_key(text: str) -> str:
    """Equal for two strings that `re` matches to each other without case, char for char: simple
    lower case ("İ" is "i" there, not "i̇") and `re`'s equivalent letters."""
    if text.isascii():
        return text.lower()
    return text.replace("İ", "i").lower().translate(_RE_EQUIVALENT)


def text_words(text: str) -> TextWords:
    """The case keys of a text's words, for `RequiredWords.could_match`."""
    if _ODD_MARK in text:
        return None
    return frozenset(case_key(" ".join(_WORD_RUN.findall(text))).split(" "))


class RequiredWords:
    """For each phrase, the words a text must hold for the regex to match it (see the module)."""

    def __init__(self, phrases: Iterable[Sequence[str]]) -> None:
        """`phrases`: each phrase as its parts, split where the regex allows any non-word run."""
        index: dict[str, list[frozenset[str]]] | None = {}
        for parts in phrases:
            runs = [run.group() for part in parts for run in _WORD_RUN.finditer(part) if _bounded(run)]
            if not runs:
                index = None  # this phrase needs no whole word: every text is searched
                break
            keys = frozenset(case_key(run) for run in runs)
            index.setdefault(case_key(max(runs, key=len)), []).append(keys)
        self._index = index

    @property
    def checks(self) -> bool:
        """False where some phrase needs no whole word, so every text may match."""
        return self._index is not None

    def could_match(self, words: TextWords) -> bool:
        """False only where the regex cannot match a text with these words (`text_words`)."""
        index = self._index
        if index is None or words is None:
            return True
        return any(keys <= words for word in words if word in index for keys in index[word])

    def could_match_text(self, text: str) -> bool:
        return self._index is None or self.could_match(text_words(text))


def _bounded(run: re.Match[str]) -> bool:
    """The run is whole wherever its phrase matches: next to it in the part is the part's edge or a
    punctuation mark that `re` matches only to itself, even without case."""
    part = run.string
    return all(
        not mark or (mark.lower() == mark == mark.upper() and case_key(mark) == mark)
        for mark in (part[run.start() - 1 : run.start()], part[run.end() : run.end() + 1])
    )
