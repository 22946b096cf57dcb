"""Agreements in one article: ceasefires, deals, memoranda and talks, named ("the Sochi agreement",
"the Minsk Protocol") or not ("a ceasefire had been brokered ... as of midnight on June 12"), with
their date, parties, brokers, provisions and the claims made about whether they are kept.

Steps, on the dependency parse (lexicon: data/en/agreements.json):
1. heads: nouns of the lexicon ("deal", "truce", "talks"), multi-word names ("regime of silence"); a
   head that only modifies another ("ceasefire agreement", "an agreement on the ceasefire regime")
   adds its topic to the outer mention instead of being one of its own;
2. arguments (`agreement_args`): the venue (a town among the modifiers or in "reached in Sochi"),
   parties (hyphenated pairs "Turkish-Russian deal", "between X and Y", "with X", the subjects of a
   making verb "X and Y came to an agreement"), brokers ("brokered by X", "X-brokered", "under the
   auspices of X"), the date attached along the clause, provisions named in the sentence, claims that
   it is kept or broken and the statement making them;
3. instances: mentions of the same agreement in the article share an `instance` number: the same
   venue, or compatible dates, or a definite undated mention ("the ceasefire") referring back to the
   latest compatible one. An indefinite mention with no venue, date, party, broker, making verb or
   proper name ("no possibility of a ceasefire") is a wish, not an agreement, and is not reported.
Linking instances across articles is the reconcile stage's work (`rashomon.reconcile.agreements`).
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from rashomon.extract import agreement_args as args
from rashomon.extract.agreement_answers import answers
from rashomon.extract.agreement_args import ComplianceClaim
from rashomon.extract.agreement_compare import stated_hours, topics_clash, values_overlap
from rashomon.extract.agreement_fighting import fighting_sides, side
from rashomon.extract.agreement_halts import halting_clauses
from rashomon.extract.agreement_lexicon import AgreementLexicon, agreement_lexicon
from rashomon.extract.doc_views import doc_text
from rashomon.extract.grounding import CodedEvent, Party
from rashomon.extract.places import Place
from rashomon.extract.time_patterns import HOLIDAY_NAME
from rashomon.extract.times import TimeExpression
from rashomon.kb.actors import ActorMention
from rashomon.types import Span, Statement

__all__ = ["AgreementMention", "ComplianceClaim", "extract_agreements"]

_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_LEFT_DEPS = frozenset({"det", "amod", "compound", "poss", "nummod", "nmod", "punct", "npadvmod"})
_TOPIC_PREPS = frozenset({"on", "for", "of", "over", "regarding"})
_HELD = frozenset({"talks", "negotiations", "summit", "process", "format"})
_NOT_VENUES = frozenset({"country", "admin region", "region", "continent"})


@dataclass(frozen=True)
class AgreementMention:
    span: Span  # the noun phrase
    text: str
    head: str  # the head word, lower case ("agreement", "truce", "talks")
    family: str  # ceasefire | agreement | talks
    topic: str | None  # what it is about: ceasefire, de-escalation, prisoner exchange, ...
    venue: str | None  # the town it was made in, as resolved ("Sochi")
    name: str | None  # a proper name as written ("Minsk Protocol"), else venue + head
    definite: bool
    date: TimeExpression | None
    parties: tuple[Party, ...]
    brokers: tuple[Party, ...]
    provisions: tuple[str, ...]
    made_by: str | None  # the making verb's lemma ("reach", "sign", "impose")
    statement: int | None  # index of the statement whose content holds it; None: the outlet
    claims: tuple[ComplianceClaim, ...]
    instance: int = 0  # mentions of one agreement in the article share it
    # parties that are only the subject of an announcing verb ("Trump announced a ceasefire"): set
    # aside when the article names two other sides of the agreement
    announcers: tuple[Party, ...] = ()


def extract_agreements(
    doc: Doc,
    actors: Sequence[ActorMention],
    places: Sequence[Place],
    times: Sequence[TimeExpression],
    statements: Sequence[Statement] = (),
    published: datetime.date | None = None,
    events: Sequence[CodedEvent] = (),
) -> list[AgreementMention]:
    """Every agreement mention in `doc`, grouped into instances (see the module notes); `published`
    dates a truce that "took force at midnight"; `events` tell who fights (an announcer who does not
    is no party)."""
    lex = agreement_lexicon()
    # "the Government of National Accord" is an actor, not an accord
    named = [(a.start, a.end) for a in actors if a.kind in {"known", "pattern"}]
    heads = {h: f for h, f in _heads(doc, lex).items() if not any(s <= h.idx < e for s, e in named)}
    outer = _fold_nested(heads)
    mentions: list[AgreementMention] = []
    for head, family in heads.items():
        if head.i in outer:
            continue
        topics = [_topic_of(doc[h], heads, lex) for h, o in outer.items() if o == head.i]
        path = args.clause_path(head, lex)  # shared by every step below: computed once per head
        maker = args.making_verb(head, path, lex)
        for venue in _venues(head, maker, places, actors) or [None]:
            mention = _mention(
                head, family, venue, topics, path, maker, lex, actors, places, times, statements, published
            )
            if mention is not None:
                mentions.append(mention)
    mentions += _halting_mentions(doc, lex, mentions, actors, times, statements, published)
    grouped = _group(sorted(mentions, key=lambda m: m.span), fighting_sides(events))
    return _with_answers(grouped, doc, lex, actors, statements)


def _halting_mentions(
    doc: Doc,
    lex: AgreementLexicon,
    found: Sequence[AgreementMention],
    actors: Sequence[ActorMention],
    times: Sequence[TimeExpression],
    statements: Sequence[Statement],
    published: datetime.date | None,
) -> list[AgreementMention]:
    """Truces made with no truce word ("X and Y agreed to stop fighting", see `agreement_halts`),
    unless the clause also names the truce it makes."""
    out = []
    for verb, halt, tokens in halting_clauses(doc, lex):
        if any(verb.idx <= m.span[0] < verb.sent.end_char and m.made_by for m in found):
            continue
        objects = [t for t in tokens if t.head.i == halt.i and t.dep_ in {"dobj", "xcomp", "prep"}]
        path = [halt, *objects, *args.clause_path(verb, lex)]
        parties = args.parties_in([t for s in args.subjects(verb) for t in args.np_tokens(s)], actors)
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        out.append(
            AgreementMention(
                span=(start, end),
                text=doc_text(doc)[start:end],
                head=halt.lower_,
                family="ceasefire",
                topic="ceasefire",
                venue=None,
                name=None,
                definite=False,
                date=args.date_of(halt, path, times, lex, published),
                parties=tuple(parties),
                brokers=(),
                provisions=tuple(lex.provisions_in(verb.sent.text)),
                made_by=verb.lemma_.lower(),
                statement=_statement_at(halt.idx, statements),
                claims=(),
            )
        )
    return out


# --- heads ---------------------------------------------------------------------------------------


def _heads(doc: Doc, lex: AgreementLexicon) -> dict[Token, str]:
    """Head token -> family, for every word or phrase that names an agreement."""
    found: dict[Token, str] = {}
    lowers = [t.lower_ for t in doc]
    matches = [
        (order, i, len(phrase), family)
        for i, word in enumerate(lowers)
        for order, phrase, family in lex.phrases_by_first_word.get(word, ())
        if tuple(lowers[i : i + len(phrase)]) == phrase
    ]
    for _, i, length, family in sorted(matches):  # lexicon order: a later phrase overrides, as listed
        found[doc[i : i + length].root] = family
    for token in doc:
        if token in found or token.pos_ not in {"NOUN", "PROPN"}:
            continue
        if token.lower_ in lex.heads:
            found[token] = lex.heads[token.lower_]
        elif token.lower_ in lex.weak_heads and (token.pos_ == "PROPN" or _made(token, lex)):
            found[token] = lex.weak_heads[token.lower_]
    return dict(sorted(found.items(), key=lambda item: item[0].i))


def _fold_nested(heads: dict[Token, str]) -> dict[int, int]:
    """Heads that only modify another head: their token index -> the outer head's index."""
    outer: dict[int, int] = {}
    for head in heads:
        token = head
        while token.dep_ in {"compound", "amod", "pobj", "prep"} | ({"nmod"}) and token.head.i != token.i:
            if token.dep_ == "prep" and token.lower_ not in _TOPIC_PREPS:
                break
            token = token.head
            if token in heads and token.i != head.i:
                outer[head.i] = token.i
                break
    return outer


