"""The REST API and the dashboard: one FastAPI application over a store snapshot.

Read-only: every route is a GET over :class:`~eventwire.query.Query`. Lists take the filters of
the query layer, a ``limit`` (capped at :data:`~eventwire.query.MAX_PAGE`) and the ``cursor`` of
the previous page, and answer ``{"items", "next_cursor", "total"}``; the event list also answers
GeoJSON (``format=geojson``) and CSV (``format=csv``), the place list GeoJSON. Every error is
``{"error": {"status", "code", "message"}}``. The dashboard's pages and assets are files of the
package (``serve/static``); the interactive API docs are served from the package's own copy of
Swagger UI's assets when it is installed, so nothing is fetched from the internet. Every response
carries a Content-Security-Policy that allows only the server's own scripts and styles.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi import Path as PathParam
from fastapi import Query as Param
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from eventwire import __version__
from eventwire.errors import EventwireError
from eventwire.export import neutralise_cell
from eventwire.query import (
    MAX_PAGE,
    ArticleFilters,
    EventQuery,
    NotFound,
    PageRequest,
    Query,
    QueryError,
)
from eventwire.serve.snapshot import Snapshot

__all__ = ["CSP", "create_app"]

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
#: Swagger UI sets style attributes and a report page carries its own style sheet: those pages
#: alone allow inline styles (never scripts).
STYLED_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
#: The pages of the dashboard: path -> file in ``serve/static``.
PAGES = {
    "/": "index.html",
    "/stories": "stories.html",
    "/event": "event.html",
    "/story": "story.html",
    "/article": "article.html",
}
_ISO = re.compile(r"^[A-Za-z]{2}$")
#: A snapshot's private file name, never shown in an answer.
_SNAPSHOT_FILE = re.compile(r"\S*eventwire-serve-[^/\s]*/store-\d+\.duckdb")


def _static_dir() -> Path:
    return Path(str(resources.files("eventwire.serve").joinpath("static")))


def _error(status: int, code: str, message: str) -> JSONResponse:
    message = _SNAPSHOT_FILE.sub("the store", message)
    return JSONResponse(
        {"error": {"status": status, "code": code, "message": message}}, status_code=status
    )


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if value is None or value == "":
        return None
    try:
        west, south, east, north = (float(x) for x in value.split(","))
    except ValueError as e:
        raise QueryError("bbox is four numbers: west,south,east,north (degrees)") from e
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise QueryError(
            "bbox is out of range: longitudes -180..180, latitudes -90..90, south<=north"
        )
    return west, south, east, north


def _csv(items: list[dict[str, Any]]) -> str:
    """Rows as CSV; a text cell that a spreadsheet would read as a formula is quoted with '."""
    out = io.StringIO()
    if not items:
        return ""
    names = list(items[0])
    writer = csv.writer(out)
    writer.writerow(names)
    for item in items:
        row = []
        for name in names:
            value = item.get(name)
            if isinstance(value, dict | list):
                value = json.dumps(value, ensure_ascii=False)
            row.append("" if value is None else neutralise_cell(value))
        writer.writerow(row)
    return out.getvalue()


def _geojson(items: list[dict[str, Any]], lat: str = "lat", lon: str = "lon") -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [item[lon], item[lat]]},
                "properties": item,
            }
            for item in items
            if item.get(lat) is not None and item.get(lon) is not None
        ],
    }


Since = Annotated[date | None, Param(description="On or after this day (YYYY-MM-DD).")]
Until = Annotated[date | None, Param(description="On or before this day (YYYY-MM-DD).")]
Limit = Annotated[int, Param(ge=1, le=MAX_PAGE, description="Page size.")]
Cursor = Annotated[str | None, Param(max_length=200, description="From `next_cursor`.")]
Text = Annotated[str | None, Param(max_length=200)]


def event_query(
    since: Since = None,
    until: Until = None,
    country: Annotated[str | None, Param(max_length=2, description="ISO 3166-1 alpha-2")] = None,
    place: Text = None,
    type: Annotated[str | None, Param(max_length=60, description="PLOVER or ACLED type")] = None,
    mode: Text = None,
    actor: Text = None,
    status: Text = None,
    min_sources: Annotated[int | None, Param(ge=0, le=1_000_000)] = None,
    story: Text = None,
    q: Annotated[str | None, Param(max_length=200, description="Words in the evidence")] = None,
    bbox: Annotated[str | None, Param(max_length=100, description="west,south,east,north")] = None,
) -> EventQuery:
    if country and not _ISO.match(country):
        raise QueryError("country is a two-letter ISO 3166-1 code")
    return EventQuery(
        since=since,
        until=until,
        country=country or None,
        place=place or None,
        plover_type=type or None,
        mode=mode or None,
        actor=actor or None,
        status=status or None,
        min_sources=min_sources,
        story=story or None,
        q=q or None,
        bbox=_bbox(bbox),
    )


