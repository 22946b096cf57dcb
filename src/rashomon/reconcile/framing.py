"""Framing per outlet: the labels each outlet uses for each actor (or group), and the loaded terms it
attaches to them, with whose voice each comes in.

Per article (`article_framing`): every actor mention gives a `LabelUse` (rashomon.reconcile.
framing_labels says how labels are read and grouped) and every loaded term a `LoadedTerm`
(rashomon.reconcile.framing_terms). Each carries its voice: "outlet" (the outlet's narration),
"reported" (inside a statement in the outlet's words: indirect speech) or "quoted" (inside quotation
marks: the speaker's words, or a scare-quoted name), and the speaker where it is inside a statement.
Over articles (`framing_table`): one `FramingRow` per outlet and actor, labels counted per mention and
folded (plural/singular, case), shown in their most frequent form.

A generic armed description ("the militants", "the militant group", "the assailants":
rashomon.reconcile.framing_attackers) counts for the armed group its article reports on, or, where the
article names none, for the group the other articles of its story name (`store_framings`,
rashomon.reconcile.framing_story), unless the text names its owner ("mercenaries from Wagner", "Russian
mercenaries": framing_owners); an unnamed description of a state ("the occupiers") for the state it
refers back to, and an unnamed ruler ("the junta") for the state whose bodies the article names
(rashomon.reconcile.framing_described, framing_states).

An article that names several armed groups alike counts them for the one its story names most, else
for the first of a list that names them all (alliance members: framing_described); a known name
inside a longer proper name ("Kataib Hezbollah") is the longer name's (framing_longer_names), and a
country's adjective before an international body's plain noun ("Russian peacekeepers") the country's
forces (framing_contingents). Voice reads quotes opened twice or over paragraphs (framing_quotes).

Known limitations: where an article names several armed groups alike, apart, and its story does too,
a category word stays one group per category for the whole corpus ("Kurdish militants" and Idlib's
"militants" are both category:REB); singular category words ("an allied militant") are not linked,
so not counted.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from rashomon.kb.actors import default_kb
from rashomon.kb.knowledge import KnowledgeBase
from rashomon.kb.packs import CATEGORY_PREFIX
from rashomon.language_data import load_language_data
from rashomon.reconcile.echo import actor_side
from rashomon.reconcile.framing_attackers import attacker_mentions
from rashomon.reconcile.framing_contingents import national_contingents
from rashomon.reconcile.framing_described import (
    armed_groups,
    armed_side,
    armed_words,
    counted_for_group,
    group_phrases,
    moved_mention,
    violent_parties,
)
from rashomon.reconcile.framing_distinctive import Use, distinctive_labels
from rashomon.reconcile.framing_inputs import (
    ActorSpan,
    ArticleInput,
    Said,
    articles_from_store,
    stories_and_sides,
)
from rashomon.reconcile.framing_labels import (
    Labelled,
    Vocabulary,
    fold_key,
    group_of,
    labelled_mentions,
    normalise_label,
    vocabulary,
)
from rashomon.reconcile.framing_longer_names import longer_names
from rashomon.reconcile.framing_names import unlinked_group_codes
from rashomon.reconcile.framing_owners import owned_descriptions
from rashomon.reconcile.framing_phrases import phrase_words, referring_phrases
from rashomon.reconcile.framing_quotes import balanced_quote_regions
from rashomon.reconcile.framing_states import ruler_descriptions, state_descriptions
from rashomon.reconcile.framing_story import (
    moved_uses,
    story_armed_groups,
    story_group_for,
    story_pick_among,
    story_states,
    story_votes,
)
from rashomon.reconcile.framing_terms import Lexicon, TermHit, find_terms, load_lexicon
from rashomon.reconcile.spans import SpanIndex
from rashomon.store.db import Store
from rashomon.types import Span

VOICES = ("outlet", "reported", "quoted")


@dataclass(frozen=True)
class LabelUse:
    """One mention of an actor, with the label it is given."""

    article_id: str
    outlet: str
    actor_id: str  # the group it counts under (framing_labels.group_of)
    actor_name: str
    label: str  # normalised noun phrase: "foreign-backed terrorists", "syrian regime"
    term: str  # the linker's term or alias: "terrorists", "syrian regime"
    span: Span
    voice: str  # outlet | reported | quoted
    speaker: str | None  # who says it, when inside a statement


@dataclass(frozen=True)
class LoadedTerm:
    """A loaded term and what it is attached to (an actor where one is found, else a noun phrase)."""

    article_id: str
    outlet: str
    span: Span
    written: str  # as in the text: "US-occupied", "“moderate opposition”"
    term: str  # canonical: "occupied", "scare quotes"
    category: str  # delegitimising | legitimising | euphemism | distancing | ...
    relation: str  # qualifies | agent | names | scare quotes
    attached_to: str | None  # the noun phrase or doer, as written
    attached_span: Span | None
    actor_id: str | None  # group id of the actor attached to
    agent_id: str | None  # backer or occupier named in the term itself ("Turkish-backed": TUR)
    voice: str
    speaker: str | None


@dataclass(frozen=True)
class ArticleFraming:
    article_id: str
    outlet: str
    labels: tuple[LabelUse, ...]
    loaded_terms: tuple[LoadedTerm, ...]
    # (group id, name) its generic armed descriptions count for, None where it names none or several
    armed_group: tuple[str, str] | None = None
    # (group id, name) of every armed group it names, most named first
    armed_named: tuple[tuple[str, str], ...] = ()
    # (id, name) of the state whose bodies it names most by far (framing_states.ruler_descriptions)
    state: tuple[str, str] | None = None
    # ruler words ("the junta") it names no state for: placed by its story (with_story_groups)
    unplaced: tuple[LabelUse, ...] = ()

    @property
    def names_armed(self) -> bool:
        """Whether it names an armed group (one or several)."""
        return bool(self.armed_named)


@dataclass(frozen=True)
class FramingRow:
    """How one outlet names one actor (or group): labels counted per mention over its articles."""

    outlet: str
    actor_id: str
    actor_name: str
    sector: str | None
    mentions: int
    articles: int
    labels: dict[str, int]  # every label, most used first
    terms: dict[str, int]  # the linker's terms: a coarser view of the same mentions
    own_labels: dict[str, int]  # in the outlet's words (narration and indirect speech)
    quoted_labels: dict[str, int]  # inside quotation marks
    loaded_terms: dict[str, int]  # loaded terms attached to this actor
    loaded_categories: dict[str, int]
    side: str | None = None  # the outlet's side: the state it speaks for, else its country
    # labels that set the outlet apart from the others on the same stories (framing_distinctive)
    distinctive: tuple[dict[str, object], ...] = ()


# --- one article ---------------------------------------------------------------------------------


def article_framing(
    article: ArticleInput,
    lexicon: Lexicon | None = None,
    kb: KnowledgeBase | None = None,
    vocab: Vocabulary | None = None,
) -> ArticleFraming:
    """The labels and loaded terms of one article; `vocab` is `lexicon_vocabulary(lexicon, kb)`, made
    once for many articles."""
    lexicon, kb = lexicon or load_lexicon(), kb or default_kb()
    vocab = lexicon_vocabulary(lexicon, kb) if vocab is None else vocab
    voices = _Voices(article.text, article.statements)
    armed = armed_words(kb)
    mentions = longer_names(article.text, article.actors, kb)
    mentions = national_contingents(article.text, mentions, kb)
    mentions = unlinked_group_codes(article.text, mentions, armed.words)
    mentions = attacker_mentions(article.text, mentions)
    labelled = referring_phrases(
        article.text, labelled_mentions(article.text, mentions, vocab), phrase_words()
    )
    violent = violent_parties(article.violence, kb, armed)
    # group phrases first: "JeM, a militant outfit" shows the group armed; alone, one is generic
    labelled = group_phrases(article.text, labelled, armed, vocab.qualifies)
    ranked = armed_groups(labelled, kb, armed, violent, article.text)
    side = armed_side(labelled, kb, armed, ranked, article.text)
    named = tuple(group_of(mention, kb)[:2] for mention, _ in ranked)
    labelled = owned_descriptions(article.text, labelled, kb, voices.speaker_at)
    labelled, moved = counted_for_group(labelled, kb, side)
    labelled = state_descriptions(article.text, labelled, kb, voices.speaker_at)
    rulers = ruler_descriptions(article.text, labelled, kb)
    labelled = rulers.labelled
    uses = tuple(_label_use(article, item, kb, voices) for item in labelled)
    unplaced = tuple(_unplaced_use(article, span, voices) for span in rulers.unplaced)
    state = _named(rulers.state.actor_id, kb) if rulers.state is not None else None
    found = find_terms(article.text, mentions, lexicon)
    hits = [replace(hit, actor=moved_mention(hit.actor, moved)) for hit in found]
    terms = tuple(_loaded_term(article, _on_label(hit, labelled), kb, voices) for hit in hits)
    group = group_of(side, kb)[:2] if side is not None else None
    return ArticleFraming(article.article_id, article.outlet, uses, terms, group, named, state, unplaced)


def lexicon_vocabulary(lexicon: Lexicon, kb: KnowledgeBase) -> Vocabulary:
    """The words that qualify an actor's label, from the packs and the lexicon, and plain words that
    belong to a label (framing.json: label_qualifiers)."""
    plain = load_language_data("framing").get("label_qualifiers", [])
    return vocabulary(kb, [*lexicon.qualifier_forms(), *plain], lexicon.scare_max_words)


def _label_use(article: ArticleInput, item: Labelled, kb: KnowledgeBase, voices: _Voices) -> LabelUse:
    group, name, _ = group_of(item.mention, kb)
    voice, speaker = voices.at(item.mention.start, item.mention.end)
    return LabelUse(
        article.article_id, article.outlet, group, name, item.label, item.term, item.span, voice, speaker
    )


def _named(actor_id: str, kb: KnowledgeBase) -> tuple[str, str]:
    """An actor id with its name in the packs (one name per id, whichever mention found it)."""
    actor = kb.actor(actor_id)
    return actor_id, actor.name if actor is not None else actor_id


def _unplaced_use(article: ArticleInput, span: Span, voices: _Voices) -> LabelUse:
    """A ruler word with no state yet (actor id empty): its story may say whose it is."""
    written = normalise_label(article.text[span[0] : span[1]])
    voice, speaker = voices.at(*span)
    return LabelUse(article.article_id, article.outlet, "", "", written, written, span, voice, speaker)


def _on_label(hit: TermHit, labelled: Sequence[Labelled]) -> TermHit:
    """A term inside a label phrase no mention covers ("Russian non-humans") is about that actor."""
    if hit.actor is not None or (hit.relation == "agent" and hit.agent is not None):
        return hit
    label = next((x for x in labelled if x.span[0] <= hit.span[0] and hit.span[1] <= x.span[1]), None)
    if label is None:
        return hit
    return replace(hit, relation="names", attached=label.span, actor=label.mention)


def _loaded_term(article: ArticleInput, hit: TermHit, kb: KnowledgeBase, voices: _Voices) -> LoadedTerm:
    actor_id = group_of(hit.actor, kb)[0] if hit.actor is not None else None
    agent_id = hit.agent
    if hit.relation == "agent" and actor_id is None:
        actor_id = hit.agent  # "Turkish aggression": the doer is the country itself
    attached = article.text[hit.attached[0] : hit.attached[1]] if hit.attached else None
    voice, speaker = voices.at(*hit.span, own=hit.span if hit.relation == "scare quotes" else None)
    return LoadedTerm(
        article.article_id, article.outlet, hit.span, hit.written, hit.term, hit.category, hit.relation,
        attached, hit.attached, actor_id, agent_id, voice, speaker,
    )  # fmt: skip


class _Voices:
    """Whose words a span is in: quotation marks, then the innermost statement around it."""

    def __init__(self, text: str, statements: Sequence[Said]) -> None:
        self.quotes = SpanIndex(balanced_quote_regions(text), lambda q: q[0], lambda q: q[1])
        self.statements = SpanIndex(statements)
        # innermost first, ties in statement order (a stable sort by length did this)
        self.rank = {id(s): (s.end - s.start, i) for i, s in enumerate(statements)}

    def at(self, start: int, end: int, own: Span | None = None) -> tuple[str, str | None]:
        """`own`: the span's own quote marks (a scare quote), which do not make it a quotation."""
        quoted = any(q != own for q in self.quotes.containing(start, end))
        around = self.statements.containing(start, end)
        said = min(around, key=lambda s: self.rank[id(s)]) if around else None
        speaker = (said.speaker or said.actor_id) if said is not None else None
        return ("quoted" if quoted else "reported" if said is not None else "outlet"), speaker

    def speaker_at(self, start: int, end: int) -> tuple[bool, str | None]:
        """Whether a span is in someone's words (quoted or reported), and the speaker's actor id."""
        around = self.statements.containing(start, end)
        said = min(around, key=lambda s: self.rank[id(s)]) if around else None
        quoted = bool(self.quotes.containing(start, end))
        return quoted or said is not None, said.actor_id if said is not None else None


