"""Generic descriptions of an armed group counted for the group an article reports on.

The linker counts "the militants", "terrorists" or "Iran-backed rebels" for their category (category:REB),
since the words alone say what, not who. An article about one armed group uses them for that group: an
outlet that names Hamas and then writes "the terrorists fired rockets" is describing Hamas. So a generic
description of an armed category counts for the article's armed group, when the article names one:

- a named group is armed when the packs say so (an armed sector), or when the article itself ties it to
  an armed word ("Houthi rebels", "Jaish fighters", "Hamas, the militant group") or makes it the doer of
  violence (an assault event);
- with one armed group named, every generic description is that group's; with several, the one the
  article names most, when it is named at least twice as often as any other; otherwise the category
  stays (nothing says which group the outlet means).

The same holds for a group noun (framing.json: group_nouns; "group", "force", "alliance", "sect", singular
or plural) with an armed or loaded word ("the militant group", "an Iran-backed armed group", "a primarily
anti-India group", "the rival force", with the plain adjectives after its article: "a proscribed terrorist
organization"): right before a name it joins that name's label ("the militant group Hezbollah"); right
after a name, in apposition or as its predicate ("JeM, a primarily anti-India group", "Hezbollah is a
Shiite group", "Hamas itself is a proscribed terrorist organization"), it labels that name; alone, it is
the article's armed group's, else its category's. A group noun armed by itself needs only a definite
article: "the militia" (not "the militia leader").

Descriptions with a country of their own ("Syrian rebels", SYR.REB) are as generic as the bare word.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise

from rashomon.kb.knowledge import KnowledgeBase
from rashomon.kb.matchers import slug
from rashomon.kb.packs import CATEGORY_PREFIX, DISCOVERED_PREFIX, PERSON_PREFIX
from rashomon.language_data import load_language_data
from rashomon.reconcile.framing_inputs import ActorSpan, Violence
from rashomon.reconcile.framing_labels import DETERMINERS, Labelled, fold_key, group_of, normalise_label
from rashomon.reconcile.framing_states import UNNAMED_STATE

# Sectors of non-state armed actors (the generic pack's sector codes): rebels, insurgents, separatists.
ARMED_SECTORS = frozenset({"REB", "INS", "SEP"})
_STATE_SECTORS = ("GOV", "MIL", "COP")  # parties.json sectors of a state's own forces and government
_DOMINANCE = 2  # how many times more often the main group is named than any other armed group


@dataclass(frozen=True)
class ArmedWords:
    words: frozenset[str]  # folded words that make a name an armed group's: "militant", "rebel"
    group_nouns: frozenset[str] = frozenset()  # singular, lower case: "group", "organization"
    category_id: str = CATEGORY_PREFIX + "REB"  # where a lone group phrase counts with no group named
    asset_nouns: frozenset[str] = frozenset()  # folded: "camp", "launch pad", "position"
    # folded words of a state's forces and government ("army", "police", "minister"): a doer named by
    # one ("the army", "Army air defence units") is a state's, however often it fights
    state_words: frozenset[str] = frozenset()
    name_heads: frozenset[str] = frozenset()  # folded last words of an armed group's name: "army"


@lru_cache(maxsize=4)
def armed_words(kb: KnowledgeBase, language: str = "en") -> ArmedWords:
    """One-word terms of the armed categories, and the language's armed-group nouns."""
    words = {
        fold_key(term)
        for sector, category in kb.categories.items()
        if sector in ARMED_SECTORS
        for term in category.terms
        if " " not in term.strip()
    }
    data = load_language_data("framing", language)
    words |= {fold_key(w) for w in data.get("armed_group_words", [])}
    nouns = frozenset(data.get("group_nouns", []))  # singular, as written
    assets = frozenset(fold_key(w) for w in data.get("armed_asset_nouns", []))
    sectors = load_language_data("parties", language)["sector_words"]
    state = frozenset(fold_key(w) for sector in _STATE_SECTORS for w in sectors.get(sector, []))
    heads = frozenset(fold_key(w) for w in data.get("armed_name_heads", []))
    return ArmedWords(frozenset(words), nouns, asset_nouns=assets, state_words=state, name_heads=heads)