def _topic_of(head: Token, heads: dict[Token, str], lex: AgreementLexicon) -> str | None:
    return lex.topics.get(head.lower_) or (heads[head] if heads[head] == "ceasefire" else None)


def _made(head: Token, lex: AgreementLexicon) -> bool:
    return args.making_verb(head, args.clause_path(head, lex), lex) is not None


# --- one mention ---------------------------------------------------------------------------------


def _mention(
    head: Token,
    family: str,
    venue: str | None,
    folded_topics: list[str | None],
    path: list[Token],
    maker: Token | None,
    lex: AgreementLexicon,
    actors: Sequence[ActorMention],
    places: Sequence[Place],
    times: Sequence[TimeExpression],
    statements: Sequence[Statement],
    published: datetime.date | None = None,
) -> AgreementMention | None:
    left = _left_tokens(head)
    start = min([head.idx, *(t.idx for t in left)])
    if head.dep_ == "conj" and head.head.pos_ == "PROPN" and head.head.i < head.i:
        start = min(start, head.head.idx)  # "Astana and Sochi agreements", parsed as a coordination
    end = head.idx + len(head.text)
    if head.lower_ == "regime" or head.lower_ == "cessation":  # "regime of silence": the phrase
        end = max(t.idx + len(t.text) for t in head.subtree if t.i <= head.i + 2)
    definite = any(c.dep_ == "poss" or c.lower_ in _DEFINITE for c in head.children)
    if maker is not None and not definite and any(c.dep_ == "neg" for c in maker.children):
        return None  # "have not reached any deal": no agreement to report
    made_by = maker.lemma_.lower() if maker is not None else None
    date = args.date_of(head, path, times, lex, published)
    parties = _parties(head, left, venue, path, maker, actors, statements, lex)
    brokers = _brokers(head, path, actors, lex)
    parties = tuple(p for p in parties if p.span not in {b.span for b in brokers})
    announcers = _announcers(maker, parties, actors, lex)
    venue = venue or _foreign_venue(head, places, parties)
    name = _proper_name(head, left) or (f"{venue} {head.lower_}" if venue else None)
    topic = next((lex.topics[t.lower_] for t in left if t.lower_ in lex.topics), None)
    topic = (
        topic or next((t for t in folded_topics if t), None) or (family if family == "ceasefire" else None)
    )
    statement = _statement_at(head.idx, statements)
    speaker = _speaker_of(head, statement, statements, actors)
    claims = tuple(args.claims_along(head, lex, actors, statement, speaker))
    # "X and Y accused each other of violating the truce": the truce is theirs; one accuser alone may
    # be a spokesman or an outsider ("the spokesman condemned Y for violating the truce")
    accusers = args.distinct_sides([c.accuser for c in claims if c.accuser is not None])
    parties = parties or (tuple(accusers) if len(accusers) >= 2 else ())
    # Only an agreement can be broken: a claim that one was ("had not been secured") makes it real,
    # and so does a side clearing itself of breaking it ("denied firing missiles after ceasefire")
    anchored = any(t.lower_ in lex.anchoring_modifiers for t in left) or any(
        c.stance == "broken" or (c.accuser is not None and c.accuser == c.accused) for c in claims
    )
    if not (venue or name or date or parties or brokers or made_by or definite or anchored):
        return None  # a wish or a hypothesis ("no possibility of a ceasefire"), not an agreement
    sentence = head.sent.text
    return AgreementMention(
        span=(start, end),
        text=doc_text(head.doc)[start:end],
        head=head.lower_,
        family=family,
        topic=topic,
        venue=venue,
        name=name,
        definite=definite,
        date=date,
        parties=tuple(parties),
        brokers=brokers,
        provisions=tuple(lex.provisions_in(sentence)),
        made_by=made_by,
        statement=statement,
        claims=claims,
        announcers=announcers,
    )


