"""What the parse says around an agreement mention: its clause, date, parties, brokers and the claims
made about whether it is kept. Helpers of `rashomon.extract.agreements`.

The clause of a mention is the chain of its head's ancestors up to the top of the clause it sits in
(a reported clause, an adverbial clause or the sentence root), never into the speech verb that
reports it: "Cavusoglu on Thursday said a ceasefire ..." dates the saying, not the ceasefire.
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Token

from rashomon.extract.agreement_lexicon import AgreementLexicon
from rashomon.extract.cues import DENYING, cue_lexicon
from rashomon.extract.grounding import Party
from rashomon.extract.time_patterns import HOLIDAY_NAME
from rashomon.extract.times import TimeExpression
from rashomon.kb.actors import ActorMention
from rashomon.kb.countries import find_country
from rashomon.types import Span

_VERBS = frozenset({"VERB", "AUX"})
# Dependencies whose verb is the top of a clause: the path stops there.
_CLAUSE_TOPS = frozenset({"ROOT", "ccomp", "advcl", "relcl", "parataxis", "csubj"})
# Children of a path token through which a date or party phrase hangs from it.
_MODIFIER_DEPS = frozenset({"prep", "npadvmod", "advmod", "tmod", "pobj", "nmod", "appos"})
# Verbs on a mention's own modifiers ("a deal signed in September"): their dates are its dates.
_OWN_CLAUSE_DEPS = frozenset({"acl", "conj", "xcomp"})
_LENGTH = re.compile(
    r"-(?:hour|day|week|month|year)s?\b|\b(?:hours?|days?|weeks?|months?|years?)[- ]long\b", re.I
)
_PRONOUNS = frozenset({"its", "their", "it", "they", "his", "her"})
_OWN = frozenset({"its", "our"})  # owners that are the speaker's own side


@dataclass(frozen=True)
class ComplianceClaim:
    """Someone says an agreement is kept or broken: `stance` broken | kept."""

    stance: str
    cue: str  # the word that says so, as written ("breached", "failure")
    cue_span: Span
    accused: Party | None  # who breaks it, when the text names them
    statement: int | None  # index of the statement that makes the claim; None: the outlet
    accuser: Party | None = None  # who says so when the clause names them ("X and Y accused each other")
    mutual: bool = False  # "the two sides accused each other": the agreement's parties, once known


def clause_path(head: Token, lex: AgreementLexicon) -> list[Token]:
    """`head` and its ancestors up to the top of its clause, speech verbs excluded (but not those
    that make an agreement: "they agreed to a truce", "Moscow announced a ceasefire")."""
    cues = cue_lexicon()
    path = [head]
    token = head
    while token.head.i != token.i:
        token = token.head
        lemma = token.lemma_.lower()
        if token.pos_ in _VERBS and cues.claim_type(lemma) is not None and lemma not in lex.making_verbs:
            break
        path.append(token)
        if token.pos_ in _VERBS and token.dep_ in _CLAUSE_TOPS:
            # "announced on Sunday that it had reached a truce": the announcement dates it too
            if token.dep_ == "ccomp" and token.head.lemma_.lower() in lex.making_verbs:
                path.append(token.head)
            break
    return path


def reach_path(head: Token, through: frozenset[str] = frozenset()) -> list[Token]:
    """`head` and all its ancestors up to the speech verb that reports it, if any: what is said
    about the agreement can sit a clause above it ("is delaying to honor ... the deal"). Verbs in
    `through` are not speech there ("observing the ceasefire" is not "observed that")."""
    cues = cue_lexicon()
    path = [head]
    for token in head.ancestors:
        lemma = token.lemma_.lower()
        if token.pos_ in _VERBS and lemma not in through and cues.claim_type(lemma) is not None:
            break
        path.append(token)
    return path


def making_verb(head: Token, path: Sequence[Token], lex: AgreementLexicon) -> Token | None:
    """The verb that makes, announces or imposes the agreement ("reached", "came to", "signed");
    one that only brokers it ("mediated by") counts when no other does."""
    steps = [(head, verb) for verb in own_verbs(head)] + list(itertools.pairwise(path))
    found = [
        verb
        for below, verb in steps
        if verb.lemma_.lower() in lex.making_verbs
        or (below.dep_ == "prep" and f"{verb.lemma_.lower()} {below.lower_}" in lex.making_phrasal)
    ]
    return next((v for v in found if v.lemma_.lower() not in lex.broker_verbs), found[0] if found else None)


def own_verbs(token: Token) -> list[Token]:
    """Participles and verbs that modify `token` ("a deal reached ... and brokered by ...")."""
    found: list[Token] = []
    for child in token.children:
        if child.dep_ in _OWN_CLAUSE_DEPS and child.pos_ in _VERBS:
            found.append(child)
            found.extend(c for c in child.children if c.dep_ == "conj" and c.pos_ in _VERBS)
    return found


def date_of(
    head: Token,
    path: Sequence[Token],
    times: Sequence[TimeExpression],
    lex: AgreementLexicon,
    published: datetime.date | None = None,
) -> TimeExpression | None:
    """The time expression attached nearest to the mention along its clause path, up to a word
    that says it was kept or broken ("violating the truce on Sunday" dates the violation). Words no
    rule could read ("just five minutes", "after a few hours") are no date; a clock time alone
    ("took force at midnight", "at noon") is the publication day: news tells the latest truce."""
    claimed = lex.keep_words | lex.break_words | lex.failing_words
    cut = next((i for i, t in enumerate(path) if i and t.lemma_.lower() in claimed), len(path))
    hosts = [head, *own_verbs(head), *path[1:cut]]
    # "agreed a truce starting at midnight": the clause saying when it begins hangs off the verb
    hosts += [
        c
        for h in hosts
        if h.pos_ in _VERBS
        for c in h.children
        if c.dep_ in {"xcomp", "advcl"} and c.lemma_.lower() in lex.opening_verbs
    ]
    best: tuple[tuple[int, bool], TimeExpression] | None = None
    clock: TimeExpression | None = None
    for expression in times:
        if expression.kind == "duration" or _LENGTH.search(expression.text):
            continue  # "for a few months", "a seven-day truce": how long, not when
        if expression.relation == "before":
            continue  # "a truce ahead of the holiday": some time before it, not when
        rank = _attachment_rank(expression, hosts)
        if rank is None:
            continue
        if expression.precision == "unknown":
            clock = clock or (expression if lex.clock_time.search(expression.text) else None)
        elif best is None or (rank, expression.anchor != "absolute") < best[0]:
            # "on Friday, August 1, 2014": the date as written beats the weekday read off the article
            best = ((rank, expression.anchor != "absolute"), expression)
    if best is None and clock is not None and published is not None:
        return replace(clock, value=published.isoformat(), precision="day", anchor="published")
    return _around_holiday(_coming(best[1], published)) if best else None


def _around_holiday(expression: TimeExpression) -> TimeExpression:
    """A truce dated by a holiday ("the Easter truce", "a ceasefire for Victory Day") spans it: it
    is declared from the eve to the day after, so any of those days is its date."""
    value = expression.value
    if not value or "/" in value or expression.precision != "day" or not HOLIDAY_NAME.search(expression.text):
        return expression
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        return expression
    eve, after = day - datetime.timedelta(days=1), day + datetime.timedelta(days=1)
    return replace(expression, value=f"{eve.isoformat()}/{after.isoformat()}", kind="interval")


# A year-less day this far before publication, that one year later falls this close after it
_STALE_DAYS, _AHEAD_DAYS = 300, 60


def _coming(expression: TimeExpression, published: datetime.date | None) -> TimeExpression:
    """A year-less day read in the past year ("a truce from May 8-10" in an April article) is the
    coming one: an agreement is told while it is made or in force, not a year after."""
    value = expression.value
    if published is None or expression.anchor != "published" or expression.precision != "day" or not value:
        return expression
    try:
        days = [datetime.date.fromisoformat(part) for part in value.split("/")]
    except ValueError:
        return expression
    if (published - days[0]).days < _STALE_DAYS:
        return expression
    moved = [_next_year(day) for day in days]
    if (moved[0] - published).days > _AHEAD_DAYS:
        return expression
    return replace(expression, value="/".join(day.isoformat() for day in moved))


def _next_year(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _attachment_rank(expression: TimeExpression, hosts: Sequence[Token]) -> int | None:
    doc = hosts[0].doc
    span = doc.char_span(expression.start, expression.end, alignment_mode="expand")
    if span is None:
        return None
    host_ids = {t.i: rank for rank, t in enumerate(hosts)}
    for token in span:
        if token.i in host_ids:
            return host_ids[token.i]
    for token in span:  # "the Easter truce": a word of the time modifies a host, the article does not
        if token.head.i in host_ids and token.dep_ in _MODIFIER_DEPS | {"pobj", "compound"}:
            return host_ids[token.head.i]
    token = span.root
    while token.head.i != token.i:
        parent = token.head
        if parent.i in host_ids and token.dep_ in _MODIFIER_DEPS | {"pobj", "compound"}:
            return host_ids[parent.i]
        if token.dep_ not in _MODIFIER_DEPS and token.dep_ not in {"compound", "amod", "nummod", "det"}:
            return None
        token = parent
    return None


def party_at(token: Token, actors: Sequence[ActorMention]) -> Party | None:
    """The linked actor whose mention covers `token`, as a party; else the country a capitalised
    word names ("Turkish-Russian deal": the linker leaves hyphenated adjectives alone)."""
    for mention in actors:
        if mention.start <= token.idx < mention.end:
            return Party(mention.text, mention.span, mention.actor_id, mention.country, mention.sector)
    if token.text[:1].isupper():
        match = find_country(token.text)
        if match is not None and match.text == token.text and match.kind in {"name", "adjective", "capital"}:
            span = (token.idx, token.idx + len(token.text))
            return Party(token.text, span, match.country.iso3, match.iso2, None)
    return None


def parties_in(tokens: Sequence[Token], actors: Sequence[ActorMention]) -> list[Party]:
    """The distinct linked actors covering any of `tokens`, in text order."""
    found: dict[tuple[int, int], Party] = {}
    for token in tokens:
        party = party_at(token, actors)
        if party is not None:
            found.setdefault(party.span, party)
    return [found[key] for key in sorted(found)]


def subjects(verb: Token) -> list[Token]:
    """The subject of `verb` (through xcomp/conj chains, "tried to impose") and its conjuncts."""
    token = verb
    for _ in range(4):
        subject = next((c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is not None:
            return [subject, *subject.conjuncts]
        # "X urged Y to agree to a truce": the object of the verb above does it, not its subject
        controller = next((c for c in token.head.children if c.dep_ == "dobj"), None)
        if token.dep_ == "xcomp" and controller is not None:
            return [controller, *controller.conjuncts]
        # climb "tried to impose" (xcomp) and "made an attempt to impose" (acl, then dobj)
        if token.dep_ not in {"xcomp", "conj", "acl", "advcl", "dobj"} or token.head.i == token.i:
            return []
        token = token.head
    return []


def np_tokens(token: Token) -> list[Token]:
    """The tokens of a noun phrase headed by `token`, conjuncts included ("Russia and Turkey"), its
    clauses left out ("the truce, monitored by Qatar": Qatar is not in the phrase)."""
    tokens = [t for c in (token, *token.conjuncts) for t in c.subtree]
    clauses = {t.i for c in tokens if c.dep_ in {"relcl", "acl"} for t in c.subtree}
    return [t for t in tokens if t.i not in clauses]


def by_agents(verb: Token) -> list[Token]:
    """The objects of a passive verb's "by" phrase."""
    return [
        obj
        for prep in verb.children
        if prep.dep_ in {"agent", "prep"} and prep.lower_ == "by"
        for obj in prep.children
        if obj.dep_ == "pobj"
    ]


