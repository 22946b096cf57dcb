"""Attributed statements from a parsed Doc: who said what, with which cue, directly or not.

Rules on the dependency parse, in three passes:
1. speech verbs (data/en/cues.json) with a subject: the subject is the source, the clausal or object
   complements are the content ("X said that ...", "“...,” X said", "X urged Y to ...", "X accused Y
   of ..."); "X quoted Y as saying" gives source Y relayed by X; a quote that the cue's clause only
   touches is taken whole, so quotes split around the cue or running over sentences stay one;
2. "according to X, ..." gives source X and the rest of the sentence;
3. a long quote with no cue of its own continues the previous statement's speaker.
Speakers are then resolved (pronouns, role nouns, name variants) by `rashomon.extract.speakers`.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from rashomon.extract.clauses import (
    WEEKDAYS,
    end_of,
    has_that,
    inside,
    is_time,
    paragraph_of,
    phrase,
    trim,
    widen_to_quotes,
)
from rashomon.extract.cues import CueLexicon, cue_lexicon
from rashomon.extract.doc_views import doc_sents, doc_text
from rashomon.extract.quotes import quote_regions
from rashomon.extract.speaker_labels import speaker_labels
from rashomon.extract.speakers import actor_id_of, resolve_speakers
from rashomon.nlp.chunks import trimmed
from rashomon.types import Span, Statement

_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# Complements that carry what was said; adjuncts (time, place, "in a statement") are left out.
_CONTENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "oprd", "dative", "attr"})
_RELATIVE_PRONOUNS = frozenset({"which", "that", "whom", "whose", "what"})
_RELAY_VERBS = frozenset({"quote", "cite"})
_CONTENT_PREPS = frozenset({"of", "for", "about", "against", "on", "that", "to", "over"})
# A verb used as an adjective ("the said agreement", "the reported strike") is no cue.
_NOT_CUE_DEPS = frozenset({"amod", "compound", "acomp"})
# A cue-less quote continues the previous speaker only when it is long enough to be speech, not a
# scare-quoted term ("regime of silence"); six words is a short spoken sentence.
_MIN_CONTINUATION_WORDS = 6
# 'without saying which sites were hit': what follows was not said.
_NOT_SAYING = frozenset({"without"})
_LISTENER_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_LISTENER_NOUNS = frozenset(
    {"reporter", "journalist", "crowd", "audience", "supporter", "lawmaker", "viewer"}
)
_TARGET_TYPES = frozenset({"accuse", "criticize", "appeal", "demand", "threaten", "reject", "deny", "praise"})


@dataclass
class Found:
    """A statement before its speaker is resolved."""

    content: Span
    cue: Span | None
    source: Span | None
    claim_type: str
    relayed_by: str | None = None
    target: str | None = None
    weekday: str | None = None
    participle: bool = False  # "..., adding that ...": continues the statement it hangs from


def extract_statements(doc: Doc, published: datetime.date | None = None) -> list[Statement]:
    """Every attributed statement in `doc`, in text order, speakers resolved."""
    lexicon = cue_lexicon()
    regions = quote_regions(doc_text(doc))
    found: list[Found] = []
    for sentence in doc_sents(doc):
        found.extend(_verb_statements(sentence, lexicon, regions))
        found.extend(_noun_statements(sentence, lexicon, regions))
        found.extend(_according_to(sentence))
    found.extend(Found(content, cue, source, "assert") for content, cue, source in speaker_labels(doc))
    found = _drop_nested([f for f in found if not _quoted_cue(f, regions)])
    found.extend(_continuations(doc, found, regions))
    found = _drop_nested(found)  # a cue inside a quote that a continuation joined
    found.sort(key=lambda f: f.content)
    for f in found:
        if f.source is not None:  # a heading's speaker phrase may end in the blank lines after it
            f.source = trimmed(doc_text(doc), f.source)
    speakers = resolve_speakers(doc, [f.source for f in found])
    return [
        Statement(
            content=f.content,
            cue=f.cue,
            source=f.source,
            mode=_mode(doc_text(doc), f, regions),
            claim_type=_refine_type(doc_text(doc)[f.content[0] : f.content[1]], f.claim_type, lexicon),
            speaker_name=speaker.name,
            speaker_role=speaker.role,
            speaker_affiliation=speaker.affiliation,
            speaker_kind=speaker.kind,
            speaker_actor_id=actor_id_of(speaker.name, speaker.kind),
            relayed_by=f.relayed_by,
            target=f.target,
            said_on=_resolve_weekday(f.weekday, published),
        )
        for f, speaker in zip(found, speakers, strict=True)
    ]


# --- pass 1: speech verbs -------------------------------------------------------------------------


def _verb_statements(sentence: SpacySpan, lexicon: CueLexicon, regions: list[Span]) -> list[Found]:
    results = []
    for token in sentence:
        claim_type = _cue_type(token, lexicon)
        quote_only = claim_type is None and _is_quote_verb(token, lexicon)
        if quote_only:
            claim_type = lexicon.quote_verbs[token.lemma_.lower()]
        if claim_type is None or _is_relay_saying(token):
            continue
        relay = _relay(token)
        source, relayed_by = relay if relay else _source_of(token)
        if source is None:
            continue
        saying = _relay_saying(token) if relay else None
        content = _content_span(token, source, regions, also=saying)
        if content is None:
            continue
        cue_end = _relay_end(token) if relay else token.idx + len(token.text)
        if (
            quote_only
            and _mode(doc_text(token.doc), Found(content, (token.idx, cue_end), None, ""), regions)
            != "direct"
        ):
            continue
        results.append(
            Found(
                content=content,
                cue=(token.idx, cue_end),
                source=(source.start_char, source.end_char),
                claim_type=claim_type,
                relayed_by=relayed_by,
                target=_target(token) if claim_type in _TARGET_TYPES else None,
                weekday=_weekday(token),
                participle=_is_comma_participle(token),
            )
        )
    return results


def _is_comma_participle(token: Token) -> bool:
    """'..., adding that ...' / '..., saying ...': a participle set off by a comma."""
    return (
        token.tag_ == "VBG" and token.dep_ in ("advcl", "conj") and token.i > 0 and token.nbor(-1).text == ","
    )


def _cue_type(token: Token, lexicon: CueLexicon) -> str | None:
    if token.pos_ not in ("VERB", "AUX") or token.dep_ in _NOT_CUE_DEPS:
        return None
    particle = next((c.lower_ for c in token.children if c.dep_ in ("prt", "prep")), None)
    claim_type = lexicon.claim_type(token.lemma_.lower(), particle)
    if (
        claim_type is None
        and token.lemma_ == "call"
        and any(c.dep_ in ("oprd", "ccomp") for c in token.children)
    ):
        return "criticize"  # "called the plan a disaster": naming something is a claim about it
    return claim_type


def _is_quote_verb(token: Token, lexicon: CueLexicon) -> bool:
    return (
        token.pos_ == "VERB"
        and token.dep_ not in _NOT_CUE_DEPS
        and token.lemma_.lower() in lexicon.quote_verbs
    )


def _is_relay_saying(token: Token) -> bool:
    """The 'saying' of 'X quoted Y as saying': its statement is taken from the relay verb."""
    return token.dep_ == "pcomp" and token.head.lower_ == "as" and token.head.head.lemma_ in _RELAY_VERBS


def _relay_saying(verb: Token) -> Token | None:
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "as":
            return next((c for c in prep.children if c.dep_ == "pcomp" and c.lemma_ == "say"), None)
    return None


def _relay(verb: Token) -> tuple[SpacySpan | None, str | None] | None:
    """'X quoted Y as saying ...': source Y, relayed by X; None when the verb is not so used."""
    if verb.lemma_ not in _RELAY_VERBS or _relay_saying(verb) is None:
        return None
    quoted = next((c for c in verb.children if c.dep_ == "dobj"), None)
    relayer = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
    if quoted is None:
        return None
    return phrase(quoted), phrase(relayer).text if relayer is not None else None


def _relay_end(verb: Token) -> int:
    saying = _relay_saying(verb)
    return saying.idx + len(saying.text) if saying is not None else verb.idx + len(verb.text)


def _source_of(cue: Token) -> tuple[SpacySpan | None, str | None]:
    """The speaker phrase of a cue: its subject, or the subject of the verb it hangs from when it
    has none of its own ("rejected ... and stressed that", "went on to say", "..., saying that").

    Passive cues ("was proclaimed") and relative-pronoun subjects ("which responds") give none.
    """
    verb = cue
    for _ in range(4):  # a chain longer than that is no longer the same speaker's
        subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
        if subject is not None:
            if subject.dep_ == "nsubjpass" and verb.i == cue.i and (agent := _agent(cue)) is not None:
                return phrase(agent), None  # 'was first reported by the Herald'
            if subject.dep_ == "nsubjpass" or subject.lower_ in _RELATIVE_PRONOUNS:
                return None, None
            if subject.lower_ in ("it", "there") and verb.i == cue.i and _is_expletive(cue):
                return None, None
            return phrase(subject), None
        if _after_preposition(verb):
            verb = verb.head.head  # 'responded by saying that ...': the subject of 'responded'
            continue
        if not _shares_subject(verb):
            break
        verb = verb.head
    return None, None


def _agent(cue: Token) -> Token | None:
    """The 'by' phrase of a passive cue: who reported, announced or wrote it."""
    agent = next((c for c in cue.children if c.dep_ == "agent"), None)
    return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None


def _after_preposition(verb: Token) -> bool:
    """'by saying', 'after announcing', 'in answering': a gerund whose subject is the verb's the
    preposition hangs from."""
    prep = verb.head
    return (
        verb.dep_ == "pcomp"
        and verb.tag_ == "VBG"
        and prep.dep_ == "prep"
        and prep.lower_ not in _NOT_SAYING
        and prep.head.i != prep.i
        and prep.head.pos_ in ("VERB", "AUX")
    )


def _shares_subject(verb: Token) -> bool:
    """Verbs that take their subject from the verb they depend on: conjoined verbs, infinitive
    complements ("went on to discuss"), participle adjuncts ("denied it, saying ...", "..., while
    insisting that ...") and purpose infinitives ("went on television to deny ...")."""
    if verb.head.i == verb.i:
        return False
    if verb.dep_ in ("conj", "xcomp"):
        return True
    if verb.dep_ != "advcl":
        return False
    infinitive = verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    return verb.tag_ == "VBG" or infinitive


def _is_expletive(cue: Token) -> bool:
    """'It is said that ...' / 'there is' carry no speaker; 'it said in a statement' does."""
    return any(c.dep_ == "auxpass" for c in cue.children)


def _content_span(
    cue: Token, source: SpacySpan, regions: list[Span], also: Token | None = None
) -> Span | None:
    """What the cue introduces: its complements ("said that ..."), a clause hung on the noun of
    "said in a statement that ...", or the quote right before or after the cue clause."""
    heads = [cue, also] if also is not None else [cue]
    parts = [c for head in heads for c in head.children if _is_content(head, c) and not inside(c, source)]
    parts += _clauses_of_cue_nouns(cue)
    parts += _second_objects(cue, parts)
    host = _host_clause(cue) if not parts else None
    minor = all(p.dep_ == "prep" or _is_listener(p) for p in parts)
    quote = _adjacent_quote(cue, source, regions) if parts and minor else None
    if quote is not None:
        return quote  # '“...,” she said of the plan', '“Why?” he asked her': the quote
    if host is not None:
        parts = [host]
    elif not parts:
        return _adjacent_quote(cue, source, regions)
    paragraph = paragraph_of(cue)
    own = {t.i for t in cue.subtree} if host is not None else set()
    tokens = [
        t for part in parts for t in part.subtree if paragraph[0] <= t.idx < paragraph[1] and t.i not in own
    ]
    if not tokens:
        return None
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    start, end = trim(doc_text(cue.doc), start, end)
    if end - start < 3:
        return None
    return widen_to_quotes(start, end, regions)


def _host_clause(cue: Token) -> Token | None:
    """The clause a complement-less cue is inserted in: 'The plan, she said, will fail' (the parser
    hangs 'said' on 'fail') and 'As the agency reported, the plan failed'."""
    head = cue.head
    if head.i == cue.i or head.pos_ not in ("VERB", "AUX"):
        return None
    if cue.dep_ == "parataxis":
        return head
    if cue.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children):
        return head
    return None