def _announcers(
    maker: Token | None, parties: Sequence[Party], actors: Sequence[ActorMention], lex: AgreementLexicon
) -> tuple[Party, ...]:
    """The parties that are the subject of an announcing making verb ("X announced a truce")."""
    if maker is None or maker.lemma_.lower() not in lex.announcing_verbs:
        return ()
    told = args.parties_in([t for s in args.subjects(maker) for t in args.np_tokens(s)], actors)
    spans = {p.span for p in told}
    return tuple(p for p in parties if p.span in spans)


def _left_tokens(head: Token) -> list[Token]:
    return [t for child in head.lefts if child.dep_ in _LEFT_DEPS for t in child.subtree]


def _venues(
    head: Token, maker: Token | None, places: Sequence[Place], actors: Sequence[ActorMention]
) -> list[str]:
    """Towns the agreement is named after or made in: "the Sochi agreement", "Astana and Sochi
    agreements" (two), "agreements reached in Sochi". A town that stands for a government
    ("Moscow-Ankara agreements") is a party, not a venue."""
    tokens = _left_tokens(head)
    if any(t.text == "-" and t.nbor(-1).pos_ == "PROPN" and t.nbor(1).pos_ == "PROPN" for t in tokens[1:-1]):
        return []  # "the Moscow-Ankara agreements": a hyphenated pair names the two sides
    if head.dep_ == "conj" and head.head.pos_ == "PROPN":  # "Astana and Sochi agreements", misparsed
        tokens += [head.head]
    # Where the head's own "in" phrase names a town, that is where talks are held; for a deal or a
    # truce it is where it applies ("a ceasefire in Idlib"), so only the making verb's counts.
    makers = [maker] if maker is not None else []
    for verb in (
        (head, *args.own_verbs(head), *makers) if head.lower_ in _HELD else (*args.own_verbs(head), *makers)
    ):
        tokens += [
            t
            for prep in verb.children
            if prep.dep_ == "prep" and prep.lower_ in {"in", "at"}
            for t in prep.subtree
        ]
    found = [
        p
        for p in places
        if p.literal and p.kind not in _NOT_VENUES and any(p.start <= t.idx < p.end for t in tokens)
    ]
    text = doc_text(head.doc)
    if any("-" in text[a.end : b.start] for a, b in itertools.pairwise(found)):
        return []  # a hyphenated pair names the two sides
    names = [p.resolved_name or p.name for p in found]
    # A proper noun naming the agreement that the gazetteer did not resolve ("the Dayton accords")
    holidays = [m.span() for m in HOLIDAY_NAME.finditer(text)]  # "the Orthodox Christmas truce"
    for token in tokens:
        if any(lo <= token.idx < hi for lo, hi in holidays):
            continue
        unresolved = not any(p.start <= token.idx < p.end for p in found)
        if (
            (
                unresolved
                and token.pos_ == "PROPN"
                and token.dep_ in {"compound", "conj"}
                and token.head.i >= token.i
            )
            and args.party_at(token, actors) is None
            and token.i < head.i
        ):
            names.append(token.text)
    if head.dep_ == "conj" and head.head.pos_ == "PROPN" and args.party_at(head.head, actors) is None:
        names.append(head.head.text)
    return list(dict.fromkeys(names))