def is_generic_armed(mention: ActorSpan, kb: KnowledgeBase) -> bool:
    """A category mention of an armed sector: "militants", "Syrian rebels", "separatists"."""
    if mention.kind != "category":
        return False
    group, _, sector = group_of(mention, kb)
    return group.startswith(CATEGORY_PREFIX) and sector in ARMED_SECTORS


def violent_parties(violence: Iterable[Violence], kb: KnowledgeBase, words: ArmedWords) -> frozenset[str]:
    """Discovered groups that fight in the article: the doer of violence written as the bare name ("the
    Houthis", not "a Buk missile"; not who attacks an armed category: who fights them), more often than
    it is attacked (a hijacked train read as a doer is still the victim); and the group whose camps,
    positions or launch pads are attacked ("the training camp of Jaish-e-Mohammed")."""
    parties = set()
    doing: Counter[str] = Counter()
    suffering: Counter[str] = Counter()
    for event in violence:
        target = kb.actor(event.target_id) if event.target_id else None
        fights_armed = target is not None and target.type == "category" and target.sector in ARMED_SECTORS
        if (
            not fights_armed
            and _names_only(event.doer_id, event.doer)
            and not _state_force(event.doer, words)
        ):
            doing[str(event.doer_id)] += 1
        padded = f" {fold_key(event.target)} "
        if not (event.target_id or "").startswith(DISCOVERED_PREFIX):
            continue
        if any(f" {noun} " in padded for noun in words.asset_nouns):
            parties.add(str(event.target_id))
        else:
            suffering[str(event.target_id)] += 1
    parties.update(doer for doer, times in doing.items() if times > suffering[doer])
    return frozenset(parties)


def _state_force(written: str, words: ArmedWords) -> bool:
    """Named first by a word of a state's forces or government: "the army", "Army air defence units",
    "police" (not "Rapid Support Forces", a group's own name)."""
    folded = [w for w in fold_key(written).split() if w != "the"]
    return bool(folded) and (folded[0] in words.state_words or " ".join(folded[:2]) in words.state_words)


def _names_only(actor_id: str | None, written: str) -> bool:
    """A discovered actor written as its bare name, determiners aside."""
    return (
        bool(actor_id)
        and str(actor_id).startswith(DISCOVERED_PREFIX)
        and (slug(normalise_label(written)) == str(actor_id)[len(DISCOVERED_PREFIX) :])
    )


def _armed_evidence(
    item: Labelled, kb: KnowledgeBase, words: ArmedWords, violent: frozenset[str], text: str
) -> str | None:
    """How a named mention shows an armed group: "pack", "words" (its own label), "name" (its own
    name's last word), "assets" (its camps,
    positions or attacks next to it), "violence", or None."""
    mention = item.mention
    if mention.kind == "category" or mention.actor_id.startswith(PERSON_PREFIX):
        return None
    actor = kb.actor(mention.actor_id) if mention.kind != "discovered" else None
    if actor is not None:
        return "pack" if actor.type != "category" and actor.sector in ARMED_SECTORS else None
    if mention.kind != "discovered":
        return None
    if mention.sector in ARMED_SECTORS:  # a longer name holding an armed group's (framing_longer_names)
        return "pack"
    own = set(fold_key(item.written).split()) - set(fold_key(mention.name).split())
    if own & words.words:
        return "words"
    if _armed_name(mention.name, words):
        return "name"
    if _assets_next_to(text, mention, words.asset_nouns):
        return "assets"
    if _armed_words_before(text, mention, words):
        return "words"
    return "violence" if mention.actor_id in violent else None


def _armed_name(name: str, words: ArmedWords) -> bool:
    """A name of several words ending with an armed noun ("Arakan Army", "Ta'ang National Liberation
    Army"), not a state's forces ("Army air defence units")."""
    folded = fold_key(name).split()
    return len(folded) > 1 and folded[-1] in words.name_heads and not _state_force(name, words)