def _second_objects(cue: Token, parts: list[Token]) -> list[Token]:
    """'described the plan as a disaster', 'referred to X as ...': the 'as' phrase belongs to what was
    said about the object (alone, 'said as he left' is no content)."""
    if not any(part.dep_ in ("dobj", "prep") for part in parts):
        return []
    return [c for c in cue.children if c.dep_ == "prep" and c.lower_ == "as" and c not in parts]


def _is_listener(child: Token) -> bool:
    """'told reporters', 'asked him': an object that names whom the speaker addressed."""
    if child.dep_ not in ("dobj", "dative"):
        return False
    return child.tag_ == "PRP" or child.ent_type_ in _LISTENER_ENTITIES


def _is_content(cue: Token, child: Token) -> bool:
    if child.lower_ in _RELATIVE_PRONOUNS and child.dep_ in ("dobj", "dative"):
        return False  # "which Ankara accuses of ...": the object is the antecedent, outside the content
    if child.dep_ in _CONTENT_DEPS:
        # "told reporters that ...": the listener is not what was said.
        return not (child.dep_ in ("dobj", "dative") and cue.lemma_ == "tell" and _has_clause(cue))
    if child.dep_ == "prep" and child.lower_ in _CONTENT_PREPS:
        pobj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
        return pobj is not None and pobj.lemma_.lower() not in cue_lexicon().nouns and not is_time(pobj)
    return False