def _foreign_venue(head: Token, places: Sequence[Place], parties: Sequence[Party]) -> str | None:
    """ "agreed to a ceasefire in Geneva": a town in the head's own "in" phrase is where it was made
    when it lies outside every party's country ("a ceasefire in Gaza" is where it applies)."""
    countries = {p.country for p in parties if p.country}
    if not countries:
        return None
    preps = [c for c in head.children if c.dep_ == "prep" and c.lower_ == "in"]
    tokens = [t for prep in preps for t in prep.subtree]
    for place in places:
        inside = any(place.start <= t.idx < place.end for t in tokens)
        if inside and place.literal and place.kind not in _NOT_VENUES and place.country not in countries:
            return place.resolved_name or place.name
    return None


def _proper_name(head: Token, left: list[Token]) -> str | None:
    """A name as written when the head is capitalised mid-sentence ("the Minsk Protocol")."""
    if not head.text[:1].isupper() or head.is_sent_start:
        return None
    words = [t for t in left if t.dep_ != "det" and t.text[:1].isupper()] + [head]
    return " ".join(t.text for t in sorted(words, key=lambda t: t.i))


def _parties(
    head: Token,
    left: list[Token],
    venue: str | None,
    path: list[Token],
    making: Token | None,
    actors: Sequence[ActorMention],
    statements: Sequence[Statement],
    lex: AgreementLexicon,
) -> list[Party]:
    own = args.own_verbs(head)
    found = args.parties_in([t for t in left if t.text != venue], actors)
    for verb in own:  # "signed by Ukraine, Russia and the OSCE"
        if verb.lemma_.lower() in lex.making_verbs and verb.lemma_.lower() not in lex.broker_verbs:
            found += args.parties_in([t for a in args.by_agents(verb) for t in args.np_tokens(a)], actors)
    verbs = [t for t in (*own, *path[1:]) if t.pos_ in {"VERB", "AUX"}]
    # "with Turkey", "between X and Y"; "with the help of X" names a broker (see `_brokers`)
    objects = [obj for verb in (head, *own, *verbs) for obj in args.with_objects(verb)]
    partners = [t for obj in objects if not _brokering(obj, lex) for t in args.np_tokens(obj)]
    found += args.parties_in(partners, actors)
    between = [
        t for obj in args.with_objects(head) if obj.head.lower_ == "between" for t in args.np_tokens(obj)
    ]
    # "X announced a truce between Y and Z": the sides are named, the one who tells of it is not one
    named_sides = len(args.distinct_sides(args.parties_in(between, actors))) >= 2
    owner = next((c for c in head.children if c.dep_ == "poss"), None)
    if (
        not named_sides
        and not _only_told(head, path, making, lex)
        and (
            (making is not None and making.lemma_.lower() not in lex.broker_verbs)
            or (owner is not None and owner.lower_ in {"their", "its"})
        )
    ):
        clause_verb = making or (verbs[0] if verbs else None)
        if clause_verb is not None:
            found += args.parties_in(
                [t for s in args.subjects(clause_verb) for t in args.np_tokens(s)], actors
            )
    if len({p.country or p.actor_id for p in found}) == 1 and partners:
        found += _speaker_party(head, statements, actors, verbs)  # "a deal with Turkey", said Moscow
    if owner is not None and owner.lower_ not in {"their", "its"}:
        found += args.parties_in(list(owner.subtree), actors)
    found += _bound_by(head, actors, lex)
    # the phrase itself is no party ("the Minsk Protocol" taken for an actor by the linker)
    own_span = (min(t.idx for t in (head, *left)), head.idx + len(head.text))
    unique = {p.span: p for p in found if not (own_span[0] <= p.span[0] < own_span[1])}
    return [unique[k] for k in sorted(unique)]


