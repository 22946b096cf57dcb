"""The project's own spaCy components, declared the spaCy way: a factory next to its class, results
in a namespaced Doc extension registered once."""

from __future__ import annotations

import datetime

from spacy.language import Language
from spacy.tokens import Doc

from rashomon.extract.agreements import extract_agreements
from rashomon.extract.claim_types import type_claims
from rashomon.extract.doc_views import doc_sents, doc_text, forget
from rashomon.extract.events import extract_events
from rashomon.extract.grounding import code_speakers, ground_events
from rashomon.extract.places import Place, resolve_places
from rashomon.extract.statements import extract_statements
from rashomon.extract.times import normalise_times
from rashomon.kb.actors import ActorMention, link_actors

STATEMENTS = "rashomon_statements"
PARAGRAPHS = "rashomon_paragraphs"
ACTORS = "rashomon_actors"
EVENTS = "rashomon_events"
PLACES = "rashomon_places"
TIMES = "rashomon_times"
AGREEMENTS = "rashomon_agreements"
PUBLISHED = "rashomon_published"  # the article's publication day, set on the Doc before the pipeline

for _extension in (STATEMENTS, ACTORS, EVENTS, PLACES, TIMES, AGREEMENTS, PUBLISHED):
    if not Doc.has_extension(_extension):
        Doc.set_extension(_extension, default=None)


def publication_day(doc: Doc) -> datetime.date | None:
    return doc._.rashomon_published


@Language.component(ACTORS, requires=["doc.ents"], assigns=["doc._.rashomon_actors"])
def actor_mentions(doc: Doc) -> Doc:
    """Mentions linked to the actor knowledge base (shipped packs plus RASHOMON_PACKS)."""
    doc._.rashomon_actors = link_actors(doc)
    return doc


class StatementsComponent:
    """Attributed statements into `doc._.rashomon_statements` (needs the parser and NER before it).

    The article's publication date, when known, resolves "said on Wednesday" to a date: set it as
    `doc._.rashomon_published` (see `rashomon.nlp.pipeline.analyse_texts`), or pass it with
    `nlp(text, component_cfg={STATEMENTS: {"published": date}})`.
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc, published: datetime.date | None = None) -> Doc:
        doc._.rashomon_statements = extract_statements(doc, published or publication_day(doc))
        return doc


@Language.factory(STATEMENTS, requires=["token.dep", "doc.ents"], assigns=["doc._.rashomon_statements"])
def make_statements(nlp: Language, name: str) -> StatementsComponent:
    return StatementsComponent(nlp, name)


@Language.component(PARAGRAPHS, assigns=["token.is_sent_start"])
def paragraph_boundaries(doc: Doc) -> Doc:
    """A blank line ends a sentence: the parser must not join a sub-heading to the next paragraph.
    Runs before the parser, which keeps boundaries that are already set."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.is_space and previous.text.count("\n") >= 2:
            token.is_sent_start = True
    return doc


class EventsComponent:
    """Places, time expressions and events, grounded in each other and in the actor mentions, into
    `doc._.rashomon_places` and `doc._.rashomon_events`. Needs the actors and statements components
    before it; the publication date comes as for the statements component."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc, published: datetime.date | None = None) -> Doc:
        published = published or publication_day(doc)
        places = resolve_places(doc)
        times = normalise_times(doc, published)
        statements = doc._.rashomon_statements or []
        events = extract_events(doc, statements=statements, published=published)
        # What a statement's content does is read from the events it reports: typed only now.
        doc._.rashomon_statements = type_claims(doc, statements, events)
        doc._.rashomon_places = places
        doc._.rashomon_times = times
        doc._.rashomon_actors = places_first(doc._.rashomon_actors or [], places)
        sentences = [(s.start_char, s.end_char) for s in doc_sents(doc)]
        text = doc_text(doc)
        doc._.rashomon_events = ground_events(
            events, doc._.rashomon_actors, places, times, statements, text=text, sentences=sentences
        )
        doc._.rashomon_statements = code_speakers(
            doc._.rashomon_statements, doc._.rashomon_actors, places, text, sentences
        )
        return doc


def places_first(actors: list[ActorMention], places: list[Place]) -> list[ActorMention]:
    """A name the tagger took for a person or an organisation, standing where a place stands and
    known to the gazetteer ("struck the city of X"), is the place, not a discovered actor."""
    spots = [(p.start, p.end) for p in places if p.literal]
    return [
        a for a in actors if a.kind != "discovered" or not any(s < a.end and a.start < e for s, e in spots)
    ]


@Language.factory(
    EVENTS,
    requires=["doc._.rashomon_statements", "doc._.rashomon_actors"],
    assigns=["doc._.rashomon_events", "doc._.rashomon_places", "doc._.rashomon_times"],
)
def make_events(nlp: Language, name: str) -> EventsComponent:
    return EventsComponent(nlp, name)


@Language.component(
    AGREEMENTS,
    requires=[
        "doc._.rashomon_places",
        "doc._.rashomon_times",
        "doc._.rashomon_statements",
        "doc._.rashomon_events",
    ],
    assigns=["doc._.rashomon_agreements"],
)
def agreement_mentions(doc: Doc) -> Doc:
    """Agreements, ceasefires and talks the article speaks of, with what is said about them."""
    doc._.rashomon_agreements = extract_agreements(
        doc,
        doc._.rashomon_actors or [],
        doc._.rashomon_places or [],
        doc._.rashomon_times or [],
        doc._.rashomon_statements or [],
        publication_day(doc),
        doc._.rashomon_events or [],
    )
    forget(doc)  # the last component: the text and entity caches are no longer needed
    return doc