# --- over articles -------------------------------------------------------------------------------


def framing_table(
    articles: Iterable[ArticleInput], lexicon: Lexicon | None = None, kb: KnowledgeBase | None = None
) -> list[FramingRow]:
    """One row per outlet and actor, outlets in name order, the most mentioned actors first."""
    lexicon, kb = lexicon or load_lexicon(), kb or default_kb()
    vocab = lexicon_vocabulary(lexicon, kb)
    framings = [article_framing(a, lexicon, kb, vocab) for a in articles]
    return rows_from(framings, kb)


def rows_from(
    framings: Iterable[ArticleFraming],
    kb: KnowledgeBase | None = None,
    story_of: Mapping[str, str] | None = None,
    sides: Mapping[str, str] | None = None,
) -> list[FramingRow]:
    """`story_of` (article id -> story id) scopes the comparison of outlets for distinctive labels
    (all articles are one story without it); `sides`: outlet -> its side."""
    kb = kb or default_kb()
    uses: dict[tuple[str, str], list[LabelUse]] = defaultdict(list)
    terms: dict[tuple[str, str], list[LoadedTerm]] = defaultdict(list)
    for framing in framings:
        for use in framing.labels:
            uses[(use.outlet, use.actor_id)].append(use)
        for term in framing.loaded_terms:
            if term.actor_id is not None:
                terms[(term.outlet, term.actor_id)].append(term)
    side_of_actor = {actor: actor_side(actor, kb) for _, actor in {*uses, *terms}}
    # compared per side, so an outlet's words for a state's army, government and capital are pooled
    every = [
        Use(u.article_id, u.outlet, side_of_actor[u.actor_id], u.label, u.voice == "quoted")
        for us in uses.values()
        for u in us
    ]
    apart = distinctive_labels(every, story_of)
    # names count in the comparison (how often an outlet just names the side) but are never shown
    written = functools.cache(lambda actor_id, name: _names(actor_id, name, kb))  # per actor, not per use
    names = {fold_key(u.label) for us in uses.values() for u in us if is_plain_name(u, kb, written)}
    rows = []
    for key in {*uses, *terms}:
        row = _row(key, uses.get(key, []), terms.get(key, []), kb)
        side = side_of_actor[key[1]]
        own = {fold_key(label) for label in row.labels} - names
        mine = tuple(
            {**entry, "side": side}
            for entry in apart.get((key[0], side), ())
            if fold_key(str(entry["label"])) in own
        )
        rows.append(replace(row, side=(sides or {}).get(key[0]), distinctive=mine))
    return sorted(rows, key=lambda r: (r.outlet, -r.mentions, r.actor_id))