def _only_told(head: Token, path: list[Token], making: Token | None, lex: AgreementLexicon) -> bool:
    """Whether the announcing verb's subject only tells of an agreement made by others: the
    clause names its sides, even in words no actor links ("announced a ceasefire between the two
    neighbours"), or says it was brokered ("announced a truce had been brokered")."""
    if making is None or making.lemma_.lower() not in lex.announcing_verbs:
        return False
    sides = [o for o in args.with_objects(head) if o.head.lower_ == "between" and o.pos_ != "PRON"]
    below = path[1 : path.index(making)] if making in path else []
    brokered = any(t.lemma_.lower() in lex.broker_verbs for t in (*args.own_verbs(head), *below))
    return bool(sides) or brokered


def _bound_by(head: Token, actors: Sequence[ActorMention], lex: AgreementLexicon) -> list[Party]:
    """The subjects of a relative clause that makes or keeps the agreement ("a moratorium, which both
    Ukraine and Russia are supposed to observe"; "the truce the two sides agreed"): its parties."""
    verbs = lex.making_verbs | lex.keep_words
    found: list[Party] = []
    # the clause may hang off the head's own complement ("a moratorium on strikes ..., which")
    nouns = [head, *(t for t in head.subtree if t.dep_ == "pobj" and _via_preps(t, head))]
    for clause in (c for noun in nouns for c in noun.children if c.dep_ == "relcl"):
        chain = [clause, *(t for t in clause.subtree if t.dep_ == "xcomp" and t.head in clause.subtree)]
        if any(t.lemma_.lower() in verbs and t.lemma_.lower() not in lex.broker_verbs for t in chain):
            found += args.parties_in([t for s in args.subjects(clause) for t in args.np_tokens(s)], actors)
    return found