# a bracket around the name or an acronym after it stands between: "Jaish-e-Mohammed (JeM) launchpads"
_AFTER_NAME = re.compile(
    r"\)?(?:['’]s?)?(?:[ \t]+\([^()\n]{1,12}\))?[ \t]+(?P<w>[A-Za-z-]+)(?:[ \t]+(?P<w2>[A-Za-z-]+))?"
)
_BEFORE_OF = re.compile(
    r"(?:(?P<w2>[A-Za-z-]+)[ \t]+)?(?P<w>[A-Za-z-]+)[ \t]+(?:of|by)[ \t]+(?:the[ \t]+)?\Z"
)


def _assets_next_to(text: str, mention: ActorSpan, assets: frozenset[str]) -> bool:
    """ "Houthi targets", "JeM launchpads", "the training camp of Jaish-e-Mohammed"."""
    after = _AFTER_NAME.match(text, mention.end)
    before = _BEFORE_OF.search(text, max(0, mention.start - 50), mention.start)
    for found in (after, before):
        if found is None:
            continue
        one = fold_key(found.group("w"))
        two = fold_key(f"{found.group('w')} {found.group('w2')}") if found.group("w2") else ""
        if one in assets or two in assets:
            return True
    return False


# an armed description the name follows as its example: "banned terrorist groups, X and Y", "militant
# outfits such as X" (a comma or "including" between; not "the militants and X")
_BEFORE_EXAMPLE = re.compile(
    r"(?:(?P<w1>[A-Za-z-]+)[ \t]+)?(?P<w2>[A-Za-z-]+)(?:[ \t]*,|[ \t]+(?:including|such[ \t]+as))"
    r"[ \t]+(?:the[ \t]+)?\Z"
)


def _armed_words_before(text: str, mention: ActorSpan, words: ArmedWords) -> bool:
    """ "terrorist groups, Jaish-e-Mohammed": an armed word, or an armed word and a group noun, in the
    plural (examples of a kind; "by a militia, Reuters reported" is no example), right before the name
    that gives it."""
    found = _BEFORE_EXAMPLE.search(text, max(0, mention.start - 60), mention.start)
    if found is None:
        return False
    last = fold_key(found.group("w2"))
    if last == found.group("w2").casefold():
        return False  # singular
    if last in words.words:
        return True
    nouns = {fold_key(n) for n in words.group_nouns}
    return last in nouns and found.group("w1") is not None and fold_key(found.group("w1")) in words.words


def _group_keys(labelled: Sequence[Labelled], kb: KnowledgeBase, text: str = "") -> dict[ActorSpan, str]:
    """The group each named mention counts under here: a discovered name's spellings as one (plural and
    singular, "Houthis"; hyphens and doubled letters, "al-Shabaab", "Alshabab"), and an acronym with
    the name whose initials it is ("JeM", "Jaish-e-Mohammed") or that it follows in brackets
    ("National Liberation Army (ELN)": the initials of another language)."""
    keys = {}
    for item in labelled:
        if item.mention.kind != "category":
            group = group_of(item.mention, kb)[0]
            keys[item.mention] = _spelling_key(group) if item.mention.kind == "discovered" else group
    initials = {
        "".join(part[0] for part in re.split(r"[\s-]+", m.name) if part).casefold(): key
        for m, key in keys.items()
        if m.kind == "discovered" and len(re.split(r"[\s-]+", m.name)) > 1
    }
    ordered = sorted(keys, key=lambda m: m.start)
    for before, mention in pairwise(ordered):
        if (
            _is_acronym(mention)
            and not _is_acronym(before)
            and _BRACKET_OPEN.fullmatch(text, before.end, mention.start)
            and text.startswith(")", mention.end)
        ):
            initials.setdefault(mention.name.casefold(), keys[before])
    for mention in keys:
        if mention.kind in ("discovered", "known") and _is_acronym(mention):
            keys[mention] = initials.get(mention.name.casefold(), keys[mention])
    return keys


_BRACKET_OPEN = re.compile(r"[ \t]*\([ \t]*")


_REPEATED = re.compile(r"(\w)\1+")


def _spelling_key(group: str) -> str:
    """A discovered group's id with the marks of transliteration folded: hyphens, doubled letters and a
    plural "s" ("discovered:al-shabaab", "discovered:alshabab" -> "discovered:alshabab")."""
    name = group.removeprefix(DISCOVERED_PREFIX).replace("-", "")
    return DISCOVERED_PREFIX + _REPEATED.sub(r"\1", name).removesuffix("s")