def is_plain_name(
    use: LabelUse, kb: KnowledgeBase, names: Callable[[str, str], frozenset[str]] | None = None
) -> bool:
    """A label that is only a name of the actor ("kremlin", "russian forces", a discovered name): it
    says who, not how. Category words ("terrorists") and labels built on a name are not names.
    `names`: `_names` for this kb, cached by a caller that asks for many uses."""
    if use.actor_id.startswith(CATEGORY_PREFIX):
        return False
    names = names or (lambda actor_id, name: _names(actor_id, name, kb))
    return fold_key(use.label) in names(use.actor_id, use.actor_name)


def _names(actor_id: str, name: str, kb: KnowledgeBase) -> frozenset[str]:
    actor = kb.actor(actor_id)
    written = (actor.name, *actor.aliases) if actor is not None else (name,)
    return frozenset(fold_key(normalise_label(n)) for n in written)


def _row(
    key: tuple[str, str], uses: list[LabelUse], terms: list[LoadedTerm], kb: KnowledgeBase
) -> FramingRow:
    outlet, actor_id = key
    actor = kb.actor(actor_id)
    name = uses[0].actor_name if uses else (actor.name if actor is not None else actor_id)
    return FramingRow(
        outlet=outlet,
        actor_id=actor_id,
        actor_name=name,
        sector=actor.sector if actor is not None else None,
        mentions=len(uses),
        articles=len({u.article_id for u in uses} | {t.article_id for t in terms}),
        labels=folded_counts(u.label for u in uses),
        terms=folded_counts(u.term for u in uses),
        own_labels=folded_counts(u.label for u in uses if u.voice != "quoted"),
        quoted_labels=folded_counts(u.label for u in uses if u.voice == "quoted"),
        loaded_terms=_counts(t.term for t in terms),
        loaded_categories=_counts(t.category for t in terms),
    )