def _via_preps(token: Token, head: Token) -> bool:
    """Whether `token` hangs from `head` through prepositions and their objects only."""
    while token.i != head.i:
        if token.dep_ not in {"prep", "pobj"} or token.head.i == token.i:
            return False
        token = token.head
    return True


def _speaker_party(
    head: Token, statements: Sequence[Statement], actors: Sequence[ActorMention], verbs: list[Token]
) -> list[Party]:
    """The other side of "an agreement with X": the clause's subject, else the speaker."""
    for verb in verbs:
        subject = [s for s in args.subjects(verb) if s.i != head.i and s.dep_ != "nsubjpass"]
        if subject:
            return args.parties_in(args.np_tokens(subject[0]), actors)
    index = _statement_at(head.idx, statements)
    source = statements[index].source if index is not None else None
    if source is None:
        return []
    return [
        p
        for t in head.doc.char_span(*source, alignment_mode="expand") or []
        if (p := args.party_at(t, actors))
    ][:1]


def _speaker_of(
    head: Token, index: int | None, statements: Sequence[Statement], actors: Sequence[ActorMention]
) -> Party | None:
    """The party that makes the statement at `index`, from its speaker mention."""
    source = statements[index].source if index is not None else None
    span = head.doc.char_span(*source, alignment_mode="expand") if source else None
    return next((p for t in span or [] if (p := args.party_at(t, actors))), None)


def _brokers(
    head: Token, path: list[Token], actors: Sequence[ActorMention], lex: AgreementLexicon
) -> tuple[Party, ...]:
    tokens: list[Token] = []
    verbs = [*args.own_verbs(head), *path[1:]]
    verbs += [c for v in verbs for c in v.children if c.dep_ in {"advcl", "acl"} and c.pos_ == "VERB"]
    for verb in verbs:  # "..., brokered by Turkey", "mediated by Saudi Arabia"
        if verb.lemma_.lower() in lex.broker_verbs:
            tokens += [t for agent in args.by_agents(verb) for t in args.np_tokens(agent)]
    for child in head.children:  # "Qatar-brokered", "under the auspices of the UN"
        if child.dep_ == "amod" and child.lemma_.lower() in lex.broker_verbs:
            tokens += [t for t in child.subtree if t.i != child.i]
            if child.i >= 2 and child.nbor(-1).text == "-":  # "UN-mediated": the prefix is a sibling
                tokens.append(child.nbor(-2))
        elif child.dep_ == "amod" and _hyphen_brokered(child.text, lex):
            tokens.append(child)  # "U.S.-brokered" as one token: the actor mention starts inside it
    helpers = [obj for verb in verbs for obj in args.with_objects(verb)]
    for token in (*path[1:], *helpers):  # "under the auspices of", "with the help of"
        if _brokering(token, lex):
            tokens += [t for prep in token.children if prep.lower_ == "of" for t in prep.subtree]
    return tuple(args.parties_in(tokens, actors))


