"""Labels beyond the linker's mentions: noun phrases that refer to an actor, found by rules on the text
(no parser), in any war and for actors no pack knows.

- Titles before a person's name join its label: "President Trump", "Mr. Kim", "former FBI director
  James Comey" (a title word next to the name, with acronyms, country words and other mentions before it).
- A name followed by an actor noun, after its possessive too: "Kyiv nationalist regime", "Hamas
  fighters", "Hamas's armed wing"; what a country or a name leads is its own: "the Saudi-led coalition".
- A country adjective or demonym followed by an actor noun or a loaded term counts for that country:
  "Russian occupiers", "Russian non-humans", "American officials".
- A capitalised word before a category word joins its label, and the group it names where the article
  names it: "Houthi rebels" counts for the Houthis.
- Apposition: "Kim Jong Un, North Korea's leader," and "Tom Perez, the chairman of the party," label
  the person (a title mention inside it is the person's label, not another actor).
- A distancing qualifier before a capitalised name no mention covers makes the name a label of its own:
  "the self-declared Donetsk People's Republic", "the so-called Islamic State" (name_qualifier_terms).
- A stance compound before an actor noun is an armed side's label: "anti-coup forces", "pro-junta
  militia" (counted like "the militants", for the article's armed group).
- "the X" after an actor was named with X in its label ("the president" after "President Trump", "the
  occupiers" after "Russian occupiers") refers to the latest such actor.
Words are language data (data/<lang>/framing.json: title_words, actor_nouns, apposition_verbs).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from rashomon.kb.countries import CountryMatch, find_countries
from rashomon.kb.matchers import is_acronym, slug
from rashomon.kb.packs import CATEGORY_PREFIX, DISCOVERED_PREFIX, PERSON_PREFIX
from rashomon.language_data import load_language_data
from rashomon.reconcile.framing_inputs import ActorSpan
from rashomon.reconcile.framing_labels import DETERMINERS, Labelled, fold_key
from rashomon.reconcile.framing_states import UNNAMED_STATE

# A word before a name; a dot only inside it or after a short abbreviation ("C.I.A.", "Mr."), never a
# sentence's end.
_WORD_BEFORE = re.compile(
    r"(?P<w>[^\W\d_](?:[\w'’-]|\.(?=\w))*(?:(?<=\b\w)\.|(?<=\b\w\w)\.|(?<=\b\w\w\w)\.)?)[ \t]+\Z"
)
# after a name: "Hamas's armed wing"; "Saudi-led coalition" (what a country leads is its side)
_LOWER_WORDS = re.compile(r"(?:['’]s?(?=[ \t])|-led(?=[ \t]))?(?:[ \t]+[a-z][\w'’-]*){1,3}")
_APPOSITION = re.compile(r",[ \t]+(?P<np>[^,.;:!?()\n\"“”—]{2,120}?)[ \t]*(?=[,.;:!?)\n—]|\Z)")
_THE = re.compile(r"(?<![\w-])[Tt]he[ \t]+(?P<np>(?:[a-z][\w'’-]*[ \t]+){0,2}[a-z][\w'’-]*)")
_STANCE_BEFORE = re.compile(r"(?<![\w-])(?:[Pp]ro|[Aa]nti)-\Z")  # "pro-Russian", "anti-Western"
ARMED_CATEGORY = CATEGORY_PREFIX + "REB"  # the generic armed category (data/actors/generic.yaml)
_STATE_ID = re.compile(r"[A-Z]{3}(?:\.GOV)?\Z")  # a country or its government (rashomon.kb.packs ids)
_MAX_TITLE_WORDS = 6  # "former House Intelligence Committee chairman": enough for a title
_MAX_APPOSITION_WORDS = 10


@dataclass(frozen=True)
class PhraseWords:
    titles: frozenset[str]  # folded title nouns and honorifics: "president", "mr"
    modifiers: frozenset[str]  # folded words before a title: "former", "deputy"
    heads: frozenset[str]  # folded: actor nouns, loaded-term forms, category words
    stops: frozenset[str]  # words that are no part of a naming phrase
    states: frozenset[str] = frozenset()  # "the country", "the administration": the state named last
    name_qualifiers: tuple[str, ...] = ()  # forms, as written: "so-called", "self-declared"
    armed: frozenset[str] = frozenset()  # folded words of armed groups: "rebel", "militant"
    modified: frozenset[str] = frozenset()  # folded: "jet", "camp" ("fighter jet" is no fighter)
    ruler_stances: frozenset[str] = frozenset()  # folded: "government" ("pro-government forces")


# Loaded terms that name an actor on their own ("mercenaries", "non-humans", "martyrs") are heads too.
_NAMING_CATEGORIES = ("delegitimising", "legitimising", "dehumanising", "foreign_backing")


@lru_cache(maxsize=4)
def phrase_words(language: str = "en") -> PhraseWords:
    data = load_language_data("framing", language)
    heads = {fold_key(w) for w in data.get("actor_nouns", [])}
    heads |= {fold_key(w) for w in data.get("group_nouns", [])}  # "Islamic Jihad terrorist organization"
    for term in data.get("terms", []):
        if term.get("attach") == "self" and term.get("category") in _NAMING_CATEGORIES:
            heads.update(fold_key(w) for w in term.get("forms", [term["term"]]) if " " not in w)
    stops = {*data.get("apposition_verbs", []), *data.get("phrase_stop_words", [])}
    titles = frozenset(fold_key(w) for w in data.get("title_words", []))
    modifiers = frozenset(fold_key(w) for w in data.get("title_modifiers", []))
    states = frozenset(fold_key(w) for w in data.get("state_nouns", []))
    naming = set(data.get("name_qualifier_terms", []))
    qualifiers = tuple(
        form for term in data.get("terms", []) if term["term"] in naming for form in term.get("forms", [])
    )
    armed = frozenset(fold_key(w) for w in data.get("armed_group_words", []))
    modified = frozenset(fold_key(w) for w in data.get("modified_nouns", []))
    rulers = frozenset(fold_key(w) for w in data.get("ruler_stances", []))
    return PhraseWords(
        titles, modifiers, frozenset(heads | states), frozenset(stops), states, qualifiers, armed, modified,
        rulers,
    )  # fmt: skip


def referring_phrases(text: str, labelled: list[Labelled], words: PhraseWords) -> list[Labelled]:
    """The labels of an article's mentions widened and completed by the rules above, in text order."""
    mentions = [item.mention for item in labelled]
    taken = _Taken(mentions)
    countries = find_countries(text)
    named = _Taken([*mentions, *(ActorSpan(c.start, c.end, "", "", "") for c in countries)])
    out = [_ruler_stance(_widened(text, item, words, taken, named, mentions), words) for item in labelled]
    out = _appositions(text, out, words)
    # a country's phrase inside another's label ("Hezbollah, a Lebanese terrorist group") is part of it
    spans = [item.span for item in out]
    out += [
        phrase
        for phrase in _demonym_phrases(text, countries, words, taken, mentions)
        if not any(s <= phrase.span[0] and phrase.span[1] <= e for s, e in spans)
    ]
    out += _qualified_names(text, words, taken)
    spans = [item.span for item in out]
    out += [
        phrase
        for phrase in _stance_phrases(text, words, taken)
        if not any(s < phrase.span[1] and phrase.span[0] < e for s, e in spans)
    ]
    out.sort(key=lambda item: item.span)
    out += _definite_references(text, out, words, taken)
    return sorted(out, key=lambda item: item.span)