def create_app(db: str | Path, *, refresh_s: float = 5.0) -> FastAPI:
    """The application serving the store at ``db`` (read through a :class:`Snapshot`)."""
    snapshot = Snapshot(db, refresh_s=refresh_s)
    static = _static_dir()
    app = FastAPI(
        title="eventwire",
        version=__version__,
        description="Read-only access to an eventwire store: events with their independent "
        "sources and evidence, articles with their provenance, stories, quotes and places.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.snapshot = snapshot

    @contextmanager
    def reading() -> Iterator[Query]:
        store = snapshot.open()
        try:
            yield Query(store)
        finally:
            store.close()

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        styled = request.url.path.startswith(("/docs", "/api/report"))
        response.headers["Content-Security-Policy"] = STYLED_CSP if styled else CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
        return _error(exc.status_code, code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg')}"
            for e in exc.errors()
        )
        return _error(422, "invalid-parameter", problems)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> JSONResponse:
        return _error(404, "not-found", str(exc))

    @app.exception_handler(QueryError)
    async def bad_query(request: Request, exc: QueryError) -> JSONResponse:
        return _error(400, "bad-query", str(exc))

    @app.exception_handler(EventwireError)
    async def store_error(request: Request, exc: EventwireError) -> JSONResponse:
        return _error(409, "unavailable", str(exc))

    # ------------------------------------------------------------------ API
    @app.get("/api/stats", tags=["store"], summary="What the store holds")
    def stats() -> dict[str, Any]:
        with reading() as query:
            out = query.stats()
        at = snapshot.refreshed_at
        out["snapshot_at"] = (
            datetime.fromtimestamp(at, UTC).isoformat().replace("+00:00", "Z") if at else None
        )
        return out

    @app.get("/api/events", tags=["events"], summary="Events, most independent sources first")
    def events(
        filters: Annotated[EventQuery, Depends(event_query)],
        limit: Limit = 50,
        cursor: Cursor = None,
        format: Annotated[str, Param(pattern="^(json|geojson|csv)$")] = "json",
    ) -> Any:
        with reading() as query:
            page = query.events(filters, PageRequest(limit, cursor))
        if format == "geojson":
            body = _geojson(page.items)
            body["next_cursor"] = page.next_cursor
            body["total"] = page.total
            return JSONResponse(body, media_type="application/geo+json")
        if format == "csv":
            return Response(_csv(page.items), media_type="text/csv; charset=utf-8")
        return page.as_dict()

    @app.get("/api/events/{event_id}", tags=["events"], summary="One event with its evidence")
    def event(event_id: Annotated[str, PathParam(max_length=100)]) -> dict[str, Any]:
        with reading() as query:
            return query.event(event_id)

    @app.get("/api/timeline", tags=["events"], summary="Events and their articles per day")
    def timeline(filters: Annotated[EventQuery, Depends(event_query)]) -> dict[str, Any]:
        with reading() as query:
            return query.timeline(filters)

    @app.get("/api/articles", tags=["articles"], summary="Articles, earliest first")
    def articles(
        since: Since = None,
        until: Until = None,
        story: Text = None,
        outlet: Text = None,
        q: Text = None,
        limit: Limit = 50,
        cursor: Cursor = None,
        format: Annotated[str, Param(pattern="^(json|csv)$")] = "json",
    ) -> Any:
        filters = ArticleFilters(
            since=since, until=until, story=story or None, outlet=outlet or None, q=q or None
        )
        with reading() as query:
            page = query.articles(filters, PageRequest(limit, cursor))
        if format == "csv":
            return Response(_csv(page.items), media_type="text/csv; charset=utf-8")
        return page.as_dict()

    @app.get(
        "/api/articles/{article_id}",
        tags=["articles"],
        summary="One article: provenance sentence by sentence, quotes, places, event mentions",
    )
    def article(article_id: Annotated[str, PathParam(max_length=2000)]) -> dict[str, Any]:
        with reading() as query:
            return query.article(article_id)

    @app.get("/api/stories", tags=["stories"], summary="Stories, largest first")
    def stories(limit: Limit = 50, cursor: Cursor = None) -> dict[str, Any]:
        with reading() as query:
            return query.stories(PageRequest(limit, cursor)).as_dict()

    @app.get("/api/stories/{story_id}", tags=["stories"], summary="One story and its reprints")
    def story(story_id: Annotated[str, PathParam(max_length=100)]) -> dict[str, Any]:
        with reading() as query:
            return query.story(story_id)

    @app.get("/api/quotes", tags=["quotes"], summary="Quotes with their speakers")
    def quotes(
        article: Text = None, speaker: Text = None, limit: Limit = 50, cursor: Cursor = None
    ) -> dict[str, Any]:
        with reading() as query:
            return query.quotes(
                article=article or None, speaker=speaker or None, page=PageRequest(limit, cursor)
            ).as_dict()

    @app.get("/api/places", tags=["places"], summary="Places named, most named first")
    def places(
        country: Annotated[str | None, Param(max_length=2)] = None,
        q: Text = None,
        limit: Limit = 50,
        cursor: Cursor = None,
        format: Annotated[str, Param(pattern="^(json|geojson)$")] = "json",
    ) -> Any:
        with reading() as query:
            page = query.places(
                country=country or None, q=q or None, page=PageRequest(limit, cursor)
            )
        if format == "geojson":
            body = _geojson(page.items)
            body["next_cursor"] = page.next_cursor
            body["total"] = page.total
            return JSONResponse(body, media_type="application/geo+json")
        return page.as_dict()

    @app.get(
        "/api/report",
        tags=["reports"],
        summary="A situation report on a story, a place (with a radius) or a country",
        response_class=Response,
    )
    def report(
        story: Text = None,
        place: Text = None,
        radius_km: Annotated[float | None, Param(gt=0, le=20_000)] = None,
        country: Annotated[str | None, Param(max_length=2)] = None,
        since: Since = None,
        until: Until = None,
        format: Annotated[str, Param(pattern="^(html|md|pdf)$")] = "html",
    ) -> Response:
        from eventwire.report import Selection, build_report, render_report

        try:
            selection = Selection(
                story=story or None,
                place=place or None,
                radius_km=radius_km,
                country=country or None,
                since=since,
                until=until,
            )
        except EventwireError as e:
            raise QueryError(str(e)) from e
        with reading() as query:
            try:
                built = build_report(query.store, selection)
            except EventwireError as e:
                raise NotFound(str(e)) from e
        body = render_report(built, format)
        media = {
            "html": "text/html; charset=utf-8",
            "md": "text/markdown; charset=utf-8",
            "pdf": "application/pdf",
        }[format]
        return Response(body, media_type=media)

    # ------------------------------------------------------------------ docs and pages
    swagger = _swagger_dir()
    if swagger is not None:
        app.mount("/docs/assets", StaticFiles(directory=swagger), name="swagger")

    @app.get("/docs", include_in_schema=False)
    def docs() -> Response:
        if swagger is None:
            return _error(404, "not-found", "interactive docs need the swagger-ui-bundle package")
        return Response(_DOCS_HTML, media_type="text/html")

    @app.get("/docs/init.js", include_in_schema=False)
    def docs_init() -> Response:
        return Response(_DOCS_JS, media_type="text/javascript")

    for route, name in PAGES.items():
        app.add_api_route(
            route,
            _page_handler(static / name),
            methods=["GET"],
            include_in_schema=False,
        )
    if static.is_dir():
        app.mount("/static", StaticFiles(directory=static), name="static")
    return app


_DOCS_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>eventwire API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script></body></html>
"""
_DOCS_JS = (
    'window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui", '
    "deepLinking: true, validatorUrl: null});\n"
)


def _swagger_dir() -> Path | None:
    """Swagger UI's assets from the swagger-ui-bundle package (served, never fetched)."""
    try:
        import swagger_ui_bundle  # type: ignore[import-untyped]
    except ImportError:
        return None
    path = Path(swagger_ui_bundle.swagger_ui_path)
    return path if path.is_dir() else None


def _page_handler(path: Path) -> Callable[[], Response]:
    def page() -> Response:
        if not path.is_file():
            return _error(404, "not-found", f"the dashboard page {path.name} is not installed")
        return FileResponse(path, media_type="text/html")

    return page