def _hyphen_brokered(word: str, lex: AgreementLexicon) -> bool:
    """A one-token "X-brokered", "X-mediated": a prefix and a broker verb's past participle."""
    prefix, _, verb = word.lower().rpartition("-")
    return bool(prefix) and verb.endswith("ed") and bool({verb[:-2], verb[:-1]} & lex.broker_verbs)


def _brokering(token: Token, lex: AgreementLexicon) -> bool:
    """A noun whose 'of' complement brokers the agreement ("the help of", "the auspices of")."""
    return bool({token.lower_, token.lemma_.lower()} & lex.broker_nouns)


def _statement_at(offset: int, statements: Sequence[Statement]) -> int | None:
    for index, statement in enumerate(statements):
        if statement.content[0] <= offset < statement.content[1]:
            return index
    return None


def _with_answers(
    mentions: list[AgreementMention],
    doc: Doc,
    lex: AgreementLexicon,
    actors: Sequence[ActorMention],
    statements: Sequence[Statement],
) -> list[AgreementMention]:
    """Each mention with the answers to its first breach claim ("..., and Y said X did"), read in
    the claim's sentence and the next (see `agreement_answers`)."""
    sentences = list(doc.sents)
    out = []
    for mention in mentions:
        broken = [c for c in mention.claims if c.stance == "broken" and c.accused is not None]
        here = next(
            (n for n, s in enumerate(sentences) if s.start_char <= mention.span[0] < s.end_char), None
        )
        if broken and here is not None:
            tokens = [t for sentence in sentences[here : here + 2] for t in sentence]
            known = {c.cue_span for c in mention.claims}
            new = [c for c in answers(tokens, broken[0], lex, actors, statements) if c.cue_span not in known]
            mention = replace(mention, claims=(*mention.claims, *new))
            if new and not mention.parties:  # two sides blaming each other for it: it is theirs
                blamed = [p for c in mention.claims for p in (c.accuser, c.accused) if p is not None]
                sides = args.distinct_sides(blamed)
                mention = replace(mention, parties=tuple(sides) if len(sides) == 2 else ())
        out.append(mention)
    return out


# --- instances -----------------------------------------------------------------------------------


def _group(mentions: list[AgreementMention], fighting: set[str] = frozenset()) -> list[AgreementMention]:
    """Number the instances: one per agreement the article speaks of (see the module notes)."""
    grouped: list[AgreementMention] = []
    for mention in mentions:
        target = _same_as(mention, grouped)
        number = target if target is not None else 1 + max((m.instance for m in grouped), default=0)
        grouped.append(replace(mention, instance=number))
    return _mutual_among_parties(_announcers_aside(_absorb_undated(grouped), fighting))


def _announcers_aside(mentions: list[AgreementMention], fighting: set[str]) -> list[AgreementMention]:
    """ "Hours after Trump announced the truce, India accused Pakistan of violating it": where the
    article names two sides of an agreement otherwise (making it, between them, blaming each other),
    one that only announced it is not a party (it may be the broker). Where it names fewer, the sides
    its events tell `fighting` (two or more) decide: an announcer that is none of them is no party
    (rashomon.extract.agreement_fighting)."""
    named: dict[int, list[Party]] = {}
    for mention in mentions:
        told = {p.span for p in mention.announcers}
        named.setdefault(mention.instance, []).extend(p for p in mention.parties if p.span not in told)
    out = []
    for mention in mentions:
        sides = {side(p) for p in args.distinct_sides(named[mention.instance])}
        if len(sides) < 2 and len(fighting) >= 2:
            sides = sides | fighting
        outside = {p.span for p in mention.announcers if side(p) not in sides}
        if len(sides) >= 2 and outside:
            mention = replace(
                mention,
                parties=tuple(p for p in mention.parties if p.span not in outside),
                announcers=tuple(p for p in mention.announcers if p.span not in outside),
            )
        out.append(mention)
    return out