def with_objects(token: Token) -> list[Token]:
    return [
        obj
        for prep in token.children
        if prep.dep_ == "prep" and prep.lower_ in {"with", "between"}
        for obj in prep.children
        if obj.dep_ == "pobj"
    ]


def claims_along(
    head: Token,
    lex: AgreementLexicon,
    actors: Sequence[ActorMention],
    statement: int | None,
    speaker: Party | None = None,
) -> list[ComplianceClaim]:
    """Claims that the agreement headed by `head` is kept or broken, read up to its speech verb;
    `speaker` is who makes the statement holding it (a pronoun saying it keeps the truce is them)."""
    path = reach_path(head, lex.keep_words | lex.break_words)
    cue = next((t for t in path[1:] if _lemma(t) in lex.keep_words | lex.break_words), None)
    if cue is None and head.dep_ == "compound" and _lemma(head.head) in lex.keep_words | lex.break_words:
        cue = head.head  # "ceasefire violations"
    denied = _denied(path)
    if cue is None:
        act = _act_in_force(head, lex, denied)
        if act is None:
            return []
        # "Iran denied launching missiles after the truce": who denies speaks for the side it clears
        denier = subject_party(path[-1].head, actors) if denied else None
        return [_act_claim(act, lex, actors, statement, denier or speaker, denied)]
    # "it is impossible to implement": the evaluation hangs off the clause's verb, not on the path
    around = [
        *path,
        *(c for t in path if t.pos_ in _VERBS for c in t.children if c.dep_ in {"acomp", "attr"}),
    ]
    failing = next((t for t in around if _lemma(t) in lex.failing_words), None)
    discontent = next((t for t in around if _lemma(t) in lex.discontent_words), None)
    broken = _lemma(cue) in lex.break_words
    if broken and failing is None and _negated(cue, path):
        broken = False  # "X did not violate the truce", "X will not break it": X keeps it
    elif not broken:
        broken = failing is not None or discontent is not None or _negated(cue, path)
    elif denied:
        broken = False  # "Iran denied violating the truce": Iran says it kept it
    stance = "broken" if broken else "kept"
    span = (cue.idx, cue.idx + len(cue.text))
    mutual = _reciprocal(failing or cue, lex, actors)
    if mutual is not None:  # "X and Y accused each other of violating it": each accuses the other
        claim = ComplianceClaim(stance, cue.text, span, None, statement, mutual=True)
        return mutual_claims(claim, mutual) if len(mutual) == 2 else [claim]
    accused = _accused(failing or cue, actors)
    if accused is None and stance == "kept":
        # "X remains committed to the implementation of the truce": who is committed keeps it
        above = path[path.index(cue) + 1 :] if cue in path else []
        keeping = next((t for t in above if _lemma(t) in lex.keep_words), None)
        accused = _accused(keeping, actors) if keeping is not None else None
    if accused is None and stance == "kept" and (_pronoun_subject(cue) or _pronoun_owner(cue) or denied):
        accused = speaker  # "Y insisted it was observing the ceasefire", "Y denied any violation"
    accuser = _accuser(failing or cue, lex, actors) if accused is not None else None
    claims = [ComplianceClaim(stance, cue.text, span, accused, statement, accuser=accuser)]
    if stance == "kept" and speaker is not None:
        claims += _counter_accusations(cue, lex, actors, speaker, statement)
    return claims