def _has_clause(cue: Token) -> bool:
    return any(c.dep_ in ("ccomp", "xcomp") for c in cue.children)


def _clauses_of_cue_nouns(cue: Token) -> list[Token]:
    """'said in a statement that ...': the parser hangs the that-clause on 'statement'."""
    nouns = cue_lexicon().nouns
    clauses = []
    for prep in (c for c in cue.children if c.dep_ == "prep"):
        for noun in (c for c in prep.children if c.dep_ == "pobj" and c.lemma_.lower() in nouns):
            clauses += [c for c in noun.children if c.dep_ in ("acl", "ccomp") and has_that(c)]
    return clauses


def _adjacent_quote(cue: Token, source: SpacySpan, regions: list[Span]) -> Span | None:
    """A cue clause with no complement of its own: 'X said: “...”' takes the quote after the colon;
    '“...,” X asserted.' (parsed as a side clause) takes the quote that ends right before it."""
    following = cue.doc[cue.i + 1 : cue.i + 4]
    colon = next((t for t in following if t.text == ":"), None)
    if colon is not None:
        return next(((s, e) for s, e in regions if 0 <= s - (colon.idx + 1) <= 2), None)
    after = _quote_after_cue_clause(cue, regions)
    if after is not None:
        return after
    clause_start = min(cue.idx, source.start_char)
    text = doc_text(cue.doc)
    for start, end in regions:
        between = text[end:clause_start]
        if end <= clause_start and len(between) <= 3 and not between.strip(" ,—–-"):
            return start, end
    return None