_ACRONYM = re.compile(r"(?=(?:\w*[A-Z]){2})[A-Za-z]{2,6}")


def _is_acronym(mention: ActorSpan) -> bool:
    return _ACRONYM.fullmatch(mention.name) is not None


def main_armed_group(
    labelled: Sequence[Labelled], kb: KnowledgeBase, ranked: Sequence[tuple[ActorSpan, int]], text: str = ""
) -> ActorSpan | None:
    """The armed group the article reports on: the only one it names, or the one it names most by far
    (`ranked`: its `armed_groups`). Groups named alike that the article lists together ("the Ta'ang
    National Liberation Army, the Arakan Army and the MNDAA") act together: the first of the list
    stands for them."""
    if not ranked:
        return None
    if len(ranked) > 1 and ranked[0][1] < _DOMINANCE * ranked[1][1]:
        contenders = [m for m, times in ranked if _DOMINANCE * times > ranked[0][1]]
        return _first_of_list(labelled, _group_keys(labelled, kb, text), contenders, text)
    return ranked[0][0]


# between two names of one list: commas, "and", "the", brackets and other capitalised names
_LIST_GAP = re.compile(r"(?:[\s,&]|\band\b|\bthe\b|\([^()\n]{1,12}\)|[A-Z][\w'’-]*)*")
_MAX_LIST_GAP = 60


def _first_of_list(
    labelled: Sequence[Labelled], keys: Mapping[ActorSpan, str], contenders: Sequence[ActorSpan], text: str
) -> ActorSpan | None:
    """The first group of a list that names every contender, if the text has one."""
    wanted = {keys[m] for m in contenders if m in keys}
    named = sorted((m for m in keys if keys[m] in wanted), key=lambda m: m.start)
    for i, first in enumerate(named):
        seen, last = {keys[first]}, first
        for mention in named[i + 1 :]:
            gap = text[last.end : mention.start]
            if len(gap) > _MAX_LIST_GAP or not _LIST_GAP.fullmatch(gap) or not re.search(r",|\band\b|&", gap):
                break
            seen.add(keys[mention])
            last = mention
        if seen == wanted:
            return next(m for m in contenders if keys.get(m) == keys[first])
    return None


def armed_groups(
    labelled: Sequence[Labelled],
    kb: KnowledgeBase,
    words: ArmedWords,
    violent: frozenset[str] = frozenset(),
    text: str = "",
) -> list[tuple[ActorSpan, int]]:
    """The armed groups an article names, each with how often, most first. Violence alone makes a
    group armed only where it is named twice: a one-off doer may be misread."""
    keys = _group_keys(labelled, kb, text)
    counts: Counter[str] = Counter()
    first: dict[str, ActorSpan] = {}
    evidence: dict[str, set[str]] = {}
    for item in labelled:
        key = keys.get(item.mention)
        if key is None or (item.mention.kind == "discovered" and _state_force(item.mention.name, words)):
            continue
        counts[key] += 1
        if key not in first or (_is_acronym(first[key]) and not _is_acronym(item.mention)):
            first[key] = item.mention  # the group goes by its name rather than its acronym
        shown = _armed_evidence(item, kb, words, violent, text)
        if shown is not None:
            evidence.setdefault(key, set()).add(shown)
    armed = [k for k, shown in evidence.items() if shown != {"violence"} or counts[k] >= _DOMINANCE]
    return [(first[k], counts[k]) for k in sorted(armed, key=lambda k: -counts[k])]


def armed_side(
    labelled: Sequence[Labelled],
    kb: KnowledgeBase,
    words: ArmedWords,
    ranked: Sequence[tuple[ActorSpan, int]],
    text: str = "",
) -> ActorSpan | None:
    """Who the article's generic armed descriptions are about: its armed group (`main_armed_group`
    of its `armed_groups`, `ranked`); with none named, the one more specific armed category it uses
    ("the rebels" of an article that calls them "separatists")."""
    group = main_armed_group(labelled, kb, ranked, text)
    if group is not None:
        return group
    specific: dict[str, ActorSpan] = {}
    for item in labelled:
        if is_generic_armed(item.mention, kb):
            sector = group_of(item.mention, kb)[2]
            if sector != words.category_id.removeprefix(CATEGORY_PREFIX):
                specific.setdefault(str(sector), item.mention)
    return next(iter(specific.values())) if len(specific) == 1 else None


