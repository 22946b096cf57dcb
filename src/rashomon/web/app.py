"""The dashboard's FastAPI application over a store opened read-only."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from importlib import resources

from fastapi import FastAPI, HTTPException, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from rashomon import __version__
from rashomon.web.pages import render_error, stylesheet
from rashomon.web.routes import articles, corpus, events, search, statements
from rashomon.web.security import Guard
from rashomon.web.store import ReadOnlyStore, open_read_only

# Served from memory, read once: the only files the server ever touches after start-up. The
# stylesheet is put together from templates (see `stylesheet`), the script read from web/static.
STATIC = {
    "app.css": "text/css; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
}


def create_app(db_url: str | None, *, token: str | None = None) -> FastAPI:
    """The dashboard and JSON API over the store at `db_url` (raises StoreError when it cannot be
    read). With `token`, every request must carry it; without, only loopback Host names are served."""
    store = open_read_only(db_url)
    # No /docs or /redoc: they load scripts from a CDN, which the CSP (and an offline machine) forbid.
    app = FastAPI(
        title="Rashomon",
        version=__version__,
        description="Read-only JSON API over a Rashomon store. Every list pages with `limit` and "
        "`offset` and says its `total`; items are records of the export contract.",
        docs_url=None,
        redoc_url=None,
        lifespan=_closing(store),
    )
    app.state.store = store
    app.state.token = token
    for module in (articles, statements, events, corpus, search):
        app.include_router(module.api)
        app.include_router(module.html)
    _add_static(app)
    _add_error_pages(app)
    app.add_middleware(Guard, token=token)
    return app


def _closing(store: ReadOnlyStore) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    return lifespan


def _add_static(app: FastAPI) -> None:
    files = {
        "app.css": stylesheet(),
        "app.js": (resources.files("rashomon.web") / "static" / "app.js").read_bytes(),
    }

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)  # browsers ask for one; an empty answer keeps the log clean

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        if name not in files:
            raise HTTPException(404, "no such file")
        return Response(files[name], media_type=STATIC[name])


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(("/api/", "/openapi"))


def _add_error_pages(app: FastAPI) -> None:
    """JSON errors under /api, an HTML page (in the dashboard's look) elsewhere."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _is_api(request):
            return await http_exception_handler(request, exc)
        return render_error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(request: Request, exc: RequestValidationError) -> Response:
        if _is_api(request):
            return await request_validation_exception_handler(request, exc)
        problems = "; ".join(f"{'.'.join(map(str, e['loc'][1:]))}: {e['msg']}" for e in exc.errors())
        return render_error(request, 422, f"Bad parameters: {problems}")