def subject_party(verb: Token, actors: Sequence[ActorMention]) -> Party | None:
    """The party the verb's active subject names, or None."""
    found = [s for s in subjects(verb) if s.dep_ == "nsubj"]
    return next(iter(parties_in(np_tokens(found[0]), actors)), None) if found else None


def _denied(path: Sequence[Token]) -> bool:
    """The speech verb reporting the path denies what it reports ("denied violating the truce",
    "rejected claims that it had broken it")."""
    top = path[-1]
    verb = top.head
    if verb.i == top.i or verb.pos_ not in _VERBS or any(c.dep_ == "neg" for c in verb.children):
        return False
    return cue_lexicon().claim_type(_lemma(verb)) in DENYING


def _act_in_force(head: Token, lex: AgreementLexicon, denied: bool = False) -> Token | None:
    """The attack told while the agreement headed by `head` is in force: "shelled the town despite
    the truce", "fired missiles after the ceasefire took effect" (the clause may hang on the speech
    verb above the attack: "denied firing missiles after the ceasefire took effect"); in a denial,
    "after the ceasefire" too."""
    prep = head.head.lower_
    during = head.dep_ == "pobj" and (
        prep in lex.in_force_preps or (denied and prep in lex.denied_in_force_preps)
    )
    opened = (
        head.dep_ in {"nsubj", "nsubjpass"}
        and head.head.dep_ == "advcl"
        and _lemma(head.head) in lex.in_force_verbs
        and any(c.dep_ == "mark" and c.lower_ in lex.in_force_marks for c in head.head.children)
    )
    if not (during or opened):
        return None
    verb = head.head.head
    near = [verb, *(c for c in verb.children if c.dep_ in {"xcomp", "ccomp"} and c.pos_ in _VERBS)]
    # "denied launching missiles": the parser may hang the attack on its object
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    near += [g for o in objects for g in o.children if g.dep_ in {"amod", "acl"} and g.pos_ in _VERBS]
    return next((v for v in near if v.pos_ in _VERBS and _lemma(v) in lex.attack_verbs), None)


