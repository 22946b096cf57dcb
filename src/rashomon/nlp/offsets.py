"""Moving the records found in a piece of a text to where that piece lies in the whole text.

A long text is analysed in pieces (`rashomon.nlp.chunks`); each piece's records index the piece. Here
every span they carry, nested ones included, moves by the piece's start, and every reference to
another record of the article (a statement's index, an agreement's instance number) moves past those
of the pieces before it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rashomon.extract.agreement_args import ComplianceClaim
from rashomon.extract.agreements import AgreementMention
from rashomon.extract.events import Event, Participant, TextSpan
from rashomon.extract.grounding import CodedEvent, Party
from rashomon.extract.places import Place
from rashomon.extract.times import TimeExpression
from rashomon.kb.actors import ActorMention
from rashomon.types import Span, Statement


@dataclass(frozen=True)
class Shift:
    """What precedes a piece: its start in the whole text, the statements and the agreement
    instances found in the pieces before it."""

    chars: int
    statements: int = 0
    instances: int = 0

    def span(self, span: Span) -> Span:
        return span[0] + self.chars, span[1] + self.chars

    def optional_span(self, span: Span | None) -> Span | None:
        return self.span(span) if span is not None else None

    def statement(self, index: int | None) -> int | None:
        return index + self.statements if index is not None else None


def shifted_statement(statement: Statement, shift: Shift) -> Statement:
    return replace(
        statement,
        content=shift.span(statement.content),
        cue=shift.optional_span(statement.cue),
        source=shift.optional_span(statement.source),
    )


def shifted_actor(mention: ActorMention, shift: Shift) -> ActorMention:
    return replace(mention, start=mention.start + shift.chars, end=mention.end + shift.chars)


def shifted_place(place: Place, shift: Shift) -> Place:
    return replace(place, start=place.start + shift.chars, end=place.end + shift.chars)


def shifted_event(coded: CodedEvent, shift: Shift) -> CodedEvent:
    return replace(
        coded,
        event=_event(coded.event, shift),
        actor=_party(coded.actor, shift),
        target=_party(coded.target, shift),
        co_actor=_party(coded.co_actor, shift),
        place=shifted_place(coded.place, shift) if coded.place else None,
    )


def shifted_agreement(mention: AgreementMention, shift: Shift) -> AgreementMention:
    return replace(
        mention,
        span=shift.span(mention.span),
        date=_time(mention.date, shift),
        parties=tuple(_required_party(p, shift) for p in mention.parties),
        brokers=tuple(_required_party(p, shift) for p in mention.brokers),
        statement=shift.statement(mention.statement),
        claims=tuple(_claim(c, shift) for c in mention.claims),
        instance=mention.instance + shift.instances,
    )


def _event(event: Event, shift: Shift) -> Event:
    return replace(
        event,
        span=shift.span(event.span),
        trigger=_required_text_span(event.trigger, shift),
        actor=_participant(event.actor, shift),
        target=_participant(event.target, shift),
        co_actor=_participant(event.co_actor, shift),
        location=_text_span(event.location, shift),
        date=_text_span(event.date, shift),
        reported_by=shift.statement(event.reported_by),
    )


def _required_text_span(text_span: TextSpan, shift: Shift) -> TextSpan:
    return replace(text_span, span=shift.span(text_span.span))


def _text_span(text_span: TextSpan | None, shift: Shift) -> TextSpan | None:
    return _required_text_span(text_span, shift) if text_span else None


def _participant(participant: Participant | None, shift: Shift) -> Participant | None:
    return replace(participant, span=shift.span(participant.span)) if participant else None


def _required_party(party: Party, shift: Shift) -> Party:
    return replace(party, span=shift.span(party.span))


def _party(party: Party | None, shift: Shift) -> Party | None:
    return _required_party(party, shift) if party else None


def _time(time: TimeExpression | None, shift: Shift) -> TimeExpression | None:
    return replace(time, start=time.start + shift.chars, end=time.end + shift.chars) if time else None


def _claim(claim: ComplianceClaim, shift: Shift) -> ComplianceClaim:
    return replace(
        claim,
        cue_span=shift.span(claim.cue_span),
        accused=_party(claim.accused, shift),
        statement=shift.statement(claim.statement),
        accuser=_party(claim.accuser, shift),
    )