def _quote_after_cue_clause(cue: Token, regions: list[Span]) -> Span | None:
    """'X said Wednesday, “...”', 'saying, “...”': the quote that opens right after a comma or colon
    ending the cue's own clause (every word between belongs to the cue: its time, place, listener)."""
    sentence = cue.sent
    start = next((s for s, _ in regions if end_of(cue) <= s < sentence.end_char + 2), None)
    if start is None:
        return None
    between = [t for t in cue.doc[cue.i + 1 : sentence.end] if t.idx < start]
    if not between or between[-1].text not in (",", ":"):
        return None
    own = {t.i for t in cue.subtree}
    if any(t.i not in own and not t.is_punct for t in between):
        return None
    return next((s, e) for s, e in regions if s == start)


def _target(cue: Token) -> str | None:
    """Who the statement is about: the accused, the one asked ('urged Ankara to ...')."""
    for child in cue.children:
        if child.dep_ in ("dobj", "dative") and child.lower_ in _RELATIVE_PRONOUNS and cue.dep_ == "relcl":
            return phrase(cue.head).text  # "militants, which Ankara accuses of ...": the antecedent
        if child.dep_ in ("dobj", "dative"):
            return phrase(child).text
        if child.dep_ == "prep" and child.lower_ in ("on", "upon", "against"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return phrase(pobj).text
    return None


def _weekday(cue: Token) -> str | None:
    """The day the statement was made, from the cue's adjuncts: 'said on Wednesday', 'said
    Wednesday', 'in a statement issued late Thursday' (not from what was said)."""
    for child in cue.children:
        if child.dep_ in ("prep", "npadvmod", "advmod", "obl", "nmod"):
            day = next((t.lower_ for t in child.subtree if t.lower_ in WEEKDAYS), None)
            if day is not None:
                return day
    return None


def _noun_statements(sentence: SpacySpan, lexicon: CueLexicon, regions: list[Span]) -> list[Found]:
    """'Turkey's claim that ...', 'a warning by the ministry that ...': a speech noun whose clause
    is the content and whose possessor (or 'by'/'from' phrase) is the source."""
    results = []
    for token in sentence:
        claim_type = lexicon.statement_nouns.get(token.lemma_.lower()) if token.pos_ == "NOUN" else None
        clause = next((c for c in token.children if c.dep_ in ("acl", "ccomp") and has_that(c)), None)
        if claim_type is None or clause is None:
            continue
        source = _noun_source(token)
        if source is None:
            continue
        start, end = trim(doc_text(token.doc), clause.left_edge.idx, end_of(clause.right_edge))
        content = widen_to_quotes(start, end, regions)
        results.append(
            Found(content, (token.idx, end_of(token)), (source.start_char, source.end_char), claim_type)
        )
    return results


def _noun_source(noun: Token) -> SpacySpan | None:
    for child in noun.children:
        if child.dep_ == "poss" and child.lower_ not in ("its", "their", "his", "her"):
            return phrase(child)
        if child.dep_ == "poss":
            return noun.doc[child.i : child.i + 1]
        if child.dep_ in ("prep", "agent") and child.lower_ in ("by", "from"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return phrase(pobj)
    return None


# --- pass 2: according to -------------------------------------------------------------------------


def _according_to(sentence: SpacySpan) -> list[Found]:
    results = []
    for token in sentence:
        if token.lower_ != "according":
            continue
        to = next((c for c in token.children if c.lower_ == "to"), None)
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        if pobj is None:
            continue
        source = phrase(pobj)
        adjunct = list(token.subtree)  # "according to X" itself
        before = (sentence.start_char, adjunct[0].idx)
        after = (end_of(adjunct[-1]), sentence.end_char)
        content = trim(doc_text(sentence.doc), *max(before, after, key=lambda s: s[1] - s[0]))
        if content[1] - content[0] < 3:
            continue
        cue = (token.idx, to.idx + len(to.text))
        results.append(Found(content, cue, (source.start_char, source.end_char), "assert"))
    return results


# --- pass 3: quotes that continue a speaker -------------------------------------------------------


def _continuations(doc: Doc, found: list[Found], regions: list[Span]) -> list[Found]:
    """Quotes with no cue of their own. Right after the cue of a quote in the same paragraph
    (“A,” she said. “B.”) the quote is the second half of that statement, which grows to cover it;
    further on it is a new statement by the same speaker."""
    results: list[Found] = []
    for start, end in regions:
        if any(f.content[0] <= start and end <= f.content[1] for f in [*found, *results]):
            continue
        if len(doc_text(doc)[start:end].split()) < _MIN_CONTINUATION_WORDS:
            continue
        previous = [f for f in [*found, *results] if f.content[1] <= start and f.source is not None]
        if not previous:
            continue
        last = max(previous, key=lambda f: f.content[1])
        gap = doc_text(doc)[last.content[1] : start]
        if "\n\n" not in gap and last.cue is not None and last.cue[0] >= last.content[1]:
            last.content = (last.content[0], end)  # the cue sits between the two halves
            continue
        # In the same paragraph, or a paragraph that is all quote right after the speaker's: a quote
        # starting a paragraph further on, or in the middle of one, may be someone else's.
        if "\n\n" in gap and not (gap.count("\n\n") == 1 and _whole_paragraph(doc_text(doc), start, end)):
            continue
        results.append(Found((start, end), None, last.source, last.claim_type, relayed_by=last.relayed_by))
    return results


def _whole_paragraph(text: str, start: int, end: int) -> bool:
    """Is the quote [start, end) a paragraph by itself (but for closing punctuation)?"""
    opens = start == 0 or text[:start].rstrip(" \t").endswith("\n")
    rest = text[end:].split("\n", 1)[0]
    return opens and not rest.strip(" .,;")


def _quoted_cue(item: Found, regions: list[Span]) -> bool:
    """A cue inside quotation marks ('“We have said all along ...,” X said') is part of what a
    quoted speaker said, not the writer's attribution: the quote is that speaker's."""
    cue = item.cue
    return cue is not None and any(start < cue[0] and cue[1] < end for start, end in regions)


def _drop_nested(found: list[Found]) -> list[Found]:
    """A cue inside another statement's content is part of what that speaker said ("X said Russia
    rejected ..."; "we say" inside a quote), not a statement of its own, except a participle
    ("X said A, adding that B"), which the parser often hangs inside A: it becomes X's next
    statement and A ends before it. Of two cues with one content, the first is kept."""
    kept: dict[Span, Found] = {}
    for item in found:
        outer = _container(item, found)
        if outer is not None and item.participle and item.cue is not None:
            outer.content = (outer.content[0], max(outer.content[0], item.cue[0] - 2))
            item.source, item.relayed_by = outer.source, outer.relayed_by
            outer = None
        if outer is None:
            kept.setdefault(item.content, item)
    return [item for item in kept.values() if item.content[1] - item.content[0] >= 3]


def _container(item: Found, found: list[Found]) -> Found | None:
    """The statement whose content holds this one's cue. Two statements that hold each other's cue
    ('X said ..., according to Y' read twice over one sentence) keep the first cue."""
    cue = item.cue
    if cue is None:
        return None
    return next(
        (
            o
            for o in found
            if o is not item
            and _holds(o.content, cue)
            and not (o.cue is not None and _holds(item.content, o.cue) and cue[0] < o.cue[0])
        ),
        None,
    )


def _holds(content: Span, cue: Span) -> bool:
    return content[0] <= cue[0] and cue[1] <= content[1]


# --- mode, type, date -----------------------------------------------------------------------------


def _mode(text: str, found: Found, regions: list[Span]) -> str:
    """direct: all quoted, but for the cue clause between the halves of a split quote; mixed: partly
    quoted; indirect: no quote."""
    start, end = found.content
    inside = sorted((max(start, s), min(end, e)) for s, e in regions if s < end and start < e)
    if not inside:
        return "indirect"
    edges = [start, *(x for span in inside for x in span), end]
    gaps = list(zip(edges[::2], edges[1::2], strict=True))  # unquoted stretches of the content
    cue_start = found.cue[0] if found.cue else -1
    # The stretch holding the cue is the cue clause ("she said", "the colonel told reporters").
    words = [w for s, e in gaps if not s <= cue_start < e for w in re.findall(r"\w+", text[s:e])]
    return "direct" if not words else "mixed"


def _refine_type(content: str, claim_type: str, lexicon: CueLexicon) -> str:
    if claim_type == "assert" and lexicon.rejects_as_untrue(content):
        return "deny"
    return claim_type


def _resolve_weekday(weekday: str | None, published: datetime.date | None) -> str | None:
    """The latest date on or before publication that falls on `weekday`."""
    if weekday is None or published is None:
        return None
    back = (published.weekday() - WEEKDAYS.index(weekday)) % 7
    return (published - datetime.timedelta(days=back)).isoformat()