def _act_claim(
    act: Token,
    lex: AgreementLexicon,
    actors: Sequence[ActorMention],
    statement: int | None,
    speaker: Party | None,
    denied: bool,
) -> ComplianceClaim:
    """Whoever attacked while the agreement was in force broke it; denied, they say they kept it."""
    span = (act.idx, act.idx + len(act.text))
    if act.dep_ == "pcomp":  # "X accused Y of firing missiles after the truce took effect"
        accused = _accused(act, actors)
        accuser = _accuser(act, lex, actors) if accused is not None else None
        return ComplianceClaim("broken", act.text, span, accused, statement, accuser=accuser)
    # a participle ("missiles launched from Iran") has no subject of its own: the one above it
    # ("it identified missiles ...") did not launch them
    doers = [s for s in subjects(act) if s.dep_ == "nsubj"] if act.dep_ not in {"acl", "amod"} else []
    pronoun = bool(doers) and doers[0].lower_ in _PRONOUNS
    accused = next(iter(parties_in(np_tokens(doers[0]), actors)), None) if doers and not pronoun else None
    if accused is None and not pronoun:  # "missiles fired from Iran", "shells fired by the army"
        origins = [
            g for p in act.children if p.lower_ in {"from", "by"} for g in p.children if g.dep_ == "pobj"
        ]
        accused = next((p for o in origins for p in parties_in(np_tokens(o), actors)), None)
    if accused is None and (pronoun or denied):
        accused = speaker  # "it fired", "denied firing": the speaker's own side
    if denied:  # the denier speaks for the side it clears, inside the statement's words or not
        return ComplianceClaim("kept", act.text, span, accused, statement, accuser=accused)
    return ComplianceClaim("broken", act.text, span, accused, statement)


