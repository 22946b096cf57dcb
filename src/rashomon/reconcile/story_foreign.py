"""What a story can know of an article the English pipeline does not read: its names.

An article in another language reports the same event as the English ones under the same names:
places, people, armed groups and operations keep their spelling across languages written in the Latin
script ("Goma", "Kramatorsk", "M23" aside, the capitalised words). Those names, folded to plain
letters and stemmed like English content words, give such an article words to share with the English
articles of its story, so that it joins one on its names and its date instead of staying alone.

A capitalised word is taken for a name only where capitals do not mark the start of a sentence: a word
seen capitalised only at the start of sentences may be any word of the language ("Les", "Pada"), and
the language's common words would otherwise tie together every article written in it.

A page in another script (Arabic, Cyrillic, Persian) shares no letters with the English ones; its
names of countries and towns are found in the gazetteer, which knows them in those scripts
(`kb.gazetteer`), and stand in the page's words as the gazetteer spells them in English. A word of
the language that happens to be a town's name abroad is the risk, so a town counts only in a country
the page names too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from rashomon.reconcile.load import STEM, article_date
from rashomon.reconcile.records import ArticleFacts
from rashomon.reconcile.story_features import spelling_key
from rashomon.store.models import Article

# Names of four letters or more, as for English content words: shorter capitalised tokens are mostly
# initials and abbreviations that tell little apart.
_TOKEN = re.compile(r"[^\W\d_]+")
_SENTENCE_END = re.compile(r"[.!?\n:;\"«»“”„(]\s*$")
MIN_NAME_LETTERS = 4


def plain_letters(text: str) -> str:
    """Accents and other marks dropped ("Jérémie" -> "Jeremie"), so spellings meet across languages."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_words(title: str | None, text: str) -> tuple[str, ...]:
    """Stemmed, lower-cased names of a text in any language written in the Latin script, repeats kept."""
    names: list[str] = []
    mid_sentence: set[str] = set()
    starting: list[str] = []
    for part in (title or "", text):
        plain = plain_letters(part)
        for match in _TOKEN.finditer(plain):
            token = match.group()
            if len(token) < MIN_NAME_LETTERS or not token.isascii() or not token[0].isupper():
                continue
            before = plain[max(0, match.start() - 3) : match.start()]
            if match.start() == 0 or _SENTENCE_END.search(before):
                starting.append(token)
            else:
                mid_sentence.add(token)
                names.append(token)
    names.extend(t for t in starting if t in mid_sentence)
    return tuple(_stem(name) for name in names)


# Between words: spaces, digits and punctuation. (`\w` alone would also cut the words of Indic
# scripts at their vowel signs, which are marks, not letters.)
_BETWEEN_WORDS = re.compile(r"[\s\d_\-\u2010-\u2015/\\,.;:!?()\[\]{}\"'«»“”„‘’…·|*#@<>=+%&~،؛؟]+")
# Arabic-script words carry their conjunction, preposition and article ("وأذربيجان", "بالعاصمة").
_ARABIC_PROCLITICS = re.compile(r"^(?:[وفبلك]?ال|[وفبلك])(?=[\u0600-\u06ff]{3})")
# Cyrillic and Greek names take case endings ("Краматорська", "Азербайджана"): up to two letters.
_INFLECTED = re.compile(r"[\u0370-\u03ff\u0400-\u04ff]{5,}")
MIN_OTHER_SCRIPT_LETTERS = 4


def other_script_place_words(text: str) -> tuple[str, ...]:
    """The countries and towns a text names in scripts other than the Latin one, as stemmed words of
    their English names ("أذربيجان" -> "azerba"), repeats kept. A town counts only in a country the
    text names too."""
    from rashomon.kb.gazetteer import COUNTRY, TOWN, load_gazetteer

    gazetteer = load_gazetteer()
    found: list[tuple[str, str]] = []  # (English name, country code) of each place named
    countries: set[str] = set()
    for word in _BETWEEN_WORDS.split(text):
        if not word or any(ch.isascii() or "LATIN" in unicodedata.name(ch, "") for ch in word[:2]):
            continue  # Latin letters: `name_words` reads those
        for form in _forms(word):
            places = [c for c in gazetteer.lookup(form) if c.kind in (COUNTRY, TOWN) and c.country]
            # Three letters name a country ("مصر", "یمن") but also many a town and a common word.
            places = [c for c in places if c.kind == COUNTRY or len(form) >= MIN_OTHER_SCRIPT_LETTERS]
            if places:
                place = max(places, key=lambda c: (c.kind == COUNTRY, c.population))
                code = place.country or ""
                found.append((_english_name(place.name, code) if place.kind == COUNTRY else place.name, code))
                if place.kind == COUNTRY:
                    countries.add(code)
                break
    words: list[str] = []
    for name, country in found:
        if country in countries:
            words.extend(_stem(w) for w in _TOKEN.findall(plain_letters(name)) if len(w) >= MIN_NAME_LETTERS)
    return tuple(words)


def _english_name(name: str, iso2: str) -> str:
    """A country's name with the one-word name English news also gives it ("United Kingdom
    Britain", "United States America"), as English leads name countries either way."""
    from rashomon.kb.countries import by_iso2

    known = by_iso2(iso2)
    short = (
        next((n for n in known.names if n.isalpha() and len(n) >= MIN_NAME_LETTERS), None) if known else None
    )
    return f"{name} {short}" if short and short not in name else name


def _forms(word: str) -> list[str]:
    """The word as written, without its Arabic proclitics, and without one or two case letters of a
    Cyrillic or Greek word; forms of three letters or more (shorter ones are any short word)."""
    forms = [word]
    bare = _ARABIC_PROCLITICS.sub("", word)
    if bare != word:
        forms.append(bare)
    if _INFLECTED.fullmatch(word):
        forms += [word[:-1], word[:-2]]
    return [form for form in forms if len(form) >= 3]


def place_name_keys(article: ArticleFacts) -> list[str]:
    """The names of an English article's towns and regions spelt as `name_words` spells names
    ("w:goma"), for the story index only: a page in another language has only its names for words,
    and the places it names are how it finds the English stories of those places, whose own index
    keys are place ids and their most distinctive words."""
    keys = []
    for place in article.places:
        if place.level >= 2:
            for word in _TOKEN.findall(plain_letters(place.name)):
                if len(word) >= MIN_NAME_LETTERS:
                    keys.append(f"w:{spelling_key(_stem(word))}")
    return keys


def _stem(name: str) -> str:
    """A name as story features spell words: lower case, cut like English content words."""
    return name.lower()[:STEM]


def load_foreign_articles(session: Session, ids: Sequence[str] | None = None) -> list[ArticleFacts]:
    """Articles left unanalysed for their language (all, or those in `ids`), with their names as words."""
    from rashomon.article_slots import PIPELINE_LANGUAGE  # light: not the analysis stages

    query = select(Article).where(
        Article.status == "not-analysed",
        Article.language != PIPELINE_LANGUAGE,
        Article.duplicate_of.is_(None),
    )
    if ids is not None:
        query = query.where(Article.id.in_(list(ids)))
    return [
        ArticleFacts(
            id=article.id,
            outlet=article.outlet_name,
            title=article.title,
            date=article_date(article),
            words=name_words(article.title, article.text)
            + other_script_place_words(f"{article.title or ''}\n{article.text}"),
        )
        for article in session.scalars(query.order_by(Article.id))
    ]