def counted_for_group(
    labelled: Sequence[Labelled], kb: KnowledgeBase, side: ActorSpan | None
) -> tuple[list[Labelled], dict[ActorSpan, ActorSpan]]:
    """The labels with generic armed descriptions moved to `side` (`armed_side`), and the mentions
    moved (category mention -> the side's mention), for the loaded terms on them."""
    if side is None:
        return list(labelled), {}
    moved = {
        item.mention: replace(side, start=item.mention.start, end=item.mention.end, label=item.mention.label)
        for item in labelled
        if is_generic_armed(item.mention, kb)
    }  # where it stands and the word used stay: its voice and term are its own
    return [replace(item, mention=moved.get(item.mention, item.mention)) for item in labelled], moved


def moved_mention(mention: ActorSpan | None, moved: Mapping[ActorSpan, ActorSpan]) -> ActorSpan | None:
    return moved.get(mention, mention) if mention is not None else None


# A word before a group noun: letters, hyphens, apostrophes, inner dots ("U.S.-designated").
_WORD_END = re.compile(r"(?P<w>[^\W\d_](?:[\w'’-]|\.(?=[\w-]))*\.?)[ \t]+\Z")
_BEFORE_NAME = re.compile(r"[ \t]+")
_APPOSED = re.compile(
    r"(?:,|[ \t]*[—–][ \t]*"
    r"|[ \t]+(?:(?:that|which|itself|themselves)[ \t]+)?(?:is|was|remains|are|were)[ \t]+)"
    r"[ \t]*(?:(?:a|an|the)[ \t]+)?\Z"
)
_MAX_MODIFIERS = 4


def group_phrases(
    text: str,
    labelled: Sequence[Labelled],
    words: ArmedWords,
    qualifies: Callable[[str], bool],
) -> list[Labelled]:
    """The labels with singular group phrases added (see the module docstring)."""
    out: dict[int, Labelled] = dict(enumerate(labelled))
    by_start = {item.span[0]: i for i, item in out.items() if item.mention.kind != "category"}
    by_end = {item.span[1]: item for item in labelled if item.mention.kind != "category"}
    for noun in _group_nouns(words.group_nouns).finditer(text):
        start = _modifiers_start(text, noun.start(), words, qualifies)
        if start is None and _lone_armed_noun(text, noun, words):
            start = noun.start()
        if start is None:
            continue
        start = _adjectives_start(text, start)
        overlapping = [i for i, item in out.items() if item.span[0] < noun.end() and start < item.span[1]]
        if any(_anothers(out[i].mention) for i in overlapping):
            continue  # another actor's words; a category word ("rebel") or a backer ("Iran-") is ours
        for i in overlapping:
            if out[i].mention.kind == "category" or _modifies_noun(text, out[i], noun.end()):
                if out[i].mention.kind == "pattern":  # "a Russian paramilitary group": its country word
                    start = min(start, out[i].span[0])
                del out[i]
        after = _BEFORE_NAME.match(text, noun.end())
        named = by_start.get(after.end()) if after is not None else None
        if named is not None and named in out:  # "the militant group Hezbollah": one label, the name's
            item = out[named]
            out[named] = Labelled(item.mention, (start, item.span[1]), text[start : item.span[1]])
            continue
        before = _APPOSED.search(text, max(0, start - 30), start)
        owner = by_end.get(before.start()) if before is not None else None
        if owner is not None:
            mention = owner.mention
        else:  # a generic description, like "the militants" (see `counted_for_group`)
            mention = ActorSpan(
                start, noun.end(), words.category_id, "armed groups", "category", noun.group()
            )
        mention = replace(mention, start=start, end=noun.end())
        phrase = Labelled(mention, (start, noun.end()), text[start : noun.end()])
        out[len(labelled) + noun.start()] = phrase
        if owner is not None:
            by_end[noun.end()] = phrase  # "Hamas, an Islamist group that is a terrorist organization"
    return sorted(out.values(), key=lambda item: item.span)