def _reciprocal(word: Token, lex: AgreementLexicon, actors: Sequence[ActorMention]) -> list[Party] | None:
    """The sides among the subjects of "accused each other of <word>" (none named: "the warring
    sides"); None when the accusation is not reciprocal."""
    verb = _trading_verb(word, lex)  # "X and Y traded accusations of ceasefire violations"
    if verb is None:
        if word.dep_ != "pcomp" or word.head.head.pos_ not in _VERBS:
            return None
        verb = word.head.head
        objects = [c for c in verb.children if c.dep_ in {"dobj", "npadvmod"}]
        if not any(" ".join(t.lower_ for t in o.subtree) in lex.reciprocal for o in objects):
            return None
    return distinct_sides(parties_in([t for s in subjects(verb) for t in np_tokens(s)], actors))


def _trading_verb(word: Token, lex: AgreementLexicon) -> Token | None:
    """The verb of "traded accusations of <word>", "exchanged blame for <word>"."""
    if word.dep_ not in {"pobj", "pcomp"} or word.head.lower_ not in {"of", "for", "over"}:
        return None
    noun = word.head.head
    verb = noun.head
    if noun.lower_ not in lex.accusation_nouns or noun.dep_ != "dobj" or verb.pos_ not in _VERBS:
        return None
    return verb if _lemma(verb) in lex.trading_verbs else None