def folded_counts(labels: Iterable[str]) -> dict[str, int]:
    """Counts of labels folded by `fold_key`, each shown in its most frequent form; most used first."""
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for label in labels:
        forms[fold_key(label)][label] += 1
    counted = [(c.most_common(1)[0][0], sum(c.values())) for c in forms.values()]
    return dict(sorted(counted, key=lambda kv: (-kv[1], kv[0])))


def _counts(values: Iterable[str]) -> dict[str, int]:
    return dict(sorted(Counter(values).items(), key=lambda kv: (-kv[1], kv[0])))


def loaded_terms_by_outlet(framings: Iterable[ArticleFraming]) -> dict[str, dict[str, int]]:
    """Every loaded term of each outlet, attached to an actor or not: {outlet: {term: count}}."""
    by_outlet: dict[str, list[str]] = defaultdict(list)
    for framing in framings:
        by_outlet[framing.outlet].extend(t.term for t in framing.loaded_terms)
    return {outlet: _counts(terms) for outlet, terms in sorted(by_outlet.items())}


# --- from a store --------------------------------------------------------------------------------


def load_framings(
    store: Store, lexicon: Lexicon | None = None, part: int = 0, parts: int = 1
) -> list[ArticleFraming]:
    """The framing of every analysed article of a store (read-only); with `parts`, of every
    `parts`-th article from the `part`-th, so that processes can share the work."""
    lexicon, kb = lexicon or load_lexicon(), default_kb()
    vocab = lexicon_vocabulary(lexicon, kb)
    return [article_framing(a, lexicon, kb, vocab) for a in articles_from_store(store, part, parts)]