class _Taken:
    """Spans covered by a mention: words there belong to another actor's phrase."""

    def __init__(self, mentions: Sequence[ActorSpan]) -> None:
        self.spans = sorted((m.start, m.end) for m in mentions)
        self.starts = [s for s, _ in self.spans]

    def at(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end)
        return any(s < end and start < e for s, e in self.spans[max(0, i - 8) : i])

    def covers(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end)
        return any(s <= start and end <= e for s, e in self.spans[max(0, i - 8) : i])


def _is_person(mention: ActorSpan) -> bool:
    return mention.actor_id.startswith(PERSON_PREFIX) or (
        mention.kind == "discovered" and not is_acronym(mention.name)
    )


def _widened(
    text: str, item: Labelled, words: PhraseWords, taken: _Taken, named: _Taken, mentions: list[ActorSpan]
) -> Labelled:
    mention = item.mention
    start, end = item.span
    if _is_person(mention) and start == mention.start:
        start = _title_start(text, start, words, named)
    if mention.kind in ("discovered", "pattern") and end == mention.end and _names_itself(text, mention):
        end = _head_end(text, end, words, taken)
    if mention.kind == "category" and start == mention.start and text[start : start + 1].islower():
        word = _WORD_BEFORE.search(text, max(0, start - 40), start)
        if (
            word is not None
            and _capitalised_modifier(word.group("w"), words)
            and not taken.at(word.start(), start)
        ):
            start = word.start("w")
            mention = _named_group(text[start : word.end("w")], mentions) or mention
    if (start, end) == item.span and mention is item.mention:
        return item
    prefix, suffix = text[start : item.span[0]], text[item.span[1] : end]
    return Labelled(mention, (start, end), prefix + item.written + suffix)