def distinct_sides(parties: Sequence[Party]) -> list[Party]:
    """One party per actor (a country's army and an armed group of that country are two sides)."""
    return list({p.actor_id or p.country or p.name: p for p in parties}.values())


def mutual_claims(claim: ComplianceClaim, sides: Sequence[Party]) -> list[ComplianceClaim]:
    """A reciprocal accusation as two claims, each side accusing the other."""
    a, b = sides
    return [
        replace(claim, accused=b, accuser=a, mutual=False),
        replace(claim, accused=a, accuser=b, mutual=False),
    ]


def _pronoun_owner(word: Token) -> bool:
    """ "stated its commitment to the truce": the speaker's own ("their" may be anyone's)."""
    return any(c.dep_ == "poss" and c.lower_ in _OWN for c in word.children)


def _pronoun_subject(word: Token) -> bool:
    found = _subjects_of_clause(word)
    return bool(found) and found[0].lower_ in _PRONOUNS


def _subjects_of_clause(word: Token) -> list[Token]:
    """The subjects of the verb `word` is, or of the verb an adjective complements ("it remains
    committed to the truce", "X remains committed to it")."""
    word = word.head if word.dep_ == "acomp" else word
    return subjects(word) if word.pos_ in _VERBS else []


def _counter_accusations(
    cue: Token, lex: AgreementLexicon, actors: Sequence[ActorMention], speaker: Party, statement: int | None
) -> list[ComplianceClaim]:
    """ "Y insisted it was observing the ceasefire but accused X of shelling": beside saying it keeps
    the truce, the speaker says the other side broke it."""
    claims = []
    for verb in cue.sent:
        if _lemma(verb) not in lex.accusing_verbs or verb.pos_ not in _VERBS:
            continue
        who = subjects(verb)
        if who and not (who[0].lower_ in _PRONOUNS or _same_side(party_at(who[0], actors), speaker)):
            continue
        for obj in (c for c in verb.children if c.dep_ == "dobj"):
            accused = party_at(obj, actors) or next(iter(parties_in(np_tokens(obj), actors)), None)
            if accused is not None and not _same_side(accused, speaker):
                span = (verb.idx, verb.idx + len(verb.text))
                claims.append(ComplianceClaim("broken", verb.text, span, accused, statement))
    return claims


def _same_side(a: Party | None, b: Party | None) -> bool:
    return a is not None and b is not None and (a.country or a.actor_id) == (b.country or b.actor_id)


def _negated(cue: Token, path: Sequence[Token]) -> bool:
    upto = list(path)
    start = upto.index(cue) if cue in upto else 0
    return any(c.dep_ == "neg" for t in upto[start:] for c in t.children)


_FIRST_PERSON = frozenset({"we", "i"})
_WITHIN = frozenset({"in", "at", "of", "from"})  # "we in the movement": the body the speaker is in


