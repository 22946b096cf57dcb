"""A Title Case or ALL CAPS headline written as a sentence, for the parser's eyes only.

The tagger and parser read capitals as names: "Rebel Shelling Kills Four Civilians In Lakeside City"
comes out as a string of proper nouns, with no perpetrator and no toll, where "Rebel shelling kills
four civilians in Lakeside City" is parsed as a sentence. Each headline word is written as the body
writes it inside its sentences ("kills" lower, "Lakeside" capitalised, "UN" in capitals); a function
word or a word of the event and speech lexicons that the body does not use is lowered; any other word
stays. Only letters' case changes, never a
length, so every span found in the variant indexes the exported text.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from rashomon.language_data import load_language_data

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# A word that opens a sentence or a paragraph is capitalised whatever it is: it says nothing of case.
_SENTENCE_OPENING = re.compile(r"(?:^|[.!?]['\"’”)]?\s+|\n\s*)$")
# Share of capitalised words from which a headline is in Title Case (news style capitalises all but
# a few short function words).
TITLE_CASE_SHARE = 0.7
MIN_WORDS = 3
LONGEST_ACRONYM = 4  # letters: in a headline in capitals, a longer word unknown to the body is a word


def sentence_cased(text: str, headline_end: int) -> str:
    """`text` with its headline (`text[:headline_end]`) in sentence case when it is in Title Case or
    capitals; the text itself otherwise. Same length, same characters but for letter case."""
    headline = text[:headline_end]
    words = list(_WORD.finditer(headline))
    if headline_end <= 0 or not _shouted(words):
        return text
    forms = _body_forms(text[headline_end:])
    capitals = all(w.group().isupper() for w in words if len(w.group()) > 1)
    out = list(headline)
    for index, match in enumerate(words):
        word = match.group()
        form = forms.get(word.casefold()) or _unknown_form(word, capitals)
        if index == 0:
            form = form[:1].upper() + form[1:]
        if len(form) == len(word):
            out[match.start() : match.end()] = form
    return "".join(out) + text[headline_end:]


def _unknown_form(word: str, capitals: bool) -> str:
    """A word the body does not use: a function word or a word of news (an event, a weapon, a
    speech verb, in any inflection) is lowered, and in a headline in capitals any word too long
    for an acronym ("GROUP", not "NATO")."""
    lower = word.lower()
    if _is_news_word(lower) or (capitals and len(word) > LONGEST_ACRONYM):
        return lower
    return word


def _is_news_word(lower: str) -> bool:
    words = _news_words()
    return any(stem in words for stem in _stems(lower))


def _stems(lower: str) -> set[str]:
    """The word and what it could be inflected from ("kills", "denies", "shelled", "shelling")."""
    stems = {lower}
    for suffix, replacements in _INFLECTIONS:
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            stems.update(lower[: -len(suffix)] + r for r in replacements)
    return stems


_INFLECTIONS = (("s", ("",)), ("es", ("",)), ("ies", ("y",)), ("ed", ("", "e")), ("ing", ("", "e")))


@lru_cache(maxsize=1)
def _news_words() -> frozenset[str]:
    """Function words and the lexicons' words of events and speech, as lemmas."""
    from spacy.lang.en.stop_words import STOP_WORDS  # a word list only: no model is loaded

    events, cues = load_language_data("events"), load_language_data("cues")
    tables = (events["verbs"], events["nouns"], events["instruments"], events["number_words"],
              events["vague_numbers"], cues["verbs"], cues["statement_nouns"])  # fmt: skip
    return frozenset(STOP_WORDS) | {word for table in tables for word in table}


def _shouted(words: list[re.Match[str]]) -> bool:
    """Title Case or capitals: most words start with a capital letter."""
    if len(words) < MIN_WORDS:
        return False
    capitalised = sum(1 for w in words if w.group()[0].isupper())
    return capitalised >= TITLE_CASE_SHARE * len(words)


def _body_forms(body: str) -> dict[str, str]:
    """How the body writes each word inside its sentences (the commonest form)."""
    seen: dict[str, Counter[str]] = {}
    for match in _WORD.finditer(body):
        if _SENTENCE_OPENING.search(body[max(0, match.start() - 4) : match.start()]):
            continue
        word = match.group()
        seen.setdefault(word.casefold(), Counter())[word] += 1
    return {key: counts.most_common(1)[0][0] for key, counts in seen.items()}