def _names_itself(text: str, mention: ActorSpan) -> bool:
    """A bare name (country, capital, discovered group): its label is the words written."""
    written = text[mention.start : mention.end]
    return mention.kind == "discovered" or fold_key(mention.label or "") == fold_key(written)


def _title_start(text: str, start: int, words: PhraseWords, named: _Taken) -> int:
    """Left edge of the title before a name: title words, and before them acronyms, country words and
    other mentions ("former FBI director", "North Korean dictator", "House Intelligence chairman")."""
    new_start, titled = start, False
    for _ in range(_MAX_TITLE_WORDS):
        found = _WORD_BEFORE.search(text, max(0, new_start - 60), new_start)
        if found is None:
            break
        word = found.group("w")
        key = fold_key(word.rstrip("."))
        if key in words.titles:
            titled = True
        elif not (
            titled and (key in words.modifiers or _modifier(found.start("w"), found.end("w"), word, named))
        ):
            break
        new_start = found.start("w")
        if titled and (key in words.titles or key in words.modifiers):
            start = new_start  # never start the title on a bare acronym or country word
    return start


def _modifier(start: int, end: int, word: str, named: _Taken) -> bool:
    """An acronym, a possessive, or a word of a mention or a country name ("FBI", "North Korean")."""
    if is_acronym(word.rstrip(".")) or word.endswith(("'s", "’s")):
        return True
    return word[:1].isupper() and named.covers(start, end)


def _capitalised_modifier(word: str, words: PhraseWords) -> bool:
    """ "Houthi" of "Houthi rebels"; not a determiner or a title ("The rebels", "Mr.")."""
    key = fold_key(word)
    return (
        word[:1].isupper()
        and not is_acronym(word)
        and key not in DETERMINERS
        and key not in words.stops
        and (key not in words.titles)
    )


def _named_group(word: str, mentions: list[ActorSpan]) -> ActorSpan | None:
    """The discovered group an adjective names ("Houthi" -> the Houthis), when the article names it."""
    key = fold_key(word)
    for mention in mentions:
        first = fold_key(mention.name).split()[:1]
        if (
            mention.kind == "discovered"
            and first
            and first[0].startswith(key)
            and len(first[0]) - len(key) <= 2
        ):
            return mention  # "Houthis", "Houthi": plural forms fold_key keeps
    return None


def _head_end(text: str, end: int, words: PhraseWords, taken: _Taken, titles: bool = False) -> int:
    """The end of lower-case words after a name whose last is an actor noun ("Kyiv nationalist regime")."""
    found = _LOWER_WORDS.match(text, end)
    if found is None or taken.at(end, found.end()):
        return end
    best = end
    position = end
    for word in re.finditer(r"[\w'’-]+", found.group()):
        key = fold_key(word.group())
        if key in words.stops or key in DETERMINERS:
            break
        position = end + word.end()
        if _modifies_next(text, position, words):
            break  # "fighter jet", "militant camp": the word is an adjective here
        if key in words.heads or (titles and key in words.titles):
            best = position
    return best


def _modifies_next(text: str, position: int, words: PhraseWords) -> bool:
    following = re.match(r"[ \t]+([\w'’-]+)", text[position : position + 40])
    return following is not None and fold_key(following.group(1)) in words.modified


