"""Query parameters shared by every list: paging and the live filters (all plain GET parameters, so a
filtered view is a link that can be bookmarked or shared)."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Annotated, Any

from fastapi import Query
from pydantic import BaseModel, Field

# Largest page a client may ask for: a page of articles carries their full text (the export
# contract's `article` record), and 200 of them stay around a megabyte of JSON.
MAX_LIMIT = 200
DEFAULT_LIMIT = 50
# Furthest a client may page. Every integer parameter is bounded: the database takes a 64-bit signed
# integer at most, and a larger one fails inside the query (a 500) instead of answering 422.
MAX_OFFSET = 10**12
# Longest search query and most terms: LIKE scans cost per term, and nobody types more.
MAX_QUERY_CHARS = 200
MAX_TERMS = 8

# Empty is allowed: an empty date field of the filter form means no condition.
_ISO_PARTIAL = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"


@dataclass(frozen=True)
class Paging:
    limit: int = DEFAULT_LIMIT
    offset: int = 0


def paging(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Page size (at most {MAX_LIMIT}).")] = (
        DEFAULT_LIMIT
    ),
    offset: Annotated[
        int, Query(ge=0, le=MAX_OFFSET, description=f"Records to skip (at most {MAX_OFFSET}).")
    ] = 0,
) -> Paging:
    return Paging(limit=limit, offset=offset)


@dataclass(frozen=True)
class Filters:
    """What a list is narrowed to; None means no condition. Dates are ISO, possibly partial."""

    outlet: str | None = None
    actor: str | None = None
    place: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    event_type: str | None = None
    q: str | None = None

    def active(self) -> dict[str, str]:
        return {f.name: value for f in fields(self) if (value := getattr(self, f.name))}

    @property
    def terms(self) -> list[str]:
        return search_terms(self.q or "")


def filters(
    outlet: Annotated[str | None, Query(max_length=200, description="Outlet name, exactly.")] = None,
    actor: Annotated[
        str | None, Query(max_length=200, description="Actor id (e.g. RUS.MIL) or part of a name.")
    ] = None,
    place: Annotated[str | None, Query(max_length=200, description="Part of a place name.")] = None,
    date_from: Annotated[
        str | None, Query(pattern=_ISO_PARTIAL, description="On or after this ISO date (YYYY[-MM[-DD]]).")
    ] = None,
    date_to: Annotated[
        str | None, Query(pattern=_ISO_PARTIAL, description="On or before this ISO date (YYYY[-MM[-DD]]).")
    ] = None,
    event_type: Annotated[
        str | None, Query(max_length=80, description="PLOVER type (ASSAULT) or ACLED event/sub-event type.")
    ] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=MAX_QUERY_CHARS, description='Text search: every word or "quoted phrase" must occur.'
        ),
    ] = None,
) -> Filters:
    # Empty form fields arrive as "": they mean no condition, like an absent parameter.
    def clean(value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    return Filters(
        outlet=clean(outlet),
        actor=clean(actor),
        place=clean(place),
        date_from=date_from or None,
        date_to=date_to or None,
        event_type=clean(event_type),
        q=clean(q),
    )


def search_terms(query: str) -> list[str]:
    """Words and "quoted phrases" of a query, at most MAX_TERMS, without duplicates."""
    found = [phrase or word for phrase, word in re.findall(r'"([^"]+)"|(\S+)', query)]
    terms: list[str] = []
    for term in (t.strip() for t in found):
        if term and term.casefold() not in (t.casefold() for t in terms):
            terms.append(term)
    return terms[:MAX_TERMS]


class PageOut(BaseModel):
    """One page of a list: `items` are records of the export contract (see GUIDE.md)."""

    total: int = Field(description="Records matching the filters, over all pages.")
    limit: int
    offset: int
    items: list[dict[str, Any]]