def _accused(word: Token, actors: Sequence[ActorMention]) -> Party | None:
    """Who fails or breaks: the owner of a noun ("its failure"), else the verb's subject; a
    pronoun owner is the object of the verb that governs the noun ("criticized Turkey for its ...")."""
    owner = next((c for c in word.children if c.dep_ == "poss"), None)
    if owner is not None and owner.lower_ in _PRONOUNS:
        governor = word.head.head if word.head.dep_ == "prep" else word.head
        objects = [c for c in governor.children if c.dep_ == "dobj"]
        return party_at(objects[0], actors) if objects else None
    if owner is not None:
        return party_at(owner, actors)
    if word.dep_ == "pcomp" and word.head.head.pos_ in _VERBS:  # "accused Moscow of violating"
        objects = [c for c in word.head.head.children if c.dep_ == "dobj"]
        if objects:
            return party_at(objects[0], actors)
    if word.dep_ == "pcomp" and word.head.head.pos_ == "ADJ":  # "held X responsible for breaching"
        held = [c for c in word.head.head.children if c.dep_ == "nsubj"]
        held = held or [c for c in word.head.head.head.children if c.dep_ == "dobj"]
        return party_at(held[0], actors) if held else None
    if word.dep_ == "pobj" and word.head.lower_ == "in" and word.head.head.pos_ in _VERBS:
        # "X shelled the town in breach of the truce": who did it broke it
        doers = [s for s in subjects(word.head.head) if s.dep_ == "nsubj"]
        return next(iter(parties_in(np_tokens(doers[0]), actors)), None) if doers else None
    by = [g for p in word.children if p.dep_ == "prep" and p.lower_ == "by" for g in p.children]
    if by and word.pos_ == "NOUN":  # "violations by Pakistan"
        return next(iter(parties_in(np_tokens(by[0]), actors)), None)
    if word.pos_ == "NOUN":  # "Iranian violations of the truce"
        named = [p for c in word.children if c.dep_ == "amod" and (p := party_at(c, actors))]
        if named:
            return named[0]
    found = _subjects_of_clause(word)  # "X remains committed to it"
    return party_at(found[0], actors) if found and found[0].lower_ not in _PRONOUNS else None


def _accuser(word: Token, lex: AgreementLexicon, actors: Sequence[ActorMention]) -> Party | None:
    """Who makes the accusation when the clause names them: the subject of "X accused Y of
    violating" or of "X held Y responsible for breaching". A first-person subject stands for the
    body it speaks from ("we in the movement", "we at the ministry")."""
    responding = word.dep_ == "pobj" and _lemma(word.head.head) in lex.responding_verbs
    if word.dep_ != "pcomp" and not responding:  # "India retaliated after Pakistan's violations"
        return None
    verb = word.head.head
    if verb.pos_ == "ADJ":
        verb = verb.head
    if verb.pos_ not in _VERBS:
        return None
    found = [s for s in subjects(verb) if s.dep_ == "nsubj"]
    if not found:
        return None
    who = found[0]
    if who.lower_ in _FIRST_PERSON:
        body = [g for p in who.children if p.dep_ == "prep" and p.lower_ in _WITHIN for g in p.children]
        tokens = np_tokens(body[0]) if body else []
        return next(iter(parties_in(tokens, actors)), None) or _named_elsewhere(tokens, actors)
    return next(iter(parties_in(np_tokens(who), actors)), None)


def _named_elsewhere(tokens: Sequence[Token], actors: Sequence[ActorMention]) -> Party | None:
    """A proper name the tagger left unlinked here but linked elsewhere in the article ("we in the
    Hamas Movement", with "Hamas" linked in another sentence): that actor."""
    for token in tokens:
        if token.pos_ != "PROPN":
            continue
        for mention in actors:
            if mention.text.lower() == token.lower_:
                span = (token.idx, token.idx + len(token.text))
                return Party(token.text, span, mention.actor_id, mention.country, mention.sector)
    return None


def _lemma(token: Token) -> str:
    return token.lemma_.lower()