def _anothers(mention: ActorSpan) -> bool:
    """A mention whose words a group phrase does not take over: a name, or a state's side ("pro-junta
    militia", framing_states.UNNAMED_STATE)."""
    return mention.kind not in ("category", "pattern") or mention.actor_id == UNNAMED_STATE


_DEFINITE_BEFORE = re.compile(r"(?<![\w-])(?:[Tt]he|[Tt]his|[Tt]hat)[ \t]+\Z")
_WORD_AFTER = re.compile(r"[ \t]+(?P<w>[a-z][\w-]*)")


def _lone_armed_noun(text: str, noun: re.Match[str], words: ArmedWords) -> bool:
    """ "the militia": a group noun armed by itself after a definite article refers to a group as
    "the militants" does; not where it modifies the noun after it ("the militia leader")."""
    if fold_key(noun.group()) not in words.words:
        return False
    if _DEFINITE_BEFORE.search(text, max(0, noun.start() - 6), noun.start()) is None:
        return False
    after = _WORD_AFTER.match(text, noun.end())
    return after is None or fold_key(after.group("w")) not in _noun_heads()


@lru_cache(maxsize=1)
def _noun_heads(language: str = "en") -> frozenset[str]:
    """Folded nouns a group noun may modify: titles, actor nouns, vehicles and camps."""
    data = load_language_data("framing", language)
    keys = ("title_words", "actor_nouns", "modified_nouns", "armed_asset_nouns")
    return frozenset(fold_key(w) for key in keys for w in data.get(key, []))


def _modifies_noun(text: str, item: Labelled, noun_end: int) -> bool:
    """A country's phrase inside the group phrase ("a Lebanese terrorist group"): its words modify the
    group noun; a backer ("Iran-backed") stays its own mention."""
    if item.span[1] > noun_end or item.mention.kind != "pattern":
        return False
    return item.span[1] == noun_end or text[item.span[1] : item.span[1] + 1] in (" ", "\t")


@lru_cache(maxsize=4)
def _group_nouns(nouns: frozenset[str]) -> re.Pattern[str]:
    """A singular group noun in lower case, without its possessive ending ("the militant group's")."""
    alternatives = "|".join(sorted(map(re.escape, nouns), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?=(?:['’]s?)?(?![\w-]))")


def _modifiers_start(text: str, end: int, words: ArmedWords, qualifies: Callable[[str], bool]) -> int | None:
    """Start of the modifiers before a group noun, when one of them is armed or loaded; else None."""
    start, armed = end, False
    for _ in range(_MAX_MODIFIERS):
        found = _WORD_END.search(text, max(0, start - 40), start)
        if found is None:
            break
        word = found.group("w")
        key = fold_key(word.rstrip("."))
        if key in words.words or qualifies(word):
            armed = True
        elif not ("-" in word or key.endswith("ly")) or key in _STOPS:
            break  # a hyphenated word or an adverb may stand among them ("Gaza-based", "primarily")
        start = found.start("w")
    return start if armed else None


_STOPS = DETERMINERS | {"another", "other"}
# up to two plain lower-case words right after an article: "a proscribed terrorist organization"
_ADJECTIVES_AFTER_ARTICLE = re.compile(
    r"(?<![\w-])(?:[Aa]n?|[Tt]he)[ \t]+(?P<words>[a-z][a-z-]*[ \t]+(?:[a-z][a-z-]*[ \t]+)?)\Z"
)


def _adjectives_start(text: str, start: int) -> int:
    """Start of a group phrase with the plain adjectives between its article and its armed words."""
    found = _ADJECTIVES_AFTER_ARTICLE.search(text, max(0, start - 40), start)
    if found is None or any(fold_key(w) in _stop_words() for w in found.group("words").split()):
        return start
    return found.start("words")


@lru_cache(maxsize=1)
def _stop_words(language: str = "en") -> frozenset[str]:
    """Words that end a noun phrase ("of", "is") and determiners."""
    return frozenset(load_language_data("framing", language).get("phrase_stop_words", [])) | _STOPS