def _demonym_phrases(
    text: str,
    countries: Sequence[CountryMatch],
    words: PhraseWords,
    taken: _Taken,
    mentions: Sequence[ActorSpan] = (),
) -> list[Labelled]:
    """ "Russian occupiers", "American officials", "the Saudi-led coalition": a country word no mention
    covers, then an actor noun."""
    out = []
    for match in countries:
        led = text.startswith("-led", match.end)
        if (match.kind not in ("adjective", "demonym") and not led) or taken.at(match.start, match.end):
            continue
        end = _head_end(text, match.end, words, taken)
        if end == match.end:
            continue
        stance = _STANCE_BEFORE.search(text, max(0, match.start - 6), match.start)
        if stance is not None:  # "pro-Russian rebels" are no Russian actor: armed ones are a group
            start = stance.start()
            if not set(fold_key(text[match.end : end]).split()) & words.armed:
                continue
            mention = ActorSpan(start, end, ARMED_CATEGORY, "armed groups", "category", text[start:end])
            out.append(Labelled(mention, (start, end), text[start:end]))
            continue
        named = _name_right_after(text, end, mentions)
        if named is not None:  # "the Pakistani group Lashkar-e-Taiba": the group's label, not Pakistan's
            out.append(Labelled(named, (match.start, named.end), text[match.start : named.end]))
            continue
        iso3 = match.country.iso3
        mention = ActorSpan(
            match.start, end, iso3, match.country.name, "pattern", text[match.start : end], "GOV"
        )
        out.append(Labelled(mention, (match.start, end), text[match.start : end]))
    return out


def _name_right_after(text: str, end: int, mentions: Sequence[ActorSpan]) -> ActorSpan | None:
    """The named group or person a phrase stands before as its title ("the Lebanese movement
    Hezbollah"): a mention starting one space after it that is no country, category or state body."""
    gap = re.match(r"[ \t]+", text[end : end + 4])
    if gap is None:
        return None
    start = end + gap.end()
    for mention in mentions:
        if (
            mention.start == start
            and mention.kind in ("discovered", "known")
            and not _STATE_ID.match(mention.actor_id)
        ):
            return mention
    return None


_STANCE = re.compile(r"(?<![\w-])(?:[Pp]ro|[Aa]nti)-[\w'’]+(?:-[\w'’]+)*")


def _for_rulers(stance: str, words: PhraseWords) -> bool:
    """ "pro-government", "pro-junta": a stance for a state's rulers."""
    return stance[:4].casefold() == "pro-" and fold_key(stance[4:]) in words.ruler_stances


def _unnamed_state(start: int, end: int, written: str) -> ActorSpan:
    return ActorSpan(start, end, UNNAMED_STATE, "state", "pattern", written, "GOV")


def _ruler_stance(item: Labelled, words: PhraseWords) -> Labelled:
    """A category word widened by a stance for the rulers ("pro-junta militia") is the state's side."""
    stance = _STANCE.match(item.written)
    if item.mention.kind != "category" or stance is None or not _for_rulers(stance.group(), words):
        return item
    return replace(item, mention=_unnamed_state(item.span[0], item.span[1], item.written))


def _stance_phrases(text: str, words: PhraseWords, taken: _Taken) -> list[Labelled]:
    """ "anti-coup forces", "pro-Kobo militia": a stance for or against something, then an actor noun,
    is a side in the fight however it is named; like "the militants", it counts for the article's armed
    group (the stance, not the noun, says which). For a state's rulers ("pro-government forces",
    "pro-junta militia") it is the state's side: an unnamed state (framing_states.UNNAMED_STATE), placed
    like "the junta"."""
    out = []
    for found in _STANCE.finditer(text):
        if taken.at(*found.span()):
            continue
        end = _head_end(text, found.end(), words, taken)
        if end == found.end():
            continue
        start = found.start()
        if _for_rulers(found.group(), words):
            out.append(Labelled(_unnamed_state(start, end, text[start:end]), (start, end), text[start:end]))
            continue
        mention = ActorSpan(start, end, ARMED_CATEGORY, "armed groups", "category", text[start:end])
        out.append(Labelled(mention, (start, end), text[start:end]))
    return out


@lru_cache(maxsize=4)
def _qualified_name_pattern(qualifiers: tuple[str, ...]) -> re.Pattern[str] | None:
    if not qualifiers:
        return None
    forms = "|".join(sorted(map(re.escape, qualifiers), key=len, reverse=True))
    name_word = r"[A-Z][\w'’.-]*"
    joined = rf"(?:[ \t]+(?:(?:of|the|for|and)[ \t]+)?{name_word}){{0,5}}"
    return re.compile(rf"(?<![\w-])(?P<q>(?i:{forms}))[ \t]+[\"“‘']?(?P<name>{name_word}{joined})")