def load_framing(
    store: Store, lexicon: Lexicon | None = None, framings: Sequence[ArticleFraming] | None = None
) -> list[FramingRow]:
    """The framing table of a store (read-only): what `export --kind framing` writes. `framings`:
    `load_framings` of the same store, when computed elsewhere."""
    story_of, sides = stories_and_sides(store)
    found = store_framings(store, lexicon, framings, story_of)
    return rows_from(found, story_of=story_of, sides=sides)


def store_framings(
    store: Store,
    lexicon: Lexicon | None = None,
    framings: Sequence[ArticleFraming] | None = None,
    story_of: Mapping[str, str] | None = None,
) -> list[ArticleFraming]:
    """`load_framings` of a store (or `framings`, computed elsewhere), with the generic armed
    descriptions of articles that name no armed group counted for their story's group
    (rashomon.reconcile.framing_story)."""
    found = load_framings(store, lexicon) if framings is None else framings
    if story_of is None:
        story_of = stories_and_sides(store)[0]
    return with_story_groups(found, story_of)


def with_story_groups(
    framings: Sequence[ArticleFraming], story_of: Mapping[str, str], kb: KnowledgeBase | None = None
) -> list[ArticleFraming]:
    """The framings with generic armed rows of articles naming no armed group moved to their
    story's armed group, where the story's other articles agree on one; of articles naming several
    alike, to the one of theirs that most articles of the story name; and ruler words an article
    names no state for ("the junta") counted for the state its story's articles name most."""
    kb = kb or default_kb()
    states = story_states({f.article_id: f.state for f in framings}, story_of)
    groups = {f.article_id: f.armed_group for f in framings}
    chosen = story_armed_groups(groups, story_of)
    votes = story_votes({f.article_id: f.armed_named for f in framings}, story_of)
    out = []
    for framing in framings:
        if framing.names_armed:
            group = story_pick_among(framing.article_id, framing.armed_named, groups, votes, story_of)
        else:
            group = story_group_for(framing.article_id, groups, story_of, chosen)
        if group is not None:
            framing = replace(
                framing,
                labels=moved_uses(framing.labels, group, kb),
                loaded_terms=moved_uses(framing.loaded_terms, group, kb),
            )
        state = states.get(story_of.get(framing.article_id, ""))
        if framing.unplaced and state is not None:
            placed = (replace(use, actor_id=state[0], actor_name=state[1]) for use in framing.unplaced)
            labels = sorted([*framing.labels, *placed], key=lambda use: use.span)
            framing = replace(framing, labels=tuple(labels), unplaced=())
        out.append(framing)
    return out


def group_label(mention: ActorSpan, kb: KnowledgeBase | None = None) -> str:
    """The group id a mention counts under (for callers that key other records the same way)."""
    return group_of(mention, kb or default_kb())[0]
