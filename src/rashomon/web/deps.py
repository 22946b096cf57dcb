"""Dependencies shared by the routes: a read-only session per request, the paging and the filters."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from rashomon.web.params import Filters, Paging, filters, paging


def session(request: Request) -> Iterator[Session]:
    """A session that never commits: it is rolled back and closed when the response is made."""
    with request.app.state.store.sessions() as db_session:
        try:
            yield db_session
        finally:
            db_session.rollback()


SessionDep = Annotated[Session, Depends(session)]
FiltersDep = Annotated[Filters, Depends(filters)]
PagingDep = Annotated[Paging, Depends(paging)]