def _qualified_names(text: str, words: PhraseWords, taken: _Taken) -> list[Labelled]:
    """ "the self-declared Donetsk People's Republic": a distancing qualifier before a capitalised
    name that no mention covers labels that name (a discovered actor, named as written)."""
    pattern = _qualified_name_pattern(words.name_qualifiers)
    if pattern is None:
        return []
    out = []
    for found in pattern.finditer(text):
        start, end = found.span("name")
        name = found.group("name")
        if name.endswith(".") and len(name.rsplit(None, 1)[-1]) > 4:  # a sentence's end, not "U.S."
            name, end = name[:-1], end - 1
        if taken.at(found.start(), end):
            continue
        mention = ActorSpan(start, end, DISCOVERED_PREFIX + slug(fold_key(name)), name, "discovered", name)
        out.append(Labelled(mention, (found.start(), end), text[found.start() : end]))
    return out


def _appositions(text: str, labelled: list[Labelled], words: PhraseWords) -> list[Labelled]:
    """ "Kim Jong Un, North Korea's leader,": the phrase after a person's name is that person's label;
    a title mention that the phrase is (North Korea's leader) counts for the person, not on its own."""
    by_span = {item.span: i for i, item in enumerate(labelled)}
    out = list(labelled)
    for item in labelled:
        if item.mention.kind == "category":
            continue
        found = _APPOSITION.match(text, item.span[1])
        if found is None or not _is_apposition(found.group("np"), words):
            continue
        start, end = found.span("np")
        # a title mention that is the phrase ("North Korea's leader"), not a name at its end ("Iran")
        inner = [
            i
            for span, i in by_span.items()
            if span[1] == end and fold_key(text[start : span[0]]) in ("", *DETERMINERS)
        ]
        for i in inner:  # the phrase is itself a title mention: it names the person here
            out[i] = replace(out[i], mention=item.mention)
        if not inner:
            out.append(Labelled(item.mention, (start, end), found.group("np")))
    return out


def _is_apposition(phrase: str, words: PhraseWords) -> bool:
    parts = phrase.split()
    if not 1 <= len(parts) <= _MAX_APPOSITION_WORDS:
        return False
    keys = [fold_key(w.strip(".")) for w in parts]
    if any(k in words.stops and not _apposition_link(keys, i) for i, k in enumerate(keys)):
        return False
    first = parts[0]
    possessive = any(w.endswith(("'s", "’s")) for w in parts[:3])  # "North Korea's leader"
    opens = first.casefold() in ("the", "a", "an") or keys[0] in words.titles or possessive
    return opens and any(k in words.titles or k in words.heads for k in keys)


def _apposition_link(keys: Sequence[str], i: int) -> bool:
    """A function word that stays inside an apposition: "the leader of the group", "the movement
    backed by Iran" ("by" after a participle; "X, the group, said by ..." is no such phrase)."""
    if keys[i] in ("of", "for", "at", "in", "on"):
        return True
    return keys[i] == "by" and i > 0 and keys[i - 1].endswith("ed")


def _definite_references(
    text: str, labelled: list[Labelled], words: PhraseWords, taken: _Taken
) -> list[Labelled]:
    """ "the president" after "President Trump": the latest actor whose label has that head word."""
    spans = [item.span for item in labelled]
    out = []
    for found in _THE.finditer(text):
        start = found.start("np")
        end = _head_end(text, start - 1, words, taken, titles=True)  # "the president praised": "president"
        if (
            end <= start
            or taken.at(found.start(), end)
            or any(s < end and found.start() < e for s, e in spans)
        ):
            continue
        referent = _latest_with(labelled, fold_key(text[start:end].split()[-1]), found.start(), words)
        if referent is not None:
            out.append(Labelled(referent, (start, end), text[start:end]))
    return out


def _latest_with(labelled: list[Labelled], head: str, before: int, words: PhraseWords) -> ActorSpan | None:
    for item in reversed(labelled):
        if item.span[1] <= before and head in words.states and _STATE_ID.match(item.mention.actor_id):
            return item.mention
        if item.span[1] > before or head in fold_key(item.mention.name).split():
            continue  # "the house" is no reference to the House Intelligence Committee
        if head in fold_key(item.written).split():
            return item.mention
    return None