def _mutual_among_parties(mentions: list[AgreementMention]) -> list[AgreementMention]:
    """ "The warring sides accused each other of violating it": the sides are the agreement's two
    parties, as the article's other mentions of it name them."""
    parties: dict[int, list[Party]] = {}
    for mention in mentions:
        parties.setdefault(mention.instance, []).extend(mention.parties)
    out = []
    for mention in mentions:
        sides = args.distinct_sides(parties[mention.instance])
        claims = [
            new
            for claim in mention.claims
            for new in (args.mutual_claims(claim, sides) if claim.mutual and len(sides) == 2 else [claim])
        ]
        out.append(replace(mention, claims=tuple(claims)))
    return out


def _same_as(mention: AgreementMention, earlier: list[AgreementMention]) -> int | None:
    for other in reversed(earlier):
        if not compatible(mention, other):
            continue
        if mention.venue and mention.venue == other.venue:
            return other.instance
        if same_date(mention.date, other.date):
            return other.instance
    if mention.definite and not mention.venue and mention.date is None:
        return next((o.instance for o in reversed(earlier) if compatible(mention, o)), None)
    return None


def _absorb_undated(mentions: list[AgreementMention]) -> list[AgreementMention]:
    """Undated, unnamed truces join the article's one dated truce, if it has exactly one ("a
    ceasefire had not been secured ... a ceasefire had been brokered as of ..."): a report speaks
    of one truce at a time. Deals and talks are not joined so: an article often recalls older ones."""
    by_instance: dict[int, list[AgreementMention]] = {}
    for mention in mentions:
        by_instance.setdefault(mention.instance, []).append(mention)
    dated = {n for n, ms in by_instance.items() if any(m.date for m in ms)}
    moved: dict[int, int] = {}
    for number, members in by_instance.items():
        if number in dated or any(
            m.venue or m.name or m.date or "ceasefire" not in {m.topic, m.family} for m in members
        ):
            continue
        hosts = [n for n in dated if all(compatible(m, o) for m in members for o in by_instance[n])]
        if len(hosts) == 1:
            moved[number] = hosts[0]
    return [replace(m, instance=moved.get(m.instance, m.instance)) for m in mentions]


def compatible(a: AgreementMention, b: AgreementMention) -> bool:
    """Could two mentions name one agreement: no clash of venue, family, topic, length or date."""
    if a.venue and b.venue and a.venue != b.venue:
        return False
    hours_a, hours_b = stated_hours(a.text), stated_hours(b.text)
    if hours_a and hours_b and not hours_a & hours_b:
        return False  # a 12-hour truce and the 24-hour one that followed it are two truces
    if topics_clash({a.topic} - {None}, {a.family}, {b.topic} - {None}, {b.family}):
        return False
    if a.family != b.family and "talks" in {a.family, b.family} and not (a.venue and a.venue == b.venue):
        return False
    return not (_dated(a) and _dated(b) and not dates_overlap(a.date, b.date))


def _dated(mention: AgreementMention) -> bool:
    return mention.date is not None and mention.date.value is not None


def same_date(a: TimeExpression | None, b: TimeExpression | None) -> bool:
    """Positive evidence of one date: resolved values that overlap, or the same unresolved words
    ("on March 5" twice in an undated article)."""
    if a is None or b is None:
        return False
    if a.value is not None and b.value is not None:
        return values_overlap(a.value, b.value)
    return date_words(a.text) == date_words(b.text)


def date_words(text: str) -> str:
    """A time expression without its preposition, lower case: "On March 5" -> "march 5"."""
    return re.sub(r"^(?:on|in|at|as of|since|by|from|until|of)\s+", "", text.strip().lower())


def dates_overlap(a: TimeExpression | None, b: TimeExpression | None) -> bool:
    """Whether two resolved dates can be the same time ("2018" and "2018-09" can)."""
    if a is None or b is None or a.value is None or b.value is None:
        return True
    return values_overlap(a.value, b.value)
